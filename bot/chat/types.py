"""The small values the chat service takes and returns: never a Slack or Teams payload.

An adapter turns its payload into an `Asker` (who, where) and a `Thread`
(the conversation thread the question belongs to), calls the service, and
renders what reaches its `Reply`: an `AnswerView`, a notice, a passage, a
`DraftView`, an index status, or the one progress line of an admin job.

>>> Thread.of("slack", "C1", "1.0").key
'slack:C1:1.0'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Mapping, Protocol, Sequence

from bot.admin.review import Review
from bot.answering.verified import VerifiedAnswer
from bot.types import Answer, Passage

if TYPE_CHECKING:
    from bot.chat.state import Memory


@dataclass(frozen=True)
class Asker:
    """Who asked, from where: `surface` ("slack", "teams"), the user's id on it (what `settings.admins`
    lists), the channel or conversation, and how to name the user in a message (`mention`)."""

    surface: str
    user: str
    channel: str = ""
    mention: str = ""

    @property
    def label(self) -> str:
        return self.mention or self.user


@dataclass(frozen=True)
class Thread:
    """The conversation thread a message belongs to; `follow_up` when it continues an earlier question."""

    key: str
    follow_up: bool = False

    @classmethod
    def of(cls, surface: str, channel: str, thread: str, *, follow_up: bool = False) -> "Thread":
        return cls(f"{surface}:{channel}:{thread}", follow_up)


@dataclass(frozen=True)
class SharedFile:
    """A file attached to a message, as the platform describes it: what the bot may download to review
    (Slack: `url_private_download`, fetched with the bot token; Teams: the download info's `downloadUrl`)."""

    name: str
    url: str
    size: int = 0
    mimetype: str = ""


@dataclass(frozen=True)
class AnswerView:
    """An answer to show, with the `key` its buttons carry (votes, show more, share)."""

    answer: Answer
    key: str


@dataclass(frozen=True)
class DraftView:
    """A composed draft, its title, and its Word file."""

    draft: Any
    title: str
    filename: str
    docx: bytes


@dataclass(frozen=True)
class PassageChoice:
    """A passage offered to choose from: its id in the served index, and how it is named (its pin cite)."""

    id: str
    label: str


@dataclass(frozen=True)
class Downvoted:
    """A 👎 recorded (vote `vote_id`): the thanks, and the answer's nearest passages a surface may offer the user
    to say which should have answered (with a reason: `Chat.explain`)."""

    vote_id: str
    thanks: str
    choices: tuple[PassageChoice, ...] = ()


@dataclass(frozen=True)
class ReviewView:
    """For administrators: the 👎 awaiting review (newest first; `total` in all), and the verified answers a
    reindex suspended, each with why (`bot.answering.verified.CHANGED` or `REMOVED`)."""

    awaiting: tuple[Review, ...] = ()
    total: int = 0
    suspended: tuple[tuple[VerifiedAnswer, str], ...] = ()


class Reply(Protocol):
    """How the service answers, implemented by each surface (Block Kit or Adaptive Cards, then send).

    Calls come from the service's worker threads; `progress` posts ONE message the first time and
    updates it in place afterwards."""

    def answer(self, view: AnswerView) -> None: ...

    def notice(self, text: str) -> None: ...

    def passage(self, passage: Passage) -> None: ...

    def draft(self, view: DraftView) -> None: ...

    def status(self, status: Mapping[str, Any]) -> None: ...

    def progress(self, text: str) -> None: ...

    def findings(self, name: str, findings: Sequence[Any]) -> None:
        """A reviewed document's findings (`bot.draft.types.Finding`), each with its passage and pin cite."""
        ...

    def downvoted(self, view: Downvoted) -> None:
        """Thank the user for a 👎 and offer to say what was wrong (a reason, the passage that should have answered);
        a surface whose own feedback form already asked (Teams') only thanks."""
        ...

    def reviews(self, view: ReviewView) -> None:
        """For an administrator: the 👎 awaiting review, each with a way to verify the passage that answers it,
        and the verified answers to verify again."""
        ...

    def task(self, key: str, title: str, status: str, details: str = "") -> None:
        """What slow work is doing ("Reading the order", "Checking 6 citations"): `status` is one of `TASK_STATES`.
        A surface that can stream shows it as it happens (Slack's task updates, Teams' informative updates) and
        ends it with the result; one that cannot ignores it.  Only what work is being done is streamed, never
        text that has not passed verification."""
        ...


class Places(Protocol):
    """A `Reply` that learns where it showed an answer, and says what to remember about it (Teams: which message
    holds which answer, for a vote that names only the message).  The service then keeps the answer once it is
    shown, with those notes, in the one call that ends the question (`StateStore.finish`): one Redis round trip,
    not two.  Any other reply is shown the answer after it is kept (`Reply.answer`)."""

    def place(self, view: AnswerView) -> Sequence[Memory]:
        """Show the answer as `Reply.answer` does; return what to remember about where it is (`()`: nothing)."""
        ...


TASK_STATES = ("in_progress", "complete", "error")


History = Callable[[], tuple[str, ...]]  # a surface's own record of a thread's earlier questions
