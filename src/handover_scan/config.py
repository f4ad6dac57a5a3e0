"""Gate policy as data: `handover-scan.toml`, `[tool.handover-scan]` in pyproject.toml, or --config FILE.

    min_score = 0.5                  # findings below this never fail the gate
    fail_on = ["any"]                # entity types (CN_ID_CARD), categories (健康信息 / health information),
                                     # "sensitive", or "any" (default: any personal information fails)
    exit_code = 1                    # exit code when the gate fails (not 0, not 2)
    fail_on_unaudited = false        # true: baseline entries nobody audited yet still fail the gate

    [thresholds]                     # per entity type: fail only from this many gating findings on
    PHONE_NUMBER = 5

    [[allowlist]]                    # every entry needs a reason
    fingerprint = "3f2a..."          # one value, by keyed fingerprint (findings.csv `fingerprint`)
    reason = "the shop's own customer-service number"
    [[allowlist]]
    regex = "^400"                   # values matching a regular expression (checked in memory, never stored)
    entity_type = "PHONE_NUMBER"     # optional: only for this type
    reason = "hotline numbers"
    [[allowlist]]
    file = "**/公告/*.txt"            # files by glob, relative to the scanned folder
    reason = "public notices"
    [[allowlist]]
    conversation = "wxid_abc123"     # a conversation by id or name as the export names it
    reason = "the owner's own notes"

Command-line flags override the file key by key.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from fnmatch import fnmatchcase
from pathlib import Path, PurePosixPath
from typing import Any

DEFAULT_MIN_SCORE = 0.5
EXIT_PASS, EXIT_FAIL, EXIT_INCOMPLETE = 0, 1, 2
CONFIG_FILE = "handover-scan.toml"
PYPROJECT_TABLE = "handover-scan"


class ConfigError(ValueError):
    """A config file that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class AllowEntry:
    reason: str
    fingerprint: str | None = None
    regex: str | None = None
    file: str | None = None
    conversation: str | None = None
    entity_type: str | None = None  # optional restriction for any of the above

    def matches(self, finding) -> bool:
        if self.entity_type and finding.entity_type != self.entity_type:
            return False
        if self.fingerprint is not None and finding.fingerprint != self.fingerprint:
            return False
        if self.regex is not None and not re.search(self.regex, finding.value or ""):
            return False
        if self.file is not None and not _glob(finding.file, self.file):
            return False
        if self.conversation is not None and self.conversation not in (
                finding.conversation, getattr(finding, "conversation_raw", "")):
            return False
        return True

    def describe(self) -> str:
        what = [f"{k}={v}" for k in ("fingerprint", "regex", "file", "conversation", "entity_type")
                if (v := getattr(self, k)) is not None]
        return ", ".join(what)


def _glob(path: str, pattern: str) -> bool:
    """Glob on a relative posix path; `**/` also matches no folder at all."""
    if PurePosixPath(path).match(pattern) or fnmatchcase(path, pattern):
        return True
    return pattern.startswith("**/") and _glob(path, pattern[3:])


@dataclass(frozen=True)
class Policy:
    min_score: float = DEFAULT_MIN_SCORE
    fail_on: tuple[str, ...] = ("any",)
    thresholds: dict[str, int] = field(default_factory=dict)
    allowlist: tuple[AllowEntry, ...] = ()
    exit_code: int = EXIT_FAIL
    fail_on_unaudited: bool = False  # a baseline entry silences a finding only once audited (accepted/false positive)
    recognizers: tuple[Path, ...] = ()  # extra recognizer folders, relative paths resolved against the file
    source: str = ""  # the file it came from, for the report

    def with_overrides(self, **changes: Any) -> "Policy":
        """Command-line flags over the file: only the keys given (not None) change."""
        changes = {k: v for k, v in changes.items() if v is not None}
        if "thresholds" in changes:
            changes["thresholds"] = {**self.thresholds, **changes["thresholds"]}
        policy = replace(self, **changes)
        _validate(policy, "command line")
        return policy

    def as_dict(self) -> dict[str, Any]:
        return {"min_score": self.min_score, "fail_on": list(self.fail_on), "thresholds": dict(self.thresholds),
                "exit_code": self.exit_code, "fail_on_unaudited": self.fail_on_unaudited, "source": self.source,
                "recognizers": [str(p) for p in self.recognizers],
                "allowlist": [{k: v for k, v in vars(e).items() if v is not None} for e in self.allowlist]}


_KEYS = {"min_score", "fail_on", "thresholds", "allowlist", "exit_code", "fail_on_unaudited", "recognizers"}
_ALLOW_KEYS = {"reason", "fingerprint", "regex", "file", "conversation", "entity_type"}


def _validate(policy: Policy, where: str) -> None:
    if not 0 <= policy.min_score <= 1:
        raise ConfigError(f"{where}: min_score must be between 0 and 1, not {policy.min_score}")
    if policy.exit_code in (EXIT_PASS, EXIT_INCOMPLETE) or not 0 < policy.exit_code < 126:
        raise ConfigError(f"{where}: exit_code must be 1 or 3..125 (0 is pass, 2 is incomplete scan), "
                          f"not {policy.exit_code}")
    for name, count in policy.thresholds.items():
        if not isinstance(count, int) or isinstance(count, bool) or count < 1:
            raise ConfigError(f"{where}: thresholds.{name} must be a whole number >= 1, not {count!r}")
    if not policy.fail_on:
        raise ConfigError(f"{where}: fail_on is empty; use [\"any\"] for the default")


def policy_from_mapping(data: dict[str, Any], where: str) -> Policy:
    unknown = set(data) - _KEYS
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}; known: {', '.join(sorted(_KEYS))}")
    fail_on = data.get("fail_on", ["any"])
    if isinstance(fail_on, str):
        fail_on = [fail_on]
    if not isinstance(fail_on, list) or not all(isinstance(x, str) for x in fail_on):
        raise ConfigError(f"{where}: fail_on must be a list of entity types, categories, 'sensitive' or 'any'")
    thresholds = data.get("thresholds", {})
    if not isinstance(thresholds, dict):
        raise ConfigError(f"{where}: thresholds must be a table of ENTITY_TYPE = count")
    entries = []
    for i, raw in enumerate(data.get("allowlist", []), 1):
        here = f"{where}: allowlist entry {i}"
        if not isinstance(raw, dict):
            raise ConfigError(f"{here}: must be a table")
        unknown = set(raw) - _ALLOW_KEYS
        if unknown:
            raise ConfigError(f"{here}: unknown key(s) {', '.join(sorted(unknown))}")
        if not str(raw.get("reason", "")).strip():
            raise ConfigError(f"{here}: missing `reason` (every allowlist entry must say why it is allowed)")
        if not any(raw.get(k) for k in ("fingerprint", "regex", "file", "conversation")):
            raise ConfigError(f"{here}: needs one of fingerprint, regex, file, conversation")
        if raw.get("regex"):
            try:
                re.compile(raw["regex"])
            except re.error as exc:
                raise ConfigError(f"{here}: bad regex: {exc}") from None
        entries.append(AllowEntry(**{k: str(v) for k, v in raw.items()}))
    folders = data.get("recognizers", [])
    if isinstance(folders, str):
        folders = [folders]
    if not isinstance(folders, list) or not all(isinstance(x, str) for x in folders):
        raise ConfigError(f"{where}: recognizers must be a list of folders")
    if not isinstance(data.get("fail_on_unaudited", False), bool):
        raise ConfigError(f"{where}: fail_on_unaudited must be true or false")
    base = Path(where).parent if where not in ("", "defaults") else Path.cwd()
    try:
        policy = Policy(min_score=float(data.get("min_score", DEFAULT_MIN_SCORE)), fail_on=tuple(fail_on),
                        thresholds=dict(thresholds), allowlist=tuple(entries),
                        exit_code=int(data.get("exit_code", EXIT_FAIL)),
                        fail_on_unaudited=data.get("fail_on_unaudited", False),
                        recognizers=tuple(base / f for f in folders), source=where)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{where}: {exc}") from None
    _validate(policy, where)
    return policy


def find_config(cwd: Path | None = None) -> tuple[Path, dict[str, Any]] | None:
    """handover-scan.toml in cwd, else [tool.handover-scan] in cwd/pyproject.toml, else None."""
    cwd = Path(cwd or Path.cwd())
    if (cwd / CONFIG_FILE).is_file():
        return cwd / CONFIG_FILE, _read_toml(cwd / CONFIG_FILE)
    pyproject = cwd / "pyproject.toml"
    if pyproject.is_file():
        table = _read_toml(pyproject).get("tool", {}).get(PYPROJECT_TABLE)
        if table is not None:
            return pyproject, table
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as f:
            return tomllib.load(f)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None


def load_policy(config: Path | None = None, cwd: Path | None = None) -> Policy:
    """The policy from --config FILE, or the file found in cwd, or the defaults."""
    if config is not None:
        config = Path(config)
        if not config.is_file():
            raise ConfigError(f"{config}: config file not found")
        data = _read_toml(config)
        if config.name == "pyproject.toml":
            data = data.get("tool", {}).get(PYPROJECT_TABLE, {})
        return policy_from_mapping(data, str(config))
    found = find_config(cwd)
    if found is None:
        return Policy(source="defaults")
    path, data = found
    return policy_from_mapping(data, str(path))
