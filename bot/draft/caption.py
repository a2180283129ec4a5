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

_ROLES = re.compile(r"^(?P<role>(?:counter-?|cross-?|third-party\s+)?(?:plaintiffs?|defendants?|petitioners?|"
                    r"respondents?|claimants?|intervenors?|appellants?|appellees?|movants?))\s+(?P<name>\S.*)$", re.I)
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
    m = _ROLES.match(str(text).strip())
    return (m.group("name"), m.group("role")[:1].upper() + m.group("role")[1:].lower()) if m else (str(text), "")


def case_parties(case_name: str, parties: Iterable[str] = ()) -> tuple[tuple[str, str], ...]:
    """(name, role) for each side of the case title: the full name from a party fact that matches the side
    ("Plaintiff Maria Rivera" for "Rivera"), else the side as written; the first side plaintiff, the other
    defendant, unless a party fact names the role."""
    name = str(case_name).strip()
    sides = re.split(r"\s+v(?:s)?\.\s+", name, maxsplit=1)
    if len(sides) < 2:
        return ((name, ""),)
    known = [_party(p) for p in parties if str(p).strip()]
    out = []
    for side, default in zip(sides, ("Plaintiff", "Defendant")):
        key = re.sub(r",?\s+et al\.?$", "", side).strip()
        first = (re.findall(r"[A-Z][\w'’-]+", key) or [key])[0].lower()
        match = next(((n, r) for n, r in known if n and (key.lower() in n.lower() or first in n.lower().split()
                                                          or n.lower() in key.lower())), None)
        if match:
            full = match[0] + (" et al." if key != side and "et al" not in match[0] else "")
            out.append((full, match[1] or default))
        else:
            out.append((side, default))
    return tuple(out)


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


_SHARED = ("address", "phone")  # what the attorneys of one firm share: an attorney who gives none has the firm's


def counsel_of(items: Iterable[Mapping[str, Any]] | None, need: Need) -> tuple[Counsel, ...]:
    """The attorneys of the facts' ``counsel`` (each missing part a placeholder); one of placeholders if none.
    An attorney of a firm named before who gives no address or telephone has the firm's (no placeholder)."""
    placeholders = {f.name: (f.placeholder_text if f.required else "") for f in COUNSEL.item_fields}
    firms: dict[str, dict[str, Any]] = {}  # firm -> the address and telephone its attorneys gave first
    out = []
    for item in list(items or []) or [None]:
        firm = same_firm(item.get("firm") or "") if item else ""
        if firm:
            known = firms.setdefault(firm, {})
            for k in _SHARED:
                if item.get(k) and k not in known:
                    known[k] = item[k]
            item = {**item, **{k: v for k, v in known.items() if not item.get(k)}}
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
    parties = [f.get(k) for k in ("applicant", "moving_party", "responding_party", "opposing_party")]
    judge = str(f.get("judge") or "") or (str(need("ASSIGNED JUDGE")) if judge_needed else "")
    return Caption(
        title=str(title).upper(),
        court=court_lines(str(f.get("court") or "")),
        counsel=counsel_of(f.get("counsel"), need),
        counsel_for=_represented(f.get("counsel_for") or party, need),
        parties=case_parties(str(f.get("case_name") or ""), [p for p in parties if p]),
        case_number=str(f.get("case_number") or ""),
        judge=judge,
        details=tuple((label, str(value)) for label, value in details),
        head=head,
    )


def letterhead(f: Mapping[str, Any], need: Need) -> Letterhead:
    """The letterhead of a letter: the first attorney's firm, address, telephone and email."""
    items = list(f.get("counsel") or [])
    item = items[0] if items else None
    firm = (str(item.get("firm")) if item and item.get("firm") else "") or str(f.get("sender_firm") or "")
    return Letterhead(firm=firm or str(need("FIRM NAME")),
                      address=address_lines(_part(item, "address", "OFFICE ADDRESS", need)),
                      phone=_part(item, "phone", "TELEPHONE", need), email=_part(item, "email", "EMAIL ADDRESS", need))
