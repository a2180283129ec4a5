"""`rulebot serve`: one server for every chat surface whose credentials are set (`serve slack` and
`serve teams` serve one of them).

The server holds the engine wrapped by `bot.edges.ops` (metrics, audit log, request ids;
``/healthz``, ``/readyz``, ``/metrics``).  With the embedded store (no
RULEBOT_CHROMA_URL) only one server may run on a data directory: a second one
is refused with a clear message (an flock on ``$RULEBOT_HOME/serve.lock``).
"""

from __future__ import annotations

import contextlib
from typing import Iterator

from bot.errors import RulebotError
from indexers.locks import owned_lock

SECOND_SERVER = ("Another rulebot server is already running on the data directory {home} ({who}). The embedded "
                 "index serves one process: stop that server first, or run several servers against a Chroma "
                 "server (set RULEBOT_CHROMA_URL, see the README's Deploying section).")


@contextlib.contextmanager
def serve_lock(settings, what: str) -> Iterator[None]:
    """Hold ``serve.lock`` in the data directory while serving from an embedded store."""
    if settings.chroma_url:
        yield
        return
    def busy(info: dict) -> RulebotError:
        who = f"{info.get('what', 'server')}, pid {info.get('pid', '?')}"
        return RulebotError(SECOND_SERVER.format(home=settings.home, who=who))

    with owned_lock(settings.home / "serve.lock", {"what": what}, busy=busy):
        yield


def observed_engine(settings, surface: str):
    """The engine a server holds: the core `Engine`, with metrics and the audit log around it."""
    from bot.answering.engine import Engine
    from bot.edges.ops import Ops, configure_logging

    import threading

    from bot.edges.ops import readiness

    configure_logging(settings)
    engine = Ops(settings, surface=surface).wrap(Engine(settings))
    # load the model and the index now, so the first question (and /readyz) need not wait for them
    threading.Thread(target=readiness, args=(engine,), name="rulebot-warm-up", daemon=True).start()
    return engine


SURFACES = ("slack", "teams")
NOTHING_TO_SERVE = ("No chat surface has credentials: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN "
                    "for Socket Mode) for Slack, MicrosoftAppId and MicrosoftAppPassword for Teams, or pass --no-auth "
                    "to try Teams locally.")


def slack_configured(settings, *, socket_mode: bool) -> bool:
    return bool(settings.slack_bot_token) and bool(settings.slack_app_token if socket_mode
                                                   else settings.slack_signing_secret)


def surfaces(settings, *, only: str | None, no_auth: bool, socket_mode: bool) -> tuple[str, ...]:
    """The surfaces to serve: the one asked for, else every surface whose credentials are set."""
    from bot.teams.app import has_credentials

    if only:
        return (only,)
    found = tuple(s for s, ok in (("slack", slack_configured(settings, socket_mode=socket_mode)),
                                  ("teams", no_auth or has_credentials(settings))) if ok)
    if not found:
        raise RulebotError(NOTHING_TO_SERVE)
    return found


def cmd_serve(args, settings) -> int:
    """`rulebot serve [slack|teams] [--host H] [--port P] [--no-auth] [--socket-mode]`: one server, one port."""
    import logging
    import sys

    from bot.chat.service import Chat
    from bot.edges.ops import probe
    from bot.edges.server import run
    from bot.slack.app import make_client, slack_mount, socket_mode_handler, build_app
    from bot.teams.app import no_auth_banner, teams_mount

    only = getattr(args, "front_end", None)
    socket_mode = bool(getattr(args, "socket_mode", False))
    no_auth = bool(getattr(args, "no_auth", False))
    if only == "slack" and args.port is None and settings.slack_app_token:
        socket_mode = True  # `serve slack` without a port but with an app-level token: Socket Mode
    chosen = surfaces(settings, only=only, no_auth=no_auth, socket_mode=socket_mode)
    port = args.port if args.port is not None else {"slack": 3000, "teams": 3978}.get(only or "", 8080)
    host = args.host or "127.0.0.1"
    if "slack" in chosen:
        from bot.slack.app import _check_signing_secret

        if socket_mode and not settings.slack_app_token:
            raise RulebotError("Socket Mode needs SLACK_APP_TOKEN: create an app-level token (xapp-…) with the "
                               "connections:write scope on the Slack app's Basic Information page.")
        _check_signing_secret(settings, socket_mode=socket_mode)
        client = make_client(settings)  # checked before the (slower) engine starts
    with serve_lock(settings, "+".join(chosen)):
        engine = observed_engine(settings, "+".join(chosen))
        chat = Chat.from_settings(settings, engine)
        mounts, socket = [], None
        try:
            if "slack" in chosen and socket_mode:
                socket = socket_mode_handler(build_app(settings, chat, client=client, socket_mode=True), settings)
                socket.connect()
                print("rulebot Slack app connected to Slack in Socket Mode", file=sys.stderr, flush=True)
            elif "slack" in chosen:
                mounts.append(slack_mount(settings, chat, client=client))
            if "teams" in chosen:
                if no_auth:
                    banner = no_auth_banner(host, port)
                    logging.getLogger("rulebot.teams").warning(banner)
                    print(banner, file=sys.stderr, flush=True)
                mounts.append(teams_mount(settings, chat, no_auth=no_auth))
            run(settings, mounts, host=host, port=port, probes=lambda path: probe(path, engine, chat.state),
                announce=lambda line: print(f"{line} (serving {', '.join(chosen)}; "
                                            f"/slack/events, /api/messages, /healthz, /readyz, /metrics)",
                                            file=sys.stderr, flush=True))
        finally:
            if socket is not None:
                socket.close()
            chat.close(wait=False)
    return 0


def register(sub) -> None:
    import argparse

    p = sub.add_parser("serve", help="run the chat server: Slack and Teams on one port (every surface with "
                                     "credentials), or one of them")
    p.add_argument("--host", default=None, help="address to bind (default 127.0.0.1; the container passes 0.0.0.0)")
    p.add_argument("--port", type=int, default=None, help="port (default 8080; 3000 for `serve slack`, 3978 for "
                                                          "`serve teams`)")
    p.add_argument("--no-auth", action="store_true",
                   help="LOCAL TESTING ONLY: Teams accepts unauthenticated requests (never Slack's signature check)")
    p.add_argument("--socket-mode", action="store_true", help="Slack connects out with SLACK_APP_TOKEN (no public URL)")
    p.set_defaults(func=cmd_serve, front_end=None)
    which = p.add_subparsers(dest="front_end", metavar="[slack|teams]")
    for name, help_text in (("slack", "Slack only: /slack/events (or Socket Mode)"),
                            ("teams", "Teams only: /api/messages")):
        s = which.add_parser(name, help=help_text)
        s.add_argument("--host", default=argparse.SUPPRESS)
        s.add_argument("--port", type=int, default=argparse.SUPPRESS)
        s.add_argument("--no-auth", action="store_true", default=argparse.SUPPRESS)
        s.add_argument("--socket-mode", action="store_true", default=argparse.SUPPRESS)
        s.set_defaults(func=cmd_serve)
