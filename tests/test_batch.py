"""`batch` on a real dask.distributed LocalCluster: per-account reports identical to `scan`, split by file,
resume, interruption, the key check and a worker killed mid-batch.

One two-worker LocalCluster (processes) serves the module; accounts are copies of sample_exports.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import stat
from pathlib import Path

import pytest

from conftest import REPO, TEST_KEY

distributed = pytest.importorskip("distributed")

from handover_scan.baseline import key_id  # noqa: E402
from handover_scan.batch import BatchSettings, ClusterError, check_workers, open_client, run_batch  # noqa: E402
from handover_scan.batch import accounts as batch_accounts  # noqa: E402
from handover_scan.batch.tasks import report_account  # noqa: E402
from handover_scan.config import load_policy  # noqa: E402
from handover_scan.engine.definitions import load_definitions  # noqa: E402
from handover_scan.policy import decide  # noqa: E402
from handover_scan.reports import ReportData, write_reports  # noqa: E402
from handover_scan.scan import ScanOptions, scan  # noqa: E402

SAMPLES = REPO / "sample_exports"
PHONE_ACCOUNT = "13912345678"  # an account folder named by a (synthetic) phone number
COMPARED = ("findings.csv", "findings.jsonl", "subjects.csv", "summary.csv")


def make_accounts(base: Path) -> Path:
    accounts = base / "accounts"
    accounts.mkdir()
    shutil.copytree(SAMPLES / "memotrace", accounts / "memotrace")
    shutil.copytree(SAMPLES / "telegram", accounts / "telegram")
    shutil.copytree(SAMPLES / "pywxdump", accounts / PHONE_ACCOUNT)
    shutil.copy(SAMPLES / "backup" / "pywxdump_backup.zip", accounts / "shop.zip")
    (accounts / "notes.txt").write_text("not an account", encoding="utf-8")
    return accounts


@pytest.fixture(scope="module")
def client():
    with open_client(workers=2, allowed_failures=0) as client:  # each death gives a task up: the runner resends
        yield client


@pytest.fixture(scope="module")
def key() -> bytes:
    return TEST_KEY.encode()


@pytest.fixture(scope="module")
def settings(key):
    return BatchSettings.make(load_policy(), load_definitions(), key)


def plain_scan_reports(account: Path, out: Path, key: bytes) -> Path:
    """What `handover-scan scan ACCOUNT --out OUT` writes (the CLI's own calls)."""
    definitions = load_definitions()
    result = scan([account], ScanOptions(key=key))
    decision = decide(result, load_policy(), None, definitions.entities)
    write_reports(out, ReportData(result, decision, definitions, roots=[str(account)]))
    return out


def test_batch_reports_are_what_scan_writes(client, settings, key, tmp_path):
    accounts = make_accounts(tmp_path)
    out = tmp_path / "out"
    assert check_workers(client, accounts, key_id(key)) == 2
    outcome = run_batch(accounts, out, settings, client)
    assert outcome.exit_code == 1  # every sample account fails the gate; none is incomplete
    folders = {row["account"]: row for row in outcome.rows}
    masked = [name for name in folders if name.startswith("139****5678 (")]
    assert sorted(folders) == sorted(["memotrace", "telegram", "shop.zip", *masked]) and len(masked) == 1
    for name, source in (("memotrace", "memotrace"), ("telegram", "telegram"), ("shop.zip", "shop.zip"),
                         (masked[0], PHONE_ACCOUNT)):
        plain = plain_scan_reports(accounts / source, tmp_path / "plain" / source, key)
        for report in COMPARED:
            assert (out / name / report).read_bytes() == (plain / report).read_bytes(), (name, report)
        ours, theirs = (json.loads((folder / "report.json").read_text(encoding="utf-8")) for folder in (out / name, plain))
        for obj in (ours, theirs):
            del obj["generated_at"], obj["elapsed_seconds"]
        if name == source:
            assert ours == theirs
        else:  # the folder's value masked in the paths the report shows, nothing else changed
            assert ours["roots"] == [str(accounts / name)] and ours["totals"] == theirs["totals"]
            assert {f["root"] for f in ours["files"]} == {str(accounts / name)}
        assert folders[name]["findings"] > 0 and folders[name]["exit_code"] == 1
    # the roll-up ranks by people exposed; no raw account name anywhere in DIR
    rows = (out / "accounts.csv").read_text(encoding="utf-8-sig").splitlines()
    assert rows[1].split(",")[1] == "memotrace"  # 6 people, the most
    people = [int(line.split(",")[6]) for line in rows[1:]]
    assert people == sorted(people, reverse=True)
    assert "memotrace/report.html" in (out / "index.html").read_text(encoding="utf-8")
    for path in out.rglob("*"):
        assert PHONE_ACCOUNT not in path.name
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), path
        if path.is_file():
            assert PHONE_ACCOUNT.encode() not in path.read_bytes(), path


def test_large_account_split_by_file_is_identical_to_scan(client, settings, key, tmp_path):
    accounts = make_accounts(tmp_path)
    out = tmp_path / "out"
    split = dataclasses.replace(settings, split_bytes=0)  # every account is "large"
    run_batch(accounts, out, split, client)
    plain = scan([accounts / "memotrace"], ScanOptions(key=key))
    assert any(f.entity_type == "PERSON" for f in plain.findings)  # names from contacts.csv, found in the chats
    batch_rows = (out / "memotrace" / "findings.csv").read_text(encoding="utf-8-sig").splitlines()[1:]
    plain_out = plain_scan_reports(accounts / "memotrace", tmp_path / "plain", key)
    assert batch_rows == (plain_out / "findings.csv").read_text(encoding="utf-8-sig").splitlines()[1:]
    assert len(batch_rows) == len(plain.findings)
    tasks = client.run_on_scheduler(lambda dask_scheduler: list(dask_scheduler.task_prefixes))
    assert "scan-account" in tasks and "names-account" in tasks


def test_resume_skips_complete_reports_and_redoes_the_rest(client, settings, tmp_path):
    accounts = make_accounts(tmp_path)
    out = tmp_path / "out"
    first = run_batch(accounts, out, settings, client)
    (out / batch_accounts.STATE / "telegram.json").unlink()  # as if stopped before telegram's marker
    seen = []
    second = run_batch(accounts, out, settings, client, resume=True, on_account=lambda row, d, n: seen.append(row))
    assert second.resumed == 3 and [row["account"] for row in seen if row["account"] == "telegram"] == ["telegram"]
    assert second.rows == first.rows and second.exit_code == first.exit_code
    other = dataclasses.replace(settings, policy=settings.policy.with_overrides(min_score=0.95))
    third = run_batch(accounts, out, other, client, resume=True)
    assert third.resumed == 0  # a report made with other settings is not trusted


def test_interrupted_batch_leaves_no_report_that_looks_complete(client, settings, tmp_path, monkeypatch):
    accounts = make_accounts(tmp_path)
    out = tmp_path / "out"
    run_batch(accounts, out, settings, client)
    before = {p.name: (p / "findings.csv").read_bytes() for p in out.iterdir()
              if p.is_dir() and p.name != batch_accounts.STATE}
    files = {p.name: sorted(q.name for q in (out / p.name).iterdir()) for p in out.iterdir() if p.name in before}

    written = []
    real_open = batch_accounts.private_open

    def interrupted(path, *args, **kwargs):  # Ctrl-C while the third report file of an account is written
        written.append(path)
        if len(written) == 3:
            raise KeyboardInterrupt
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(batch_accounts, "private_open", interrupted)
    with pytest.raises(KeyboardInterrupt):
        run_batch(accounts, out, settings, client)
    monkeypatch.undo()
    assert not (out / "accounts.csv").exists()  # no roll-up claims the batch finished
    assert not [p for p in out.iterdir() if p.name.startswith(batch_accounts.TMP_PREFIX)]  # half-written: gone
    markers = {p.stem for p in (out / batch_accounts.STATE).iterdir()}
    assert len(markers) == 3  # the interrupted account's marker went first, before any of its files
    (unmarked,) = set(before) - markers
    for name, findings in before.items():  # every folder is a whole report (the old one where interrupted)
        assert sorted(q.name for q in (out / name).iterdir()) == files[name]
        assert (out / name / "findings.csv").read_bytes() == findings
    seen = []
    resumed = run_batch(accounts, out, settings, client, resume=True, on_account=lambda r, d, n: seen.append(r))
    assert resumed.resumed == 3 and [r["account"] for r in seen] == [unmarked] and (out / "accounts.csv").exists()


def test_worker_with_another_key_is_refused(client, settings, tmp_path):
    accounts = make_accounts(tmp_path)
    worker = sorted(client.scheduler_info()["workers"])[0]

    def set_key(value):
        os.environ["HANDOVER_SCAN_KEY"] = value

    client.run(set_key, "another-key", workers=[worker])
    try:
        with pytest.raises(ClusterError, match="fingerprint key differs") as refused:
            check_workers(client, accounts, settings.key_id)
        assert "another-key" not in str(refused.value) and TEST_KEY not in str(refused.value)
        # a task that lands on that worker anyway (a worker joined after the check) refuses to run
        job = settings.job(batch_accounts.list_accounts(accounts)[0])
        future = client.submit(report_account, job, workers=[worker], allow_other_workers=False, pure=False)
        with pytest.raises(Exception, match="differs from the client's"):
            future.result(timeout=120)
        # the worker logged the failed task: the account's path and name (a phone number) and the keys are
        # not in it (dask prints no arguments; AccountJob and Sealed would print none either)
        logs = "\n".join(line for lines in client.get_worker_logs().values() for _, line in lines)
        assert "Compute Failed" in logs and "KeyMismatch" in logs
        assert PHONE_ACCOUNT not in logs and TEST_KEY not in logs and "another-key" not in logs
    finally:
        client.run(set_key, TEST_KEY, workers=[worker])
    assert check_workers(client, accounts, settings.key_id) == 2


def test_killed_worker_is_retried_and_an_account_that_keeps_failing_is_incomplete(client, settings, key, tmp_path):
    accounts = make_accounts(tmp_path)
    out = tmp_path / "out"
    once = tmp_path / "died-once"

    def dying(job, sentinel, always):
        if always or not os.path.exists(sentinel):
            open(sentinel, "w").close()
            os._exit(1)  # the worker process dies mid-task, as when killed or out of memory
        return report_account(job)

    def submit(client, account, job, settings, token):
        always = account.path.name == "telegram"
        key = f"scan-account-{account.index}-{token}"
        if account.path.name in ("telegram", "memotrace"):
            return client.submit(dying, job, str(once if not always else tmp_path / "t"), always, key=key,
                                 retries=settings.retries)
        return client.submit(report_account, job, key=key, retries=settings.retries)

    outcome = run_batch(accounts, out, settings, client, submit=submit)
    rows = {row["account"]: row for row in outcome.rows}
    assert outcome.exit_code == 2
    assert rows["telegram"]["status"] == "failed" and rows["telegram"]["exit_code"] == 2
    assert "died" in rows["telegram"]["note"] and not (out / "telegram").exists()
    assert once.exists() and rows["memotrace"]["status"] == "complete"  # died once, retried elsewhere
    plain = plain_scan_reports(accounts / "memotrace", tmp_path / "plain", key)
    assert (out / "memotrace" / "findings.csv").read_bytes() == (plain / "findings.csv").read_bytes()
    assert rows["shop.zip"]["exit_code"] == 1
    assert (out / "accounts.csv").read_text(encoding="utf-8-sig").splitlines()[1].split(",")[1] == "telegram"


def test_cli_refuses_an_empty_batch_and_workers_with_a_scheduler(tmp_path):
    from conftest import run_cli

    (tmp_path / "accounts").mkdir()
    (tmp_path / "accounts" / "readme.txt").write_text("no account here", encoding="utf-8")
    empty = run_cli("batch", tmp_path / "accounts", "--out", tmp_path / "out")
    assert empty.returncode == 2 and "no accounts" in empty.stderr
    (tmp_path / "accounts" / "a").mkdir()
    both = run_cli("batch", tmp_path / "accounts", "--scheduler", "tcp://127.0.0.1:1", "--workers", "2")
    assert both.returncode == 2 and "--workers is for the local cluster" in both.stderr


def test_account_folders_named_by_a_wxid_or_qq_number_are_masked(key, settings):
    """An account folder is named by its account: a wxid or QQ number with no WeChat or QQ word beside it,
    which the analyzer alone does not take for an id (mask3's report: they showed raw in the roll-up)."""
    from handover_scan.batch.tasks import Sealed, masked_account_names

    wxid, qq = "wxid_r7t2v9k3m5", "3403507705"
    names = masked_account_names(Sealed([wxid, f"{qq}@qq", PHONE_ACCOUNT, "memotrace", "IMG_100012"]),
                                 tuple(settings.recognizer_dirs), settings.key_id)
    assert not [name for name in names if wxid in name or qq in name or PHONE_ACCOUNT in name], names
    assert names[0].startswith("wx") and names[1].endswith(")@qq") and names[3:] == ["memotrace", "IMG_100012"]
    assert len(set(names)) == len(names)
