"""Load what to find from YAML: recognizers/*.yaml plus any folders the user adds.

A user folder has the same layout as the built-in one. A recognizer file whose `name`
matches a built-in one replaces it; a new name adds a recognizer. `entities.yaml` in a
user folder adds or overrides entity types and score levels key by key.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from handover_scan.resources import builtin_dir


class DefinitionError(ValueError):
    """A recognizer file that cannot be used; the message names the file and the problem."""


@dataclass(frozen=True)
class PatternSpec:
    name: str
    regex: str
    score: str | float


@dataclass(frozen=True)
class RecognizerSpec:
    name: str
    entity: str
    path: Path  # the YAML file, for `handover-scan recognizers` and error messages
    base_dir: Path  # folder relative paths in the spec resolve against
    kind: str = "PatternRecognizer"
    patterns: tuple[PatternSpec, ...] = ()
    validator: str | None = None
    context: tuple[str, ...] = ()
    negative_context: tuple[str, ...] = ()
    field_context: tuple[str, ...] = ()
    context_required: bool = False
    options: dict[str, Any] = field(default_factory=dict)  # class-specific keys (terms, admin_divisions ...)


@dataclass(frozen=True)
class EntitySpec:
    name: str
    category: str
    category_en: str
    sensitive: bool
    articles: tuple[str, ...]
    reason_zh: str
    reason_en: str
    mask_start: int
    mask_end: int
    pipl_sensitive_category: str | None = None  # PIPL Art. 28 kind (特定身份, 医疗健康 ...) of a sensitive type
    label_zh: str = ""  # this type's own name: several types share a category (身份证件号码: ID card, passport ...)
    label_en: str = ""

    def label(self, lang: str) -> str:
        """The type's name in zh or en (falls back to its category)."""
        if lang == "zh":
            return self.label_zh or self.category
        return self.label_en or self.category_en

    def category_label(self, lang: str) -> str:
        return self.category if lang == "zh" else self.category_en


@dataclass(frozen=True)
class Definitions:
    levels: dict[str, float]
    window_before: int
    window_after: int
    entities: dict[str, EntitySpec]
    recognizers: tuple[RecognizerSpec, ...]
    sources: tuple[Path, ...]
    # Values the exporter already masked (138****5678, [phone xxx]): nothing inside them is exposed.
    masked: tuple[str, ...] = ()

    def score(self, value: str | float) -> float:
        if isinstance(value, (int, float)):
            return float(value)
        if value not in self.levels:
            raise DefinitionError(f"unknown score level {value!r}; use one of {sorted(self.levels)} or a number")
        return self.levels[value]


# YAML files in a recognizer folder that are data for the reports, not recognizers
NOT_RECOGNIZERS = ("entities.yaml", "remediation.yaml", "messages.yaml")

_KNOWN_KEYS = {"name", "entity", "class", "patterns", "validator", "context", "negative_context",
               "field_context", "context_required"}


def _read_yaml(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise DefinitionError(f"{path}: cannot read: {exc}") from None
    if not isinstance(data, dict):
        raise DefinitionError(f"{path}: expected a mapping at the top level")
    return data


def _recognizer(path: Path, data: dict) -> RecognizerSpec:
    try:
        patterns = tuple(PatternSpec(p["name"], p["regex"], p.get("score", "low")) for p in data.get("patterns", []))
        return RecognizerSpec(
            name=data["name"], entity=data["entity"], path=path, base_dir=path.parent,
            kind=data.get("class", "PatternRecognizer"), patterns=patterns, validator=data.get("validator"),
            context=tuple(data.get("context") or ()), negative_context=tuple(data.get("negative_context") or ()),
            field_context=tuple(data.get("field_context") or ()),
            context_required=bool(data.get("context_required", False)),
            options={k: v for k, v in data.items() if k not in _KNOWN_KEYS},
        )
    except (KeyError, TypeError) as exc:
        raise DefinitionError(f"{path}: missing or malformed key {exc}") from None


def _entity(name: str, data: dict) -> EntitySpec:
    mask = data.get("mask") or {}
    return EntitySpec(name, data["category"], data.get("category_en", data["category"]), bool(data["sensitive"]),
                      tuple(data.get("articles") or ()), data.get("reason_zh", ""), data.get("reason_en", ""),
                      int(mask.get("start", 0)), int(mask.get("end", 0)), data.get("pipl_sensitive_category"),
                      str(data.get("label_zh", "")), str(data.get("label_en", "")))


def load_definitions(extra_dirs: tuple[Path, ...] | list[Path] = ()) -> Definitions:
    folders = (builtin_dir(), *map(Path, extra_dirs))
    levels: dict[str, float] = {}
    window: dict[str, int] = {}
    masked: dict[str, str] = {}
    entities: dict[str, EntitySpec] = {}
    recognizers: dict[str, RecognizerSpec] = {}
    for folder in folders:
        if not folder.is_dir():
            raise DefinitionError(f"{folder}: recognizer folder not found")
        entities_file = folder / "entities.yaml"
        if entities_file.is_file():
            data = _read_yaml(entities_file)
            levels.update(data.get("scores") or {})
            window.update(data.get("context_window") or {})
            masked.update(data.get("already_masked") or {})
            for name, spec in (data.get("entities") or {}).items():
                try:
                    entities[name] = _entity(name, spec)
                except (KeyError, TypeError, ValueError) as exc:
                    raise DefinitionError(f"{entities_file}: entity {name}: missing or malformed {exc}") from None
        for path in sorted(folder.glob("*.yaml")):
            if path.name not in NOT_RECOGNIZERS:
                spec = _recognizer(path, _read_yaml(path))
                recognizers[spec.name] = spec
    for spec in recognizers.values():
        if spec.entity not in entities:
            raise DefinitionError(f"{spec.path}: entity {spec.entity} is not defined in any entities.yaml")
    return Definitions(levels, int(window.get("before", 20)), int(window.get("after", 10)), entities,
                       tuple(recognizers.values()), folders, tuple(v for v in masked.values() if v))
