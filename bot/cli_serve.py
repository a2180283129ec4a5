"""`rulebot serve slack|teams`: run a chat front end over the core."""

from __future__ import annotations


def cmd_serve_slack(args, settings) -> int:
    from bot.slack.app import serve

    return int(serve(settings, port=args.port, socket_mode=args.socket_mode, host=args.host) or 0)


def cmd_serve_teams(args, settings) -> int:
    from bot.teams.app import serve

    serve(settings, port=args.port, no_auth=args.no_auth, host=args.host)
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
