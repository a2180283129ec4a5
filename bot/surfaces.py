"""The chat surfaces `rulebot serve` can run: every package of `bot/` with a ``surface.py``.

A surface is a package (`bot/slack/`, `bot/teams/`) whose ``surface.py`` holds ``SURFACE``, a `Surface`:
whether the settings configure it, the checks to make before the engine starts, and how it starts over
the chat service (a `Mount` on the one HTTP server, or a connection of its own such as Slack's Socket
Mode).  `rulebot serve` runs every configured surface and names none of them.  To add one, write
``bot/<name>/`` with three files: its listeners (parse a payload into `bot.chat.types` values and hand a
`bot.chat.steps.Request` with its work to `Chat.handle`), its `Reply` (render answers, notices,
passages, drafts), and ``surface.py``.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Protocol

BOT = Path(__file__).resolve().parent


@dataclass(frozen=True)
class ServeOptions:
    """What `rulebot serve` was asked for: the one surface named (`only`, "" for all configured), the
    address, and the surfaces' own switches."""

    only: str = ""
    host: str = "127.0.0.1"
    port: int | None = None  # None: the default for what is served
    no_auth: bool = False  # Teams without Bot Framework authentication (local testing only)
    socket_mode: bool = False  # Slack connects out with SLACK_APP_TOKEN


@dataclass
class Started:
    """A started surface: its `mount` on the HTTP server (None when it connects out), what to close, and the
    warning `rulebot serve` gives once it listens (given the server's address; None: none)."""

    mount: Any = None
    close: Callable[[], Any] = lambda: None
    warning: Callable[[str], str] | None = None


class Surface(Protocol):
    name: str
    default_port: int  # when `rulebot serve NAME` serves it alone
    needs: str  # the settings that configure it, for the message when no surface is configured

    def configured(self, settings: Any, options: ServeOptions) -> bool:
        """Whether the settings hold this surface's credentials (or `options` ask for it anyway)."""
        ...

    def prepare(self, settings: Any, options: ServeOptions) -> dict:
        """Check what the surface needs before the (slower) engine starts; a `RulebotError` says what is missing."""
        ...

    def start(self, settings: Any, chat: Any, prepared: dict, options: ServeOptions) -> Started: ...


def registered() -> tuple[Surface, ...]:
    """Every surface, in name order (the first configured one's port is not special: see `rulebot serve`)."""
    found = sorted(p.parent.name for p in BOT.glob("*/surface.py"))
    return tuple(importlib.import_module(f"bot.{name}.surface").SURFACE for name in found)


def by_name() -> dict[str, Surface]:
    return {s.name: s for s in registered()}
