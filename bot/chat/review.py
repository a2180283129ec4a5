"""Feedback that teaches, in chat: what a 👎 says was wrong, and the administrators' review and verification.
Part of `bot.chat.service.Chat`.

- `downvoted_view`: after a 👎, the answer's nearest passages to choose from (a surface offers them with a reason
  box: Slack's follow-up; Teams' own feedback form takes the reason, and a pin cite written in it is kept);
- `explain`: the reason and the passage the user chose or typed, kept with the vote (`bot.admin.verified.VoteNote`);
- `review_view` and the admin commands ``feedback`` (the 👎 awaiting review, the verified answers a reindex
  suspended) and ``feedback verify ID PIN_CITE`` (`bot.admin.review.verify`), admins only through the chain.
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Callable

from bot.admin import review as R
from bot.admin.feedback import FeedbackSink
from bot.admin.verified import VerifiedSink
from bot.chat import messages as M
from bot.chat.steps import ADMIN, Request
from bot.chat.types import Asker, Downvoted, PassageChoice, Reply, ReviewView
from bot.chat.workers import AnswerCache
from bot.errors import RulebotError
from bot.settings import Settings
from bot.types import Answer

if TYPE_CHECKING:
    from bot.chat.service import Engine

log = logging.getLogger("rulebot.chat")

MAX_CHOICES = 8  # passages offered after a 👎
MAX_AWAITING = 10  # 👎 listed for review in chat (the CLI lists them all)


class Reviews:
    """Reasons for 👎 and their review (see the module docstring)."""

    settings: Settings
    engine: "Engine"
    feedback: FeedbackSink
    verified: VerifiedSink
    answers: AnswerCache[Answer]

    def _served(self) -> Any:
        """The served index, or None when it cannot be read (then pin cites are kept as typed)."""
        try:
            return self.engine.index()
        except Exception as e:  # no index yet, or the store is unreachable
            log.info("reviewing without the served index: %s", e)
            return None

    def downvoted_view(self, vote_id: int | str, key: str, thanks: str) -> Downvoted:
        """The thanks for a 👎 and the passages of the answer (quoted, "See also", or nearest) to choose from."""
        answer = self.answers.get(key) if key else None
        cited = (answer.citations + answer.see_also + answer.nearest) if answer else ()
        choices = tuple(dict.fromkeys(PassageChoice(c.passage.id, c.cite) for c in cited))[:MAX_CHOICES]
        return Downvoted(str(vote_id), thanks, choices)

    def note_comment(self, asker: Asker, vote_id: int | str, comment: str) -> None:
        """A 👎 sent with a comment (Teams' feedback form): the comment is the reason, and a rule it names that the
        index holds is taken as the passage that should have answered.  Best effort: the vote is already kept."""
        idx = self._served()
        found = R.suggested_in(comment, idx) if idx is not None else None
        if found is None:
            return
        try:
            self.verified.note(R.note_from(str(vote_id), comment, found.id, idx, user=asker.user))
        except Exception:
            log.warning("could not keep the passage named with vote %s", vote_id, exc_info=True)

    def explain(self, asker: Asker, vote_id: str, reason: str, pin: str, reply: Reply) -> None:
        """Keep what the user said was wrong with their 👎 `vote_id`: `reason`, and `pin` (a passage id chosen from
        those offered, or a pin cite typed) when the served index holds it."""
        def work() -> None:
            try:
                vote = R.find_vote(self.feedback.all(), vote_id)
            except RulebotError:
                vote = {}
            if not vote or str(vote.get("user", "")) != asker.user or vote.get("source") != asker.surface:
                reply.notice(M.REASON_NOT_YOURS)
                return
            note = R.note_from(vote_id, reason, pin, self._served(), user=asker.user)
            self.verified.note(note)
            log.info("reason recorded for vote %s from %s:%s", vote_id, asker.surface, asker.user)
            reply.notice(M.REASON_PIN_UNKNOWN.format(pin=pin.strip()) if pin.strip() and not note.cite
                         else M.REASON_THANKS)

        self.guard("feedback", reply, work)

    def review_of(self, vote_id: str) -> R.Review | None:
        """One vote as an administrator reviews it (its note; verified state unchecked), None when unknown."""
        rows = R.reviews(self.feedback.all(), self.verified.notes(), (), None)
        return next((r for r in rows if r.id == str(vote_id)), None)

    def review_view(self) -> ReviewView:
        """The 👎 awaiting review (newest first) and the verified answers a reindex suspended."""
        idx = self._served()
        current = self.verified.current()
        rows = R.reviews(self.feedback.all(), self.verified.notes(), current, idx)
        awaiting = [r for r in rows if r.state == R.AWAITING]
        return ReviewView(awaiting=tuple(reversed(awaiting[-MAX_AWAITING:])), total=len(awaiting),
                          suspended=tuple(R.suspended(current, idx)) if idx is not None else ())

    # -- admin commands (`bot.chat.admin`): "feedback" and "feedback verify ID PIN_CITE"

    def _feedback_job(self, asker: Asker, reply: Reply, text: str) -> None:
        words = text.split(None, 3)  # "feedback", "verify", ID, PIN_CITE
        if len(words) == 1:
            self.guard("feedback", reply, lambda: reply.reviews(self.review_view()))
        elif len(words) == 4 and words[1].lower() == "verify":
            self.verify_vote(asker, words[2], words[3], reply)
        else:
            reply.notice(M.FEEDBACK_USAGE)

    def verify_vote(self, asker: Asker, vote_id: str, pin: str, reply: Reply, *,
                    done: Callable[[], Any] | None = None) -> None:
        """Verify (admins only) that the passage `pin` names answers vote `vote_id`'s question (`R.verify`): from
        then on a question close to it cites that passage first."""
        def work() -> None:
            try:
                idx = self.engine.index()
                at = datetime.now(timezone.utc).isoformat(timespec="seconds")
                v = R.verify(idx, self.feedback.all(), self.verified, vote_id, pin, by=asker.label, at=at,
                             firm=self.settings.firm_eval)
                log.info("verified answer %s for vote %s by %s:%s", v.id, vote_id, asker.surface, asker.user)
                reply.notice(M.VERIFIED_CHAT.format(by=v.by, question=v.question,
                                                    cite=R.pin_label(idx.passages, idx.by_id[v.passage_id])))
            finally:
                if done is not None:
                    done()

        self.handle(Request("verify", reply, asker, admin=True, queue=ADMIN, size=len(pin)), work)
