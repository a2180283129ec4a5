"""The boundary: Activity JSON in, our own `Inbound` values out; message text into commands.
Tables of real Activity shapes (as Teams sends them) and what they must become."""

from __future__ import annotations

import pytest

from bot.draft.kinds import KINDS
from bot.teams.adapter import MalformedActivity, clean_text, parse_activity, to_inbound
from bot.chat.service import find_kind
from bot.teams.commands import Command, parse_command
from bot.teams.inbound import MembersAdded, Message, Submit, User
from teams_support import conversation_update, invoke_action, message, submit, user

URL = "https://smba.trafficmanager.net/amer/"
ADA = User(id="29:aad-user-1", aad_object_id="aad-user-1", name="Ada Associate")


def _with_ids(activity: dict, cid: str = "conv-1") -> dict:
    activity["id"] = "act-1"
    activity["conversation"]["id"] = cid
    return activity


INBOUND_CASES = [
    ("chat message", message(URL, "What is L.R. 37-1?"),
     Message("act-1", "conv-1", ADA, "What is L.R. 37-1?", "personal", service_url=URL)),
    ("channel mention: the <at> tag is removed", message(URL, "What is L.R. 37-1?", channel=True),
     Message("act-1", "conv-1", ADA, "What is L.R. 37-1?", "channel", service_url=URL)),
    ("Action.Submit: a message with only a value",
     submit(URL, {"rulebot": "passage", "id": "p1"}),
     Submit("act-1", "conv-1", ADA, "passage", {"rulebot": "passage", "id": "p1"}, invoke=False)),
    ("messageBack: text and value, the value wins",
     submit(URL, {"rulebot": "feedback", "verdict": "up", "msteams": {"type": "messageBack"}},
            message_back_text="👍 Helpful"),
     Submit("act-1", "conv-1", ADA, "feedback", {"rulebot": "feedback", "verdict": "up"}, invoke=False)),
    ("a value that is not ours is just a message",
     submit(URL, {"other": "card"}, message_back_text="hello"),
     Message("act-1", "conv-1", ADA, "hello", "personal", service_url=URL)),
    ("adaptiveCard/action invoke (Action.Execute)",
     invoke_action(URL, "draft", {"rulebot": "draft", "kind": "good-cause", "case_name": "Doe"}),
     Submit("act-1", "conv-1", ADA, "draft", {"rulebot": "draft", "kind": "good-cause", "case_name": "Doe"},
            invoke=True)),
    ("the bot was added", conversation_update(URL, added=[{"id": "28:rulebot-app-id"}, {"id": "29:x"}]),
     MembersAdded("act-1", "conv-1", bot_added=True, user_ids=("29:x",))),
    ("someone else was added", conversation_update(URL, added=[{"id": "29:x"}]),
     MembersAdded("act-1", "conv-1", bot_added=False, user_ids=("29:x",))),
    ("typing from the user: nothing to do", {**message(URL, ""), "type": "typing"}, None),
]


@pytest.mark.parametrize("case,activity,expected", INBOUND_CASES, ids=[c[0] for c in INBOUND_CASES])
def test_activity_to_inbound(case, activity, expected):
    assert to_inbound(parse_activity(_with_ids(activity))) == expected


MALFORMED = [
    ("not an object", ["message"], "not a JSON object"),
    ("no type", {"text": "hi"}, "no type"),
    ("no serviceUrl", {"type": "message", "conversation": {"id": "c"}}, "serviceUrl"),
    ("serviceUrl not http", {"type": "message", "serviceUrl": "file:///etc", "conversation": {"id": "c"}}, "serviceUrl"),
    ("no conversation id", {"type": "invoke", "serviceUrl": URL, "conversation": {}}, "conversation id"),
    ("from is a string", {"type": "message", "serviceUrl": URL, "conversation": {"id": "c"}, "from": "me"}, "'from'"),
]


@pytest.mark.parametrize("case,body,reason", MALFORMED, ids=[c[0] for c in MALFORMED])
def test_malformed_activities_are_refused_with_a_reason(case, body, reason):
    with pytest.raises(MalformedActivity, match=reason):
        parse_activity(body)


@pytest.mark.parametrize("raw,clean", [
    ("<at>rulebot</at> When is a <b>reply</b> due?", "When is a reply due?"),
    ("Rule 26(c)&amp;(d)&nbsp;please", "Rule 26(c)&(d) please"),
    ("<p>line one</p><p>line two</p>", "line one\nline two"),
    (None, ""),
])
def test_clean_text(raw, clean):
    assert clean_text(raw) == clean


@pytest.mark.parametrize("text,command", [
    ("", Command("help")),
    ("help", Command("help")),
    ("help me find the sealing rule", Command("question", "help me find the sealing rule")),
    ("admin REINDEX", Command("admin", "reindex")),
    ("admin", Command("admin", "")),
    ("Administrative motions: how long?", Command("question", "Administrative motions: how long?")),
    ("draft", Command("draft", "")),
    ("Draft: meet and confer", Command("draft", "meet and confer")),
    ("draft protective orders must say what?", Command("question", "draft protective orders must say what?")),
])
def test_parse_command(text, command):
    assert parse_command(text) == command


@pytest.mark.parametrize("wanted,kind", [
    ("good cause", "good-cause"), ("Good-Cause statement", "good-cause"), ("meet and confer", "meet-and-confer"),
    ("joint stipulation", "joint-stipulation"), ("sealing application", "sealing-application"),
    ("motion in limine", None), ("", None),
])
def test_find_kind(wanted, kind):
    assert find_kind(KINDS, wanted) == kind


def test_user_key_prefers_the_azure_ad_object_id():
    assert User(id="29:x", aad_object_id="aad").key == "aad" and User(id="29:x").key == "29:x"
    assert user("aad-9")["aadObjectId"] == "aad-9"


def test_only_the_adapter_imports_the_bot_framework_sdk():
    """The SDK is archived: a move to the Microsoft 365 Agents SDK must touch one module only."""
    import ast
    from pathlib import Path

    import bot

    offenders = []
    for path in Path(bot.__file__).resolve().parent.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if any(n.split(".")[0] in ("botbuilder", "botframework") for n in names):
                offenders.append(path.relative_to(path.parents[2]).as_posix())
    assert sorted(set(offenders)) == ["bot/teams/adapter.py"]
