from handover_scan.cli import main

main()
