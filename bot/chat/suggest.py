"""What the index holds, said to a user: the documents by type, a one-line greeting, suggested questions,
and the case a channel's name or topic points to.  Pure functions over the engine's status and passages,
so every line follows the corpus an administrator indexed, never the documents rulebot ships with.

>>> from bot.types import Passage
>>> ps = [Passage(id="r1", doc_id="frcp", cite="Fed. R. Civ. P. 26(c)(1)", section="26(c)(1)", text="...",
...               heading="Rule 26. Duty to Disclose — (c) Protective Orders — (1) In General",
...               title="Federal Rules of Civil Procedure", doc_type="federal_rules", date="2022-12-01"),
...       Passage(id="o1", doc_id="aol", cite="Al Otro Lado, Inc. v. Wolf, No. 3:17-cv-2366 (S.D. Cal. June 26, 2020), ¶ 2",
...               section="¶ 2", text="...", title="Al Otro Lado, Inc. v. Wolf", doc_type="order", date="2020-06-26")]
>>> idx = indexed({"chunks": 2, "built_at": "2026-01-05T10:00:00Z"}, ps)
>>> what_is_indexed(idx)
'1 set of federal rules and 1 order (2 passages; index built 2026-01-05 10:00 UTC)'
>>> [p.message for p in prompts(idx)]
['What does Fed. R. Civ. P. 26(c)(1) provide?', 'What did the court decide in Al Otro Lado, Inc. v. Wolf?']
>>> str(docket_in("case-3-17-cv-02366-al-otro-lado"))
'3:17-cv-02366'
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from bot.chat import messages as M
from bot.types import DOC_TYPES, Passage
from indexers import grammar
from indexers.types import RULE_TYPES

MAX_PROMPTS = 4
MAX_PROMPT_TITLE = 75


@dataclass(frozen=True)
class Sample:
    """One passage a suggested question can name: its pin cite and its heading."""

    cite: str
    heading: str = ""


@dataclass(frozen=True)
class IndexedDoc:
    """One indexed document as the passages describe it."""

    doc_id: str
    title: str
    doc_type: str
    court: str = ""
    judge: str = ""
    date: str = ""
    passages: int = 0
    cite: str = ""  # the pin cite of its first passage (the citation stem and a pin)
    source: str = ""
    samples: tuple[Sample, ...] = ()  # a few passages spread through the document, the most central first

    @property
    def amended(self) -> bool:
        """Whether `date` is an "as amended to" date (rule sets) rather than the date of a decision."""
        return self.doc_type in RULE_TYPES or "as amended" in self.source.lower()

    @property
    def dated(self) -> str:
        """"as amended to 2022-12-01", "dated 2020-06-26" or "date unknown"."""
        if not self.date or self.date == "unknown":
            return M.DATE_UNKNOWN
        return (M.AS_AMENDED if self.amended else M.DATED).format(date=self.date)


@dataclass(frozen=True)
class Indexed:
    """What the served index holds: its documents (largest first within each type), passages and build."""

    docs: tuple[IndexedDoc, ...]
    passages: int = 0
    built_at: str = ""
    version: str = ""

    def by_type(self) -> list[tuple[str, list[IndexedDoc]]]:
        """[(doc type, its documents)], the known types in `DOC_TYPES` order first."""
        groups: dict[str, list[IndexedDoc]] = defaultdict(list)
        for d in self.docs:
            groups[d.doc_type or "other"].append(d)
        order = {t: i for i, t in enumerate(DOC_TYPES)}
        return sorted(groups.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0]))


@dataclass(frozen=True)
class Prompt:
    """A suggested question: the short `title` shown on its button and the `message` it asks."""

    title: str
    message: str


def indexed(status: Mapping[str, Any], passages: Iterable[Passage], *, samples: int = 3) -> Indexed:
    """`Indexed` from an engine's `status()` and its passages."""
    by_doc: dict[str, list[Passage]] = defaultdict(list)
    for p in passages:
        by_doc[p.doc_id].append(p)
    docs = []
    for doc_id, ps in by_doc.items():
        ps.sort(key=lambda p: p.ordinal)
        first = ps[0]
        headed = _shallowest([p for p in ps if p.heading], samples) or ps
        picks = _spread(len(headed), samples)
        docs.append(IndexedDoc(doc_id=doc_id, title=first.title or doc_id, doc_type=first.doc_type, court=first.court,
                               judge=first.judge, date=first.date, passages=len(ps), cite=first.cite,
                               source=first.source,
                               samples=tuple(Sample(headed[i].cite, headed[i].heading) for i in picks)))
    docs.sort(key=lambda d: (-d.passages, d.title))
    total = status.get("chunks") or sum(d.passages for d in docs)
    return Indexed(tuple(docs), passages=int(total), built_at=str(status.get("built_at") or ""),
                   version=str(status.get("version") or ""))


def _shallowest(headed: list[Passage], k: int) -> list[Passage]:
    """The passages whose headings are least nested ("Rule 40. Scheduling Cases" before "Rule 32. ... — (a)
    ... — (3) ..."), widening the depth until there are `k` of them: whole rules make better questions."""
    depth = {p.id: len(re.split(r"\s+[—–]\s+", p.heading)) for p in headed}
    for limit in sorted(set(depth.values())):
        found = [p for p in headed if depth[p.id] <= limit]
        if len(found) >= k:
            return found
    return headed


def _spread(n: int, k: int) -> list[int]:
    """`k` distinct positions among `n`, the middle first, then the quarters...

    >>> _spread(9, 3), _spread(2, 3), _spread(0, 3)
    ([4, 2, 6], [1, 0], [])
    """
    out: list[int] = []
    for frac in (1 / 2, 1 / 4, 3 / 4, 1 / 8, 7 / 8, 3 / 8, 5 / 8, 0.0):
        i = min(n - 1, int(n * frac))
        if n and i not in out:
            out.append(i)
        if len(out) >= min(k, n):
            break
    return out


# ---------------------------------------------------------------- what is indexed

def when(built_at: str) -> str:
    """An ISO build time as a lawyer reads it.

    >>> when("2026-11-30T06:05:44Z"), when(""), when("yesterday")
    ('2026-11-30 06:05 UTC', 'at an unknown time', 'yesterday')
    """
    m = re.match(r"^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})", built_at or "")
    if m:
        return f"{m.group(1)} {m.group(2)} UTC"
    return built_at or "at an unknown time"


def count(doc_type: str, n: int) -> str:
    """ "1 order", "2 sets of local rules"."""
    one, many = M.DOC_TYPE_COUNT.get(doc_type, M.DOC_TYPE_OTHER)
    return f"{n} {one if n == 1 else many}"


def what_is_indexed(idx: Indexed) -> str:
    """One line: the documents by type, passages and when the index was built ("" when empty)."""
    if not idx.docs:
        return ""
    kinds = [count(t, len(docs)) for t, docs in idx.by_type()]
    joined = kinds[0] if len(kinds) == 1 else ", ".join(kinds[:-1]) + " and " + kinds[-1]
    return M.INDEXED.format(kinds=joined, passages=idx.passages, built=when(idx.built_at))


def greeting(idx: Indexed) -> str:
    """The assistant's first line in a new thread."""
    what = what_is_indexed(idx)
    return M.GREETING.format(what=what) if what else M.INDEX_EMPTY


# ---------------------------------------------------------------- suggested questions

_ENUM = re.compile(r"^(?:Rule\s+[\w.-]+\.\s*|\([A-Za-z0-9]{1,4}\)\s*|[IVXLC]+\.\s+|[A-Z]\.\s+|\d+\.\s+)")
_GENERIC = {"in general", "generally", "general provisions", "definitions"}


def topic(heading: str) -> str:
    """The most specific words of a passage heading, without enumerators.

    >>> topic("Rule 26. Duty to Disclose — (c) Protective Orders — (1) In General")
    'Protective Orders'
    >>> topic("Rule 1. Scope and Purpose"), topic("")
    ('Scope and Purpose', '')
    """
    parts = [_ENUM.sub("", p.strip()).strip() for p in re.split(r"\s+[—–]\s+", heading or "") if p.strip()]
    parts = [p for p in parts if p]
    while len(parts) > 1 and parts[-1].lower() in _GENERIC:
        parts.pop()
    return parts[-1] if parts else ""


def _title(*parts: str) -> str:
    text = " · ".join(p for p in parts if p)
    return text if len(text) <= MAX_PROMPT_TITLE else text[: MAX_PROMPT_TITLE - 1].rstrip() + "…"


def doc_prompts(doc: IndexedDoc) -> list[Prompt]:
    """The questions one document suggests: one per sample passage for rules and procedures (naming its
    pin cite), one for an order (naming the case or the order)."""
    if doc.doc_type in RULE_TYPES or doc.doc_type == "judge_procedures":
        return [Prompt(_title(s.cite, topic(s.heading)), M.PROMPT_RULE.format(cite=s.cite)) for s in doc.samples]
    if doc.doc_type == "order":
        template = M.PROMPT_CASE if " v. " in doc.title else M.PROMPT_ORDER
        return [Prompt(_title(doc.title), template.format(title=doc.title))]
    return [Prompt(_title(doc.title), M.PROMPT_OTHER.format(title=doc.title))]


def prompts(idx: Indexed, limit: int = MAX_PROMPTS) -> tuple[Prompt, ...]:
    """Up to `limit` suggested questions: one per document type present first (in `DOC_TYPES` order), then
    more from each type in turn (its other documents, then other passages of the same ones).

    >>> prompts(Indexed(()))
    ()
    """
    queues: list[list[Prompt]] = []
    for _type, docs in idx.by_type():
        per_doc = [doc_prompts(d) for d in docs]
        queue: list[Prompt] = []
        for round_ in range(max((len(x) for x in per_doc), default=0)):  # each document's first, then seconds...
            queue.extend(x[round_] for x in per_doc if round_ < len(x))
        queues.append(queue)
    out: list[Prompt] = []
    seen: set[str] = set()
    while len(out) < limit and any(queues):
        for queue in queues:
            while queue:
                p = queue.pop(0)
                if p.message not in seen:
                    seen.add(p.message)
                    out.append(p)
                    break
            if len(out) >= limit:
                break
    return tuple(out)


# ---------------------------------------------------------------- the case a channel points to

# The docket number as channel names and topics write it (indexers/grammar.py: the one grammar).
_DOCKET = grammar.DOCKET_LOOSE


@dataclass(frozen=True)
class Docket:
    """A federal docket number: division (may be unknown), year, case type and number."""

    division: str
    year: str
    kind: str
    number: str

    def __str__(self) -> str:
        return f"{self.division + ':' if self.division else ''}{self.year}-{self.kind}-{self.number}"

    def same_case(self, other: "Docket") -> bool:
        """Same year, type and number (leading zeros aside); divisions agree when both are known.

        >>> docket_in("No. 3:17-cv-2366").same_case(docket_in("17-cv-02366-BAS"))
        True
        """
        return (self.year, self.kind, int(self.number)) == (other.year, other.kind, int(other.number)) and (
            not (self.division and other.division) or self.division == other.division)


def docket_in(text: str) -> Docket | None:
    """The first docket number in `text` (a channel's name, topic or purpose; a document's cite).

    >>> str(docket_in("Smith v. Jones, No. 2:25-CV-01234-ABC (topic)")), docket_in("general"), docket_in("rule-26")
    ('2:25-cv-01234', None, None)
    """
    m = _DOCKET.search(text or "")
    if not m:
        return None
    return Docket(m.group(1) or "", m.group(2), m.group(3).lower(), m.group(4))


def case_line(channel: Mapping[str, Any], idx: Indexed) -> str:
    """The line that says which case a question is taken to be about, when the channel the user is viewing
    names a docket number (`channel`: "name", "topic", "purpose" as text); "" when it names none.

    >>> case_line({"name": "case-9-99-cv-00001", "topic": ""}, Indexed(()))[:58]
    'Taking this question to be about No. 9:99-cv-00001 (from t'
    """
    for where in ("name", "topic", "purpose"):
        found = docket_in(str(channel.get(where) or ""))
        if found is None:
            continue
        name = str(channel.get("name") or "this channel")
        for doc in idx.docs:
            theirs = docket_in(doc.cite)
            if doc.doc_type == "order" and theirs is not None and theirs.same_case(found):
                return M.CASE_INDEXED.format(docket=found, where=where, channel=name, title=doc.title)
        return M.CASE_NOT_INDEXED.format(docket=found, where=where, channel=name)
    return ""

