"""Batch scans of many accounts on a Dask cluster (`handover-scan batch`).

accounts.py lists the accounts and publishes report folders atomically; tasks.py is what runs on a
worker; split.py spreads a large account over the cluster by file; cluster.py opens the client and
checks the workers; runner.py runs the batch; rollup.py writes accounts.csv and index.html.
"""

from handover_scan.batch.cluster import ClusterError, check_workers, open_client
from handover_scan.batch.runner import BatchOutcome, BatchSettings, run_batch, worst_exit

__all__ = ["BatchOutcome", "BatchSettings", "ClusterError", "check_workers", "open_client", "run_batch", "worst_exit"]
