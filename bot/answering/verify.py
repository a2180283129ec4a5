"""Verify step: nothing reaches a user unless the corpus backs it.

`verify_citations` re-checks every citation of an answer against the served
index (the passage exists there with the same text, and the quote appears in it
verbatim) and drops what fails, with a flag.  `check_llm_text` checks free text
written by a model: every `[n]` must name a retrieved passage and every quoted
span must appear verbatim in a passage that sentence cites; sentences that fail
are removed and flagged.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot import messages
from bot.types import Answer, Citation, Passage
from indexers.verbatim import EXACT, verbatim

_MARK = re.compile(r"\[(\d{1,3})\]")
_QUOTE = re.compile(r"[“\"]([^”\"]{8,})[”\"]")


def quote_in(quote: str, text: str) -> bool:
    """True when `quote` appears verbatim in `text`: the one definition (indexers/verbatim.py), in the mode for
    answers (EXACT: typography aside, nothing left out or changed)."""
    return verbatim(quote, text, EXACT)


def verify_citations(answer: Answer, lookup) -> Answer:
    """Keep only citations (and "See also" passages) whose passage is served (`lookup(id) -> Passage|None`)
    and quoted verbatim."""
    flags = list(answer.flags)
    kept = _verified(answer.citations, lookup, flags)
    also = _verified(answer.see_also, lookup, flags)
    if len(kept) == len(answer.citations) and len(also) == len(answer.see_also):
        return answer if flags == list(answer.flags) else replace(answer, flags=tuple(flags))
    return replace(answer, citations=tuple(kept), see_also=tuple(also), flags=tuple(flags))


def _verified(citations, lookup, flags: list[str]) -> list[Citation]:
    kept: list[Citation] = []
    for c in citations:
        served = lookup(c.passage.id)
        if served is None or served.text != c.passage.text:
            flags.append(messages.LLM_REMOVED.format(what=f"[{c.n}] {c.passage.cite} (not in the index)"))
        elif not all(quote_in(q, served.text) for q in c.quotes):
            flags.append(messages.LLM_REMOVED.format(what=f"[{c.n}] quote not found in {c.passage.cite}"))
        else:
            kept.append(c)
    return kept


def split_sentences_keep(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z“\"(\[])|\n+", text.strip()) if s.strip()]


def check_llm_text(text: str, passages: dict[int, Passage]) -> tuple[str, set[int], list[str]]:
    """Return (verified text, cited numbers, flags) for a model's answer citing `passages` by number."""
    kept: list[str] = []
    cited: set[int] = set()
    flags: list[str] = []
    for sentence in split_sentences_keep(text):
        marks = [int(n) for n in _MARK.findall(sentence)]
        bad = [n for n in marks if n not in passages]
        if bad:
            flags.append(messages.LLM_REMOVED.format(what=f"citation [{bad[0]}] does not match a retrieved passage: {sentence[:120]}"))
            continue
        quotes = _QUOTE.findall(sentence)
        if quotes and not marks:
            flags.append(messages.LLM_REMOVED.format(what=f"quotation without a citation: {sentence[:120]}"))
            continue
        unverified = [qt for qt in quotes if not any(quote_in(qt, passages[n].text) for n in marks)]
        if unverified:
            flags.append(messages.LLM_REMOVED.format(what=f"quotation not found verbatim in the cited passage: “{unverified[0][:100]}”"))
            continue
        if not marks:
            flags.append(messages.LLM_REMOVED.format(what=f"statement without a citation: {sentence[:120]}"))
            continue
        kept.append(sentence)
        cited.update(marks)
    return " ".join(kept), cited, flags
