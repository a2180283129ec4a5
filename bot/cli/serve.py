"""`rulebot serve slack|teams`: run a chat front end over the core.

The server holds the engine wrapped by `bot.ops` (metrics, audit log, request ids;
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
    from bot.engine import Engine
    from bot.ops import Ops, configure_logging

    import threading

    from bot.ops import readiness

    configure_logging(settings)
    engine = Ops(settings, surface=surface).wrap(Engine(settings))
    # load the model and the index now, so the first question (and /readyz) need not wait for them
    threading.Thread(target=readiness, args=(engine,), name="rulebot-warm-up", daemon=True).start()
    return engine


def cmd_serve_slack(args, settings) -> int:
    from bot.slack.app import serve

    with serve_lock(settings, "slack"):
        return int(serve(settings, port=args.port, socket_mode=args.socket_mode, host=args.host,
                         engine=observed_engine(settings, "slack")) or 0)


def cmd_serve_teams(args, settings) -> int:
    from bot.teams.app import serve

    with serve_lock(settings, "teams"):
        serve(settings, port=args.port, no_auth=args.no_auth, host=args.host,
              engine=observed_engine(settings, "teams"))
    return 0


def register(sub) -> None:
    p = sub.add_parser("serve", help="run the Slack app or the Teams bot")
    which = p.add_subparsers(dest="front_end", metavar="slack|teams", required=True)

    s = which.add_parser("slack", help="Slack app: HTTP on --port at /slack/events, or Socket Mode")
    s.add_argument("--port", type=int, default=None, help="HTTP port (default 3000 unless Socket Mode)")
    s.add_argument("--host", default="0.0.0.0")
    s.add_argument("--socket-mode", action="store_true", help="connect out with SLACK_APP_TOKEN (no public URL)")
    s.set_defaults(func=cmd_serve_slack)

    t = which.add_parser("teams", help="Teams bot: POST /api/messages on --port")
    t.add_argument("--port", type=int, default=3978)
    t.add_argument("--host", default=None)
    t.add_argument("--no-auth", action="store_true", help="LOCAL TESTING ONLY: accept unauthenticated requests")
    t.set_defaults(func=cmd_serve_teams)
