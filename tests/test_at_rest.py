"""Text at rest: what the feedback store, the chat state and the index keep on disk and in Redis.

With ``RULEBOT_AUDIT_HASH_QUESTIONS=1`` a question asked in chat, its answer and the comment on a vote
must not be found anywhere at rest: not in the bytes of any file under the data directory, not in any
Redis value.  Rows past ``RULEBOT_AUDIT_RETENTION_DAYS`` are deleted (and their bytes overwritten), and
the index, which holds the documents' full text, is private (folders 0700, files 0600).  Each test
writes its own secret text at test time and looks for it in the raw storage afterwards; Redis is a real
`redis-server` (tests/redis_support.py); no model: the chat's engine and the index's embedder are small
hand-written stand-ins.
"""

from __future__ import annotations

import hashlib
import stat
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pytest
import redis

from bot.admin.feedback import Feedback, FeedbackStore, RedisFeedback, ServedAnswer, feedback_from_settings
from bot.chat.service import Chat, Drafting
from bot.chat.types import Asker, Thread
from bot.edges.ops import QuestionHash
from bot.settings import Settings, shipped_corpus_dir
from bot.types import Answer
from indexers.build import build_index
from indexers.store import EmbeddedStore
from redis_support import redis_server  # noqa: F401  (a pytest fixture)

QUESTION = "Can Acme Widgets seal the Henderson merger memo before the 14 March hearing?"
FOLLOW_UP = "And what if Henderson objects to sealing it?"
ANSWER = "Only on a particularized showing of good cause [1]."
COMMENT = "Wrong for the Henderson matter"
SECRETS = ("Henderson", "Acme Widgets", "particularized showing")


def sha(settings: Settings, text: str) -> str:
    """What the settings' store keeps of a question with hashing on: its keyed hash, never its plain SHA-256."""
    kept = QuestionHash.from_settings(settings.with_(audit_hash_questions=True))(text)
    assert kept != hashlib.sha256(text.encode("utf-8")).hexdigest()
    return kept


def days_ago(days: float) -> str:
    return (datetime.now(timezone.utc) - timedelta(days=days)).isoformat(timespec="seconds")


class Engine:
    """Answers every question with `ANSWER`, recording the context each was asked with."""

    def __init__(self):
        self.asked: list[tuple[str, tuple[str, ...]]] = []

    def answer(self, question, history=(), prefer=None):
        self.asked.append((question, tuple(history)))
        return Answer(question=question, text=ANSWER)


class Reply:
    def __init__(self):
        self.views, self.notices = [], []

    def answer(self, view):
        self.views.append(view)

    def notice(self, text):
        self.notices.append(text)

    def downvoted(self, view):  # a 👎: its thanks (the offer to say what was wrong is the surface's)
        self.notices.append(view.thanks)


def chat_for(settings: Settings, engine: Engine) -> Chat:
    return Chat.from_settings(settings, engine, sync=None,
                              drafting=Drafting(kinds={}, parse_form=dict, compose=lambda *a: None, to_docx=bytes))


def settings_for(tmp_path: Path, **env: str) -> Settings:
    return Settings.load(env={"RULEBOT_HOME": str(tmp_path / "home"), **env})


def texts_at_rest(settings: Settings, redis_url: str = "") -> bytes:
    """Every byte under the data directory, and every Redis value, as one searchable blob."""
    blob = b"".join(p.read_bytes() for p in settings.home.rglob("*") if p.is_file())
    if redis_url:
        r = redis.Redis.from_url(redis_url)
        for key in r.scan_iter():
            kind = r.type(key)
            values = {b"string": lambda: [r.get(key)], b"list": lambda: r.lrange(key, 0, -1),
                      b"hash": lambda: list(r.hgetall(key).values()), b"zset": lambda: r.zrange(key, 0, -1),
                      b"set": lambda: list(r.smembers(key))}[kind]()
            blob += key + b"".join(v for v in values if v)
        r.close()
    return blob


@pytest.fixture(params=["sqlite", "redis"])
def where(request) -> str:
    """"" for the SQLite feedback file and in-process state; a Redis URL for both in Redis."""
    return request.getfixturevalue("redis_server").url if request.param == "redis" else ""


def test_with_hashed_questions_no_question_answer_or_comment_rests_anywhere(tmp_path, where):
    settings = settings_for(tmp_path, RULEBOT_AUDIT_HASH_QUESTIONS="1", RULEBOT_REDIS_URL=where)
    engine = Engine()
    chat = chat_for(settings, engine)
    asker, reply = Asker("slack", "U0LAWYER", "C0LIT"), Reply()
    try:
        chat.ask(asker, QUESTION, reply, thread=Thread.of("slack", "C0LIT", "1.0"))
        chat.ask(asker, FOLLOW_UP, reply, thread=Thread.of("slack", "C0LIT", "1.0", follow_up=True))
        key = reply.views[0].key
        chat.vote(asker, key, "down", reply, comment=COMMENT)
    finally:
        chat.close()
    assert engine.asked[1] == (FOLLOW_UP, (QUESTION,))  # the thread's memory still serves the follow-up
    assert chat.recent(asker) == (FOLLOW_UP, QUESTION)  # ... and App Home's last questions, from memory
    assert reply.notices[-1].startswith("Thank you")

    at_rest = texts_at_rest(settings, where)
    assert not [s for s in SECRETS if s.encode() in at_rest], "question, answer or comment text at rest"
    (vote,) = chat.feedback.all()
    assert (vote["question"], vote["answer"], vote["comment"]) == ("", "", "")
    assert vote["question_sha256"] == sha(settings, QUESTION)
    served = chat.feedback.recall(key)
    assert served.question == "" and served.question_sha256 == sha(settings, QUESTION)
    restarted = chat_for(settings, engine)  # the answer is gone from memory; its question cannot be asked again
    assert restarted.recall(key) is None and len(engine.asked) == 2
    restarted.close()


def test_turning_hashing_on_rewrites_what_an_earlier_run_kept(tmp_path, where):
    plain = settings_for(tmp_path, RULEBOT_REDIS_URL=where)
    store = feedback_from_settings(plain)
    store.remember(ServedAnswer(key="k1", source="slack", user="U1", question=QUESTION, answer=ANSWER, citations=()))
    store.record(Feedback(source="slack", user="U1", question=QUESTION, answer=ANSWER, citations=(), verdict="up",
                          answer_key="k1", comment=COMMENT))
    assert b"Henderson" in texts_at_rest(plain, where)

    hashed = feedback_from_settings(plain.with_(audit_hash_questions=True))
    hashed.all()  # opened
    assert not [s for s in SECRETS if s.encode() in texts_at_rest(plain, where)]
    assert [v["question_sha256"] for v in hashed.all()] == [sha(plain, QUESTION)]
    assert hashed.recall("k1").question_sha256 == sha(plain, QUESTION)


def test_votes_and_served_answers_past_the_retention_are_deleted_when_the_store_opens(tmp_path, where):
    settings = settings_for(tmp_path, RULEBOT_REDIS_URL=where, RULEBOT_AUDIT_RETENTION_DAYS="30")
    old = Feedback(source="slack", user="U1", question=QUESTION, answer=ANSWER, citations=(), verdict="up",
                   at=days_ago(45))
    recent = replace(old, question="Who bears the burden?", at=days_ago(5))
    earlier_run = FeedbackStore(settings.feedback_db) if not where else RedisFeedback(where)  # keeps everything
    for vote in (old, recent):
        earlier_run.record(vote)
    earlier_run.remember(ServedAnswer(key="old", source="slack", user="U1", question=QUESTION, answer=ANSWER,
                                      citations=(), at=days_ago(45)))

    store = feedback_from_settings(settings)  # prunes when it opens
    assert [v["question"] for v in store.all()] == [recent.question]
    if not where:
        assert store.recall("old") is None
    else:  # Redis lets a served answer expire by itself, after the retention
        store.remember(ServedAnswer(key="new", source="slack", user="U1", question="q", answer="a", citations=()))
        assert 29 * 86400 < redis.Redis.from_url(where).ttl("rulebot:feedback:answer:new") <= 30 * 86400
    assert b"Henderson" not in texts_at_rest(settings, where or "")  # deleted bytes are overwritten too


def test_a_running_store_deletes_what_passed_the_retention_on_a_later_write(tmp_path, where):
    now = [datetime.now(timezone.utc)]
    kept = {"retention_days": 30, "clock": lambda: now[0]}
    store = RedisFeedback(where, **kept) if where else FeedbackStore(tmp_path / "fb.sqlite3", **kept)
    vote = Feedback(source="slack", user="U1", question=QUESTION, answer=ANSWER, citations=(), verdict="up",
                    at=now[0].isoformat(timespec="seconds"))
    store.record(vote)
    now[0] += timedelta(days=31)
    store.record(replace(vote, question="Who bears the burden?", at=now[0].isoformat(timespec="seconds")))
    assert [v["question"] for v in store.all()] == ["Who bears the burden?"]


class HashEmbedder:
    """Deterministic vectors from each text's hash: an index without the model."""

    name, dim = "hash-embedder", 16

    def encode(self, texts, batch_size=64):
        return np.stack([np.frombuffer(hashlib.sha256(t.encode()).digest()[:16], dtype=np.uint8).astype(np.float32)
                         + 1 for t in texts]) if texts else np.zeros((0, self.dim), dtype=np.float32)


def test_the_index_holding_an_added_documents_text_is_private(tmp_path):
    documents = tmp_path / "documents"
    documents.mkdir()
    (documents / "henderson-order.md").write_text(
        "---\nid: henderson-order\ntitle: Order on the Henderson sealing motion\ntype: order\ncourt: C.D. Cal.\n"
        "cite: Henderson Order (C.D. Cal.)\n---\n\n"
        "The Henderson merger memo may be filed under seal for good cause shown.\n")
    index = tmp_path / "index"
    index.mkdir(mode=0o755)  # as an earlier version left it
    (index / "old-file").write_text("x")
    store = EmbeddedStore(index)
    report = build_index([shipped_corpus_dir() / "orders", documents], store, HashEmbedder())
    assert report.documents == 3

    holding = [p for p in index.rglob("*") if p.is_file() and b"Henderson merger memo" in p.read_bytes()]
    assert holding, "the added document's text is in the index"
    loose = {str(p.relative_to(tmp_path)): oct(stat.S_IMODE(p.stat().st_mode)) for p in (index, *index.rglob("*"))
             if p != index / "old-file" and stat.S_IMODE(p.stat().st_mode) != (0o700 if p.is_dir() else 0o600)}
    assert loose == {}


def test_with_hashed_questions_a_downvotes_reason_rests_nowhere(tmp_path, where):
    """The reason a user gives with a 👎 is their words: with hashing on it is not kept (the passage it points to is)."""
    from bot.admin.verified import VoteNote, verified_from_settings

    env = {"RULEBOT_AUDIT_HASH_QUESTIONS": "1", **({"RULEBOT_REDIS_URL": where} if where else {})}
    settings = settings_for(tmp_path, **env)
    settings.home.mkdir(parents=True, exist_ok=True)
    sink = verified_from_settings(settings)
    sink.note(VoteNote(vote_id="7", reason="Henderson needs the sealing rule, not this", cite="C.D. Cal. L.R. 79-5"))
    kept = sink.notes()["7"]
    assert kept.reason == "" and kept.cite == "C.D. Cal. L.R. 79-5"
    assert b"Henderson" not in texts_at_rest(settings, where)


def test_a_downvotes_reason_from_an_earlier_run_is_blanked_with_hashing_and_deleted_past_the_retention(tmp_path, where):
    """An issue 23 re-probe: a 👎's reason kept by a plain run stayed in the file or in Redis after hashing was turned
    on, and a reason past the retention was never deleted (only votes and served answers were)."""
    from bot.admin.verified import VoteNote, verified_from_settings

    env = {**({"RULEBOT_REDIS_URL": where} if where else {})}
    plain = settings_for(tmp_path, **env)
    plain.home.mkdir(parents=True, exist_ok=True)
    earlier_run = verified_from_settings(plain)
    earlier_run.note(VoteNote(vote_id="1", reason="Pellingham: the quote is off", at=days_ago(45)))
    earlier_run.note(VoteNote(vote_id="2", reason="Henderson needs the sealing rule", cite="C.D. Cal. L.R. 79-5",
                              at=days_ago(2)))
    assert b"Pellingham" in texts_at_rest(plain, where) and b"Henderson" in texts_at_rest(plain, where)

    now = plain.with_(audit_hash_questions=True, audit_retention_days=30)
    feedback_from_settings(now)  # what a server does at start; no question asked, no vote made
    at_rest = texts_at_rest(now, where)
    assert b"Pellingham" not in at_rest and b"Henderson" not in at_rest
    notes = verified_from_settings(now).notes()
    assert set(notes) == {"2"} and (notes["2"].reason, notes["2"].cite) == ("", "C.D. Cal. L.R. 79-5")


def test_the_sqlite_file_is_cleaned_when_the_server_starts_not_at_its_first_vote(tmp_path):
    settings = settings_for(tmp_path, RULEBOT_AUDIT_RETENTION_DAYS="30")
    FeedbackStore(settings.feedback_db).record(Feedback(source="slack", user="U1", question=QUESTION, answer=ANSWER,
                                                        citations=(), verdict="up", at=days_ago(45)))
    FeedbackStore(settings.feedback_db).remember(ServedAnswer(key="k", source="slack", user="U1", question=QUESTION,
                                                              answer=ANSWER, citations=()))
    chat_for(settings.with_(audit_hash_questions=True), Engine()).close()  # started and stopped, idle
    assert not [s for s in SECRETS if s.encode() in texts_at_rest(settings)]


def test_with_hashing_the_threads_an_earlier_run_kept_in_redis_are_forgotten_at_start(tmp_path, redis_server):
    from bot.chat.state import RedisState

    earlier = RedisState(redis_server.url)
    earlier.remember("slack:C0LIT:1.0", QUESTION, window=1800)
    earlier.remember("user:slack:U0LAWYER", QUESTION, window=30 * 86400)
    earlier.close()
    assert QUESTION.encode() in texts_at_rest(settings_for(tmp_path), redis_server.url)
    RedisState(redis_server.url, keep_text=False).close()
    assert QUESTION.encode() not in texts_at_rest(settings_for(tmp_path), redis_server.url)
