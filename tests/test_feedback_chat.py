"""Feedback that teaches, in the chat service and its renderings, without a model or a server: a 👎 asks what
was wrong, the reason and passage are kept for the voter only, administrators review and verify in chat; the
Slack follow-up, review and Verify modal and the Teams review card as input -> output tables."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from bot.admin import review as R
from bot.admin.feedback import FeedbackStore
from bot.admin.verified import VerifiedStore, VoteNote
from bot.answering.verified import CHANGED
from bot.chat import messages as CM
from bot.chat.service import Chat, Drafting
from bot.chat.state import MemoryState
from bot.chat.types import Asker, Downvoted, PassageChoice, ReviewView
from bot.settings import Settings
from bot.slack import review as SR
from bot.teams.review import VERIFY, pin_input, review_card
from bot.types import Answer, Citation
from test_verified import LIMITS, SCOPE, Idx, verified

LAWYER, OTHER, ADMIN = Asker("slack", "U0LAWYER", "C1"), Asker("slack", "U0OTHER", "C1"), Asker("slack", "U0ADMIN", "C1")
Q = "What is the scope of discovery?"


class Engine:
    """The core as the chat service sees it, over a two-passage index."""

    def __init__(self):
        self.idx = Idx(SCOPE, LIMITS)

    def index(self):
        return self.idx

    def answer(self, question, **kw):
        return Answer(question, f"“{LIMITS.text}” [1] ({LIMITS.cite})", citations=(Citation(1, LIMITS, LIMITS.text),),
                      see_also=(Citation(2, SCOPE, "Parties may obtain discovery regarding any nonprivileged matter."),))

    def find_cite(self, cite):
        return self.idx.find_cite(cite)


class Said:
    """A `Reply` that records what reached the user."""

    def __init__(self):
        self.notices, self.downvotes, self.views, self.answers = [], [], [], []

    def notice(self, text):
        self.notices.append(text)

    def downvoted(self, view):
        self.downvotes.append(view)

    def reviews(self, view):
        self.views.append(view)

    def answer(self, view):
        self.answers.append(view)


@pytest.fixture
def chat(tmp_path):
    settings = Settings.load(env={"RULEBOT_HOME": str(tmp_path), "RULEBOT_ADMINS": ADMIN.user})
    c = Chat(settings, Engine(), state=MemoryState(), feedback=FeedbackStore(settings.feedback_db),
             verified=VerifiedStore(settings.feedback_db), sync=None,
             drafting=Drafting(kinds={}, parse_form=dict, compose=lambda *a: None, to_docx=bytes))
    yield c
    c.close()


def downvote(chat, comment=""):
    said = Said()
    chat.ask(LAWYER, Q, said)
    key = said.answers[0].key
    chat.vote(LAWYER, key, "down", said, comment=comment)
    return said


def settled(chat):
    assert chat.admin_workers.wait_idle(10) and chat.workers.wait_idle(10)


def test_a_downvote_is_thanked_with_the_answers_passages_to_choose_from(chat):
    said = downvote(chat)
    (view,) = said.downvotes
    assert view == Downvoted("1", CM.FEEDBACK_THANKS["down"],
                             (PassageChoice(LIMITS.id, LIMITS.cite), PassageChoice(SCOPE.id, SCOPE.cite)))


EXPLAIN = [
    # (name, who sends it, pin, what they are told, the note kept)
    ("a reason and a passage chosen", LAWYER, SCOPE.id, CM.REASON_THANKS, ("Wrong rule", SCOPE.cite)),
    ("a pin cite typed", LAWYER, "Rule 26(b)(1)", CM.REASON_THANKS, ("Wrong rule", SCOPE.cite)),
    ("a pin cite the index lacks", LAWYER, "L.R. 99-9",
     CM.REASON_PIN_UNKNOWN.format(pin="L.R. 99-9"), ("Wrong rule (L.R. 99-9)", "")),
    ("someone else's vote", OTHER, SCOPE.id, CM.REASON_NOT_YOURS, None),
]


@pytest.mark.parametrize("name,who,pin,told,kept", EXPLAIN, ids=[t[0] for t in EXPLAIN])
def test_what_was_wrong_is_kept_with_the_voters_own_downvote(chat, name, who, pin, told, kept):
    downvote(chat)
    said = Said()
    chat.explain(who, "1", "Wrong rule", pin, said)
    assert said.notices == [told]
    note = chat.verified.notes().get("1")
    assert (note.reason, note.cite) == kept if kept else note is None


def test_a_rule_named_in_the_feedback_forms_comment_is_the_passage_suggested(chat):
    downvote(chat, comment="It should have cited Rule 26(b)(1).")
    note = chat.verified.notes()["1"]
    assert (note.reason, note.cite, note.passage_id) == ("It should have cited Rule 26(b)(1).", SCOPE.cite, SCOPE.id)


def test_admins_review_and_verify_in_chat_and_others_are_refused(chat):
    downvote(chat)
    chat.explain(LAWYER, "1", "Wrong rule", SCOPE.id, Said())
    refused = Said()
    assert not chat.admin(LAWYER, "feedback", refused)
    assert "for rulebot administrators only" in refused.notices[0]

    said = Said()
    assert chat.admin(ADMIN, "feedback", said)
    settled(chat)
    (view,) = said.views
    assert view.total == 1 and view.awaiting[0].suggested == SCOPE.cite and view.suspended == ()

    chat.admin(ADMIN, f"feedback verify 1 {SCOPE.cite}", said)
    settled(chat)
    assert said.notices[-1] == CM.VERIFIED_CHAT.format(by="U0ADMIN", question=Q, cite=SCOPE.cite)
    (v,) = chat.verified.current()
    assert (v.question, v.passage_id, v.by) == (Q, SCOPE.id, "U0ADMIN")
    assert chat.settings.firm_eval.is_file()
    chat.admin(ADMIN, "feedback", said)
    settled(chat)
    assert said.views[-1].total == 0  # verified: no longer awaiting review

    chat.admin(ADMIN, "feedback verify 1", said)
    settled(chat)
    assert said.notices[-1] == CM.FEEDBACK_USAGE
    chat.verify_vote(LAWYER, "1", SCOPE.cite, refused)
    assert "for rulebot administrators only" in refused.notices[-1]


# ---------------------------------------------------------------- renderings

def block_ids(blocks):
    return [b.get("block_id") or b["type"] for b in blocks]


def test_slack_follow_up_after_a_downvote():
    msg = SR.downvote_message(Downvoted("12", "Thanks.", (PassageChoice("p1", "Fed. R. Civ. P. 26(b)(1)"),)))
    assert block_ids(msg.blocks) == ["section", "context", "reason", "passage", "pin", "actions"]
    assert msg.blocks[3]["element"]["options"] == [{"text": {"type": "plain_text", "text": "Fed. R. Civ. P. 26(b)(1)",
                                                             "emoji": True}, "value": "p1"}]
    send = msg.blocks[-1]["elements"][0]
    assert (send["action_id"], send["value"]) == (SR.FEEDBACK_WHY, "12")
    assert block_ids(SR.downvote_message(Downvoted("12", "Thanks.")).blocks) == [
        "section", "context", "reason", "pin", "actions"]  # nothing to choose from: the pin cite box only


AWAITING = R.Review(id="4", at="2026-02-01T10:00:00+00:00", source="slack", user="U0LAWYER", verdict="down",
                    question="Is L.R. 79-5 about sealing?", citations=("C.D. Cal. L.R. 79-5.1",), reason="Wrong rule",
                    suggested=SCOPE.cite, suggested_id=SCOPE.id)
REVIEWS = [
    # (name, view, phrases shown, Verify buttons)
    ("nothing to review", ReviewView(), [CM.REVIEW_EMPTY], []),
    ("one awaiting", ReviewView(awaiting=(AWAITING,), total=1),
     ["👎 awaiting review: 1", "#4", "Is L.R. 79-5 about sealing?", "<@U0LAWYER>", "Reason: Wrong rule",
      "Should have cited: Fed. R. Civ. P. 26(b)(1)", "Cited: C.D. Cal. L.R. 79-5.1"], ["4"]),
    ("one suspended", ReviewView(suspended=((verified(vote_id="9"), CHANGED),)),
     ["Verified answers suspended by a reindex: 1", "was changed by a reindex since Ann Lee verified it",
      "rulebot feedback verify 9 PIN_CITE"], []),
]


@pytest.mark.parametrize("name,view,shown,verify", REVIEWS, ids=[t[0] for t in REVIEWS])
def test_slack_review_and_teams_review_card(name, view, shown, verify):
    blocks = SR.review_blocks(view)
    text = json.dumps(blocks, ensure_ascii=False)
    assert all(phrase in text for phrase in shown), text
    assert [b["accessory"]["value"] for b in blocks if b.get("accessory", {}).get("action_id") == SR.REVIEW_VERIFY] == verify
    card = json.dumps(review_card(view), ensure_ascii=False)
    assert all(phrase.replace("<@U0LAWYER>", "slack:U0LAWYER") in card for phrase in shown), card
    assert card.count(f'"rulebot": "{VERIFY}"') == 2 * len(verify)  # Action.Execute and its Action.Submit fallback
    for vote in verify:
        assert f'"id": "{pin_input(vote)}", "label"' in card and f'"value": "{SCOPE.cite}"' in card


def test_slack_verify_modal_offers_the_suggested_and_the_cited_passages():
    choices = SR.verify_choices(AWAITING, lambda cite: [SimpleNamespace(id="lr::79-5.1::0", cite=cite)])
    assert choices == (PassageChoice(SCOPE.id, SCOPE.cite), PassageChoice("lr::79-5.1::0", "C.D. Cal. L.R. 79-5.1"))
    modal = SR.verify_modal(AWAITING, choices)
    assert modal["callback_id"] == SR.VERIFY_CALLBACK and json.loads(modal["private_metadata"]) == {"vote": "4"}
    assert block_ids(modal["blocks"]) == ["section", "context", "passage", "pin"]
    assert len(modal["title"]["text"]) <= 24


def test_a_note_in_the_feedback_file_survives_a_new_store_on_it(tmp_path):
    VerifiedStore(tmp_path / "fb.sqlite3").note(VoteNote("3", "Wrong rule"))
    assert VerifiedStore(tmp_path / "fb.sqlite3").notes()["3"].reason == "Wrong rule"
