"""Teams' native rendering of an answer: the AI label, numbered citation pop-ups and the feedback buttons.

Pure builders from our `Answer` to the JSON Teams reads beside a message's text:

- `message_entity(answer)`: the ``https://schema.org/Message`` entity with
  ``additionalType: ["AIGeneratedContent"]`` (the "AI generated" label) and one ``Claim``
  per citation, whose ``position`` is the ``[n]`` marker in the answer's text and whose
  ``appearance`` (a ``DigitalDocument``) holds the pin cite as ``name``, the quoted span as
  ``abstract`` and the source's address as ``url`` when it has one;
- `FEEDBACK_LOOP`: the ``channelData`` that turns on Teams' own 👍/👎 (answered by a
  ``message/submitAction`` invoke);
- `native_answer(answer, key)`: the whole reply for chats, where the client shows citations.
  In channels, where it may not, the reply stays the Adaptive Card (`uses_citations`).

Teams limits a citation's ``name`` to 80 characters, its ``abstract`` to 160 and its
``keywords`` to 3 of 28 characters; longer values are cut at a word with "…".

>>> from bot.types import Answer, Citation, Passage
>>> p = Passage(id="x", doc_id="d", cite="Fed. R. Civ. P. 1", section="1", text="These rules govern.")
>>> e = message_entity(Answer("q", "They govern [1].", (Citation(1, p, "These rules govern."),)))
>>> e["additionalType"], [(c["position"], c["appearance"]["name"]) for c in e["citation"]]
(['AIGeneratedContent'], [(1, 'Fed. R. Civ. P. 1')])
"""

from __future__ import annotations

import re
from typing import Any

from bot.teams import cards
from bot.teams.inbound import Outbound
from bot.types import Answer, Citation

NAME_CHARS = 80
ABSTRACT_CHARS = 160
KEYWORD_CHARS = 28
MAX_KEYWORDS = 3
MAX_CITATIONS = 20  # Teams shows at most 20 citations on a message

FEEDBACK_LOOP = {"feedbackLoopEnabled": True}
CITING_CONVERSATIONS = ("personal", "groupChat")
_MARKER = re.compile(r"\[(\d+)\]")


def uses_citations(conversation_type: str) -> bool:
    """True where answers carry native citations (chats); channels keep the Adaptive Card.

    >>> uses_citations("personal"), uses_citations("groupChat"), uses_citations("channel"), uses_citations("")
    (True, True, False, False)
    """
    return conversation_type in CITING_CONVERSATIONS


def clip(value: str, limit: int) -> str:
    """`value` cut to `limit` characters at a word, ending in "…" when cut (the kept words are verbatim).

    >>> clip("the party asserting the privilege", 20)
    'the party asserting…'
    """
    value = " ".join(value.split())
    if len(value) <= limit:
        return value
    cut = value[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:") + "…"


def markers(text: str) -> tuple[int, ...]:
    """The citation numbers a text refers to, in order of first appearance.

    >>> markers("A [2], B [1][2].")
    (2, 1)
    """
    return tuple(dict.fromkeys(int(n) for n in _MARKER.findall(text)))


def keywords(c: Citation) -> list[str]:
    """Up to three short labels for the pop-up: the text's currency ("as amended to Dec. 1, 2022"), a later
    amendment when there is one ("amended Dec. 1, 2025"), then the court and the judge (those that fit)."""
    from bot.currency import currency
    from indexers.detect import display_date

    p, cur = c.passage, currency(c)
    later = [f"amended {display_date(a.effective)}" for a in cur.amendments]
    found = [v for v in (cur.label, *later, p.court, p.judge) if v and len(v) <= KEYWORD_CHARS]
    return found[:MAX_KEYWORDS]


_PIN_AT_END = re.compile(r"^(?P<doc>.+?),\s+(?P<pin>(?:§|¶|at|p\.|pp\.)\s*\S[^,]*)$")


def pin_first(cite: str, limit: int = NAME_CHARS) -> str:
    """A citation's name within Teams' `limit`: the whole cite when it fits, else the pin cite first and the
    document after it, cut at a word (a long order's name never costs its "¶ 6").

    >>> pin_first("Order re Stipulated Protective Order (C.D. Cal.) (Segal, M.J.) (case name and date unknown), ¶ 6")
    '¶ 6 · Order re Stipulated Protective Order (C.D. Cal.) (Segal, M.J.) (case…'
    >>> pin_first("Fed. R. Civ. P. 26(c)(1)(G)")
    'Fed. R. Civ. P. 26(c)(1)(G)'
    """
    cite = " ".join(cite.split())
    m = _PIN_AT_END.match(cite)
    if len(cite) <= limit or not m:
        return clip(cite, limit)
    return clip(f"{m.group('pin')} · {m.group('doc')}", limit)


def citation(c: Citation) -> dict[str, Any]:
    """One ``Claim``: `position` is the ``[n]`` in the text, `appearance` the cited document.

    >>> from bot.types import Passage
    >>> p = Passage(id="x", doc_id="d", cite="L.R. 37-1", section="37-1", text="Counsel shall confer.",
    ...             source="https://www.cacd.uscourts.gov/court-procedures/local-rules")
    >>> citation(Citation(3, p, "Counsel shall confer."))["appearance"]["url"]
    'https://www.cacd.uscourts.gov/court-procedures/local-rules'
    """
    p = c.passage
    appearance: dict[str, Any] = {"@type": "DigitalDocument", "name": pin_first(c.cite),
                                  "abstract": clip(c.quote or p.text, ABSTRACT_CHARS)}
    if p.source.startswith(("https://", "http://")):
        appearance["url"] = p.source
    words = keywords(c)
    if words:
        appearance["keywords"] = words
    return {"@type": "Claim", "position": c.n, "appearance": appearance}


def message_entity(answer: Answer) -> dict[str, Any]:
    """The AI label, with one citation per cited passage that the text refers to (all of them when the
    text has no markers)."""
    entity: dict[str, Any] = {"type": "https://schema.org/Message", "@type": "Message",
                              "@context": "https://schema.org", "@id": "",
                              "additionalType": ["AIGeneratedContent"]}
    referred = set(markers(answer.text))
    cited = [citation(c) for c in answer.citations if not referred or c.n in referred]
    if cited:
        entity["citation"] = cited[:MAX_CITATIONS]
    return entity


def native_answer(answer: Answer, key: str) -> Outbound:
    """An answer for a chat: its text with ``[n]`` markers, the citations and AI label as an entity,
    Teams' own feedback buttons (the one set of feedback controls on the message), and the sources card
    (each passage behind a toggle).  An abstention keeps its card, labelled."""
    entity = message_entity(answer)
    room = cards.MAX_CARD_BYTES - cards.size(entity)  # the card shares Teams' message size with the entity
    if answer.abstained or not answer.citations:
        return Outbound(card=cards.without_feedback(cards.answer_card(answer, key=key, limit=room)),
                        entities=(entity,), channel_data=FEEDBACK_LOOP)
    # sent as Markdown: a link in a quoted passage is shown, never live; each quote its own paragraph (one line
    # break is no break in Markdown: the quotes ran together)
    text = re.sub(r"(?<!\n)\n(?!\n)", "\n\n", cards.shown(answer.text))
    sources = cards.sources_card(answer, key=key, limit=room - len(text.encode("utf-8")))
    return Outbound(text=text, card=cards.without_feedback(sources), entities=(entity,), channel_data=FEEDBACK_LOOP)
