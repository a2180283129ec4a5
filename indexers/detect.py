"""Detect step (admin ingestion): read a new document's metadata where the document says it.

`detect(text, hints)` finds the court ("CENTRAL DISTRICT OF CALIFORNIA" ->
``C.D. Cal.``), local-rule headings (``L.R. 37-1``), the judge ("Magistrate Judge
...", "Hon. ..."), a docket number (``No. 2:21-cv-01234-ABC-DEF``), a date and
the likely document type.  `describe(...)` combines what was detected with the
administrator's overrides into `DocMeta` values and refuses (BadDocument) when a
field it needs is still unknown, naming the ``--flag`` that supplies it.

>>> detect("UNITED STATES DISTRICT COURT\\nCENTRAL DISTRICT OF CALIFORNIA\\nL.R. 37-1 Meet.").court
'C.D. Cal.'
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Mapping

from indexers import courts, grammar
from indexers.errors import BadDocument
from indexers.types import DOC_TYPES

# The states and districts are in the one table of courts (indexers/courts.py).
STATES = courts.STATES
_LR_HEADING = re.compile(r"^(?:#{1,6}\s*)?(?:\*\*)?\s*L\.\s?R\.\s*\d{1,3}-\d{1,3}", re.M)
_FRCP_HEADING = re.compile(r"^(?:#{1,6}\s*)?(?:\*\*)?\s*Rule\s+\d{1,2}\.\s+[A-Z]", re.M)
_WORD = r"[A-Z][a-z'\-]+(?:[A-Z][a-z'\-]+)?"
_NAME = rf"[A-Z][a-z]+(?:[ ][A-Z]\.)?(?:[ ]{_WORD}){{0,2}}?[ ]{_WORD}(?:,? (?:Jr\.|Sr\.|III|II))?"
_NAME_CAPS = r"[A-Z]{2,}(?:[ ][A-Z]\.)?(?:[ ][A-Z][A-Z'\-]+){1,3}"
_JUDGE_PATTERNS = [
    (re.compile(rf"\b(?:United States |U\.S\. )?(Magistrate|District|Chief|Senior|Bankruptcy)?\s*Judge\s+({_NAME})"), None),
    (re.compile(rf"\b(?:Hon|HON)(?:\.|orable|ORABLE)\s+(?:the\s+|THE\s+)?({_NAME}|{_NAME_CAPS})\b"), "hon"),
    (re.compile(rf"^[ \t]*({_NAME_CAPS}|{_NAME})[ \t]*,?[ \t]*\n[ \t]*(?:UNITED STATES|United States|U\.S\.)[ \t]+(MAGISTRATE|DISTRICT|Magistrate|District)[ \t]+(?:JUDGE|Judge)",
                re.M), "sig"),
    (re.compile(rf"^\s*({_NAME_CAPS}),\s+(Magistrate|District|Chief)?\s*Judge\.?\s*$", re.M), "runin"),
]
_NOT_NAMES = {"Court", "Courtroom", "Procedures", "Requirements", "Order", "Orders", "Chambers", "Schedule"}
_DOCKET, _DOCKET_BARE = grammar.DOCKET, grammar.DOCKET_BARE  # the one grammar (indexers/grammar.py)
_MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|December|"
           "Jan\\.?|Feb\\.?|Mar\\.?|Apr\\.?|Jun\\.?|Jul\\.?|Aug\\.?|Sept?\\.?|Oct\\.?|Nov\\.?|Dec\\.?")
_DATE = re.compile(rf"\b({_MONTHS})\s+(\d{{1,2}}),\s+(\d{{4}})\b")
_AMENDED = re.compile(rf"\b(?:as\s+amended(?:\s+(?:to|through|on))?|effective|amended|rev(?:ised)?\.?)\s*:?\s*"
                      rf"(?:as\s+of\s+)?(({_MONTHS})\s+\d{{1,2}},\s+\d{{4}})", re.I)
_DATED = re.compile(rf"\b(?:Dated|Date|Signed|Entered|Filed)\s*:?\s*(({_MONTHS})\s+\d{{1,2}},\s+\d{{4}})", re.I)
_CAPTION = re.compile(r"^\s*(?:\*\*)?([A-Z][A-Za-z0-9.,&'’\- ]{2,90}?),?\s+(?:et al\.,?\s+)?(?:Plaintiffs?|Petitioners?)?,?\s*"
                      r"\n?\s*v(?:s)?\.\s+([A-Z][A-Za-z0-9.,&'’\- ]{2,90}?)(?:,?\s+(?:et al\.,?\s*)?(?:Defendants?|Respondents?)\b\.?|\s*$)",
                      re.M)

MONTH_ABBR = ["Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]


@dataclass(frozen=True)
class Detected:
    """What the document says about itself ("" when it does not say)."""

    court: str = ""
    judge: str = ""
    judge_title: str = ""  # "Magistrate Judge", "District Judge", "Judge"
    docket: str = ""
    date: str = ""  # ISO
    date_kind: str = "date"
    doc_type: str = ""
    caption: str = ""  # "Fixture Widgets LLC v. Sample Gadgets Inc."
    rule_headings: int = 0
    reasons: tuple[str, ...] = field(default_factory=tuple)  # why the type was guessed


def court_abbrev(name: str) -> str:
    """Bluebook abbreviation of a federal district court's name ("" if not recognised).

    >>> court_abbrev("United States District Court for the Central District of California")
    'C.D. Cal.'
    >>> court_abbrev("DISTRICT OF NEW JERSEY")
    'D.N.J.'
    """
    c = courts.find_in(name, cites=False)
    return c.cite if c and c.district else ""


def _iso(month: str, day: str, year: str) -> str:
    key = month.rstrip(".").lower()[:3]
    months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    try:
        return dt.date(int(year), months.index(key) + 1, int(day)).isoformat()
    except (ValueError, IndexError):
        return ""


def _parse_date(s: str) -> str:
    m = _DATE.search(s)
    return _iso(m.group(1), m.group(2), m.group(3)) if m else ""


def normalize_date(value: str) -> str:
    """An ISO date from `2026-03-03`, `March 3, 2026` or `3/3/2026` (BadDocument if unreadable)."""
    v = value.strip()
    if not v or v == "unknown":
        return v
    try:
        return dt.date.fromisoformat(v).isoformat()
    except ValueError:
        pass
    iso = _parse_date(v)
    if iso:
        return iso
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", v)
    if m:
        try:
            return dt.date(int(m.group(3)), int(m.group(1)), int(m.group(2))).isoformat()
        except ValueError:
            pass
    raise BadDocument(f"--date {value!r} is not a date; write it as 2026-03-03 or 'March 3, 2026'")


def _title_name(name: str) -> str:
    name = re.sub(r"\s+", " ", name.strip().rstrip(","))
    if name.isupper():
        name = " ".join(w if re.fullmatch(r"[A-Z]\.|I{2,3}|IV", w) else w.capitalize() for w in name.split())
        name = re.sub(r"\b(Mc|Mac|O')([a-z])", lambda m: m.group(1) + m.group(2).upper(), name)
    return name


def _judge(text: str) -> tuple[str, str]:
    for pat, kind in _JUDGE_PATTERNS:
        for m in pat.finditer(text):
            if kind is None:
                title, name = m.group(1), m.group(2)
            elif kind == "sig":
                name, title = m.group(1), m.group(2)
            elif kind == "runin":
                name, title = m.group(1), m.group(2)
            else:
                name, title = m.group(1), ""
                after = re.match(r"[\s,]*(?:United States |U\.S\. )?(Magistrate|District|Chief|Senior)\s+Judge",
                                 text[m.end():m.end() + 80], re.I)
                title = after.group(1) if after else ""
            name = re.split(r"\s+(?:UNITED|United|U\.S\.|DISTRICT|District|MAGISTRATE|Magistrate|JUDGE|Judge|"
                            r"COURT|Court|CHIEF|Chief|SENIOR|Senior)\b", name)[0]
            name = _title_name(name)
            if any(w in _NOT_NAMES for w in name.split()) or len(name) < 5:
                continue
            title = (title or "").capitalize()
            return name, (f"{title} Judge" if title and title != "Judge" else "Judge")
    return "", ""


def detect(text: str, *, title: str = "", headings: tuple[str, ...] = (),
           hints: Mapping[str, str] | None = None) -> Detected:
    """Read the court, judge, docket, date and probable type from a document's own text.

    `hints` are facts the file format gave (`docket` and `filed` from a PDF's ECF stamp); the
    text wins where it says the same thing.
    """
    hints = hints or {}
    head = text[:6000]
    court = court_abbrev(title) or court_abbrev(head) or court_abbrev(text[:60000])
    rule_headings = len(_LR_HEADING.findall(text))
    judge, judge_title = _judge(f"{title}\n{head}") if title or head else ("", "")
    if not judge:
        judge, judge_title = _judge(text[-4000:])
    m = _DOCKET.search(head) or _DOCKET_BARE.search(head)
    docket = m.group(1) if m else hints.get("docket", "")
    date, kind = "", "date"
    am = _AMENDED.search(head)
    dm = _DATED.search(text[-6000:]) or _DATED.search(head)
    cap = _CAPTION.search(head)
    caption = ""
    if cap:
        caption = f"{_party(cap.group(1))} v. {_party(cap.group(2))}"
    reasons: list[str] = []
    low_head = f"{title}\n{head}".lower()
    if rule_headings >= 3:
        doc_type = "local_rules"
        reasons.append(f"{rule_headings} 'L.R.' rule headings")
    elif len(_FRCP_HEADING.findall(text)) >= 5 and "federal rules of civil procedure" in text[:20000].lower():
        doc_type = "federal_rules"
        reasons.append("'Rule N.' headings of the Federal Rules")
    elif docket and re.search(r"\bORDER\b|IT IS (?:SO |HEREBY )?ORDERED", text):
        doc_type = "order"
        reasons.append("a docket number and an order")
    elif judge and re.search(r"procedures|requirements|standing order|schedules?|courtroom", low_head):
        doc_type = "judge_procedures"
        reasons.append("a judge's name and 'procedures'")
    elif re.search(r"IT IS (?:SO |HEREBY )?ORDERED", text):
        doc_type = "order"
        reasons.append("'IT IS ORDERED'")
    else:
        doc_type = ""
    if doc_type == "local_rules" and am:
        date, kind = _parse_date(am.group(1)), "as_amended_to"
    elif dm:
        date = _parse_date(dm.group(1))
    elif am:
        date, kind = _parse_date(am.group(1)), "as_amended_to"
    elif hints.get("filed") and doc_type == "order":
        date = _slash_date(hints["filed"])
    return Detected(court=court, judge=judge, judge_title=judge_title, docket=docket, date=date,
                    date_kind=kind, doc_type=doc_type, caption=caption, rule_headings=rule_headings,
                    reasons=tuple(reasons))


def _slash_date(v: str) -> str:
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})", v.strip())
    if not m:
        return ""
    year = int(m.group(3)) + (2000 if len(m.group(3)) == 2 else 0)
    try:
        return dt.date(year, int(m.group(1)), int(m.group(2))).isoformat()
    except ValueError:
        return ""


def _party(s: str) -> str:
    s = re.sub(r"\s+", " ", s.strip(" ,"))
    s = re.sub(r",?\s+et al\.?$", "", s)
    if s.isupper():
        keep = {"LLC", "LLP", "INC.", "INC", "LP", "N.A.", "USA", "U.S.", "L.P.", "CO.", "CORP."}
        s = " ".join(w if w in keep and w not in ("INC.", "INC", "CO.", "CORP.") else w.capitalize() for w in s.split())
    return s


def display_date(iso: str) -> str:
    """`2026-03-03` -> `Mar. 3, 2026` (Bluebook month abbreviations); anything else unchanged.

    >>> display_date("2022-12-01"), display_date("2020-06-26"), display_date("unknown")
    ('Dec. 1, 2022', 'June 26, 2020', 'unknown')
    """
    try:
        d = dt.date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{MONTH_ABBR[d.month - 1]} {d.day}, {d.year}"


FLAG = {"type": "--type", "court": "--court", "judge": "--judge", "title": "--title", "date": "--date",
        "cite": "--cite", "docket": "--docket"}


def describe(detected: Detected, overrides: Mapping[str, str], *, where: str, fallback_title: str = "") -> dict:
    """Front-matter values (DocMeta fields) from the overrides, else from what was detected.

    Raises BadDocument naming the missing field and its flag, e.g. "...: cannot tell which
    court's rules these are; add --court 'C.D. Cal.'".
    """
    o = {k: str(v).strip() for k, v in overrides.items() if v is not None and str(v).strip()}
    doc_type = o.get("type") or detected.doc_type
    if not doc_type:
        raise BadDocument(f"{where}: cannot tell what kind of document this is; add --type "
                          f"({'|'.join(DOC_TYPES)})")
    if doc_type not in DOC_TYPES:
        raise BadDocument(f"{where}: --type {doc_type!r} is not one of {', '.join(DOC_TYPES)}")
    court = o.get("court") or detected.court
    judge = o.get("judge") or detected.judge
    judge = re.sub(r"^(?:Hon\.|Honorable|(?:Magistrate|District|Chief|Senior)?\s*Judge)\s+", "", judge).strip()
    judge_title = detected.judge_title or "Judge"
    if o.get("judge"):
        jt = re.match(r"^\s*((?:Magistrate|District|Chief|Senior)\s+Judge)\b", overrides.get("judge", ""))
        judge_title = jt.group(1) if jt else (detected.judge_title if detected.judge == judge else "Judge")
    date = normalize_date(o["date"]) if o.get("date") else detected.date
    date_kind = detected.date_kind if not o.get("date") else ("as_amended_to" if doc_type == "local_rules" else "date")
    docket = o.get("docket") or detected.docket
    title = o.get("title", "")

    def need(field_: str, what: str, example: str) -> None:
        raise BadDocument(f"{where}: {what}; add {FLAG[field_]} {example}")

    if not court and doc_type != "federal_rules":
        need("court", "cannot tell which court this document comes from", "'C.D. Cal.'")
    if doc_type == "local_rules":
        title = title or f"{court} Local Rules"
        cite = o.get("cite") or f"{court} L.R."
    elif doc_type == "federal_rules":
        court = court or "U.S."
        title = title or "Federal Rules of Civil Procedure"
        cite = o.get("cite") or "Fed. R. Civ. P."
    elif doc_type == "judge_procedures":
        if not judge:
            need("judge", "cannot find the judge's name in the document", "'Jane Roe'")
        title = title or f"{judge_title} {judge}, Procedures"
        cite = o.get("cite") or f"{judge_title} {judge} ({court}), Procedures"
    else:  # order
        title = title or detected.caption or ""
        if not title:
            need("title", "cannot find the case name in the order", "'Doe v. Acme Corp.'")
        if not o.get("cite") and not date:
            need("date", "cannot find the date of the order", "2026-03-03")
        when = display_date(date) if date else "date unknown"
        no = f", No. {_short_docket(docket)}" if docket else ""
        cite = o.get("cite") or f"{title}{no} ({court} {when})"
    return {
        "title": title, "type": doc_type, "court": court, "cite": cite, "judge": judge or "",
        "date": date or "unknown", "date_kind": date_kind, "docket": docket or ("unknown" if doc_type == "order" else ""),
        "extra": {"judge_title": judge_title} if judge else {},
    }


def _short_docket(docket: str) -> str:
    """`2:25-cv-01234-ABC-DEF` -> `2:25-cv-01234` (judges' initials are left out of cites)."""
    m = re.match(r"^((?:\d:)?\d{2}-[a-z]{2}-\d{3,6})", docket, re.I)
    return m.group(1) if m else docket
