"""The boundary: Slack payloads -> our types; de-duplication; thread context."""

from __future__ import annotations

import json

import pytest

from bot.slack.inbound import Message, action_from, clean_text, command_from, message_from, submission_from
from bot.slack.threads import history_from_replies


@pytest.mark.parametrize("raw,expected", [
    ("<@UBOT> Who bears the burden?", "Who bears the burden?"),
    ("<@UBOT|rulebot> what about <@U2>?", "what about @U2?"),
    ("see <https://courts.gov/lr.pdf|the rules> &amp; <https://x.org>", "see the rules & https://x.org"),
    ("in <#C123|litigation> &lt;sealed&gt;", "in litigation <sealed>"),
    ("  spaced \n out  ", "spaced out"),
])
def test_clean_text(raw, expected):
    assert clean_text(raw, bot_user="UBOT") == expected


def event(**ev):
    return {"event_id": "Ev1", "event": {"type": "app_mention", "user": "U1", "channel": "C1", "ts": "10.0",
                                         "text": "<@UBOT> Who bears the burden?", **ev}}


@pytest.mark.parametrize("body,expected", [
    (event(), Message("Ev1", "U1", "C1", "10.0", "Who bears the burden?")),
    (event(thread_ts="9.0"), Message("Ev1", "U1", "C1", "10.0", "Who bears the burden?", thread_ts="9.0")),
    (event(type="message", channel_type="im", text="hello"),
     Message("Ev1", "U1", "C1", "10.0", "hello", channel_type="im", kind="message")),
    (event(type="message", channel_type="channel"), None),  # channel chatter is not addressed to us
    (event(subtype="message_changed"), None),
    (event(bot_id="B9"), None),
    (event(user="UBOT"), None),
    (event(type="reaction_added"), None),
])
def test_message_from(body, expected):
    assert message_from(body, bot_user="UBOT") == expected


def test_message_threads():
    m = message_from(event(), bot_user="UBOT")
    assert m.reply_thread == "10.0" and not m.is_follow_up
    f = message_from(event(thread_ts="9.0"), bot_user="UBOT")
    assert f.reply_thread == "9.0" and f.is_follow_up


def test_command_action_submission():
    c = command_from({"command": "/rules", "text": " a  b ", "user_id": "U1", "channel_id": "C1",
                      "response_url": "http://r", "trigger_id": "t1", "team_id": "T1"})
    assert (c.name, c.text, c.user, c.channel, c.response_url, c.trigger_id) == ("/rules", "a b", "U1", "C1", "http://r", "t1")
    a = action_from({"user": {"id": "U1"}, "channel": {"id": "C1"}, "response_url": "http://r", "trigger_id": "t",
                     "container": {"message_ts": "5.0", "thread_ts": "4.0", "is_ephemeral": True},
                     "actions": [{"action_id": "feedback_up", "value": "k1"}]})
    assert (a.action_id, a.value, a.user, a.channel, a.message_ts, a.thread_ts, a.is_ephemeral) == \
        ("feedback_up", "k1", "U1", "C1", "5.0", "4.0", True)
    pick = action_from({"user": {"id": "U1"}, "view": {"id": "V1", "hash": "h", "private_metadata": '{"channel":"C1"}'},
                        "actions": [{"action_id": "draft_pick", "selected_option": {"value": "good-cause"}}]})
    assert (pick.value, pick.view_id, pick.view_hash, dict(pick.view_metadata)) == ("good-cause", "V1", "h", {"channel": "C1"})
    s = submission_from({"user": {"id": "U1"}, "view": {"callback_id": "draft_submit",
                         "private_metadata": json.dumps({"kind": "good-cause"}),
                         "state": {"values": {"case": {"value": {"type": "plain_text_input", "value": "Doe"}},
                                              "notes": {"value": {"type": "plain_text_input", "value": None}}}}}})
    assert (s.callback_id, s.user, dict(s.values), dict(s.metadata)) == \
        ("draft_submit", "U1", {"case": "Doe", "notes": ""}, {"kind": "good-cause"})
    assert submission_from({"view": {"private_metadata": "not json"}}).metadata == {}


def test_history_from_replies_keeps_human_questions_before_the_follow_up():
    msgs = [{"ts": "1.0", "user": "U1", "text": "<@UBOT> Who bears the burden?"},
            {"ts": "1.1", "user": "UBOT", "bot_id": "B1", "text": "Defendants [1]"},
            {"ts": "1.2", "user": "U2", "text": "<@UBOT> and for sealing?"},
            {"ts": "1.3", "user": "U1", "subtype": "channel_join", "text": "joined"},
            {"ts": "1.5", "user": "U1", "text": "<@UBOT> what about under seal?"},
            {"ts": "1.6", "user": "U1", "text": "later"}]
    assert history_from_replies(msgs, bot_user="UBOT", before_ts="1.5") == ("Who bears the burden?", "and for sealing?")
    assert history_from_replies(msgs, bot_user="UBOT", before_ts="1.5", limit=1) == ("and for sealing?",)
