"""Verified answers without a model: the step that cites them first, how close a question must be, the stores
(SQLite and a real redis-server), pin cites, the review and the firm's evaluation set, as tables."""

from __future__ import annotations

import json
import math
from dataclasses import replace
from types import SimpleNamespace

import numpy as np
import pytest

from bot.admin import review as R
from bot.admin.evaluate import load_eval
from bot.admin.feedback import Feedback, FeedbackStore
from bot.admin.verified import RedisVerified, VerifiedStore, VoteNote, latest
from bot.answering import verified as V
from bot.answering.query import find_refs
from bot.errors import RulebotError
from bot.types import Answer, Citation, Filters, Passage
from redis_support import redis_server  # noqa: F401  (fixture)


def passage(pid: str, cite: str, text: str, **kw) -> Passage:
    return Passage(id=pid, doc_id=pid.split("::")[0], cite=cite, section=cite.split()[-1], text=text, **kw)


SCOPE = passage("frcp::26(b)(1)::0", "Fed. R. Civ. P. 26(b)(1)",
                "Parties may obtain discovery regarding any nonprivileged matter. Information need not be admissible.")
LIMITS = passage("frcp::26(b)(2)::0", "Fed. R. Civ. P. 26(b)(2)", "The court may alter the limits in these rules.")
ORDER = passage("po::¶_3::0", "Order (C.D. Cal.), ¶ 3", "The parties may submit a revised order.")
ORDER_2 = passage("po::¶_3::1", "Order (C.D. Cal.), ¶ 3", "The Court cannot adopt the order as stipulated.")


class Idx:
    """A served index as the step and the review read it (passages, ids, pin cites, rules)."""

    def __init__(self, *passages: Passage):
        self.passages = list(passages)
        self.by_id = {p.id: p for p in passages}
        self.lexical = SimpleNamespace(idf=lambda token: 1.0)

    def find_cite(self, cite: str) -> list[Passage]:
        return [p for p in self.passages if p.cite.lower().startswith(cite.lower())]

    def resolve(self, ref) -> list[tuple[Passage, tuple[str, ...]]]:
        return [(p, ()) for p in self.passages if p.cite.startswith(ref.label())]

    def prepare(self, q):
        return q


def verified(p: Passage = SCOPE, question: str = "What is the scope of discovery?", **kw) -> V.VerifiedAnswer:
    fields = dict(id=1, vote_id="7", question=question, passage_id=p.id, cite=p.cite, text_hash=V.text_hash(p),
                  quote=p.text.split(". ")[0] + ".", by="Ann Lee", at="2026-03-02T09:00:00+00:00")
    return V.VerifiedAnswer(**{**fields, **kw})


# ---------------------------------------------------------------- the answer, verified passage first

def c(n: int, p: Passage) -> Citation:
    return Citation(n=n, passage=p, quote=p.text.split(". ")[0] + ("." if ". " in p.text else ""))


CITE_FIRST = [
    # (name, answer, expected text, expected citation cites, expected see-also cites)
    ("the verified passage was not cited",
     Answer("q", "“The court may alter the limits in these rules.” [1] (Fed. R. Civ. P. 26(b)(2))",
            citations=(c(1, LIMITS),), see_also=(c(2, ORDER),)),
     "“Parties may obtain discovery regarding any nonprivileged matter.” [1] (Fed. R. Civ. P. 26(b)(1))\n"
     "Verified by Ann Lee on 2026-03-02.\n"
     "“The court may alter the limits in these rules.” [2] (Fed. R. Civ. P. 26(b)(2))",
     ["Fed. R. Civ. P. 26(b)(1)", "Fed. R. Civ. P. 26(b)(2)"], ["Order (C.D. Cal.), ¶ 3"]),
    ("the verified passage was cited second: it moves up, not twice",
     Answer("q", "“The court may alter the limits in these rules.” [1] (Fed. R. Civ. P. 26(b)(2))\n"
                 "“Information need not be admissible.” [2] (Fed. R. Civ. P. 26(b)(1))",
            citations=(c(1, LIMITS), replace(c(2, SCOPE), quote="Information need not be admissible."))),
     "“Parties may obtain discovery regarding any nonprivileged matter.” [1] (Fed. R. Civ. P. 26(b)(1))\n"
     "Verified by Ann Lee on 2026-03-02.\n"
     "“The court may alter the limits in these rules.” [2] (Fed. R. Civ. P. 26(b)(2))",
     ["Fed. R. Civ. P. 26(b)(1)", "Fed. R. Civ. P. 26(b)(2)"], []),
    ("an abstention becomes the verified answer, the nearest passages named apart",
     Answer("q", "The indexed corpus does not answer this question.", abstained=True,
            nearest=(c(1, LIMITS), c(2, SCOPE))),
     "“Parties may obtain discovery regarding any nonprivileged matter.” [1] (Fed. R. Civ. P. 26(b)(1))\n"
     "Verified by Ann Lee on 2026-03-02.",
     ["Fed. R. Civ. P. 26(b)(1)"], ["Fed. R. Civ. P. 26(b)(2)"]),
]


@pytest.mark.parametrize("name,answer,text,cites,also", CITE_FIRST, ids=[t[0] for t in CITE_FIRST])
def test_cite_first(name, answer, text, cites, also):
    out = V.cite_first(answer, verified(), SCOPE)
    assert out.text == text and not out.abstained
    assert [x.cite for x in out.citations] == cites and [x.n for x in out.citations] == list(range(1, len(cites) + 1))
    assert [x.cite for x in out.see_also] == also
    assert [x.n for x in out.see_also] == list(range(len(cites) + 1, len(cites) + 1 + len(also)))
    assert out.citations[0].verification.label == "Verified by Ann Lee on 2026-03-02"
    assert out.citations[0].as_dict()["verified"] == {"by": "Ann Lee", "on": "2026-03-02",
                                                      "label": "Verified by Ann Lee on 2026-03-02"}
    assert all(x.verification is None for x in out.citations[1:])


STANDING = [
    # (name, served passages, expected state, the passage it stands on)
    ("served unchanged", (SCOPE, LIMITS), V.STANDING, SCOPE.id),
    ("renamed by a reindex, same pin cite and text", (replace(SCOPE, id="frcp::26(b)(1)::9"),), V.STANDING,
     "frcp::26(b)(1)::9"),
    ("its text changed", (replace(SCOPE, text="Parties may obtain discovery of anything."),), V.CHANGED, None),
    ("removed from the index", (LIMITS,), V.REMOVED, None),
]


@pytest.mark.parametrize("name,served,state,pid", STANDING, ids=[t[0] for t in STANDING])
def test_a_verified_answer_stands_only_on_its_passage_unchanged(name, served, state, pid):
    found, p = V.standing(verified(), Idx(*served))
    assert found == state and (p.id if p else None) == pid


# ---------------------------------------------------------------- how close a question must be

def embed_with(cosines: dict[str, float]):
    """A stand-in for the embedding model: the verified question is [1, 0]; each other question has the cosine
    the table gives it."""
    def embed(texts):
        return np.array([[cosines.get(t, 1.0), math.sqrt(max(0.0, 1 - cosines.get(t, 1.0) ** 2))] for t in texts])
    return embed


ASKED = "What is the scope of discovery?"
MATCHES = [
    # (name, question, its cosine to the verified one, share of its words in the passage, retrieved ids, close?)
    ("the same words, even unretrieved", "what is the SCOPE of discovery", 1.0, 0.0, [], True),
    ("a paraphrase: similar, retrieved, its words in the passage", "How broad may discovery be?", 0.78, 0.6,
     ["x", SCOPE.id], True),
    ("similar but the passage is not retrieved", "How broad may discovery be?", 0.78, 0.6, ["x"], False),
    ("retrieved below the first five", "How broad may discovery be?", 0.78, 0.6, ["a", "b", "c", "d", "e", SCOPE.id],
     False),
    ("similar but few of its words in the passage", "How broad may discovery be?", 0.78, 0.4, [SCOPE.id], False),
    ("very similar: its words need not be in the passage", "Scope of discovery?", 0.9, 0.1, [SCOPE.id], True),
    ("not similar enough", "When are initial disclosures due?", 0.6, 0.9, [SCOPE.id], False),
    ("another rule named", "What is the scope of Rule 26(b)(2)?", 0.95, 0.9, [SCOPE.id], False),
]


@pytest.mark.parametrize("name,question,cosine,share,retrieved,close", MATCHES, ids=[t[0] for t in MATCHES])
def test_which_questions_are_close_to_a_verified_one(name, question, cosine, share, retrieved, close):
    m = V.Matcher(embed_with({question: cosine}), cover=lambda q, p: share)
    found = m.closest(question, [(verified(question=ASKED), SCOPE)], retrieved)
    assert (found is not None) == close
    if found:
        assert found.passage is SCOPE


def test_coverage_weighs_rare_words_and_leaves_rule_numbers_aside():
    assert V.coverage({"burden": 3.0, "absolut": 1.0, "26": 9.0}, {"burden"}) == 0.75
    assert V.coverage({}, {"x"}) == 0.0


class Source:
    def __init__(self, *answers):
        self.answers, self.reads, self.down = list(answers), 0, False

    def current(self):
        self.reads += 1
        if self.down:
            raise RulebotError("Redis is unreachable")
        return list(self.answers)


def test_the_step_reads_the_store_at_most_once_a_second_and_keeps_the_last_read_while_it_is_down():
    now = [0.0]
    source = Source(verified())
    step = V.VerifiedFirst(source, clock=lambda: now[0])
    assert len(step.verified()) == 1 and len(step.verified()) == 1 and source.reads == 1
    source.answers, source.down, now[0] = [], True, 1.5
    assert len(step.verified()) == 1 and source.reads == 2  # unreachable: the answers read last still serve


def test_the_step_skips_suspended_answers_and_those_the_filters_exclude():
    m = V.Matcher(embed_with({}), cover=lambda q, p: 1.0)
    ans = Answer("q", "The indexed corpus does not answer this question.", abstained=True)
    step = V.VerifiedFirst(Source(verified(question=ASKED)))
    assert step.apply(ASKED, ans, [SCOPE.id], Idx(SCOPE), m).citations[0].passage is SCOPE
    assert step.apply(ASKED.upper(), ans, [], Idx(SCOPE), m).citations[0].passage is SCOPE  # its words: retrieved or not
    assert step.apply(ASKED, ans, [], Idx(replace(SCOPE, text="Changed.")), m) is ans
    assert step.apply(ASKED, ans, [SCOPE.id], Idx(SCOPE), m, Filters(doc_type="order")) is ans


# ---------------------------------------------------------------- the stores: SQLite and Redis

@pytest.fixture(params=["sqlite", "redis"])
def store(request, tmp_path):
    if request.param == "sqlite":
        yield VerifiedStore(tmp_path / "fb.sqlite3")
    else:
        server = request.getfixturevalue("redis_server")
        s = RedisVerified(server.url)
        yield s
        s.close()


def test_the_stores_keep_notes_and_the_latest_verification_of_each_question(store):
    assert store.current() == [] and store.notes() == {}
    store.note(VoteNote("7", "Wrong rule", user="U1"))
    store.note(VoteNote("7", "Wrong rule: it is 26(b)(1)", "Fed. R. Civ. P. 26(b)(1)", SCOPE.id, user="U1"))
    assert store.notes()["7"].cite == "Fed. R. Civ. P. 26(b)(1)" and len(store.notes()) == 1
    first = store.add(verified(id=0))
    again = store.add(verified(id=0, question="what is the scope of discovery", by="Bo Chan"))
    other = store.add(verified(LIMITS, id=0, question="Can the court change the limits?"))
    assert [first.id, again.id, other.id] == [1, 2, 3]
    assert [v.by for v in store.all()] == ["Ann Lee", "Bo Chan", "Ann Lee"]
    assert [(v.id, v.by) for v in store.current()] == [(2, "Bo Chan"), (3, "Ann Lee")]


def test_reading_a_feedback_file_that_does_not_exist_creates_nothing(tmp_path):
    store = VerifiedStore(tmp_path / "none" / "fb.sqlite3")
    assert store.current() == [] and store.notes() == {} and not (tmp_path / "none").exists()


def test_latest_keeps_the_order_verifications_were_made():
    a, b = verified(id=1), verified(LIMITS, id=2, question="Other?")
    assert [v.id for v in latest([a, b, replace(a, id=3)])] == [2, 3]


# ---------------------------------------------------------------- pin cites

SERVED = Idx(SCOPE, LIMITS, ORDER, ORDER_2)
PINS = [
    # (pin as an administrator types it, the passage it names, or the words of the error)
    ("Fed. R. Civ. P. 26(b)(1)", SCOPE.id),
    ("  fed. r. civ. p.   26(b)(1) ", SCOPE.id),
    ("Rule 26(b)(2)", LIMITS.id),
    (SCOPE.id, SCOPE.id),
    ("Order (C.D. Cal.), ¶ 3 #2", ORDER_2.id),
    ("Order (C.D. Cal.), ¶ 3", "names 2 passages of the served index: Order (C.D. Cal.), ¶ 3; Order (C.D. Cal.), ¶ 3 #2"),
    ("Order (C.D. Cal.), ¶ 3 #3", "No passage of the served index has the pin cite"),
    ("Fed. R. Civ. P. 99", "No passage of the served index has the pin cite “Fed. R. Civ. P. 99”"),
]


@pytest.mark.parametrize("pin,expected", PINS)
def test_a_pin_cite_names_one_served_passage(pin, expected):
    if expected in SERVED.by_id:
        assert R.find_pin(SERVED, pin).id == expected
    else:
        with pytest.raises(RulebotError) as e:
            R.find_pin(SERVED, pin)
        assert expected in str(e.value)


def test_a_rule_named_in_a_comment_is_the_passage_suggested():
    assert R.suggested_in("Wrong: should have cited Rule 26(b)(1).", SERVED) is SCOPE
    assert R.suggested_in("Not helpful at all.", SERVED) is None
    assert [r.label() for r in find_refs("Rule 26(b)(1)")] == ["Fed. R. Civ. P. 26(b)(1)"]


NOTES = [
    # (reason, pin, the note's reason, cite, passage)
    ("Wrong rule", SCOPE.id, "Wrong rule", "Fed. R. Civ. P. 26(b)(1)", SCOPE.id),
    ("Wrong rule", "Rule 26(b)(2)", "Wrong rule", "Fed. R. Civ. P. 26(b)(2)", LIMITS.id),
    ("Wrong rule", "L.R. 99-9", "Wrong rule (L.R. 99-9)", "", ""),
    ("  Too   long\nan answer ", "", "Too long an answer", "", ""),
]


@pytest.mark.parametrize("reason,pin,kept,cite,pid", NOTES)
def test_what_a_user_says_about_a_downvote(reason, pin, kept, cite, pid):
    note = R.note_from("7", reason, pin, SERVED, user="U1")
    assert (note.reason, note.cite, note.passage_id) == (kept, cite, pid)


# ---------------------------------------------------------------- review, verification, the firm's set

def votes(tmp_path):
    fb = FeedbackStore(tmp_path / "fb.sqlite3")
    for question, verdict in (("What is the scope of discovery?", "down"), ("Can the court change the limits?", "down"),
                              ("What is the scope of discovery?", "up"), ("Who may resubmit the order?", "down")):
        fb.record(Feedback(source="slack", user="U1", question=question, answer="a", citations=("X",),
                           verdict=verdict, comment="from the form" if verdict == "up" else ""))
    return fb.all()


def test_each_vote_as_an_administrator_reviews_it(tmp_path):
    served = Idx(SCOPE, replace(LIMITS, text="Changed."))
    current = [verified(vote_id="1"), verified(LIMITS, vote_id="2", question="Can the court change the limits?")]
    rows = R.reviews(votes(tmp_path), {"4": VoteNote("4", "Wrong paragraph", ORDER.cite, ORDER.id)}, current, served)
    assert [(r.id, r.verdict, r.state, r.why) for r in rows] == [
        ("1", "down", R.VERIFIED, ""), ("2", "down", R.SUSPENDED, V.CHANGED), ("3", "up", R.VERIFIED, ""),
        ("4", "down", R.AWAITING, "")]
    assert (rows[3].reason, rows[3].suggested) == ("Wrong paragraph", ORDER.cite)
    assert rows[2].reason == "from the form"  # the comment sent with the vote, when no follow-up was written
    assert R.suspended(current, served) == [(current[1], V.CHANGED)]
    assert "was changed by a reindex since Ann Lee verified it on 2026-03-02" in R.suspended_line(current[1], V.CHANGED)


def test_verify_records_the_passage_quotes_its_sentence_and_adds_the_question_to_the_firm_set(tmp_path):
    store, firm = VerifiedStore(tmp_path / "fb.sqlite3"), tmp_path / "eval" / "firm.jsonl"
    rows = votes(tmp_path)
    v = R.verify(SERVED, rows, store, "1", "Rule 26(b)(1)", by="Ann Lee", at="2026-03-02T09:00:00+00:00", firm=firm)
    assert (v.id, v.vote_id, v.cite, v.passage_id) == (1, "1", SCOPE.cite, SCOPE.id)
    assert v.quote in SCOPE.text and v.text_hash == V.text_hash(SCOPE)
    R.verify(SERVED, rows, store, "3", "Fed. R. Civ. P. 26(b)(2)", by="Bo", at="2026-03-03T09:00:00+00:00", firm=firm)
    R.verify(SERVED, rows, store, "2", "Fed. R. Civ. P. 26(b)(2)", by="Bo", at="2026-03-03T09:00:00+00:00", firm=firm)
    cases = load_eval(str(firm))  # the dev set's format: one line per question, the latest verification
    assert [(x.question, x.kind, x.abstain) for x in cases] == [("What is the scope of discovery?", "firm", False),
                                                                 ("Can the court change the limits?", "firm", False)]
    assert cases[0].expect_any == (LIMITS.text,)
    assert oct(firm.stat().st_mode & 0o777) == "0o600"
    with pytest.raises(RulebotError, match="There is no vote 99"):
        R.verify(SERVED, rows, store, "99", "Rule 26(b)(1)", by="Ann", at="x", firm=firm)


def test_the_export_carries_the_reason_and_the_verified_answer(tmp_path):
    rows = votes(tmp_path)
    out = R.export_rows(R.reviews(rows, {"4": VoteNote("4", "Wrong paragraph")}, [verified(vote_id="1")], None), rows)
    assert [(r["id"], r["reason"], r["verified_cite"], r["verified_by"]) for r in out] == [
        (1, "", SCOPE.cite, "Ann Lee"), (2, "", "", ""), (3, "from the form", SCOPE.cite, "Ann Lee"),
        (4, "Wrong paragraph", "", "")]


# ---------------------------------------------------------------- the command line, without an index

def test_cli_lists_votes_with_their_reasons_and_exports_verified_answers(tmp_path, capsys):
    from bot.cli import main
    from bot.settings import Settings

    home = tmp_path / "home"
    settings = Settings.load(env={"RULEBOT_HOME": str(home)})
    fb = FeedbackStore(settings.feedback_db)
    fb.record(Feedback(source="slack", user="U1", question="What is the scope of discovery?", answer="a",
                       citations=("Fed. R. Civ. P. 26(b)(2)",), verdict="down"))
    fb.record(Feedback(source="teams", user="29:x", question="q?", answer="a", citations=(), verdict="up"))
    VerifiedStore(settings.feedback_db).note(VoteNote("1", "Cites the limits, not the scope", SCOPE.cite, SCOPE.id))
    VerifiedStore(settings.feedback_db).add(verified(vote_id="1"))

    assert main(["--home", str(home), "feedback", "list", "--down"]) == 0
    out = capsys.readouterr().out
    assert "#1  👎" in out and "Question: What is the scope of discovery?" in out and "#2" not in out
    assert "Cited: Fed. R. Civ. P. 26(b)(2)" in out and "Reason: Cites the limits, not the scope" in out
    assert "Verified: Fed. R. Civ. P. 26(b)(1) (Verified by Ann Lee on 2026-03-02)" in out
    assert main(["--home", str(home), "feedback", "list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in rows] == ["1", "2"] and rows[0]["verified"]["by"] == "Ann Lee"
    assert main(["--home", str(home), "feedback", "export", "--format", "json"]) == 0
    assert [r["verified_by"] for r in json.loads(capsys.readouterr().out)] == ["Ann Lee", ""]
    assert main(["--home", str(home), "feedback", "export", "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines()[0].endswith(",comment,question_sha256,reason,suggested,verified_cite,verified_by,verified_at")


def test_eval_firm_before_anything_was_verified_says_how_the_set_grows(tmp_path, capsys):
    from bot.cli import main

    assert main(["--home", str(tmp_path), "eval", "--firm"]) == 2
    assert "grows by one question each time an administrator verifies an answer" in capsys.readouterr().err
    assert main(["--home", str(tmp_path), "eval"]) == 2
    assert "or --firm for the firm's own set" in capsys.readouterr().err


def test_the_verified_passage_is_never_left_quoted_in_half():
    """A quote of the verified passage that spans lines (a list, two sentences across a line break) is dropped
    whole when that passage is cited first: no line of it is left without its number; a note above stays."""
    p = Passage(id="a", doc_id="d", cite="R. 2", section="2", text="Verified text:\n\n(A) one; and\n\n(B) two.")
    o = Passage(id="b", doc_id="d", cite="R. 3", section="3", text="Other text.")
    listed = "Verified text:\n\n(A) one; and\n\n(B) two."
    ans = Answer("q", f"Note: L.R. 9 is not in the indexed corpus.\n“{listed}” [1] (R. 2)\n“Other text.” [2] (R. 3)",
                 citations=(Citation(1, p, listed), Citation(2, o, "Other text.")))
    v = V.VerifiedAnswer(1, "", "q", "a", "R. 2", V.text_hash(p), "Verified text:", "Ann Lee", "2026-01-05T10:00:00")
    text = V.cite_first(ans, v, p).text
    assert text.splitlines() == ["“Verified text:” [1] (R. 2)", "Verified by Ann Lee on 2026-01-05.",
                                 "Note: L.R. 9 is not in the indexed corpus.", "“Other text.” [2] (R. 3)"]
