"""Everything the app sends to Slack, through one small object.

`Outbox` wraps the Web API client (its `base_url` comes from
`settings.slack_api_url`, so tests point it at a loopback stand-in) and
`response_url` webhooks.  Callers hand it our `SlackMessage`s and views.
A `response_url` comes inside the request, so it is used only when it is
Slack's (``https://hooks.slack.com/...``) or on the host of the Web API the app
talks to (`settings.slack_api_url`): an answer is never posted anywhere else.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

from indexers.fetch import Policy, fetch, origin, platform_url
from indexers.proxy import Proxies
from bot.errors import RulebotError
from bot.slack.blocks import SlackMessage

log = logging.getLogger("rulebot.slack")
SLACK_HOOKS = "hooks.slack.com"


SLACK_FILE_HOSTS = ("files.slack.com", "slack-files.com")


def file_url_allowed(url: str, api_url: str = "") -> bool:
    """True when `url` is one of Slack's file hosts over https, or on the very host (and port) of `api_url`
    (a stand-in); the bot token is sent to no other host.

    >>> file_url_allowed("https://files.slack.com/files-pri/T1-F1/download/order.docx")
    True
    >>> file_url_allowed("https://files.slack.com.evil.example/x"), file_url_allowed("http://files.slack.com/x")
    (False, False)
    """
    return platform_url(url, SLACK_FILE_HOSTS, stand_in=api_url)


def response_url_allowed(url: str, api_url: str = "") -> bool:
    """True when `url` is Slack's webhook host over https, or on the very host (and port) of `api_url`.

    >>> response_url_allowed("https://hooks.slack.com/commands/T1/2/x"), response_url_allowed("https://evil.example/x")
    (True, False)
    """
    return platform_url(url, (SLACK_HOOKS,), stand_in=api_url)


class Outbox:
    def __init__(self, client: WebClient, *, timeout: int = 30, api_url: str = "", proxies: Proxies = Proxies()):
        self.client = client
        self.timeout = timeout
        self.api_url = api_url  # SLACK_API_URL when set: its host may also carry response_urls
        self.proxies = proxies  # what a shared file is downloaded through (the settings' HTTPS_PROXY...)

    # ------------------------------------------------------------ response_url
    def respond(self, url: str, msg: SlackMessage, *, replace: bool = False, in_channel: bool = False) -> bool:
        """Post to a command's or action's `response_url` (ephemeral unless `in_channel`)."""
        body: dict[str, Any] = {**msg.payload(), "response_type": "in_channel" if in_channel else "ephemeral",
                                "replace_original": replace}
        return self._webhook(url, body)

    def delete_original(self, url: str) -> bool:
        return self._webhook(url, {"delete_original": True})

    def _webhook(self, url: str, body: dict[str, Any]) -> bool:
        if not url:
            log.warning("no response_url to answer on")
            return False
        if not response_url_allowed(url, self.api_url):
            log.warning("refused to post to a response_url on %s: not Slack's (%s) nor SLACK_API_URL's host",
                        urlsplit(url).hostname or "no host", SLACK_HOOKS)
            return False
        resp = WebhookClient(url, timeout=self.timeout).send_dict(body)
        if resp.status_code != 200:
            log.warning("response_url post failed: HTTP %s %s", resp.status_code, resp.body[:200])
            return False
        return True

    # ------------------------------------------------------------ Web API
    def post(self, channel: str, msg: SlackMessage, *, thread_ts: str = "") -> dict:
        """chat.postMessage; returns {"channel", "ts"} of the posted message."""
        kwargs: dict[str, Any] = {"channel": channel, "text": msg.text, "blocks": list(msg.blocks)}
        if thread_ts:
            kwargs["thread_ts"] = thread_ts
        resp = self.client.chat_postMessage(**kwargs)
        return {"channel": resp.get("channel", channel), "ts": resp.get("ts", "")}

    def post_ephemeral(self, channel: str, user: str, msg: SlackMessage, *, thread_ts: str = "") -> None:
        kwargs: dict[str, Any] = {"channel": channel, "user": user, "text": msg.text, "blocks": list(msg.blocks)}
        if thread_ts:
            kwargs["thread_ts"] = thread_ts
        self.client.chat_postEphemeral(**kwargs)

    def team_id(self) -> str:
        """The workspace the bot is installed in (auth.test, asked once): a stream to a channel names it."""
        if not getattr(self, "_team_id", ""):
            self._team_id = str(self.client.auth_test().get("team_id") or "")
        return self._team_id

    def stream(self, channel: str, thread_ts: str, *, user: str):
        """A message streamed into a thread (chat.startStream / appendStream / stopStream), showing tasks as
        a timeline; `append(chunks=...)` adds, `stop()` ends it."""
        return self.client.chat_stream(channel=channel, thread_ts=thread_ts, recipient_user_id=user or None,
                                       recipient_team_id=self.team_id() or None, task_display_mode="timeline")

    def update(self, channel: str, ts: str, msg: SlackMessage) -> None:
        self.client.chat_update(channel=channel, ts=ts, text=msg.text, blocks=list(msg.blocks))

    def post_somewhere(self, channel: str, user: str, msg: SlackMessage) -> dict:
        """Post in `channel`; when the bot is not a member there, post in the user's DM instead."""
        try:
            return self.post(channel, msg)
        except SlackApiError as e:
            if e.response.get("error") not in ("not_in_channel", "channel_not_found", "is_archived"):
                raise
            return self.post(self.dm_channel(user), msg)

    def dm_channel(self, user: str) -> str:
        """The id of the bot's DM with `user` (conversations.open)."""
        resp = self.client.conversations_open(users=user)
        return resp["channel"]["id"]

    def replies(self, channel: str, thread_ts: str, *, limit: int = 50) -> list[dict]:
        """The messages of a thread (conversations.replies), oldest first."""
        resp = self.client.conversations_replies(channel=channel, ts=thread_ts, limit=limit)
        return list(resp.get("messages") or [])

    def open_view(self, trigger_id: str, view: dict) -> None:
        self.client.views_open(trigger_id=trigger_id, view=view)

    def update_view(self, view_id: str, view: dict, *, hash: str = "") -> None:
        kwargs: dict[str, Any] = {"view_id": view_id, "view": view}
        if hash:
            kwargs["hash"] = hash
        self.client.views_update(**kwargs)

    def download(self, url: str, *, max_bytes: int, timeout: float = 30.0) -> bytes:
        """A file shared in Slack (`url_private_download`), fetched with the bot token: only from Slack's
        file hosts (or the host of SLACK_API_URL), at most `max_bytes`, within `timeout` seconds."""
        if not file_url_allowed(url, self.api_url):
            raise RulebotError(f"not a Slack file address ({origin(url)[1] or 'no host'})")
        policy = Policy.platform(SLACK_FILE_HOSTS, stand_in=self.api_url, label="Slack's file host",
                                 headers={"Authorization": f"Bearer {self.client.token}"}, proxies=self.proxies)
        return fetch(url, max_bytes=max_bytes, timeout=timeout, policy=policy).body

    def upload(self, channel: str, *, filename: str, data: bytes, title: str, comment: str = "",
               thread_ts: str = "") -> None:
        """files_upload_v2: get an upload URL, send the bytes, complete the upload into `channel`."""
        kwargs: dict[str, Any] = {"channel": channel, "filename": filename, "content": data, "title": title}
        if comment:
            kwargs["initial_comment"] = comment
        if thread_ts:
            kwargs["thread_ts"] = thread_ts
        self.client.files_upload_v2(**kwargs)
