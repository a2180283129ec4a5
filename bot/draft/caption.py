"""Caption step: the head of a filing or a letter, built from the facts.

A standalone filing (``DraftKind.form == "pleading"``) opens each of its documents with the court's caption
(C.D. Cal. L.R. 11-3.8): counsel's name, State Bar number, firm, address, telephone and email from line 1,
"Attorneys for ..."; the court's name; the case title on the left and the case number, the document's title
and the judge on the right.  A letter opens with the firm's letterhead.  Counsel come from the facts
(``counsel``, ``counsel_for``), which the settings' defaults fill (`bot.draft.facts.with_defaults`); whatever
is still missing is a placeholder, made by the `need` function handed in (it records what is missing).
Pure: `bot.draft.docx` lays these out in Word.

>>> court_lines("United States District Court for the Central District of California")
('UNITED STATES DISTRICT COURT', 'CENTRAL DISTRICT OF CALIFORNIA')
>>> case_parties("Rivera v. Northwind Logistics, Inc.", ["Plaintiff Maria Rivera"])
(('Maria Rivera', 'Plaintiff'), ('Northwind Logistics, Inc.', 'Defendant'))
>>> address_lines("350 South Grand Avenue, Suite 2100, Los Angeles, California 90071")
('350 South Grand Avenue, Suite 2100', 'Los Angeles, California 90071')
"""

from __future__ import annotations

import re
from typing import Any, Callable, Iterable, Mapping

from bot.draft.kinds import COUNSEL
from bot.draft.types import Caption, Counsel, Letterhead

Need = Callable[[str], Any]  # placeholder text -> a printed placeholder that records itself as missing

_ONE_ROLE = (r"(?:(?:counter|cross)[-\s]?|third-party\s+)?(?:plaintiffs?|defendants?|petitioners?|respondents?|"
             r"claimants?|intervenors?|appellants?|appellees?|movants?)")
# a party's role, one or two joined ("Defendant and Counterclaimant", "Plaintiff/Counter-Defendant")
_ROLE = rf"{_ONE_ROLE}(?:(?:\s+(?:and|&)\s+|\s*/\s*){_ONE_ROLE})*"
_ROLES = re.compile(rf"^(?P<role>{_ROLE})\s+(?P<name>\S.*)$", re.I)
# a party named with its role in a sentence of the facts ("designated by Plaintiff Maria Rivera", "Plaintiff Maria
# Rivera's Motion"): the role, then capitalized words (a corporate suffix after a comma, "of", "de"... between them)
_NAMED = re.compile(rf"\b(?P<role>(?i:{_ROLE}))\s+(?=[A-Z])")
_NAME_WORD = re.compile(r"\s*(,\s*)?([A-Z][\w'’.&-]*|&|of|de|del|la|van|von|der)(?=[\s,;:)]|$)")
_SUFFIX = re.compile(r"^(?:Inc|Corp|Co|Ltd|LLC|LLP|L\.L\.C|L\.P|LP|N\.A|P\.C|PC|Jr|Sr|[A-Z])\.?$")
_FIRM_SUFFIX = re.compile(r"^(?:Inc|Corp|Co|Ltd|LLC|LLP|L\.L\.C|L\.P|LP|N\.A|P\.C|PC|Jr|Sr)\.$")  # not an initial
# what follows a role in a sentence but names no one ("Plaintiff Motion to Compel"): the name ends before it
_NOT_A_NAME = re.compile(r"^(?:Motion|Motions|Opposition|Reply|Application|Request|Response|Responses|Objections?|"
                         r"Declaration|Exhibits?|Counsel|Notice|Brief|Memorandum|Stipulation|Proposed|Ex)$")
_PLAINTIFF_SIDE = re.compile(r"^(?:plaintiff|petitioner|claimant|counter-?\s?defendant)", re.I)
_DEFENDANT_SIDE = re.compile(r"^(?:defendant|respondent|counter-?\s?(?:claimant|plaintiff))", re.I)
_BASE = re.compile(r"^(?:plaintiff|petitioner|claimant|defendant|respondent)s?$", re.I)  # a side's own role
_FEDERAL = re.compile(r"^United States District Court for the (?P<district>.+)$", re.I)
_CITY_STATE_ZIP = re.compile(r"\b[A-Z][A-Za-z.]*\.?\s+\d{5}(?:-\d{4})?$|\b[A-Z]{2}\s+\d{5}(?:-\d{4})?$")


def court_lines(court: str) -> tuple[str, ...]:
    """The court's name as a caption centres it, in capitals, one line per part."""
    court = str(court).strip()
    m = _FEDERAL.match(court)
    if m:
        return ("UNITED STATES DISTRICT COURT", m.group("district").upper())
    if court.startswith("["):  # a placeholder stays as it is
        return (court,)
    return tuple(part.strip().upper() for part in court.split(",") if part.strip())


def address_lines(address: str) -> tuple[str, ...]:
    """An address as the lines of an attorney block: as typed on several lines, or split before the city."""
    address = str(address).strip()
    if "\n" in address:
        return tuple(line.strip().rstrip(",") for line in address.splitlines() if line.strip())
    parts = [p.strip() for p in address.split(",")]
    if len(parts) >= 3 and _CITY_STATE_ZIP.search(parts[-1]):
        return (", ".join(parts[:-2]), ", ".join(parts[-2:]))
    return (address,) if address else ()


def _party(text: str) -> tuple[str, str]:
    """(name, role) of a party fact: ("Northwind Logistics, Inc.", "Defendant and counterclaimant") for "Defendant
    and Counterclaimant Northwind Logistics, Inc."; a name never starts with the "and" of a role."""
    m = _ROLES.match(str(text).strip())
    if not m:
        return (str(text), "")
    name = re.sub(r"^(?:(?:and|&|/)\s*)+", "", m.group("name"), flags=re.I)
    return (name, m.group("role")[:1].upper() + m.group("role")[1:].lower())


def _base_role(role: str, side: re.Pattern[str]) -> str:
    """The role a side of the case title is given: the plaintiff's or the defendant's own ("Defendant" for
    "Defendant and counterclaimant", none for "Counter-defendant" alone); "" if the role has none of that side."""
    for one in re.split(r"\s+(?:and|&)\s+|\s*/\s*", role):
        if _BASE.match(one) and side.match(one):
            return one[:1].upper() + one[1:].lower()
    return ""


def _sides(role: str) -> tuple[bool, bool]:
    """Whether a role is on the plaintiff's side, the defendant's side (each of its joined roles counts)."""
    parts = re.split(r"\s+(?:and|&)\s+|\s*/\s*", role)
    return any(_PLAINTIFF_SIDE.match(r) for r in parts), any(_DEFENDANT_SIDE.match(r) for r in parts)


def named_parties(text: str) -> list[str]:
    """The parties a sentence names with their roles, as a party fact gives them ("Plaintiff Maria Rivera").

    >>> named_parties("Plaintiff Maria Rivera's Motion, opposed by Defendant Northwind Logistics, Inc.'s counsel")
    ['Plaintiff Maria Rivera', 'Defendant Northwind Logistics, Inc.']
    """
    out = []
    for m in _NAMED.finditer(str(text)):
        words: list[str] = []
        pos = m.end()
        while (w := _NAME_WORD.match(text, pos)) and not re.fullmatch(_ROLE, w.group(2), re.I):
            word, comma = w.group(2), w.group(1)
            possessive = re.search(r"['’]s$", word)
            word = word[:-2] if possessive else word
            if comma and not _SUFFIX.match(word):
                break  # "Maria Rivera, a former dispatcher": the name ends at its comma
            if not words and _NOT_A_NAME.match(word.rstrip(".")):
                break  # "Plaintiff Motion to Compel": no name
            if word.endswith(".") and not _SUFFIX.match(word):
                word = word[:-1]  # the end of a sentence
                possessive = True
            words.append(("," if comma else "") + (" " if words else "") + word)
            pos = w.end()
            if not possessive and _FIRM_SUFFIX.match(word) and (nxt := _NAME_WORD.match(text, pos)) and \
                    not nxt.group(1) and nxt.group(2)[:1].isupper() and not _SUFFIX.match(nxt.group(2)):
                break  # "... Logistics, Inc. Northwind does not object": the next sentence
            if possessive:
                break
        while words and words[-1].strip() in ("&", "of", "de", "del", "la", "van", "von", "der"):
            words.pop()
        if words:
            out.append(f"{m.group('role')} {''.join(words)}")
    return out


def case_parties(case_name: str, parties: Iterable[str] = (), named: Iterable[str] = ()) -> tuple[tuple[str, str], ...]:
    """(name, role) for each side of the case title: the full name from a party fact that matches the side
    ("Plaintiff Maria Rivera" for "Rivera"), else from a party the other facts name with its role (`named`) whose
    name holds the side's as a shorter part ("Maria Rivera" for "Rivera", never "Motion" for "Rivera"), else the
    side as written.  The role is the side's own: the first side plaintiff, the other defendant, unless a party
    fact of that side names another (a petitioner); a compound role gives its base ("Defendant" for "Defendant and
    Counterclaimant"), a counter-defendant is on the plaintiff's side and is its plaintiff.

    >>> case_parties("Rivera v. Northwind Logistics, Inc.", ["Defendant Northwind"], ["Plaintiff Maria Rivera"])
    (('Maria Rivera', 'Plaintiff'), ('Northwind Logistics, Inc.', 'Defendant'))
    >>> case_parties("Rivera v. Northwind", ["Defendant and Counterclaimant Northwind Logistics, Inc."])
    (('Rivera', 'Plaintiff'), ('Northwind Logistics, Inc.', 'Defendant'))
    """
    name = str(case_name).strip()
    sides = re.split(r"\s+v(?:s)?\.\s+", name, maxsplit=1)
    if len(sides) < 2:
        return ((name, ""),)
    facts = [(*_party(p), False) for p in parties if str(p).strip()]
    free = [(*_party(p), True) for p in named if str(p).strip()]
    out = []
    roles = (("Plaintiff", _PLAINTIFF_SIDE), ("Defendant", _DEFENDANT_SIDE))
    for i, (side, (default, own)) in enumerate(zip(sides, roles)):
        key = re.sub(r",?\s+et al\.?$", "", side).strip()
        first = (re.findall(r"[A-Z][\w'’-]+", key) or [key])[0].lower()
        k = same_firm(key)
        matches = [(n, r) for n, r, loose in [*facts, *free] if n and not _sides(r)[1 - i] and (
            (f" {k} " in f" {same_firm(n)} " and len(same_firm(n)) > len(k)) if loose else  # the surname alone
            (key.lower() in n.lower() or first in n.lower().split() or n.lower() in key.lower()))]
        fuller = next(((n, r) for n, r in matches if len(n) >= len(key)), None)  # a fact's full name, never a shorter
        role = next((b for _, r in matches if (b := _base_role(r, own))), "") or default
        if fuller:
            full = fuller[0] + (" et al." if key != side and "et al" not in fuller[0] else "")
            out.append((full, role))
        else:
            out.append((side, role))
    return tuple(out)


def _strings(value: Any) -> list[str]:
    """Every text in a template's facts (`bot.draft.compose.slots`), lists and items too; a missing one is none."""
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, Mapping):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in _strings(v)]
    return []


def _part(item: Mapping[str, Any] | None, name: str, placeholder: str, need: Need) -> str:
    value = item.get(name) if item else None
    if value:
        return str(value)  # a Missing placeholder records itself here
    return str(need(placeholder)) if placeholder else ""


def same_firm(name: str) -> str:
    """A firm's name as compared: case, punctuation and spacing aside ("Whitfield & Ochoa, LLP" is "Whitfield &
    Ochoa LLP"); also used for addresses.

    >>> same_firm("Whitfield & Ochoa, LLP") == same_firm("WHITFIELD &  OCHOA LLP")
    True
    """
    return " ".join(re.sub(r"[^\w&]+", " ", str(name).lower()).split())


def _at_their_office(items: Iterable[Mapping[str, Any]] | None) -> list[Mapping[str, Any]]:
    """The facts' attorneys, each who gives no address with the firm's (the first any of its attorneys gives,
    whatever the order), each who gives no telephone with the one given at the same office (addresses compared
    as `same_firm` compares names), never another office's."""
    items = list(items or [])
    offices: dict[str, Any] = {}  # firm -> its address: the first any of its attorneys gives
    phones: dict[tuple[str, str], Any] = {}  # (firm, address as compared) -> the first telephone given there
    for item in items:
        firm = same_firm(item.get("firm") or "")
        if firm and item.get("address"):  # a missing one is false (and records itself only when printed)
            offices.setdefault(firm, item["address"])
            if item.get("phone"):
                phones.setdefault((firm, same_firm(item["address"])), item["phone"])
    out = []
    for item in items:
        firm = same_firm(item.get("firm") or "")
        if firm:
            address = item.get("address") or offices.get(firm)
            phone = item.get("phone") or (phones.get((firm, same_firm(address))) if address else None)
            item = {**item, **{k: v for k, v in (("address", address), ("phone", phone)) if v}}
        out.append(item)
    return out


def counsel_of(items: Iterable[Mapping[str, Any]] | None, need: Need) -> tuple[Counsel, ...]:
    """The attorneys of the facts' ``counsel`` (each missing part a placeholder); one of placeholders if none.
    An attorney of a firm who gives no address or telephone has the firm's office's (`_at_their_office`)."""
    placeholders = {f.name: (f.placeholder_text if f.required else "") for f in COUNSEL.item_fields}
    out = []
    for item in _at_their_office(items) or [None]:
        p = {k: _part(item, k, ph, need) for k, ph in placeholders.items()}
        out.append(Counsel(name=p["name"], bar_number=p["bar_number"], firm=p["firm"],
                           address=address_lines(p["address"]), phone=p["phone"], email=p["email"]))
    return tuple(out)


def _represented(party: Any, need: Need) -> str:
    """Whom counsel represent: as given, or the filing party's own placeholder when that is missing too."""
    return str(party) if party is not None and len(party) else str(need("PARTY COUNSEL REPRESENT"))


def caption(f: Mapping[str, Any], need: Need, *, title: str, party: Any = "", judge_needed: bool = True,
            details: Iterable[tuple[str, Any]] = (), head: str = "") -> Caption:
    """The caption of a document titled `title`, from the template's facts `f` (`bot.draft.compose.slots`).

    `party` is who files (the default of ``counsel_for``); `details` are (label, value) lines for the right-hand
    box under the judge, e.g. the dates a joint stipulation's title page must show.
    """
    parties = [f.get(k) for k in ("applicant", "moving_party", "responding_party", "opposing_party", "counsel_for")]
    named = [p for k, v in f.items() if k not in ("counsel", "case_name") for t in _strings(v) for p in named_parties(t)]
    judge = str(f.get("judge") or "") or (str(need("ASSIGNED JUDGE")) if judge_needed else "")
    return Caption(
        title=str(title).upper(),
        court=court_lines(str(f.get("court") or "")),
        counsel=counsel_of(f.get("counsel"), need),
        counsel_for=_represented(f.get("counsel_for") or party, need),
        parties=case_parties(str(f.get("case_name") or ""), [p for p in parties if p], named),
        case_number=str(f.get("case_number") or ""),
        judge=judge,
        details=tuple((label, str(value)) for label, value in details),
        head=head,
    )


def letterhead(f: Mapping[str, Any], need: Need) -> Letterhead:
    """The letterhead of a letter: the first attorney's firm, address, telephone and email."""
    items = _at_their_office(f.get("counsel"))
    item = items[0] if items else None
    firm = (str(item.get("firm")) if item and item.get("firm") else "") or str(f.get("sender_firm") or "")
    return Letterhead(firm=firm or str(need("FIRM NAME")),
                      address=address_lines(_part(item, "address", "OFFICE ADDRESS", need)),
                      phone=_part(item, "phone", "TELEPHONE", need), email=_part(item, "email", "EMAIL ADDRESS", need))
