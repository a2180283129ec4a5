"""Normalize Slack payloads into our own small types at the boundary.

Nothing past the Slack adapter sees raw Slack JSON: listeners call one of the
`*_from(body)` functions first and work with the frozen dataclasses below.

>>> c = command_from({"command": "/rules", "text": "  What is L.R. 37-1? ", "user_id": "U1",
...                   "channel_id": "C1", "response_url": "https://hooks/x", "trigger_id": "t"})
>>> c.text, c.user
('What is L.R. 37-1?', 'U1')
>>> clean_text("<@UBOT> what about &lt;sealed&gt; filings? <https://x.org|see>", bot_user="UBOT")
'what about <sealed> filings? see'
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Iterator, Mapping

from bot.chat.types import SharedFile


@dataclass(frozen=True)
class Command:
    """A slash command (`/rules`, `/draft`, `/rules-admin`)."""

    name: str
    text: str
    user: str
    channel: str
    team: str = ""
    response_url: str = ""
    trigger_id: str = ""


@dataclass(frozen=True)
class Message:
    """A question addressed to the bot: an `app_mention` or a direct message."""

    event_id: str
    user: str
    channel: str
    ts: str
    text: str
    thread_ts: str = ""  # set when the message is itself in a thread
    channel_type: str = ""  # "im" for direct messages
    kind: str = "app_mention"  # "app_mention" | "message"
    files: tuple[SharedFile, ...] = ()

    @property
    def reply_thread(self) -> str:
        """The thread to answer in: the message's thread, or a new thread under the message."""
        return self.thread_ts or self.ts

    @property
    def is_follow_up(self) -> bool:
        return bool(self.thread_ts) and self.thread_ts != self.ts


@dataclass(frozen=True)
class Action:
    """A button click or menu choice (`block_actions`)."""

    action_id: str
    value: str
    user: str
    channel: str = ""
    message_ts: str = ""
    thread_ts: str = ""
    response_url: str = ""
    trigger_id: str = ""
    view_id: str = ""
    view_hash: str = ""
    view_metadata: Mapping[str, Any] = field(default_factory=dict)
    is_ephemeral: bool = False
    values: Mapping[str, str] = field(default_factory=dict)  # the message's inputs by block id (`state_values`)


@dataclass(frozen=True)
class Submission:
    """A modal submitted (`view_submission`): field values by block id, plus the modal's metadata."""

    callback_id: str
    user: str
    values: Mapping[str, str]
    metadata: Mapping[str, Any]


_MENTION = re.compile(r"<@([A-Z0-9]+)(?:\|[^>]*)?>")
_LINK = re.compile(r"<((?:https?|mailto):[^|>]+)(?:\|([^>]*))?>")
_SPECIAL = re.compile(r"<[#!][^|>]*(?:\|([^>]*))?>")


def clean_text(text: str, *, bot_user: str = "") -> str:
    """Slack mrkdwn from a user into plain text: drop the bot's mention, unwrap links, unescape."""
    text = _MENTION.sub(lambda m: "" if m.group(1) == bot_user else "@" + m.group(1), text or "")
    text = _LINK.sub(lambda m: m.group(2) or m.group(1), text)
    text = _SPECIAL.sub(lambda m: m.group(1) or "", text)
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return " ".join(text.split())


def command_from(body: Mapping[str, Any]) -> Command:
    return Command(
        name=str(body.get("command", "")),
        text=" ".join(str(body.get("text", "")).split()),
        user=str(body.get("user_id", "")),
        channel=str(body.get("channel_id", "")),
        team=str(body.get("team_id", "")),
        response_url=str(body.get("response_url", "")),
        trigger_id=str(body.get("trigger_id", "")),
    )


def message_from(body: Mapping[str, Any], *, bot_user: str = "") -> Message | None:
    """The question in an `event_callback`, or None when it is not one we answer
    (edits, deletions, bot posts, joins, empty text)."""
    ev = body.get("event") or {}
    kind = ev.get("type", "")
    if kind not in ("app_mention", "message"):
        return None
    if ev.get("subtype") not in (None, "", "file_share", "thread_broadcast"):
        return None
    if ev.get("bot_id") or not ev.get("user") or (bot_user and ev.get("user") == bot_user):
        return None
    if kind == "message" and ev.get("channel_type") != "im":
        return None
    text = clean_text(str(ev.get("text", "")), bot_user=bot_user)
    return Message(
        event_id=str(body.get("event_id", "")),
        user=str(ev["user"]),
        channel=str(ev.get("channel", "")),
        ts=str(ev.get("ts", "")),
        text=text,
        thread_ts=str(ev.get("thread_ts", "") or ""),
        channel_type=str(ev.get("channel_type", "")),
        kind=kind,
        files=tuple(files_of(ev.get("files"))),
    )


def files_of(items: Any) -> Iterator[SharedFile]:
    """The downloadable files of a message event (other entries, e.g. external links, are skipped)."""
    for f in items if isinstance(items, list) else ():
        if not isinstance(f, Mapping):
            continue
        url = f.get("url_private_download") or f.get("url_private")
        if isinstance(url, str) and url:
            size = f.get("size")
            yield SharedFile(name=str(f.get("name") or f.get("title") or "file"), url=url,
                             size=size if isinstance(size, int) else 0, mimetype=str(f.get("mimetype", "")))


def action_from(body: Mapping[str, Any], action: Mapping[str, Any] | None = None) -> Action:
    act = action or (body.get("actions") or [{}])[0]
    value = act.get("value")
    if value is None and act.get("selected_option"):
        value = act["selected_option"].get("value")
    container = body.get("container") or {}
    message = body.get("message") or {}
    view = body.get("view") or {}
    return Action(
        action_id=str(act.get("action_id", "")),
        value=str(value or ""),
        user=str((body.get("user") or {}).get("id", "")),
        channel=str((body.get("channel") or {}).get("id", "") or container.get("channel_id", "")),
        message_ts=str(container.get("message_ts", "") or message.get("ts", "")),
        thread_ts=str(container.get("thread_ts", "") or message.get("thread_ts", "")),
        response_url=str(body.get("response_url", "")),
        trigger_id=str(body.get("trigger_id", "")),
        view_id=str(view.get("id", "")),
        view_hash=str(view.get("hash", "")),
        view_metadata=_json_object(view.get("private_metadata")),
        is_ephemeral=bool(container.get("is_ephemeral", False)),
        values=state_values(body.get("state")),
    )


def state_values(state: Any) -> dict[str, str]:
    """Flatten the `state.values` of a modal or a message with inputs to {block_id: text}; multi-selects are
    joined by newlines.

    >>> state_values({"values": {"reason": {"reason": {"type": "plain_text_input", "value": "Wrong rule"}},
    ...                          "passage": {"passage": {"type": "static_select", "selected_option": {"value": "p1"}}}}})
    {'reason': 'Wrong rule', 'passage': 'p1'}
    """
    values: dict[str, str] = {}
    for block_id, actions in ((state or {}).get("values") or {}).items() if isinstance(state, Mapping) else ():
        for _action_id, v in actions.items():
            kind = v.get("type")
            if kind == "static_select":
                values[block_id] = str((v.get("selected_option") or {}).get("value", ""))
            elif kind == "multi_static_select":
                values[block_id] = "\n".join(o.get("value", "") for o in v.get("selected_options") or [])
            else:
                values[block_id] = str(v.get("value") or "")
    return values


def submission_from(body: Mapping[str, Any]) -> Submission:
    """A modal's submission, its `state.values` flattened to {block_id: text} (`state_values`)."""
    view = body.get("view") or {}
    return Submission(
        callback_id=str(view.get("callback_id", "")),
        user=str((body.get("user") or {}).get("id", "")),
        values=state_values(view.get("state")),
        metadata=_json_object(view.get("private_metadata")),
    )


def _json_object(text: Any) -> dict[str, Any]:
    try:
        value = json.loads(text or "{}")
    except (TypeError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}
