"""Slack as a `bot.surfaces.Surface`: ``/slack/events`` on the one server, or Socket Mode."""

from __future__ import annotations

import sys
from typing import Any

from bot.errors import RulebotError
from bot.surfaces import ServeOptions, Started

SOCKET_MODE_TOKEN = ("Socket Mode needs SLACK_APP_TOKEN: create an app-level token (xapp-…) with the "
                     "connections:write scope on the Slack app's Basic Information page.")


class Slack:
    """/slack/events, or Socket Mode"""

    name = "slack"
    default_port = 3000
    needs = "SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN for Socket Mode) for Slack"

    @staticmethod
    def socket_mode(settings: Any, options: ServeOptions) -> bool:
        """Socket Mode when asked for, or for `serve slack` with an app-level token and no port."""
        return options.socket_mode or (options.only == "slack" and options.port is None
                                       and bool(settings.slack_app_token))

    def configured(self, settings: Any, options: ServeOptions) -> bool:
        return bool(settings.slack_bot_token) and bool(
            settings.slack_app_token if self.socket_mode(settings, options) else settings.slack_signing_secret)

    def prepare(self, settings: Any, options: ServeOptions) -> dict:
        from bot.slack.app import _check_signing_secret, make_client

        socket = self.socket_mode(settings, options)
        if socket and not settings.slack_app_token:
            raise RulebotError(SOCKET_MODE_TOKEN)
        _check_signing_secret(settings, socket_mode=socket)
        return {"client": make_client(settings), "socket": socket}

    def start(self, settings: Any, chat: Any, prepared: dict, options: ServeOptions) -> Started:
        from bot.slack.app import build_app, slack_mount, socket_mode_handler

        if prepared["socket"]:
            handler = socket_mode_handler(build_app(settings, chat, client=prepared["client"], socket_mode=True),
                                          settings)
            handler.connect()
            print("rulebot Slack app connected to Slack in Socket Mode", file=sys.stderr, flush=True)
            return Started(close=handler.close)
        return Started(mount=slack_mount(settings, chat, client=prepared["client"]))


SURFACE = Slack()
