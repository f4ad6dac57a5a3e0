"""The Dask client a batch runs on, and the checks made before any account is sent to it.

Without a scheduler address: a LocalCluster of worker processes on this machine, one per core,
one thread each, no dashboard (nothing listens beyond the loopback scheduler port it needs).
With one (`tcp://host:port`): the existing cluster there.

Before the batch, every worker must (1) see ACCOUNTS_DIR at the same path and (2) hold the
same fingerprint key as the client, compared by key_id (an HMAC of a fixed string, so the key
itself is never sent or shown). Workers that join later are caught by the same check in every task.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from pathlib import Path
from typing import Iterator

import dask

from handover_scan.batch.tasks import worker_key_id

# A task running on a worker that died is tried again on another one; a task that was there when
# more workers than this died is given up (KilledWorker); the runner then sends its account once more.
ALLOWED_FAILURES = 1


class ClusterError(RuntimeError):
    """The cluster cannot run this batch (unreachable, no workers, another key, files not visible)."""


@contextlib.contextmanager
def open_client(scheduler: str | None = None, workers: int | None = None, key: bytes | None = None,
                timeout: float = 30, allowed_failures: int = ALLOWED_FAILURES) -> Iterator["distributed.Client"]:  # noqa: F821
    """A Client on `scheduler`, or on a LocalCluster of `workers` processes (default: every core).

    key: given only when the client's key came from --key-file; local workers get it in their
    environment (HANDOVER_SCAN_KEY), which is how a remote worker must be given it too.
    allowed_failures: worker deaths a task may cause before it is given up (local cluster only; an
    existing cluster's scheduler has its own `distributed.scheduler.allowed-failures`)."""
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout=timeout)
        except (OSError, TimeoutError) as exc:
            raise ClusterError(f"cannot reach the scheduler at {scheduler}: {exc}") from None
        with client:
            yield client
        return
    env = {"HANDOVER_SCAN_KEY": _key_text(key)} if key is not None else {}
    # worker-saturation 1.0: a worker holds only the task it runs, so a worker that dies takes no queued,
    # innocent task's allowed failures with it
    with dask.config.set({"distributed.scheduler.allowed-failures": allowed_failures,
                          "distributed.scheduler.worker-saturation": 1.0}), _workers_ignore_ctrl_c():
        cluster = LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                               dashboard_address=None, host="127.0.0.1", env=env, silence_logs=40)
    with cluster, Client(cluster) as client:
        yield client


@contextlib.contextmanager
def _workers_ignore_ctrl_c() -> Iterator[None]:
    """Worker processes started meanwhile inherit an ignored SIGINT: Ctrl-C in the terminal reaches the whole
    process group, and only the client should act on it (stop the batch, then close the cluster), not every
    worker dying mid-task with a traceback."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _key_text(key: bytes) -> str:
    try:
        return key.decode("utf-8")
    except UnicodeDecodeError:
        raise ClusterError("the key file is not UTF-8 text, so it cannot be given to the workers as "
                           "HANDOVER_SCAN_KEY; use a text key") from None


def check_workers(client, accounts_dir: Path, expected_key_id: str, timeout: float = 60) -> int:
    """Refuse the batch unless every worker sees accounts_dir and has the client's key. Returns the worker count."""
    try:
        client.wait_for_workers(1, timeout=timeout)
    except TimeoutError:
        raise ClusterError(f"no worker joined the scheduler within {timeout:.0f} s") from None
    ids = client.run(worker_key_id)
    seen = client.run(os.path.isdir, str(Path(accounts_dir).resolve()))
    blind = sorted(addr for addr, ok in seen.items() if not ok)
    if blind:
        raise ClusterError(f"{len(blind)} worker(s) cannot see {accounts_dir} at the same path "
                           f"({', '.join(blind)}); share the folder at the same path on every machine")
    wrong = {addr: kid for addr, kid in ids.items() if kid != expected_key_id}
    if wrong:
        shown = ", ".join(f"{addr} ({kid})" for addr, kid in sorted(wrong.items()))
        raise ClusterError(f"worker fingerprint key differs from this client's (key id {expected_key_id}): {shown}; "
                           "start every worker with the same HANDOVER_SCAN_KEY")
    return len(ids)
