"""Answers in chat: a question (with its thread's earlier questions as context), the passages behind
citations, the answer kept for paging and feedback, and votes on it.  Part of `bot.chat.service.Chat`.

What a question asks of the shared state is two calls (two Redis round trips): as it arrives (`question`: claimed,
admitted, remembered, its thread's earlier questions and its channel's matter read), and once it is answered
(`keep`: the answer kept for votes, its ticket released)."""

from __future__ import annotations

import logging
import secrets
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Callable, Sequence

from bot.admin.feedback import Feedback, FeedbackSink, ServedAnswer
from bot.chat import messages as M
from bot.chat.matters import Matter, binding_key
from bot.chat.state import Memory, StateStore
from bot.chat.suggest import Indexed, indexed
from bot.chat.types import AnswerView, Asker, Downvoted, History, Reply, Thread
from bot.chat.steps import Arrival, Request, task
from bot.chat.workers import AnswerCache
from bot.settings import Settings
from bot.types import Answer

if TYPE_CHECKING:
    from bot.chat.service import Engine

log = logging.getLogger("rulebot.chat")

RECENT_SECONDS = 30 * 24 * 3600.0  # a user's last questions are kept this long (App Home lists them)
RECENT_KEEP = 5
VERDICTS = ("up", "down")
MAX_HISTORY = 3
MAX_COMMENT = 2000  # characters of a feedback comment kept


class Answers:
    """Questions, passages and votes (see the module docstring)."""

    settings: Settings
    engine: "Engine"
    state: StateStore
    feedback: FeedbackSink
    answers: AnswerCache[Answer]
    _indexed: tuple[str, Indexed] | None
    note_comment: Callable[[Asker, int | str, str], None]  # bot.chat.review
    downvoted_view: Callable[[int | str, str, str], Downvoted]
    matter: Callable[[Asker], Matter | None]  # bot.chat.matters

    def question(self, asker: Asker, text: str, reply: Reply, *, thread: Thread | None = None,
                 history: History | None = None, delivery: tuple[str, ...] = ()) -> tuple[Request, Callable[[], Any]]:
        """A question from a surface, as `handle` takes it: the request (with its `delivery` ids, and the `arrival`
        its admission also makes: one call to the shared state) and its work (`ask`).

            chat.handle(*chat.question(asker, text, reply, thread=thread, delivery=(f"slack:event:{event_id}",)))
        """
        question = text.strip()
        arrival = self.arrival(asker, question, thread) if question else Arrival()
        return (Request("answer", reply, asker, delivery=delivery, arrival=arrival),
                lambda: self.ask(asker, question, reply, thread=thread, history=history, arrival=arrival))

    def arrival(self, asker: Asker, question: str, thread: Thread | None) -> Arrival:
        """What answering `question` asks of the shared state: remember it (in its thread, and as the asker's) and
        read the thread's earlier questions and the channel's matter."""
        recent = min(RECENT_SECONDS, self.settings.text_days * 86400)  # no longer than the retention
        memories = [Memory(_user_key(asker), question, recent, RECENT_KEEP)]
        if thread is not None:
            memories.insert(0, Memory(thread.key, question, self.settings.thread_window, MAX_HISTORY))
        channel = binding_key(asker)
        return Arrival(memories, (channel,) if channel else ())

    def noted(self, asker: Asker, question: str, thread: Thread | None, arrival: Arrival | None = None
              ) -> tuple[tuple[str, ...], Matter | None]:
        """The thread's earlier questions and the channel's matter, `question` remembered: as its `arrival` recalled
        them with its admission, else in one call to the shared state of its own (one Redis round trip)."""
        got = arrival.recalled if arrival is not None else None
        if got is None:
            asked = self.arrival(asker, question, thread)
            got = self.state.remember_all(asked.memories, bindings=asked.bindings)
        remembered = got.earlier.get(thread.key, ()) if thread is not None else ()
        return remembered, Matter.bound(got.bindings.get(binding_key(asker)))

    def earlier(self, thread: Thread | None, remembered: tuple[str, ...], history: History | None = None
                ) -> tuple[str, ...]:
        """A follow-up's context: the thread's `remembered` questions, else the surface's own record."""
        if thread is None or not thread.follow_up:
            return ()
        if remembered or history is None:
            return remembered[-MAX_HISTORY:]
        try:
            return tuple(history())[-MAX_HISTORY:]
        except Exception as e:  # the surface could not read the thread: answer without context
            log.info("no thread history for %s: %s", thread.key, e)
            return ()

    def ask(self, asker: Asker, text: str, reply: Reply, *, thread: Thread | None = None,
            history: History | None = None, arrival: Arrival | None = None) -> Answer | None:
        """Answer `text` (with the thread's earlier questions as context) and remember it for votes and
        follow-ups.  Returns the answer (None when it failed; the user has been told).  With the question's
        `arrival` (`question`), what it recalled is used and its ticket released with the answer kept."""
        question = text.strip()
        done: list[Answer] = []

        def work() -> None:
            if not question:
                reply.notice(M.EMPTY_QUESTION)
                return
            remembered, matter = self.noted(asker, question, thread, arrival)
            context = self.earlier(thread, remembered, history)
            if self.settings.llm:  # a model writes it: seconds, so say what is happening
                with task(reply, "answer", M.TASK_ANSWER), task(reply, "check", M.TASK_ANSWER_CHECK):
                    answer = self._answer(question, context, matter=matter)
            else:
                answer = self._answer(question, context, matter=matter)
            view = AnswerView(answer, secrets.token_hex(6))
            done.append(answer)
            place = getattr(reply, "place", None)  # a surface that learns where it showed the answer (`Places`)
            if place is None:
                self.keep(answer, asker, arrival, key=view.key)
                reply.answer(view)
            else:  # kept once shown, with where: one call still
                self.answers.put(view.key, answer)  # its buttons work from the moment it is shown
                self.keep(answer, asker, arrival, key=view.key, notes=tuple(place(view) or ()))

        self.guard("answer", reply, work)
        return done[0] if done else None

    def _answer(self, question: str, context: tuple[str, ...] = (), *, matter: Matter | None) -> Answer:
        """The engine's answer, for the channel's `matter` when it is bound to one (preferred court and judge,
        named in the answer).  Who asked and where reach the audit record through the chain (`steps.audited`)."""
        if matter is None:
            return self.engine.answer(question, history=context)
        return replace(self.engine.answer(question, history=context, prefer=matter.prefer), context=matter.label)

    def search_cited(self, asker: Asker, text: str, reply: Reply) -> Answer | None:
        """Answer `text` for a search box (Teams' compose box), returning the answer instead of showing it:
        not remembered as a question of a thread or of the user.  A failure reaches `reply.notice`; None then."""
        question = text.strip()
        if not question:
            self._quietly("search", lambda: reply.notice(M.EMPTY_QUESTION))
            return None
        done: list[Answer] = []
        self.guard("search", reply, lambda: done.append(self._answer(question, matter=self.matter(asker))))
        return done[0] if done else None

    def indexed(self) -> Indexed:
        """What is indexed (documents by type, with dates), for greetings, prompts and App Home: read from
        the passages once per index version, not on every event; empty when the index cannot be read."""
        try:
            status = self.engine.status()
            version = str(status.get("version") or "")
            cached = self._indexed
            if cached is None or cached[0] != version:
                cached = self._indexed = (version, indexed(status, self.engine.passages()))
            return cached[1]
        except Exception as e:  # no index yet, or the store is unreachable: say nothing is indexed
            log.warning("could not read what is indexed: %s", e)
            return Indexed(())

    def recent(self, asker: Asker) -> tuple[str, ...]:
        """The asker's own last questions, newest first (App Home, suggestions)."""
        return tuple(reversed(self.state.earlier(_user_key(asker))))

    def keep(self, answer: Answer, asker: Asker, arrival: Arrival | None = None, *, key: str = "",
             notes: Sequence[Memory] = ()) -> str:
        """Remember a served answer (memory for paging, the feedback store for votes) under `key` (a new one when
        not given), and `notes` on where it was shown (`Places`); returns its key.  With the question's `arrival`,
        its ticket is released now (the engine is done with it), and in Redis in the same round trip as the answer
        kept for votes and the notes (`StateStore.finish`, writing what the feedback store says it keeps:
        `FeedbackSink.entry`)."""
        key = key or secrets.token_hex(6)
        self.answers.put(key, answer)
        served = ServedAnswer(key=key, source=asker.surface, user=asker.user, question=answer.question,
                              answer=answer.text, citations=tuple(c.cite for c in answer.citations))
        noted = False
        try:
            entry = self.feedback.entry(served)
            ticket = arrival.take_ticket() if arrival is not None else None
            if ticket is not None:
                noted = True  # `finish` remembers them, whatever becomes of the answer it keeps
                if self.state.finish(ticket, kept=entry, memories=notes):
                    return key
            self.feedback.remember(served)
        except Exception:  # the answer is still shown; only a later vote on it would lack its text
            log.warning("could not remember answer %s for feedback", key, exc_info=True)
        for m in notes if not noted else ():
            self.state.remember(m.thread, m.question, window=m.window, keep=m.keep)
        return key

    def recall(self, key: str, asker: Asker | None = None) -> Answer | None:
        """The answer behind a button: from memory, else asked again from the stored question (for the
        asker's channel and its matter, with an audit record, when `asker` is given)."""
        answer = self.answers.get(key)
        if answer is not None:
            return answer
        served = self.feedback.recall(key) if key else None
        if served is None or not served.question:  # unknown, or kept only as a hash: it cannot be asked again
            return None
        answer = self._answer(served.question, matter=self.matter(asker)) if asker else \
            self.engine.answer(served.question)
        self.answers.put(key, answer)
        return answer

    def show_answer(self, key: str, reply: Reply) -> None:
        """Show a served answer again (Slack's "show more" and "share"; Teams' full answer)."""
        def work() -> None:
            answer = self.recall(key)
            if answer is None:
                reply.notice(M.ANSWER_EXPIRED)
            else:
                reply.answer(AnswerView(answer, key))

        self.guard("show answer", reply, work)

    def passage(self, passage_ids: Sequence[str], reply: Reply) -> None:
        """Show the full passages behind citations."""
        def work() -> None:
            for pid in list(passage_ids)[:20]:
                found = self.engine.passage(pid) if pid else None
                if found is None:
                    reply.notice(M.PASSAGE_GONE)
                else:
                    reply.passage(found)

        self.guard("show passage", reply, work)

    def vote(self, asker: Asker, key: str, verdict: str, reply: Reply, *, question: str = "",
             comment: str = "") -> None:
        """Record 👍/👎 on a served answer, with the user's `comment` when there is one (Teams' feedback form);
        the thanks is only said once the vote is stored, and a 👎 offers to say what was wrong (`bot.chat.review`).
        When the served answer is no longer known, a vote that carries its `question` is still recorded."""
        def work() -> None:
            if verdict not in VERDICTS:
                reply.notice(M.UNKNOWN_ACTION)
                return
            served = self.feedback.recall(key) if key else None
            if served is None and question:
                served = ServedAnswer(key=key, source=asker.surface, user="", question=question, answer="",
                                      citations=())
            if served is None:
                reply.notice(M.ANSWER_EXPIRED)
                return
            vote_id = self.feedback.record(Feedback(source=asker.surface, user=asker.user, question=served.question,
                                                    answer=served.answer, citations=served.citations, verdict=verdict,
                                                    answer_key=served.key, comment=comment.strip()[:MAX_COMMENT],
                                                    question_sha256=served.question_sha256))
            log.info("feedback %s from %s:%s on %s", verdict, asker.surface, asker.user, key)
            if verdict != "down":
                reply.notice(M.FEEDBACK_THANKS[verdict])
                return
            if comment.strip():
                self.note_comment(asker, vote_id, comment)
            reply.downvoted(self.downvoted_view(vote_id, served.key, M.FEEDBACK_THANKS[verdict]))

        self.guard("feedback", reply, work)


def _user_key(asker: Asker) -> str:
    return f"user:{asker.surface}:{asker.user}"
