"""`rulebot feedback export [--format csv|json] [--out FILE]`: write out the 👍/👎 votes (SQLite or Redis).

>>> import argparse
>>> p = argparse.ArgumentParser(); sub = p.add_subparsers(dest="command")
>>> register(sub)
>>> p.parse_args(["feedback", "export", "--format", "json"]).format
'json'
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.admin.feedback import FORMATS, feedback_from_settings


def register(subparsers: "argparse._SubParsersAction") -> None:
    """Add the `feedback` command (with its `export` subcommand) to the CLI."""
    fb = subparsers.add_parser("feedback", help="work with the 👍/👎 feedback users gave on answers")
    fb_sub = fb.add_subparsers(dest="feedback_command", metavar="{export}")
    fb_sub.required = True
    ex = fb_sub.add_parser("export", help="write every vote as CSV or JSON")
    ex.add_argument("--format", choices=FORMATS, default="csv", help="output format (default: csv)")
    ex.add_argument("--out", type=Path, default=None, help="file to write (default: standard output)")
    ex.set_defaults(func=export_command)


def export_command(args: argparse.Namespace, settings) -> int:
    """Write the feedback export; returns the process exit code."""
    store = feedback_from_settings(settings)  # SQLite, or Redis when RULEBOT_REDIS_URL is set
    text = store.export(args.format)
    if args.out is None:
        sys.stdout.write(text)
        return 0
    try:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
    except OSError as e:
        print(f"Could not write {args.out}: {e.strerror or e}. Choose another --out path.", file=sys.stderr)
        return 2
    print(f"Wrote {len(store.all())} feedback votes to {args.out} ({args.format}).", file=sys.stderr)
    return 0
