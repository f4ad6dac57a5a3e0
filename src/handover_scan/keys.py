"""The secret that keys fingerprints, so equal values can be counted without being stored.

A plain SHA-256 of a phone number is reversible by trying all 10^10 numbers; an HMAC
with a secret key is not. The key comes from HANDOVER_SCAN_KEY, or a key file (created
with 32 random bytes, mode 0600, on first use). Keep the same key to compare runs.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

ENV_VAR = "HANDOVER_SCAN_KEY"


def default_key_file() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
    return Path(base) / "handover-scan" / "key"


def load_key(key_file: Path | None = None) -> bytes:
    if key_file is None and os.environ.get(ENV_VAR):
        return os.environ[ENV_VAR].encode("utf-8")
    path = Path(key_file) if key_file else default_key_file()
    if path.is_file():
        return path.read_bytes().strip()
    if key_file is not None:
        raise FileNotFoundError(f"key file not found: {path}")
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = secrets.token_hex(32).encode("ascii")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(key)
    return key
