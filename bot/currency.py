"""Currency step: how current the text behind a citation is.

Every citation states its document's date: an order's decision date, or the date rules are
"as amended to".  A document's metadata may list amendments known to postdate its text
(`DocMeta.superseded_parts`, carried by each `Passage` as `superseded`); a citation whose pin
is such a part, or inside it, gets a warning.  Pure: no I/O, used by every surface alike.

>>> from bot.types import Amendment, Citation, Passage
>>> p = Passage(id="x", doc_id="frcp", cite="Fed. R. Civ. P. 26(f)(3)", section="26(f)(3)", text="...",
...             date="2022-12-01", date_kind="as_amended_to", superseded=(Amendment("26(f)", "2025-12-01"),))
>>> cur = currency(Citation(1, p, "..."))
>>> cur.label, cur.notice
('as amended to Dec. 1, 2022', 'This text predates the amendment of Dec. 1, 2025; check the current rule.')
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from indexers.detect import display_date
from indexers.types import Amendment, Passage

if TYPE_CHECKING:  # bot.types uses this module for `Citation.as_dict`
    from bot.types import Citation

# What the user reads (one place, worded for a lawyer).
AS_AMENDED_TO = "as amended to {date}"
DATED = "dated {date}"
DATE_UNKNOWN = "date unknown"
PREDATES = "this text predates the amendment of {dates}; check the current rule"
PREDATES_MANY = "this text predates the amendments of {dates}; check the current rule"


@dataclass(frozen=True)
class Currency:
    """How current a citation's text is.

    `as_of` is the ISO date ("" when unknown) and `kind` its meaning (``as_amended_to`` |
    ``date``; "" when the index did not record it); `label` says it in words; `warning` is ""
    unless later amendments (`amendments`) touch the cited part.
    """

    as_of: str
    kind: str
    label: str
    warning: str = ""
    amendments: tuple[Amendment, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """The fields a citation adds to `--json` (see `Citation.as_dict`)."""
        return {"as_of": self.as_of or None, "as_of_kind": self.kind or None, "as_of_label": self.label,
                "currency_warning": self.warning or None,
                "superseded_by": [a.as_dict() for a in self.amendments]}

    def beside(self, cite: str) -> str:
        """The label to print beside `cite`: "" when the cite already names the document's date (a case's
        "(S.D. Cal. June 26, 2020)"), so the date is said once; an "as amended to" date is always said.

        >>> cur = Currency("2020-06-26", "date", "dated June 26, 2020")
        >>> cur.beside("Al Otro Lado, Inc. v. Wolf, No. 3:17-cv-2366 (S.D. Cal. June 26, 2020), § II.A"), cur.beside("Order § 3")
        ('', 'dated June 26, 2020')
        """
        named = display_date(self.as_of) if self.as_of else ""
        return "" if named and self.kind != "as_amended_to" and named in cite else self.label

    @property
    def notice(self) -> str:
        """The warning as a sentence, as the surfaces show it ("" when there is none)."""
        return f"{self.warning[0].upper()}{self.warning[1:]}." if self.warning else ""


def _iso(value: str) -> str:
    value = (value or "").strip()
    return value if value and value != "unknown" and display_date(value) != value else ""


def as_of_label(date: str, kind: str) -> str:
    """The document's date in words.

    >>> as_of_label("2022-12-01", "as_amended_to"), as_of_label("2020-06-26", "date")
    ('as amended to Dec. 1, 2022', 'dated June 26, 2020')
    >>> as_of_label("unknown", "date"), as_of_label("2020-06-26", "")
    ('date unknown', 'June 26, 2020')
    """
    iso = _iso(date)
    if not iso:
        return DATE_UNKNOWN
    shown = display_date(iso)
    if kind == "as_amended_to":
        return AS_AMENDED_TO.format(date=shown)
    if kind == "date":
        return DATED.format(date=shown)
    return shown  # an index built before the kind of date was stored


def within(pin: str, part: str) -> bool:
    """`pin` is `part` or a subdivision of it: 26(f)(3) within 26(f); 37-1.2 within 37-1; not 26 within 2.

    >>> within("26(f)", "26(f)"), within("26(f)(3)(D)", "26(f)"), within("26(b)(1)", "26(f)"), within("2", "26")
    (True, True, False, False)
    >>> within("6(a)", "6(a)(6)"), within("216(b)", "16(b)")
    (False, False)
    """
    pin, part = pin.strip(), part.strip()
    if not pin or not part:
        return False
    return pin == part or (pin.startswith(part) and pin[len(part)] in "(.,- ")


def pin_section(c: Citation) -> str:
    """The citation's pin without the document's citation stem: `26(f)(3)` for `Fed. R. Civ. P. 26(f)(3)`
    (the deeper pin when the quote is one item of its passage)."""
    p = c.passage
    if p.section and p.cite.endswith(p.section):
        stem = p.cite[: len(p.cite) - len(p.section)]
        if c.cite.startswith(stem):
            return c.cite[len(stem):].strip(" ,")
    return p.section


def superseding(c: Citation) -> tuple[Amendment, ...]:
    """The amendments listed for the cited document whose part is the citation's pin or contains it."""
    pin = pin_section(c)
    return tuple(a for a in c.passage.superseded if within(pin, a.part))


def warning(amendments: tuple[Amendment, ...]) -> str:
    """The warning for these amendments ("" for none); several dates are named in order.

    >>> warning((Amendment("16(b)", "2025-12-01"), Amendment("16", "2023-12-01")))
    'this text predates the amendments of Dec. 1, 2023 and Dec. 1, 2025; check the current rule'
    """
    dates = sorted({a.effective for a in amendments})
    if not dates:
        return ""
    shown = [display_date(d) for d in dates]
    if len(shown) == 1:
        return PREDATES.format(dates=shown[0])
    return PREDATES_MANY.format(dates=", ".join(shown[:-1]) + " and " + shown[-1])


def passage_currency(p: Passage) -> Currency:
    """A passage's date without a pin (no warning: that needs the citation's pin)."""
    return Currency(as_of=_iso(p.date), kind=p.date_kind, label=as_of_label(p.date, p.date_kind))


def currency(c: Citation) -> Currency:
    """The currency of citation `c`: its document's date and any warning (see the module doc)."""
    base = passage_currency(c.passage)
    found = superseding(c)
    return Currency(as_of=base.as_of, kind=base.kind, label=base.label, warning=warning(found), amendments=found)
