"""Case channels: a channel bound to a matter (court, judge, docket) answers for it and fills in draft
forms.  Part of `bot.chat.service.Chat`."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Mapping, Sequence

from bot.chat import messages as M
from bot.chat.state import StateStore
from bot.chat.types import Asker
from bot.errors import RulebotError
from bot.types import Filters, judge_key

log = logging.getLogger("rulebot.chat")


class Matters:
    """A channel's matter (see the module docstring)."""

    state: StateStore

    def matter(self, asker: Asker) -> Matter | None:
        """The matter the asker's channel is bound to (`channel court=… judge=… docket=…`), if any."""
        if not asker.channel:
            return None
        return Matter.bound(self.state.binding(binding_key(asker)))

    def bind(self, asker: Asker, rest: Sequence[str]) -> str:
        """`channel` shows the binding, `channel clear` removes it, `channel court="C.D. Cal." judge="Segal"
        docket="2:26-cv-04417"` sets it; returns what to tell the admin."""
        arg = rest[0].strip() if rest else ""
        if not asker.channel:
            return M.CHANNEL_NONE
        if not arg:
            current = self.matter(asker)
            return M.CHANNEL_SHOW.format(matter=current.describe()) if current else M.CHANNEL_UNBOUND
        if arg.lower() == "clear":
            self.state.put_binding(binding_key(asker), None)
            return M.CHANNEL_CLEARED
        matter = Matter.parse(arg)
        self.state.put_binding(binding_key(asker), matter.as_dict())
        log.info("channel %s bound by %s:%s to %s", asker.channel, asker.surface, asker.user, matter.describe())
        return M.CHANNEL_BOUND.format(matter=matter.describe())

    def prefill(self, asker: Asker) -> dict[str, str]:
        """Draft form values from the channel's matter: court (in full), judge, case number."""
        matter = self.matter(asker)
        return matter.form() if matter else {}


@dataclass(frozen=True)
class Matter:
    """The case a channel is bound to.

    >>> m = Matter.parse('court="C.D. Cal." judge="Segal" docket="2:26-cv-04417"')
    >>> m.label, m.prefer.court
    ('C.D. Cal., Judge Segal, No. 2:26-cv-04417', 'C.D. Cal.')
    >>> Matter.parse("court=“N.D. Cal.”").describe()
    'court N.D. Cal.'
    """

    court: str = ""
    judge: str = ""
    docket: str = ""

    FIELDS = ("court", "judge", "docket")

    @classmethod
    def parse(cls, text: str) -> "Matter":
        import shlex

        from indexers.courts import find

        text = text.replace("\u201c", '"').replace("\u201d", '"').replace("\u2018", "'").replace("\u2019", "'")
        try:
            words = shlex.split(text)
        except ValueError:
            raise RulebotError(M.CHANNEL_USAGE) from None
        values: dict[str, str] = {}
        for word in words:
            key, eq, value = word.partition("=")
            if not eq or key.lower() not in cls.FIELDS or not value.strip():
                raise RulebotError(M.CHANNEL_USAGE)
            values[key.lower()] = value.strip()
        if "court" in values:
            court = find(values["court"])
            if court is None:
                raise RulebotError(M.CHANNEL_COURT_UNKNOWN.format(court=values["court"]))
            values["court"] = court.cite
        if "judge" in values:  # the surname as typed ("McDonald"), found by the one judge-name rule
            key = judge_key(values["judge"])
            typed = [w.strip(".,") for w in values["judge"].split() if w.strip(".,").lower() == key]
            values["judge"] = typed[-1] if typed else values["judge"]
        return cls(**values)

    @classmethod
    def of(cls, values: Mapping[str, str]) -> "Matter":
        return cls(**{k: str(values.get(k, "") or "") for k in cls.FIELDS})

    @classmethod
    def bound(cls, binding: Mapping[str, str] | None) -> "Matter | None":
        """The matter a channel's stored binding names (None when it has none)."""
        return cls.of(binding) if binding else None

    def as_dict(self) -> dict[str, str]:
        return {k: getattr(self, k) for k in self.FIELDS if getattr(self, k)}

    @property
    def prefer(self) -> Filters:
        return Filters(court=self.court, judge=self.judge)

    @property
    def label(self) -> str:
        parts = [self.court, f"Judge {self.judge}" if self.judge else "", f"No. {self.docket}" if self.docket else ""]
        return ", ".join(p for p in parts if p)

    def describe(self) -> str:
        return "; ".join(f"{k} {getattr(self, k)}" for k in self.FIELDS if getattr(self, k))

    def form(self) -> dict[str, str]:
        from indexers.courts import full_name

        out = {"court": full_name(self.court) if self.court else "", "judge": self.judge,
               "case_number": self.docket}
        return {k: v for k, v in out.items() if v}


def binding_key(asker: Asker) -> str:
    """Where the shared state keeps the binding of the asker's channel ("" when there is no channel)."""
    return f"{asker.surface}:{asker.channel}" if asker.channel else ""
