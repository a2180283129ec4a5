"""The one table of courts, used by metadata detection, query parsing, drafting and review alike.

Each `Court` has a key (``cdcal``), its full name as a filing writes it, its short
cite form (``C.D. Cal.``), its district, and the other ways people write it.
Courts not in the table but named the usual way ("District of New Jersey",
"N.D. Ill.") are recognised from the state table below, so every federal district
court has a full name and a short cite form.

>>> find("C.D. Cal.").name
'United States District Court for the Central District of California'
>>> find("cacd").cite, find("United States District Court for the Central District of California").key
('C.D. Cal.', 'cdcal')
>>> find("DISTRICT OF NEW JERSEY").cite, court_key("District of New Jersey")
('D.N.J.', 'dnj')
>>> find_in("UNITED STATES DISTRICT COURT\\nCENTRAL DISTRICT OF CALIFORNIA").cite
'C.D. Cal.'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Court:
    """One court: `key` for filtering, `name` in full, `cite` (Bluebook short form), `district`, `aliases`."""

    key: str
    name: str
    cite: str
    district: str = ""  # "Central District of California"; "" for the federal rules' "court"
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """Every way of writing this court the table knows (full name, district, cite form, aliases)."""
        return tuple(n for n in (self.name, self.district, self.cite, self.key, *self.aliases) if n)


def _district_court(region: str, state: str, cite: str, aliases: tuple[str, ...] = ()) -> Court:
    district = f"{region} District of {state}".strip()
    return Court(_flat(cite), f"United States District Court for the {district}", cite, district, aliases)


def _flat(s: str) -> str:
    return re.sub(r"[^a-z0-9]", "", s.lower())


# The courts the corpus and the templates know by name.  Add a court here (and nowhere else).
COURTS: tuple[Court, ...] = (
    _district_court("Central", "California", "C.D. Cal.", ("cd cal", "cacd", "central district")),
    _district_court("Southern", "California", "S.D. Cal.", ("sd cal", "casd")),
    _district_court("Northern", "California", "N.D. Cal.", ("nd cal", "cand")),
    _district_court("Eastern", "California", "E.D. Cal.", ("ed cal", "caed")),
    Court("federal", "United States District Courts", "Fed. R. Civ. P.", "",
          ("united states district courts", "federal", "frcp", "fed. r. civ. p.")),
)

# States and their Bluebook abbreviations, for district courts named the usual way but not in COURTS.
STATES = {
    "alabama": "Ala.", "alaska": "Alaska", "arizona": "Ariz.", "arkansas": "Ark.", "california": "Cal.",
    "colorado": "Colo.", "connecticut": "Conn.", "delaware": "Del.", "florida": "Fla.", "georgia": "Ga.",
    "hawaii": "Haw.", "idaho": "Idaho", "illinois": "Ill.", "indiana": "Ind.", "iowa": "Iowa",
    "kansas": "Kan.", "kentucky": "Ky.", "louisiana": "La.", "maine": "Me.", "maryland": "Md.",
    "massachusetts": "Mass.", "michigan": "Mich.", "minnesota": "Minn.", "mississippi": "Miss.",
    "missouri": "Mo.", "montana": "Mont.", "nebraska": "Neb.", "nevada": "Nev.", "new hampshire": "N.H.",
    "new jersey": "N.J.", "new mexico": "N.M.", "new york": "N.Y.", "north carolina": "N.C.",
    "north dakota": "N.D.", "ohio": "Ohio", "oklahoma": "Okla.", "oregon": "Or.", "pennsylvania": "Pa.",
    "rhode island": "R.I.", "south carolina": "S.C.", "south dakota": "S.D.", "tennessee": "Tenn.",
    "texas": "Tex.", "utah": "Utah", "vermont": "Vt.", "virginia": "Va.", "washington": "Wash.",
    "west virginia": "W. Va.", "wisconsin": "Wis.", "wyoming": "Wyo.", "puerto rico": "P.R.",
    "columbia": "D.C.",
}
REGIONS = ("northern", "southern", "eastern", "western", "central", "middle")
_STATE_ALT = "|".join(sorted((re.escape(s) for s in STATES), key=len, reverse=True))
_DISTRICT = re.compile(rf"\b(?:({'|'.join(REGIONS)})\s+)?district\s+of\s+({_STATE_ALT})\b", re.I)


def _from_district(region: str, state: str) -> Court:
    region, state = region.lower(), state.lower()
    if state == "columbia":
        return Court("ddc", "United States District Court for the District of Columbia", "D.D.C.",
                     "District of Columbia")
    st = STATES[state]
    d = f"{region[0].upper()}.D." if region else "D."
    cite = f"{d}{st}" if re.fullmatch(r"(?:[A-Z]\.)+", st) else f"{d} {st}"
    known = next((c for c in COURTS if c.cite == cite), None)
    return known or _district_court(region.title(), state.title(), cite)


@lru_cache(maxsize=1)
def _by_flat() -> dict[str, Court]:
    out: dict[str, Court] = {}
    for c in COURTS:
        for n in c.names:
            out.setdefault(_flat(n), c)
    return out


@lru_cache(maxsize=1)
def _cite_forms() -> dict[str, Court]:
    """Short cite forms of every district court ("C.D. Cal.", "D.N.J."), flattened -> court."""
    out = {_flat(c.cite): c for c in COURTS if c.district}
    for state in STATES:
        for region in ("",) + REGIONS:
            c = _from_district(region, state)
            out.setdefault(_flat(c.cite), c)
    return out


def find(name: str) -> Court | None:
    """The court `name` denotes (full name, district, short cite, alias, any case), or None.

    >>> find("the United States District Court for the Central District of California.").cite
    'C.D. Cal.'
    >>> find("U.S. District Court for the Southern District of California").cite
    'S.D. Cal.'
    >>> find("Superior Court of California, County of Los Angeles") is None
    True
    """
    flat = _flat(re.sub(r"^\s*the\s+", "", name or "", flags=re.I))
    if not flat:
        return None
    hit = _by_flat().get(flat) or _cite_forms().get(flat)
    if hit:
        return hit
    m = _DISTRICT.fullmatch(" ".join(re.sub(r"^(?:the\s+)?(?:(?:united\s+states|u\.?\s?s\.?)\s+district\s+court\s*"
                                            r"(?:for\s+the|,)?\s*)?",
                                            "", name.strip(" .\t\n"), flags=re.I).split()))
    return _from_district(m.group(1) or "", m.group(2)) if m else None


def find_in(text: str, *, cites: bool = True) -> Court | None:
    """The first district court a text names ("CENTRAL DISTRICT OF CALIFORNIA", "C.D. Cal. L.R. 79-5"), or None.

    With ``cites=False`` only a district written out in words counts (how a caption names its court).
    """
    best: tuple[int, Court] | None = None
    m = _DISTRICT.search(text or "")
    if m:
        best = (m.start(), _from_district(m.group(1) or "", m.group(2)))
    m = cite_pattern().search(text or "") if cites else None
    if m and (best is None or m.start() < best[0]):
        best = (m.start(), _cite_forms()[_flat(m.group(0))])
    return best[1] if best else None


def court_of(court: str) -> str | None:
    """The key of the district court a case's court names, however written ("United States District Court for the
    Central District of California, Western Division", "U.S. District Court for the ...", "C.D. Cal." -> "cdcal");
    None for a court that is not a district court (a state court): its case is another court's than the templates'.

    >>> court_of("U.S. District Court for the Central District of California"), court_of("Superior Court of California")
    ('cdcal', None)
    """
    c = find_in(court)
    return c.key if c else None


@lru_cache(maxsize=1)
def _cite_rx_source() -> str:
    """A regular expression (source) matching the short cite form of any court in the table, spaces optional."""
    forms = sorted({c.cite for c in COURTS if c.district}, key=len, reverse=True)
    parts = []
    for f in forms:
        bits = [re.escape(b.rstrip(".")) + r"\.?" for b in re.findall(r"[A-Za-z]+\.?", f)]
        parts.append(r"\s?".join(bits))
    return r"\b(?:" + "|".join(parts) + r")"


@lru_cache(maxsize=1)
def cite_pattern() -> re.Pattern[str]:
    """Matches the short cite form of a court in the table: "C.D. Cal.", "CD Cal", "N.D.Cal." (any case)."""
    return re.compile(_cite_rx_source() + r"(?!\w)", re.I)


def cite_regex() -> str:
    """`cite_pattern`'s source, to embed in a larger regular expression (compile it with re.I)."""
    return _cite_rx_source()


def court_key(court: str) -> str:
    """Normalize a court's name for filtering: 'C.D. Cal.', 'cacd', 'Central District of California' -> 'cdcal'.

    A name the table does not know is flattened (lower case, letters and digits only).
    """
    c = find(court)
    return c.key if c else _flat(court)


def full_name(court: str) -> str:
    """The court as a filing names it: 'C.D. Cal.' -> 'United States District Court for the Central District ...'.

    A court the table does not know is returned as written, without a leading "the" or a closing period.
    """
    c = find(court)
    if c and c.district:
        return c.name
    s = " ".join((court or "").split())
    s = re.sub(r"^the\s+", "", s, flags=re.I)
    return re.sub(r"(?<![A-Z])\.$", "", s) if not re.search(r"\b[A-Z][a-z]{0,4}\.$", s) else s


def short_cite(court: str) -> str:
    """The short cite form ('C.D. Cal.'), or "" when the court is not recognised."""
    c = find(court)
    return c.cite if c and c.district else ""
