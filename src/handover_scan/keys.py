"""The secret that keys fingerprints, so equal values can be counted without being stored.

A plain SHA-256 of a phone number is reversible by trying all 10^10 numbers; an HMAC
with a secret key is not. The key comes from HANDOVER_SCAN_KEY, or a key file (created
with 32 random bytes, mode 0600 in a 0700 folder, on first use). Keep the same key to
compare runs.

An empty key would make every fingerprint a plain hash again, so an empty (or blank)
HANDOVER_SCAN_KEY or key file is an error, never a silent fallback. A key file that others
can read gives a KeyFileWarning (the CLI prints it). Creation is race-free: the key is
written to a private temporary file and linked into place, so two first runs at once both
end up with the one key that won, never with a half-written file.
"""

from __future__ import annotations

import os
import secrets
import stat
import tempfile
import warnings
from pathlib import Path

ENV_VAR = "HANDOVER_SCAN_KEY"


class KeyFileError(ValueError):
    """A key that cannot be used (empty, unreadable); the message names the file, never the key."""


class KeyFileWarning(UserWarning):
    """The key file can be read by other users."""


def default_key_file() -> Path:
    """$XDG_CONFIG_HOME/handover-scan/key; a relative XDG_CONFIG_HOME is ignored, as the XDG spec says
    (it would put the key in whatever folder the scan runs from)."""
    base = os.environ.get("XDG_CONFIG_HOME") or ""
    if not os.path.isabs(base):
        base = Path.home() / ".config"
    return Path(base) / "handover-scan" / "key"


def load_key(key_file: Path | None = None) -> bytes:
    if key_file is None and ENV_VAR in os.environ:
        # a value that is not UTF-8 (bytes Python keeps as lone surrogates) is used as the bytes it is
        key = os.environ[ENV_VAR].strip().encode("utf-8", "surrogateescape")
        if not key:
            raise KeyFileError(f"{ENV_VAR} is set but empty; unset it to use the key file, or set the key")
        return key
    path = Path(key_file) if key_file else default_key_file()
    if not path.exists() and key_file is not None:
        raise FileNotFoundError(f"key file not found: {path}")
    if not path.exists():
        _create(path)
    return _read(path)


def _read(path: Path) -> bytes:
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
        if not path.is_file():
            raise KeyFileError(f"key file {path}: not a regular file")
        key = path.read_bytes().strip()
    except OSError as exc:
        raise KeyFileError(f"key file {path}: cannot read: {exc.strerror or type(exc).__name__}") from None
    if not key:
        raise KeyFileError(f"key file {path}: is empty (an empty key would make fingerprints plain hashes); "
                           "delete it to have a new key made, or restore the key")
    if mode & 0o077:
        warnings.warn(f"key file {path} has mode {mode:04o}: other users can read the fingerprint key; "
                      f"chmod 600 {path}", KeyFileWarning, stacklevel=3)
    return key


def _create(path: Path) -> None:
    """32 random bytes (hex) at path, 0600 from the first byte; if another process made it first, keep theirs."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".key-")  # mkstemp: 0600, O_EXCL
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(secrets.token_hex(32).encode("ascii"))
                f.flush()
                os.fsync(f.fileno())
            try:
                os.link(tmp, path)  # atomic, and fails if the key exists: never overwrites one
            except FileExistsError:
                pass
        finally:
            os.unlink(tmp)
    except OSError as exc:
        raise KeyFileError(f"key file {path}: cannot create: {exc.strerror or type(exc).__name__}") from None
