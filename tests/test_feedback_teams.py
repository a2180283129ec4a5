"""Feedback that teaches on Teams, end to end (the aiohttp server, real Activity JSON, the Bot Connector
stand-in, the real engine over the shipped corpus): a 👎 whose comment names the rule that should have answered
keeps it as the suggestion; `admin feedback` shows the 👎 in a card with the suggestion in its pin cite box;
Verify records the verified answer, for administrators only."""

from __future__ import annotations

import pytest

from bot.admin.feedback import FeedbackStore
from bot.admin.verified import VerifiedStore
from bot.chat import messages as CM
from bot.teams import messages as say
from bot.teams.review import VERIFY, pin_input
from teams_support import feedback_invoke, find_actions, invoke_action, message, texts, user
from test_teams_bot import ADMIN
from test_teams_native import messages, run

QUESTION = "What may a court order to protect a party from annoyance or undue burden?"
LAWYER = user("aad-lawyer-7", "Lee Lawyer")
SHOULD = "Fed. R. Civ. P. 26(c)(1)"


@pytest.fixture
def settings(session_settings, tmp_path):
    return session_settings.with_(home=tmp_path / "bot-home", admins=("aad-admin-1",))


def test_a_downvote_naming_the_rule_then_admin_feedback_and_verify(settings, engine):
    async def scenario(bot, connector):
        asked = message(connector.url, QUESTION, who=LAWYER)
        await bot.post(asked)
        cid = asked["conversation"]["id"]
        (answer,) = messages(connector, cid)
        await bot.post(feedback_invoke(connector.url, answer.given, "dislike", f"It should have quoted {SHOULD}.",
                                       conversation_id=cid, who=LAWYER))
        review = message(connector.url, "admin feedback", who=ADMIN)
        await bot.post(review)
        rid = review["conversation"]["id"]
        await connector.wait_for(lambda calls: messages(connector, rid))
        (card,) = [c for call in messages(connector, rid) for c in call.cards]
        (verify,) = find_actions(card, VERIFY)
        vote = verify["data"]["vote"]
        refused = await bot.post(invoke_action(connector.url, VERIFY, {**verify["data"], pin_input(vote): SHOULD},
                                               conversation_id=rid, who=LAWYER))
        accepted = await bot.post(invoke_action(connector.url, VERIFY, {**verify["data"], pin_input(vote): SHOULD},
                                                conversation_id=rid, who=ADMIN))
        assert accepted[1]["value"] == say.VERIFYING
        await connector.wait_for(lambda calls: [c for c in messages(connector, rid) if "Verified by" in c.text])
        return card, vote, refused, [c.text for c in messages(connector, rid) if "Verified by" in c.text][0]

    card, vote, refused, said = run(settings, engine, scenario)
    assert "👎 awaiting review: 1" in texts(card) and QUESTION in texts(card)
    assert f"Should have cited: {SHOULD}" in texts(card) and f"It should have quoted {SHOULD}." in texts(card)
    assert any(el.get("id") == pin_input(vote) and el.get("value") == SHOULD for el in card["body"])
    assert refused[0] == 200 and "administrators only" in refused[1]["value"]  # the invoke's own answer
    assert said == CM.VERIFIED_CHAT.format(by="Alex Admin", question=QUESTION, cite=SHOULD)
    (v,) = VerifiedStore(settings.feedback_db).current()
    assert (v.question, v.cite, v.vote_id) == (QUESTION, SHOULD, vote)
    assert [r["verdict"] for r in FeedbackStore(settings.feedback_db).all()] == ["down"]
