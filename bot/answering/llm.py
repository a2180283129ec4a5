"""The optional LLM answerer (langchain), switched on with RULEBOT_LLM=provider:model.

The model sees only the retrieved passages, numbered, and must cite them as
`[n]`.  Its text is verified (`bot.answering.verify.check_llm_text`): invented citations
and quotes that are not verbatim are removed and flagged; if nothing verifiable
is left, the extractive answer is returned with a note.  The chat model is
passed in, so tests hand in langchain's fake chat models.
"""

from __future__ import annotations

from dataclasses import replace

from bot import messages
from bot.answering.answer import SEE_ALSO, Extractive, not_indexed_note
from bot.answering.query import Question, RuleRef
from bot.settings import prompts_dir
from bot.types import Answer, Citation, Hit
from bot.answering.verify import _QUOTE, check_llm_text, quote_in

NOT_ANSWERED = "NOT ANSWERED"


def make_chat_model(spec: str):
    """`openai:gpt-4o-mini`, `anthropic:claude-...`, `azure_openai:...`, `ollama:llama3` -> a langchain chat model."""
    from langchain.chat_models import init_chat_model

    provider, _, model = spec.partition(":")
    if not model:
        raise ValueError(f"RULEBOT_LLM must look like provider:model (got {spec!r})")
    return init_chat_model(model, model_provider=provider, temperature=0)


class LLMAnswerer:
    name = "llm"

    def __init__(self, chat_model, fallback: Extractive):
        self.chat_model = chat_model
        self.fallback = fallback
        self.system = (prompts_dir() / "answer_system.md").read_text(encoding="utf-8")
        self.user = (prompts_dir() / "answer_user.md").read_text(encoding="utf-8")

    def __call__(self, q: Question, hits: list[Hit], *, missing: tuple[RuleRef, ...] = ()) -> Answer:
        from langchain_core.messages import HumanMessage, SystemMessage

        passages = {i + 1: h.passage for i, h in enumerate(hits)}
        listing = "\n\n".join(f"[{n}] {p.cite}\n{p.text}" for n, p in passages.items())
        reply = self.chat_model.invoke([SystemMessage(self.system),
                                        HumanMessage(self.user.format(question=q.text, passages=listing))])
        raw = str(getattr(reply, "content", reply)).strip()
        base = self.fallback(q, hits, missing=missing)
        if raw.startswith(NOT_ANSWERED):
            return replace(base, flags=base.flags + ("The model found no answer in the passages; the extractive answer is shown.",))
        text, cited, flags = check_llm_text(raw, passages)
        if not text:
            return replace(base, flags=tuple(flags) + ("The model's answer could not be verified; the extractive answer is shown.",))
        citations = []
        for n in sorted(cited):
            p = passages[n]
            quotes = [qt for qt in _QUOTE.findall(text) if quote_in(qt, p.text)]
            quote = quotes[0] if quotes else self.fallback.best_span(self.fallback.query_terms(q), p)[1]
            citations.append(Citation(n=n, passage=p, quote=_verbatim(quote, p.text), score=hits[n - 1].score))
        if missing:
            text = f"{not_indexed_note(missing, tuple(citations))}\n{text}"
        terms = self.fallback.query_terms(q)
        rest = [(n, p) for n, p in passages.items() if n not in cited][:SEE_ALSO]
        see_also = tuple(Citation(n=n, passage=p, quote=self.fallback.best_span(terms, p)[1], score=hits[n - 1].score)
                         for n, p in rest)
        return Answer(question=q.text, text=text, citations=tuple(citations), flags=tuple(flags), answerer=self.name,
                      see_also=tuple(c for c in see_also if c.quote))


def _verbatim(quote: str, text: str) -> str:
    """Return the passage's own characters for a quote found with whitespace/apostrophe normalization."""
    if quote in text:
        return quote
    import re

    from indexers.verbatim import norm

    pattern = r"\s+".join(re.escape(w).replace("'", "['‘’‚‛′]").replace('"', '["“”„‟″]') for w in norm(quote).split())
    m = re.search(pattern, text)
    return m.group(0) if m else quote
