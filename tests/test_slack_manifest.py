"""`deploy/slack/manifest.yml` declares exactly what the app handles and the scopes the calls it makes need."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

from bot.settings import Settings
from bot.slack import handlers
from bot.slack.app import EVENTS_PATH
from chat_support import served_chat
from slack_standin import BOT_USER, SlackAPIStandIn, SlackSender

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = yaml.safe_load((ROOT / "deploy/slack/manifest.yml").read_text())
SECRET = "manifest-test-secret"

# Web API method (as called through slack_sdk) -> bot scopes it needs
METHOD_SCOPES = {
    "chat_postMessage": {"chat:write"}, "chat_postEphemeral": {"chat:write"}, "chat_update": {"chat:write"},
    "conversations_open": {"im:write"},
    "conversations_replies": {"channels:history", "groups:history", "mpim:history", "im:history"},
    "views_open": set(), "views_update": set(), "views_publish": set(), "files_upload_v2": {"files:write"},
    "conversations_info": {"channels:read", "groups:read"},
    "assistant_threads_setStatus": {"assistant:write"}, "assistant_threads_setTitle": {"assistant:write"},
    "assistant_threads_setSuggestedPrompts": {"assistant:write"},
    "file_download": {"files:read"},
    "auth_test": set(), "chat_stream": {"chat:write"},  # chat.startStream/appendStream/stopStream: a task timeline  # url_private_download with the bot token (review a shared file)
}
# Bolt's assistant utilities (listener arguments) -> the Web API method each calls
UTILITIES = {"set_status": "assistant_threads_setStatus", "set_title": "assistant_threads_setTitle",
             "set_suggested_prompts": "assistant_threads_setSuggestedPrompts", "say": "chat_postMessage"}
# the modules that call the Web API
CALLERS = ("bot/slack/outbound.py", "bot/slack/assistant.py", "bot/slack/home.py", "bot/slack/shortcut.py",
           "bot/slack/agent.py")
EVENT_SCOPES = {"app_mention": {"app_mentions:read"}, "message.im": {"im:history"},
                "assistant_thread_started": {"assistant:write"}, "assistant_thread_context_changed": {"assistant:write"},
                "app_home_opened": set(), "app_context_changed": set()}
# Bolt listener event type -> manifest bot event
EVENT_NAMES = {"app_mention": "app_mention", "message": "message.im",
               "assistant_thread_started": "assistant_thread_started",
               "assistant_thread_context_changed": "assistant_thread_context_changed",
               "app_home_opened": "app_home_opened", "app_context_changed": "app_context_changed"}


@pytest.fixture(scope="module")
def sender(tmp_path_factory):
    with SlackAPIStandIn() as slack:
        settings = Settings.load(env={"RULEBOT_HOME": str(tmp_path_factory.mktemp("manifest")),
                                      "SLACK_BOT_TOKEN": slack.token, "SLACK_SIGNING_SECRET": SECRET,
                                      "SLACK_API_URL": slack.api_url})
        with served_chat(settings, object()) as srv:
            yield SlackSender(srv.slack_url, SECRET)


def test_every_url_is_bolts_one_path():
    urls = [c["url"] for c in MANIFEST["features"]["slash_commands"]]
    urls += [MANIFEST["settings"]["event_subscriptions"]["request_url"], MANIFEST["settings"]["interactivity"]["request_url"]]
    assert {urlparse(u).path for u in urls} == {EVENTS_PATH}
    assert MANIFEST["settings"]["interactivity"]["is_enabled"] is True


def test_manifest_commands_are_the_registered_ones(sender):
    declared = {c["command"] for c in MANIFEST["features"]["slash_commands"]}
    assert declared == set(handlers.COMMANDS)
    for command in declared:  # each is really handled by the running app (Bolt answers 404 otherwise)
        assert sender.command(command, "").status == 200, command
    assert sender.command("/not-ours", "").status == 404


def test_manifest_events_are_the_registered_ones(sender):
    declared = set(MANIFEST["settings"]["event_subscriptions"]["bot_events"])
    assert declared == {EVENT_NAMES[e] for e in handlers.EVENTS}
    thread = {"user_id": "U1", "channel_id": "D1", "thread_ts": "9.0", "context": {}}
    ignored = {"app_mention": {"bot_id": "B0OTHER"}, "message": {"subtype": "message_changed", "channel_type": "im"},
               "assistant_thread_started": {"assistant_thread": thread},
               "assistant_thread_context_changed": {"assistant_thread": thread},
               "app_home_opened": {"tab": "home"}, "app_context_changed": {"context": {}}}
    for i, kind in enumerate(handlers.EVENTS):
        ev = {"type": kind, "user": "U1", "text": f"<@{BOT_USER}> hi", "ts": f"1.{i}", "channel": "C1", **ignored[kind]}
        assert sender.event(ev).status == 200, kind
    assert sender.event({"type": "reaction_added", "user": "U1", "reaction": "x", "item": {}}).status == 404


def test_every_button_and_modal_is_handled(sender):
    for action_id in handlers.ACTIONS:
        aid = action_id + (":1" if action_id == "show_passage" else "")
        sent = sender.block_action({"action_id": aid, "value": "unknown-key"}, response_url="")
        assert sent.status == 200, action_id
    assert sender.block_action({"action_id": "nobody_handles_this", "value": "x"}).status == 404
    for callback_id in handlers.VIEWS:
        sent = sender.view_submission({"type": "modal", "callback_id": callback_id, "blocks": [], "private_metadata": "{}"}, {})
        assert sent.status == 200, callback_id


def test_the_shortcut_is_the_registered_one(sender):
    declared = {s["callback_id"] for s in MANIFEST["features"]["shortcuts"]}
    assert declared == set(handlers.SHORTCUTS)
    assert all(s["type"] == "message" for s in MANIFEST["features"]["shortcuts"])
    for callback_id in declared:
        assert sender.message_action(callback_id, {"ts": "1.0", "text": ""}).status == 200, callback_id
    assert sender.message_action("nobody_handles_this", {"ts": "1.0", "text": "x"}).status == 404


def test_the_agent_view_and_the_home_tab_are_enabled():
    features = MANIFEST["features"]
    assert features["agent_view"]["agent_description"] and "assistant_view" not in features
    assert features["app_home"]["home_tab_enabled"] is True


def test_scopes_are_exactly_those_the_app_needs():
    source = "\n".join((ROOT / path).read_text() for path in CALLERS)
    methods = set(re.findall(r"\bclient\.(\w+)\(", source))
    methods |= {method for name, method in UTILITIES.items() if re.search(rf"\b{name}\(", source)}
    if re.search(r"\bdef download\(", source):  # a shared file fetched with the bot token
        methods.add("file_download")
    assert methods and methods <= set(METHOD_SCOPES), f"add scopes for {methods - set(METHOD_SCOPES)}"
    needed = set().union(*(METHOD_SCOPES[m] for m in methods))
    needed |= set().union(*(EVENT_SCOPES[e] for e in MANIFEST["settings"]["event_subscriptions"]["bot_events"]))
    needed |= {"commands"}
    assert set(MANIFEST["oauth_config"]["scopes"]["bot"]) == needed
