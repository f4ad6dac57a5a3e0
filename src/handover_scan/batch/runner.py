"""Run a batch: every account of ACCOUNTS_DIR scanned on a Dask client, reports written as they finish.

    from handover_scan.batch import BatchSettings, run_batch, open_client
    settings = BatchSettings.make(policy, definitions, key, ReportOptions())
    with open_client() as client:                    # or open_client("tcp://10.0.0.5:8786")
        outcome = run_batch("accounts/", "batch-report/", settings, client)
    outcome.exit_code                                # worst of the accounts: 2 over 1 over 0

Accounts go out as one task each (`scan-account-<i>-<batch token>`); an account above `split_bytes` is cut by
file (split.py). Tasks are retried (`retries`, and on another worker when theirs died, up to the
scheduler's allowed-failures); an account whose task was still given up is sent once more (`attempts`:
a worker that dies also takes the tasks queued on it, and results it held, with it), and if that fails
too it is reported incomplete (exit 2) while the others go on. Workers scan, decide
the gate (the client sends the policy) and render the report files; the client writes their bytes
into DIR, so DIR need only exist where the client runs.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from handover_scan.baseline import key_id
from handover_scan.batch.accounts import (Account, account_bytes, clean_leftovers, completed_row, drop_marker,
                                          list_accounts, mark_complete, publish)
from handover_scan.batch.rollup import failed_row, write_rollup
from handover_scan.batch.split import plan_account, submit_account_by_file
from handover_scan.batch.tasks import AccountJob, Sealed, masked_account_names, report_account, warm
from handover_scan.policy import EXIT_INCOMPLETE, EXIT_PASS
from handover_scan.reports import ReportOptions, rules_version

SPLIT_BYTES = 64 << 20  # accounts larger than this are spread over the cluster file by file


@dataclass(frozen=True)
class BatchSettings:
    policy: object  # config.Policy
    definitions: object  # Definitions
    key_id: str
    report_options: ReportOptions = field(default_factory=ReportOptions)
    recognizer_dirs: tuple[Path, ...] = ()
    exclude: tuple[Path, ...] = ()
    split_bytes: int = SPLIT_BYTES
    retries: int = 1  # a task that raises is run again this many times
    attempts: int = 2  # an account whose workers died (KilledWorker) is sent again, up to this many sends in all

    @classmethod
    def make(cls, policy, definitions, key: bytes, report_options: ReportOptions = ReportOptions(),
             recognizer_dirs: tuple[Path, ...] = (), **kwargs) -> "BatchSettings":
        return cls(policy, definitions, key_id(key), report_options, tuple(recognizer_dirs), **kwargs)

    def job(self, account: Account) -> AccountJob:
        # workers get an absolute path (a remote worker's working folder is not ours); reports show the path
        # as given, with the account's masked name
        return AccountJob(str(account.path.absolute()), account.name, account.root, self.policy,
                          self.report_options, self.key_id, self.recognizer_dirs, self.exclude)

    def digest(self) -> str:
        """What a report depends on besides the files: a report made with other settings is not resumed."""
        parts = [self.key_id, rules_version(tuple(self.definitions.sources)), repr(self.policy),
                 repr(self.report_options)]
        return hashlib.sha256(json.dumps(parts).encode()).hexdigest()[:16]


@dataclass
class BatchOutcome:
    rows: list[dict]
    exit_code: int
    resumed: int = 0


def worst_exit(codes: list[int]) -> int:
    """2 (incomplete) over a failed gate (1, or the configured code) over 0.

    >>> worst_exit([0, 1, 0]), worst_exit([1, 2, 0]), worst_exit([]), worst_exit([0, 3])
    (1, 2, 0, 3)
    """
    if EXIT_INCOMPLETE in codes:
        return EXIT_INCOMPLETE
    return max(codes, default=EXIT_PASS)


def run_batch(accounts_dir: Path | str, out: Path | str, settings: BatchSettings, client, resume: bool = False,
              on_account: Callable[[dict, int, int], None] | None = None, submit=None) -> BatchOutcome:
    """Scan every account on client and write DIR/<account>/ plus the roll-up; see the module docstring.

    on_account(row, done, total) after each account; submit(client, account, job, settings, token) -> future
    of an AccountReport replaces how an account is sent (tests use it to kill workers)."""
    accounts_dir, out = Path(accounts_dir), Path(out)
    token = uuid.uuid4().hex[:8]  # task keys of this batch: another batch on the same cluster has its own

    def mask(names: list[str]) -> list[str]:
        return client.submit(masked_account_names, Sealed(names), settings.recognizer_dirs, settings.key_id,
                             key=f"mask-account-names-{token}").result()

    try:
        client.run(warm, settings.recognizer_dirs)
    except Exception:  # noqa: BLE001 - a worker that cannot build its analyzer fails its tasks, which say so
        pass
    accounts = list_accounts(accounts_dir, mask, out)
    clean_leftovers(out)
    for name in ("accounts.csv", "index.html"):  # an old roll-up would describe a batch this one may not finish
        (out / name).unlink(missing_ok=True)
    digest = settings.digest()
    rows: dict[int, dict] = {}
    todo: list[Account] = []
    for account in accounts:
        row = completed_row(out, account, digest) if resume else None
        if row is not None:
            rows[account.index] = row
        else:
            todo.append(account)
    resumed = len(rows)
    futures: dict = {}
    attempts: dict[int, int] = {}
    send = submit or submit_account

    def send_account(account: Account) -> None:
        attempts[account.index] = attempts.get(account.index, 0) + 1
        tag = token if attempts[account.index] == 1 else f"{token}r{attempts[account.index]}"
        futures[send(client, account, settings.job(account), settings, tag)] = account

    try:
        for account in todo:
            send_account(account)
        from distributed import as_completed

        pending = as_completed(list(futures))
        for future in pending:
            account = futures[future]
            try:
                report = future.result()
            except Exception as exc:  # noqa: BLE001 - KilledWorker, a reader bug, another key: this account only
                future.release()
                if type(exc).__name__ == "KilledWorker" and attempts[account.index] < settings.attempts:
                    # its workers died: it may have been a bystander (queued there, or its result held there)
                    send_account(account)
                    pending.add(next(f for f, a in reversed(futures.items()) if a is account))
                    continue
                drop_marker(out, account)  # a report left from an earlier batch is not this batch's: redo it
                rows[account.index] = failed_row(account, _why(exc))
            else:
                publish(out, account, report.files)
                mark_complete(out, account, digest, report.row)
                rows[account.index] = report.row
                future.release()
            if on_account:
                on_account(rows[account.index], len(rows), len(accounts))
    finally:
        for future in futures:  # Ctrl-C: stop what is still queued; finished reports stay, with their markers
            if not future.done():
                future.cancel()
    ordered = [rows[a.index] for a in accounts]
    write_rollup(out, ordered, settings.report_options.lang)
    return BatchOutcome(ordered, worst_exit([r["exit_code"] for r in ordered]), resumed)


def submit_account(client, account: Account, job: AccountJob, settings: BatchSettings, token: str):
    """One task for the account, or one per file when it is large (and can be cut). Task keys carry the
    account's number and the batch's token, never a path, a name or the key."""
    if account_bytes(account) > settings.split_bytes:
        units = plan_account(Path(job.path), settings.exclude)
        if sum(unit.path is not None for unit in units) > 1:
            return submit_account_by_file(client, f"{account.index}-{token}", job, units, settings.retries)
    return client.submit(report_account, job, key=f"scan-account-{account.index}-{token}", retries=settings.retries)


def _why(exc: BaseException) -> str:
    """Why an account's task failed, in words that quote no file content."""
    name = type(exc).__name__
    if name == "KilledWorker":
        return "the workers scanning it died (tried again on another worker each time); no report"
    if name == "KeyMismatch":
        return f"a worker has another fingerprint key ({exc}); no report"
    return f"scan failed ({name}); no report"
