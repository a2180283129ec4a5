"""Compose step: facts + template + verified authority -> `Draft`.

``draft(kind, facts, engine)`` renders ``prompts/drafts/<kind>.md.j2`` with the
facts (a missing fact prints as a bracketed placeholder that says what is
needed and is listed in ``Draft.missing``), then verifies every citation of the
result against the served index (`bot.draft.verify`).  With an LLM passed in,
the verified template draft is polished and checked again (`bot.draft.llm`);
anything the polish adds that cannot be checked sends back the template draft.

>>> # d = draft("good-cause", load_facts("good-cause", "examples/facts/good-cause.yaml"), Engine(settings))
>>> # d.clean, d.missing
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Mapping

import jinja2

from bot.draft import caption as heads
from bot.draft import messages as M
from bot.draft.annotate import currency_notes
from bot.draft.authority import Authorities
from bot.draft.facts import Facts, get_kind, parse_facts, with_defaults
from bot.draft.kinds import DraftKind, Field
from bot.draft.types import Draft
from bot.draft.verify import Corpus, CiteIndex, unique, verify
from bot.draft.wording import SHAPES, as_sentence, court_name, tidy_punctuation
from bot.settings import prompts_dir
from indexers import courts

TEMPLATE_COURT = "cdcal"  # the court whose Local Rules the templates follow (a key of indexers.courts)


class Missing(str):
    """A missing fact: prints as ``[PLACEHOLDER]``, is false in ``{% if %}``, and records itself when printed."""

    def __new__(cls, placeholder: str, record: list[str]):
        obj = super().__new__(cls, f"[{placeholder}]")
        obj.placeholder = placeholder
        obj.record = record
        return obj

    def __str__(self) -> str:
        self.record.append(self.placeholder)
        return str.__str__(self)

    def __bool__(self) -> bool:
        return False

    def __html__(self) -> str:  # pragma: no cover - autoescape is off
        return str(self)


class MissingList(list):
    """A missing required list: empty, false, and prints as its placeholder (``{% for %}...{% else %}``)."""

    def __init__(self, placeholder: str, record: list[str]):
        super().__init__()
        self.placeholder = placeholder
        self.record = record

    def __str__(self) -> str:
        self.record.append(self.placeholder)
        return f"[{self.placeholder}]"


def _item_placeholder(f: Field, item: Mapping[str, str]) -> str:
    names = {k: (v.upper() if v else k.upper()) for k, v in item.items()}
    try:
        return f.placeholder_text.format(**names)
    except (KeyError, IndexError):
        return f.placeholder_text


_NAME_FIELDS = ("case_name", "parties", "moving_party", "responding_party", "applicant", "opposing_party",
                "declarant", "recipient_name", "sender_name")


def names_in(facts: Facts) -> tuple[str, ...]:
    """Capitalized words of the case name and the parties: a phrase starting with one keeps its capital."""
    texts: list[str] = []
    for name in _NAME_FIELDS:
        v = facts.values.get(name)
        if isinstance(v, str):
            texts.append(v)
        elif v:
            texts.extend(i.get("name", "") if isinstance(i, Mapping) else i for i in v)
    return tuple(sorted({w for t in texts for w in re.findall(r"\b[A-Z][\w-]*", t)}))


def shaped(f: Field, value: str, names: tuple[str, ...] = ()) -> str:
    """A fact worded as its field's `shape` says (bot.draft.wording); "" stays ""."""
    if not value or not f.shape:
        return value
    if f.shape == "sentence":
        return as_sentence(value, lead=f.lead, subject=f.subject, names=names)
    return SHAPES[f.shape](value)


def slots(kind: DraftKind, facts: Facts, record: list[str]) -> dict[str, Any]:
    """The template's view of the facts: values worded as their fields' shapes say, or `Missing`
    placeholders for required facts not given."""
    out: dict[str, Any] = {}
    names = names_in(facts)
    for f in kind.fields:
        v = facts.get(f.name)
        if not f.repeated:
            v = shaped(f, v, names)
            out[f.name] = v if v or not f.required else Missing(f.placeholder_text, record)
            continue
        if not v:
            out[f.name] = MissingList(f.placeholder_text, record) if f.required else []
            continue
        if not f.item_fields:
            out[f.name] = list(v)
            continue
        items = []
        for item in v:
            row: dict[str, Any] = {}
            for sub in f.item_fields:
                val = shaped(sub, item.get(sub.name, ""), names)
                row[sub.name] = val if val or not sub.required else Missing(_item_placeholder(sub, item), record)
            items.append(row)
        out[f.name] = items
    return out


def _sentence(value: Any) -> str:
    """Print a fact as a sentence: first letter capital, closing period added if none."""
    s = str(value)
    if isinstance(value, Missing) or not s:
        return s
    s = s[0].upper() + s[1:]
    return s if re.search(r"[.!?][\"'”’)\]]*$", s) else s + "."


def _clause(value: Any) -> str:
    """Print a fact inside a sentence: no closing period."""
    s = str(value)
    return s if isinstance(value, Missing) else s.rstrip(" .")


def _capfirst(value: Any) -> str:
    s = str(value)
    return s if isinstance(value, Missing) or not s else s[0].upper() + s[1:]


def _join_and(values: Any, key: str = "") -> str:
    parts = [str(v.get(key) if key and isinstance(v, Mapping) else v) for v in values]
    if len(parts) <= 2:
        return " and ".join(parts)
    return ", ".join(parts[:-1]) + ", and " + parts[-1]


def _cell(value: Any) -> str:
    """Print a fact inside a Markdown table cell (no pipes, no line breaks)."""
    return " ".join(str(value).replace("|", "/").split())


def _blockquote(value: Any) -> str:
    """Print a fact as a Markdown block quote, verbatim, line by line."""
    return "\n".join("> " + line if line.strip() else ">" for line in str(value).splitlines() or [""])


def environment(templates: Path | None = None) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates or prompts_dir() / "drafts")),
        undefined=jinja2.StrictUndefined, autoescape=False, trim_blocks=True, lstrip_blocks=True,
        keep_trailing_newline=True, extensions=["jinja2.ext.do"],
    )
    env.filters.update(capfirst=_capfirst, sentence=_sentence, clause=_clause, join_and=_join_and, cell=_cell,
                       blockquote=_blockquote)
    return env


def tidy(text: str) -> str:
    """Collapse the blank lines, spaces and doubled periods a template leaves behind."""
    text = tidy_punctuation(text)
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"(?<=\S)[ \t]{2,}(?=\S)", " ", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip() + "\n"


def render(kind: str, facts: Facts, corpus: Corpus, *, templates: Path | None = None) -> Draft:
    """The template draft, verified, without any LLM."""
    k = get_kind(kind)
    record: list[str] = []
    f = slots(k, facts, record)
    need = lambda placeholder: Missing(placeholder, record)  # noqa: E731
    auth = Authorities(corpus, court=str(facts.values.get("court") or ""), need=need)
    captions: list = []

    def caption(title: str, party: Any = "", details: Any = (), *, caller) -> str:
        """``{% call caption(title, party=...) %}head{% endcall %}``: the head chat shows, set in Word as the
        court's caption (`bot.draft.caption`)."""
        head = caller()
        captions.append(heads.caption(f, need, title=title, party=party, details=details, head=tidy(head).strip()))
        return head

    try:
        tpl = environment(templates).get_template(k.template)
        text = tidy(tpl.render(f=f, auth=auth, kind=k, need=need, caption=caption))
        letterhead = heads.letterhead(f, need) if k.form == "letter" else None
    except jinja2.TemplateError as exc:
        from bot.draft.facts import BadFacts

        raise BadFacts(M.TEMPLATE_BROKEN.format(kind=kind, template=k.template, detail=exc)) from None
    v = verify(text, corpus)
    notes = list(auth.notes)
    court = str(facts.values.get("court") or "")
    other = bool(court) and courts.court_of(court) != TEMPLATE_COURT  # the templates' local rules do not govern
    if other:
        notes.append(M.OTHER_COURT.format(court=court_name(court)))
    dated = currency_notes(v.citations)  # cited texts that predate a later amendment
    return Draft(kind=kind, title=k.title_in_any_court if other else k.title, text=text, citations=v.citations,
                 missing=unique(record),
                 checks=tuple(auth.checks) + v.checks, notes=tuple(notes) + tuple(n for n, _ in dated),
                 anchors=tuple(auth.anchors) + tuple(dated), captions=tuple(captions), letterhead=letterhead)


def draft(kind: str, facts: Facts | Mapping[str, Any], engine: CiteIndex, *, llm: Any = None,
          templates: Path | None = None, defaults: Mapping[str, Any] | None = None) -> Draft:
    """Draft a section of kind `kind` from `facts`, citing only what `engine`'s index holds.

    `llm` (a langchain chat model) is optional; without it the template draft is returned.  `defaults` fill
    the facts left empty (the settings' `draft_defaults`: counsel for the caption).
    """
    if not isinstance(facts, Facts):
        facts = parse_facts(kind, facts)
    elif facts.kind != kind:
        facts = parse_facts(kind, facts.as_dict())
    if defaults:
        facts = with_defaults(facts, defaults)
    corpus = engine if isinstance(engine, Corpus) else Corpus(engine)
    base = render(kind, facts, corpus, templates=templates)
    if llm is None:
        return base
    from bot.draft.llm import polish

    return polish(base, facts, corpus, llm, templates=templates)


def drafter(settings) -> Any:
    """`draft` with the settings' LLM for polishing when RULEBOT_LLM is set (else template drafts), and the
    settings' `draft_defaults` (RULEBOT_COUNSEL) for facts a draft leaves empty.

    The one place the CLI, Slack and Teams get their draft function from, so all three polish alike.
    If the LLM cannot be built (provider package missing, bad spec), drafts stay template drafts
    and the reason is logged.
    """
    import functools
    import logging

    defaults = getattr(settings, "draft_defaults", None)
    plain = functools.partial(draft, defaults=defaults) if defaults else draft
    if not getattr(settings, "llm", ""):
        return plain
    from bot.answering.llm import make_chat_model

    try:
        model = make_chat_model(settings.llm)
    except Exception as exc:  # noqa: BLE001 - any failure means: no polishing
        logging.getLogger("rulebot.draft").warning("LLM %s unavailable (%s); drafting from templates only",
                                                   settings.llm, exc.__class__.__name__)
        return plain
    return functools.partial(plain, llm=model)
