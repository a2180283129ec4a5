"""Load and validate the facts a draft is written from.

Facts come from a JSON or YAML file, a mapping (an API call) or a chat form's
text fields; all three end as one `Facts` value checked against the kind's
fields in `bot.draft.kinds`.  Missing facts are not errors (they become
placeholders in the draft); facts of the wrong shape or unknown names are.

>>> f = parse_facts("good-cause", {"case_name": "Rivera v. Northwind", "categories": [{"name": "payroll records"}]})
>>> f.get("case_name"), f.get("categories")[0]["harm"]
('Rivera v. Northwind', '')
"""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from bot.draft.kinds import KINDS, DraftKind, Field
from bot.errors import RulebotError

MAX_FACTS_BYTES = 1_000_000


class BadFacts(RulebotError):
    """A facts file or form cannot be read or does not fit the kind of draft."""


Item = Mapping[str, str]
Value = str | tuple[str, ...] | tuple[Item, ...]


@dataclass(frozen=True)
class Facts:
    """Validated facts for one kind of draft: every field of the kind is present.

    Scalars are stripped strings ("" when not given); repeated fields are tuples
    of strings or, for fields with item fields, of mappings with every item field.
    """

    kind: str
    values: Mapping[str, Value]

    def get(self, name: str) -> Value:
        return self.values[name]

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for k, v in self.values.items():
            out[k] = [dict(i) if isinstance(i, Mapping) else i for i in v] if isinstance(v, tuple) else v
        return out

    def texts(self) -> list[str]:
        """Every fact as a plain string (used to check that a polished draft adds no new fact)."""
        out: list[str] = []
        for v in self.values.values():
            if isinstance(v, str):
                out.append(v)
            else:
                for i in v:
                    out.extend(i.values() if isinstance(i, Mapping) else [i])
        return [t for t in out if t]


def get_kind(kind: str) -> DraftKind:
    try:
        return KINDS[kind]
    except KeyError:
        raise BadFacts(f"There is no draft kind '{kind}'. Choose one of: {', '.join(KINDS)}.") from None


def _scalar(value: Any, where: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        raise BadFacts(f"{where} should be text, not true/false.")
    if isinstance(value, (_dt.date, _dt.datetime)):
        return f"{value:%B} {value.day}, {value.year}"
    if isinstance(value, (str, int, float)):
        return " ".join(str(value).split()) if "\n" not in str(value) else str(value).strip()
    raise BadFacts(f"{where} should be text, not a {'list' if isinstance(value, list) else 'nested mapping'}.")


def _item(field: Field, raw: Any, where: str) -> Item | str:
    if not field.item_fields:
        return _scalar(raw, where)
    if isinstance(raw, str):  # a bare string: item fields split by "|" as in a form, else the first item field
        raw = split_item(field, raw)
    if not isinstance(raw, Mapping):
        raise BadFacts(f"{where} should be a mapping with {', '.join(f.name for f in field.item_fields)}.")
    names = {f.name for f in field.item_fields}
    unknown = sorted(set(map(str, raw)) - names)
    if unknown:
        raise BadFacts(f"{where} has unknown field(s) {', '.join(unknown)}; expected "
                       f"{', '.join(f.name for f in field.item_fields)}.")
    return {f.name: _scalar(raw.get(f.name), f"{where}.{f.name}") for f in field.item_fields}


def split_item(field: Field, line: str) -> dict[str, str]:
    """One item of a repeated field from its one-line form: item fields separated by ``|``.

    >>> split_item(KINDS["good-cause"].field("parties"), "Jane Doe | Plaintiff")
    {'name': 'Jane Doe', 'role': 'Plaintiff'}
    """
    parts = [p.strip() for p in line.split("|")]
    n = len(field.item_fields)
    if len(parts) > n:
        parts = parts[: n - 1] + [" | ".join(parts[n - 1:])]
    return {sub.name: val for sub, val in zip(field.item_fields, parts)}


def parse_facts(kind: str, data: Mapping[str, Any]) -> Facts:
    """Check `data` against the kind's fields and return `Facts` (raises `BadFacts`)."""
    k = get_kind(kind)
    if not isinstance(data, Mapping):
        raise BadFacts(f"The facts for '{kind}' should be a mapping of field names to values.")
    unknown = sorted(set(map(str, data)) - set(k.field_names) - {"kind"})
    if unknown:
        raise BadFacts(f"Unknown field(s) for '{kind}': {', '.join(unknown)}. "
                       f"Expected: {', '.join(k.field_names)}.")
    if data.get("kind") not in (None, kind):
        raise BadFacts(f"These facts are for '{data.get('kind')}', not '{kind}'.")
    values: dict[str, Value] = {}
    for f in k.fields:
        raw = data.get(f.name)
        if f.repeated:
            if raw is None or raw == "":
                raw = []
            if isinstance(raw, (str, Mapping)):
                raw = [raw]
            if not isinstance(raw, list):
                raise BadFacts(f"{f.name} should be a list.")
            items = [_item(f, r, f"{f.name}[{i + 1}]") for i, r in enumerate(raw)]
            values[f.name] = tuple(i for i in items if (any(i.values()) if isinstance(i, Mapping) else i))
        else:
            values[f.name] = _scalar(raw, f.name)
            if f.choices and values[f.name] and values[f.name] not in f.choices:
                raise BadFacts(f"{f.name} should be one of: {', '.join(f.choices)} (got '{values[f.name]}').")
    return Facts(kind=kind, values=values)


def with_defaults(facts: Facts, defaults: Mapping[str, Any]) -> Facts:
    """`facts` with each field of the kind that they leave empty taken from `defaults` (the settings'
    `draft_defaults`, e.g. the firm's counsel for a caption); fields the kind lacks are ignored.

    >>> with_defaults(parse_facts("sealing-application", {}), {"counsel": ["Dana Whitfield | 245810"]}).get("counsel")[0]["bar_number"]
    '245810'
    """
    k = get_kind(facts.kind)
    data = facts.as_dict()
    for name, value in defaults.items():
        if name in k.field_names and value and not data.get(name):
            data[name] = value
    return parse_facts(facts.kind, data)


def load_facts(kind: str, path: str | Path) -> Facts:
    """Read a JSON or YAML facts file (chosen by extension; YAML reads JSON too)."""
    p = Path(path)
    try:
        if p.stat().st_size > MAX_FACTS_BYTES:
            raise BadFacts(f"The facts file {p} is larger than {MAX_FACTS_BYTES // 1000} KB; is it the right file?")
        raw = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BadFacts(f"The facts file {p} does not exist.") from None
    except IsADirectoryError:
        raise BadFacts(f"{p} is a folder; give the path of a YAML or JSON facts file.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BadFacts(f"The facts file {p} cannot be read ({exc.__class__.__name__}); save it as UTF-8 text.") from None
    return parse_facts(kind, parse_text(raw, p.suffix.lower(), str(p)))


def parse_text(raw: str, suffix: str = ".yaml", where: str = "the facts") -> Any:
    """Parse JSON (``.json``) or YAML text into Python data (raises `BadFacts`)."""
    if suffix == ".json":
        try:
            return json.loads(raw)
        except json.JSONDecodeError as exc:
            raise BadFacts(f"{where} is not valid JSON (line {exc.lineno}: {exc.msg}).") from None
    import yaml

    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" (line {mark.line + 1})" if mark else ""
        raise BadFacts(f"{where} is not valid YAML{line}; check indentation and quoting.") from None
    return {} if data is None else data


def from_form(kind: str, form: Mapping[str, str]) -> Facts:
    """Facts from a chat form: one text per field; repeated fields one item per line, item fields split by ``|``.

    >>> from_form("good-cause", {"categories": "payroll records | would reveal salaries"}).get("categories")[0]["harm"]
    'would reveal salaries'
    """
    k = get_kind(kind)
    data: dict[str, Any] = {}
    for f in k.fields:
        text = (form.get(f.name) or "").strip()
        if not text:
            continue
        if not f.repeated:
            data[f.name] = text
            continue
        items: list[Any] = []
        for line in text.splitlines():
            if not line.strip():
                continue
            if f.item_fields:
                items.append(split_item(f, line))
            else:
                items.append(line.strip())
        data[f.name] = items
    return parse_facts(kind, data)
