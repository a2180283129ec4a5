"""Serve the chat surfaces the way `rulebot serve` does, on a free loopback port, for tests and benchmarks.

    with served_chat(settings, engine, slack=True, teams_no_auth=True) as srv:
        SlackSender(srv.slack_url, SECRET).command("/rules", "...")
"""

from __future__ import annotations

import contextlib
from types import SimpleNamespace
from typing import Any, Iterator

from bot.chat.service import Chat
from bot.edges.ops import probe
from bot.edges.server import Background, build_app
from bot.slack.app import EVENTS_PATH, slack_mount
from bot.teams.app import MESSAGES_PATH, teams_mount


@contextlib.contextmanager
def served_chat(settings, engine, *, slack: bool = True, teams_no_auth: bool | None = None,
                chat: Chat | None = None, answer_deadline: float = 10.0, teams_keys: Any = None,
                **chat_options: Any) -> Iterator[SimpleNamespace]:
    """A `Chat` over `engine` (state and feedback from `settings` unless `chat` is given) with the Slack
    and/or Teams surfaces mounted on one `bot.edges.server` application, served on a background thread.
    `teams_no_auth`: None = no Teams surface; True/False = Teams with/without Bot Framework auth (then
    `teams_keys`: where its signing keys come from, `bot.teams.app.teams_mount`'s `keys`)."""
    chat = chat or Chat.from_settings(settings, engine, **chat_options)
    mounts = []
    if slack:
        mounts.append(slack_mount(settings, chat))
    if teams_no_auth is not None:
        mounts.append(teams_mount(settings, chat, no_auth=teams_no_auth, answer_deadline=answer_deadline,
                                  keys=teams_keys))
    app = build_app(settings, mounts, probes=lambda path: probe(path, engine, chat.state))
    server = Background(app).start()
    try:
        yield SimpleNamespace(chat=chat, server=server, url=server.url, slack_url=server.url + EVENTS_PATH,
                              teams_url=server.url + MESSAGES_PATH, settings=settings, engine=engine)
    finally:
        server.stop()
        chat.close(wait=False)
