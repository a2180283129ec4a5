"""Drafting and review in chat: the kinds a user can name, a submitted form's facts, the draft with its
Word file, and the review of a shared document.  Part of `bot.chat.service.Chat`."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Mapping

from bot.chat import messages as M
from bot.chat.lanes import FairLane
from bot.chat.steps import task
from bot.chat.types import Asker, DraftView, Reply
from bot.errors import RulebotError
from bot.settings import Settings

if TYPE_CHECKING:
    from bot.chat.service import Engine

log = logging.getLogger("rulebot.chat")


@dataclass(frozen=True)
class Drafting:
    """The drafting step: kinds by name, `parse_form(kind_name, {field: text}) -> facts`,
    `compose(kind_name, facts, engine) -> Draft` and `to_docx(draft) -> bytes`."""

    kinds: Mapping[str, Any]
    parse_form: Callable[[str, Mapping[str, str]], Any]
    compose: Callable[..., Any]
    to_docx: Callable[[Any], bytes]

    @classmethod
    def default(cls, settings: Settings) -> "Drafting":
        from bot.draft import compose, docx, facts, kinds

        return cls(kinds=dict(kinds.KINDS), parse_form=facts.from_form, compose=compose.drafter(settings),
                   to_docx=docx.exporter(settings))


REVIEW_WORDS = re.compile(r"\b(review|check|look (?:at|over)|proof ?read|flag)\b", re.I)

def wants_review(text: str) -> bool:
    """Whether a message that carries a file asks for it to be reviewed ("review this", "can you check
    this PO?", or nothing but the file).

    >>> wants_review("review this"), wants_review(""), wants_review("what does rule 26(c) say?")
    (True, True, False)
    """
    return not text.strip() or bool(REVIEW_WORDS.search(text))


class Drafts:
    """Drafts and reviews (see the module docstring)."""

    settings: Settings
    engine: "Engine"
    drafting: Drafting
    review_workers: FairLane

    def find_kind(self, wanted: str) -> str | None:
        """The draft kind a user names (see `find_kind`)."""
        return find_kind(self.drafting.kinds, wanted)

    def draft_usage(self) -> str:
        names = list(self.drafting.kinds)
        return M.DRAFT_USAGE.format(kinds=", ".join(f"`{n}`" for n in names),
                                    example=names[0] if names else "good-cause")

    def check_form(self, kind_name: str, form: Mapping[str, str]) -> tuple[Any, dict[str, str]]:
        """The facts a submitted form holds, or the errors to show on the form: {field: message}.
        Facts left out are not errors: the draft marks them as placeholders."""
        kind = self.drafting.kinds[kind_name]
        try:
            return self.drafting.parse_form(kind_name, form), {}
        except RulebotError as e:  # the facts do not fit the kind: say so on the form
            first = kind.fields[0].name if getattr(kind, "fields", ()) else "form"
            return None, {first: str(e)}

    def draft(self, asker: Asker, kind_name: str, facts: Any, reply: Reply) -> None:
        """Compose a draft from checked facts and hand it, with its Word file, to the reply."""
        def work() -> None:
            kind = self.drafting.kinds[kind_name]
            title = getattr(kind, "title", "") or kind_name
            made: list = []  # composing checks every citation against the index (bot.draft.verify)
            with task(reply, "compose", M.TASK_COMPOSE.format(title=title.lower()),
                      done=lambda: M.TASK_VERIFIED.format(n=len(getattr(made[0], "citations", ())) if made else 0)):
                made.append(self.drafting.compose(kind_name, facts, self.engine))
            draft = made[0]
            with task(reply, "word", M.TASK_WORD):
                docx = self.drafting.to_docx(draft)
            title = getattr(draft, "title", "") or title
            reply.draft(DraftView(draft, title=title, filename=f"{kind_name}-draft.docx", docx=docx))

        self.guard("draft", reply, work, apology=M.DRAFT_APOLOGY)

    def review(self, asker: Asker, name: str, fetch: Callable[[int], bytes], reply: Reply, *, size: int = 0,
               kind: str = "protective-order") -> None:
        """Review a shared document as `rulebot check` does (the same reader and the same findings), within
        the ingestion budgets (the check too: `RULEBOT_DOCUMENT_SECONDS`); nothing of it is kept.  `fetch(max_bytes)`
        downloads it with the surface's own credentials; `size` is what the platform says it weighs (a larger file is
        not fetched).  Surfaces run it on the review lane (`bot.chat.steps.REVIEWS`), never the answer workers."""
        limit = self.settings.max_document_bytes

        def work() -> None:
            from bot.draft.read import checked, document_text
            from bot.draft.review import supported
            from bot.draft.verify import Corpus

            self.review_workers.pass_turn()  # another user waiting goes first: one file at a time each
            if size > limit:
                reply.notice(M.REVIEW_TOO_LARGE.format(name=name, size=size, limit=limit))
                return
            try:
                with task(reply, "fetch", M.TASK_FETCH.format(name=name)):
                    data = fetch(limit)
            except RulebotError as e:
                reply.notice(M.REVIEW_FETCH.format(name=name, reason=e))
                return
            with task(reply, "read", M.TASK_READ.format(name=name)):
                text = document_text(data, name, budgets=self.settings.budgets)
            found: list = []  # checked in a reading child: a large text's check would hold this process
            with task(reply, "check", M.TASK_CHECK, done=lambda: M.TASK_FINDINGS.format(n=len(found))):
                found.extend(supported(checked(kind, text, name, budgets=self.settings.budgets), Corpus(self.engine)))
            findings = found
            log.info("reviewed a %d-byte file for %s:%s: %d finding(s)", len(data), asker.surface, asker.user,
                     len(findings))
            reply.findings(name, findings)

        self.guard("review", reply, work)


def _slug(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")

def find_kind(kinds: Mapping[str, Any], wanted: str) -> str | None:
    """The draft kind a user names ("good cause", "Good-Cause statement", "meet and confer"): names and
    titles compared as slugs, a prefix either way matching.

    >>> find_kind({"good-cause": None, "meet-and-confer": None}, "good cause statement")
    'good-cause'
    """
    slug = _slug(wanted)
    if not slug:
        return None
    for name, kind in kinds.items():
        names = {_slug(name), _slug(getattr(kind, "title", "") or "")}
        if slug in names or any(n and (slug.startswith(n) or n.startswith(slug)) for n in names):
            return name
    return None
