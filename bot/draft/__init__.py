"""Drafting and review: `draft(kind, facts, engine) -> Draft` and `review(kind, text, engine) -> [Finding]`.

Steps, one module each: `kinds` (what each draft takes, as data) -> `facts` (load and
validate) -> `wording` (facts as a filing states them; courts from ``indexers.courts``) ->
`authority` (what a template may quote, looked up in the index) -> `compose` (render the
template; `caption` builds a filing's caption or a letter's letterhead) -> `verify` (every
citation checked against the corpus) -> `llm` (optional polish, checked again) -> `docx`
(export: `typeset` for the words, `layout` for pleading paper or a letter, `docx_heads` for
the caption and letterhead, `annotate` for the comments).  `review`
reads a proposed protective order and lists what the court is known to reject.
"""

from bot.draft.types import Check, Draft, Finding

__all__ = ["Check", "Draft", "Finding", "draft", "review"]


def draft(*args, **kwargs):
    """See `bot.draft.compose.draft`."""
    from bot.draft.compose import draft as _draft

    return _draft(*args, **kwargs)


def review(*args, **kwargs):
    """See `bot.draft.review.review`."""
    from bot.draft.review import review as _review

    return _review(*args, **kwargs)
