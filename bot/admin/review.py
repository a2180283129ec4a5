"""Reviewing the 👎: what users said was wrong, verifying the passage that answers, and what a reindex suspended.

Pure functions over the votes (`bot.admin.feedback`), the notes and verified answers (`bot.admin.verified`) and
the served index; `rulebot feedback list|verify`, Slack's App Home and the Teams admin card show their results.

- `reviews(votes, notes, verified, idx)`: each vote as an administrator reviews it (`Review`): its question,
  the answer's citations, the user's reason and suggested passage, and whether a verified answer now stands,
  is suspended (its passage changed or left the index at a reindex) or is awaited;
- `verify(...)`: record a verified answer for a vote's question: the passage named by a pin cite, quoting its
  sentence that answers the question, checked against the served index; and add it to the firm's evaluation
  set (`$RULEBOT_HOME/eval/firm.jsonl`, the dev set's format, read by `rulebot eval --firm`);
- `find_pin(idx, pin)`: the served passage a pin cite names (``Fed. R. Civ. P. 26(b)(1)``, ``Rule 26(b)(1)``,
  ``L.R. 37-1``; ``… § II.A #2`` for the second passage with that pin cite).

>>> p = Passage(id="d::1::0", doc_id="d", cite="R. 1", section="1", text="A.")
>>> class Idx: passages = [p, Passage(id="d::1::1", doc_id="d", cite="R. 1", section="1", text="B.")]
>>> [pin_label(Idx.passages, q) for q in Idx.passages]
['R. 1', 'R. 1 #2']
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping, Protocol, Sequence

from bot import messages as M
from bot.admin.verified import VerifiedSink, VoteNote
from bot.answering.query import find_refs
from bot.answering.verified import (CHANGED, REMOVED, STANDING, VerifiedAnswer, question_key, standing,
                                    text_hash)
from bot.edges.ops import open_private
from bot.errors import RulebotError
from bot.types import Hit, Passage

AWAITING, VERIFIED, SUSPENDED = "awaiting review", "verified", "suspended"
FIRM_KIND = "firm"
REVIEW_COLUMNS = ("reason", "suggested", "verified_cite", "verified_by", "verified_at")


class Index(Protocol):
    """What review needs of the served index (`bot.answering.retrieve.SearchIndex`)."""

    passages: Sequence[Passage]
    by_id: dict[str, Passage]

    def find_cite(self, cite: str) -> list[Passage]: ...

    def resolve(self, ref: Any) -> list[tuple[Passage, tuple[str, ...]]]: ...


@dataclass(frozen=True)
class Review:
    """One vote as an administrator reviews it: `state` is AWAITING (a 👎 with no verified answer for its question),
    VERIFIED, SUSPENDED (`why`: CHANGED or REMOVED) or "" (a 👍)."""

    id: str
    at: str
    source: str
    user: str
    verdict: str
    question: str
    citations: tuple[str, ...]
    reason: str = ""  # what the user said was wrong (the follow-up, else the comment sent with the vote)
    suggested: str = ""  # the pin cite of the passage the user said should have answered
    suggested_id: str = ""
    verified: VerifiedAnswer | None = None
    state: str = ""
    why: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "at": self.at, "source": self.source, "user": self.user, "verdict": self.verdict,
                "question": self.question, "citations": list(self.citations), "reason": self.reason,
                "suggested": self.suggested, "state": self.state, "why": self.why,
                "verified": self.verified.as_dict() if self.verified else None}


def reviews(votes: Iterable[Mapping[str, Any]], notes: Mapping[str, VoteNote], verified: Iterable[VerifiedAnswer],
            idx: Index | None) -> list[Review]:
    """Each vote (oldest first) with its note and the current verified answer for its question, and whether
    that answer still stands in the served index `idx` (None: not checked, taken to stand)."""
    current = {question_key(v.question): v for v in verified}
    out = []
    for row in votes:
        vote_id = str(row.get("id", ""))
        note = notes.get(vote_id)
        v = current.get(question_key(str(row.get("question", ""))))
        state = why = ""
        if v is not None:
            found = standing(v, idx)[0] if idx is not None else STANDING
            state, why = (VERIFIED, "") if found == STANDING else (SUSPENDED, found)
        elif row.get("verdict") == "down":
            state = AWAITING
        out.append(Review(id=vote_id, at=str(row.get("at", "")), source=str(row.get("source", "")),
                          user=str(row.get("user", "")), verdict=str(row.get("verdict", "")),
                          question=str(row.get("question", "")), citations=tuple(row.get("citations") or ()),
                          reason=(note.reason if note and note.reason else str(row.get("comment", "") or "")),
                          suggested=note.cite if note else "", suggested_id=note.passage_id if note else "",
                          verified=v, state=state, why=why))
    return out


def suspended(verified: Iterable[VerifiedAnswer], idx: Index) -> list[tuple[VerifiedAnswer, str]]:
    """The verified answers a reindex suspended, each with CHANGED or REMOVED."""
    return [(v, state) for v in verified for state in [standing(v, idx)[0]] if state != STANDING]


def suspended_line(v: VerifiedAnswer, why: str) -> str:
    """What an administrator reads about one suspended verified answer."""
    return M.VERIFIED_SUSPENDED.format(cite=v.cite, how=M.SUSPENDED_HOW.get(why, why), by=v.by, on=v.on,
                                       vote=v.vote_id or "ID")


# ---------------------------------------------------------------- pin cites

def pin_label(passages: Sequence[Passage], p: Passage) -> str:
    """How a passage is named to an administrator: its pin cite, with ``#n`` when it is the n-th passage of the
    index with that pin cite (as the terms files key them)."""
    same = [q.id for q in passages if q.cite == p.cite]
    n = same.index(p.id) + 1 if p.id in same else 1
    return p.cite if n == 1 else f"{p.cite} #{n}"


_NTH = re.compile(r"\s*#\s*(\d+)\s*$")


def _squash(text: str) -> str:
    return " ".join(text.lower().split())


def find_pin(idx: Index, pin: str) -> Passage:
    """The served passage `pin` names: a passage id, a pin cite as answers print it (``#n`` picks the n-th
    passage with that pin cite), or a rule as a question names it (``Rule 26(b)(1)``, ``L.R. 37-1``).  Raises
    `RulebotError` saying what to give instead when it names none or several."""
    pin = " ".join(pin.split())
    if pin in idx.by_id:
        return idx.by_id[pin]
    m = _NTH.search(pin)
    nth, cite = (int(m.group(1)), pin[:m.start()]) if m else (0, pin)
    found = [p for p in idx.passages if _squash(p.cite) == _squash(cite)]
    if not found:
        found = list(idx.find_cite(cite))
    if not found:
        seen: dict[str, Passage] = {}
        for ref in find_refs(cite):
            seen.update((p.id, p) for p, _ in idx.resolve(ref))
        found = list(seen.values())
    if nth:
        same_cite = [p for p in found if p.cite == found[0].cite] if found else []
        if 1 <= nth <= len(same_cite):
            return same_cite[nth - 1]
        found = []
    if len(found) == 1:
        return found[0]
    if not found:
        raise RulebotError(M.PIN_NOT_FOUND.format(pin=pin))
    labels = [pin_label(idx.passages, p) for p in found]
    shown = "; ".join(labels[:8]) + (f"; and {len(labels) - 8} more" if len(labels) > 8 else "")
    nth_hint = M.PIN_NTH if any("#" in x for x in labels) else ""  # several passages share one pin cite
    raise RulebotError(M.PIN_AMBIGUOUS.format(pin=pin, n=len(found), choices=shown) + nth_hint)


def suggested_in(text: str, idx: Index) -> Passage | None:
    """The served passage a user's words name, when the rules they cite ("should have been Rule 26(b)(1)") make
    exactly one; None otherwise."""
    found: dict[str, Passage] = {}
    for ref in find_refs(text):
        found.update((p.id, p) for p, _ in idx.resolve(ref))
    return next(iter(found.values())) if len(found) == 1 else None


# ---------------------------------------------------------------- verifying

def operative_sentence(idx: Any, question: str, passage: Passage) -> str:
    """The sentence of `passage` that answers `question`, chosen as the answer step chooses its quotes (never a
    heading, a caption or a bare lead-in); RulebotError when the passage has none."""
    from bot.answering.answer import Extractive
    from bot.answering.query import parse_question

    q = idx.prepare(parse_question(question))
    _, quote, _ = Extractive(idx.lexical.idf).quote(q, Hit(passage=passage, score=1.0))
    if not quote.strip():
        raise RulebotError(M.NOTHING_TO_QUOTE.format(cite=passage.cite))
    return quote


def find_vote(votes: Iterable[Mapping[str, Any]], vote_id: str) -> Mapping[str, Any]:
    for row in votes:
        if str(row.get("id", "")) == str(vote_id).strip():
            return row
    raise RulebotError(M.VOTE_UNKNOWN.format(id=vote_id))


def verify(idx: Any, votes: Iterable[Mapping[str, Any]], store: VerifiedSink, vote_id: str, pin: str, *, by: str,
           at: str, firm: Path | None = None) -> VerifiedAnswer:
    """Verify that the passage `pin` names answers the question of vote `vote_id`: stored in `store` (one per
    question: the latest wins) and added to the firm's evaluation set `firm`.  Returns the stored answer."""
    vote = find_vote(votes, vote_id)
    question = str(vote.get("question", ""))
    passage = find_pin(idx, pin)
    quote = operative_sentence(idx, question, passage)
    v = store.add(VerifiedAnswer(id=0, vote_id=str(vote.get("id", "")), question=question, passage_id=passage.id,
                                 cite=passage.cite, text_hash=text_hash(passage), quote=quote, by=by, at=at))
    if firm is not None:
        add_to_firm_set(firm, v)
    return v


def note_from(vote_id: str, reason: str, pin: str, idx: Index | None, *, user: str = "") -> VoteNote:
    """What the user said about a 👎: the reason, and the passage `pin` names (a passage id from the list offered,
    or a pin cite typed) when the served index holds it; a pin it does not hold is kept in the reason's words."""
    cite = passage_id = ""
    pin = pin.strip()
    if pin and idx is not None:
        try:
            p = find_pin(idx, pin)
            cite, passage_id = pin_label(idx.passages, p), p.id
        except RulebotError:
            reason = f"{reason} ({pin})".strip()
    return VoteNote(vote_id=vote_id, reason=reason, cite=cite, passage_id=passage_id, user=user)


# ---------------------------------------------------------------- the firm's evaluation set

def firm_case(v: VerifiedAnswer) -> dict[str, Any]:
    """A verified answer as a line of an evaluation file (the dev set's format, `bot.admin.evaluate.load_eval`):
    its question, the sentence it quotes as the phrase expected, and where it came from."""
    return {"question": v.question, "expect_any": [v.quote], "abstain": False, "kind": FIRM_KIND, "cite": v.cite,
            "verified_by": v.by, "verified_at": v.at}


def add_to_firm_set(path: Path, v: VerifiedAnswer) -> None:
    """Add `v` to the evaluation file at `path` (created 0600), replacing an earlier line for the same question."""
    lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
    key = question_key(v.question)
    kept = [line for line in lines if line.strip() and question_key(_question_of(line)) != key]
    kept.append(json.dumps(firm_case(v), ensure_ascii=False))
    tmp = path.with_name(path.name + ".tmp")
    with os.fdopen(open_private(tmp, os.O_WRONLY | os.O_TRUNC), "w", encoding="utf-8") as f:
        f.write("\n".join(kept) + "\n")
    os.replace(tmp, path)


def _question_of(line: str) -> str:
    try:
        return str(json.loads(line).get("question", ""))
    except (ValueError, AttributeError):
        return ""


# ---------------------------------------------------------------- export

def export_rows(rows: Sequence[Review], votes: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The votes as `rulebot feedback export` writes them: every column of the feedback export, then what the
    user said and the verified answer for the question (`REVIEW_COLUMNS`)."""
    by_id = {r.id: r for r in rows}
    out = []
    for vote in votes:
        r = by_id.get(str(vote.get("id", "")))
        v = r.verified if r else None
        out.append({**vote, "reason": r.reason if r else "", "suggested": r.suggested if r else "",
                    "verified_cite": v.cite if v else "", "verified_by": v.by if v else "",
                    "verified_at": v.at if v else ""})
    return out


__all__ = ["AWAITING", "VERIFIED", "SUSPENDED", "CHANGED", "REMOVED", "Review", "reviews", "suspended", "verify",
           "find_pin", "pin_label", "note_from", "suggested_in", "operative_sentence", "add_to_firm_set", "firm_case", "export_rows"]
