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

from bot.cli.terminal import say
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


def observed_engine(settings, surface: str, verified=None):
    """The engine a server holds: the core `Engine` with the verified answers (`verified`, else where the settings
    keep them), with metrics and the audit log around it."""
    from bot.answering.engine import Engine
    from bot.edges.ops import Ops, configure_logging

    import threading

    from bot.edges.ops import readiness

    from bot.admin.verified import verified_from_settings

    configure_logging(settings)
    verified = verified if verified is not None else verified_from_settings(settings)
    engine = Ops(settings, surface=surface).wrap(Engine(settings, verified=verified))
    # load the model and the index now, so the first question (and /readyz) need not wait for them
    threading.Thread(target=readiness, args=(engine,), name="rulebot-warm-up", daemon=True).start()
    return engine


NOTHING_TO_SERVE = "No chat surface has credentials: set {needs}."


def chosen_surfaces(settings, options):
    """The surfaces to serve (`bot.surfaces`): the one asked for, else every one the settings configure."""
    from bot.surfaces import by_name, registered

    if options.only:
        return (by_name()[options.only],)
    found = tuple(s for s in registered() if s.configured(settings, options))
    if not found:
        raise RulebotError(NOTHING_TO_SERVE.format(needs="; or ".join(s.needs for s in registered())))
    return found


def cmd_serve(args, settings) -> int:
    """`rulebot serve [SURFACE] [--host H] [--port P] [--no-auth] [--socket-mode]`: one server, one port."""
    import dataclasses

    from bot.chat.service import Chat
    from bot.edges.ops import probe
    from bot.edges.server import build_app, serve_app, served_routes
    from bot.surfaces import ServeOptions

    options = ServeOptions(only=getattr(args, "front_end", None) or "", host=args.host or "127.0.0.1", port=args.port,
                           no_auth=bool(getattr(args, "no_auth", False)),
                           socket_mode=bool(getattr(args, "socket_mode", False)))
    chosen = chosen_surfaces(settings, options)
    prepared = [(s, s.prepare(settings, options)) for s in chosen]  # checked before the (slower) engine starts
    port = options.port if options.port is not None else chosen[0].default_port if options.only else 8080
    options = dataclasses.replace(options, port=port)
    names = "+".join(s.name for s in chosen)
    with serve_lock(settings, names):
        from bot.admin.verified import verified_from_settings

        # one store of verified answers for the engine and the chat service: a question's arrival tells it their
        # version, and the engine reads them again only when it changed
        verified = verified_from_settings(settings)
        engine = observed_engine(settings, names, verified)
        chat = Chat.from_settings(settings, engine, verified=verified)
        started = []
        try:
            for surface, made in prepared:
                started.append(surface.start(settings, chat, made, options))
            app = build_app(settings, [s.mount for s in started if s.mount is not None],
                            probes=lambda path: probe(path, engine, chat.state))
            serving = f"serving {', '.join(s.name for s in chosen)}; {', '.join(served_routes(app))}"
            serve_app(app, host=options.host, port=port,
                      announce=lambda line: listening(line, serving, [s.warning for s in started if s.warning]))
        finally:
            for s in started:
                s.close()
            chat.close(wait=False)
    return 0


def listening(line: str, serving: str, warnings: list) -> None:
    """Once the port is bound: each surface's warning, once (a log line, or printed when the log level hides
    it), then the address and what is served there."""
    import logging
    import sys

    url = line.rsplit(" ", 1)[-1]
    log = logging.getLogger("rulebot.serve")
    for warning in warnings:
        if log.isEnabledFor(logging.WARNING):
            log.warning("%s", warning(url))
        else:
            say(warning(url), file=sys.stderr, flush=True)
    say(f"{line} ({serving})", file=sys.stderr, flush=True)


def register(sub) -> None:
    import argparse

    p = sub.add_parser("serve", help="run the chat server: every chat surface with credentials on one port, or one "
                                     "of them")
    p.add_argument("--host", default=None, help="address to bind (default 127.0.0.1; the container passes 0.0.0.0)")
    p.add_argument("--port", type=int, default=None, help="port (default 8080; serve NAME serves on the surface's "
                                                          "own default port)")
    p.add_argument("--no-auth", action="store_true",
                   help="LOCAL TESTING ONLY: Teams accepts unauthenticated requests (never Slack's signature check)")
    p.add_argument("--socket-mode", action="store_true", help="Slack connects out with SLACK_APP_TOKEN (no public URL)")
    p.set_defaults(func=cmd_serve, front_end=None)
    from bot.surfaces import registered

    surfaces = registered()
    which = p.add_subparsers(dest="front_end", metavar="[" + "|".join(s.name for s in surfaces) + "]")
    for surface in surfaces:
        s = which.add_parser(surface.name, help=f"{surface.name} only ({(surface.__doc__ or '').strip()})")
        s.add_argument("--host", default=argparse.SUPPRESS)
        s.add_argument("--port", type=int, default=argparse.SUPPRESS)
        s.add_argument("--no-auth", action="store_true", default=argparse.SUPPRESS)
        s.add_argument("--socket-mode", action="store_true", default=argparse.SUPPRESS)
        s.set_defaults(func=cmd_serve)
