"""`rulebot feedback`: the 👍/👎 votes (SQLite or Redis), their review and the verified answers.

    rulebot feedback export [--format csv|json] [--out FILE]    every vote, with its reason and verified answer
    rulebot feedback list [--down] [--suspended] [--json]      votes with an id, question, citations, reason
    rulebot feedback verify ID PIN_CITE [--by NAME]            verify the passage that answers vote ID's question

>>> import argparse
>>> p = argparse.ArgumentParser(); sub = p.add_subparsers(dest="command")
>>> register(sub)
>>> p.parse_args(["feedback", "export", "--format", "json"]).format
'json'
>>> a = p.parse_args(["feedback", "verify", "3", "Fed. R. Civ. P. 26(b)(1)", "--by", "Ann Lee"])
>>> a.id, a.pin, a.by
('3', 'Fed. R. Civ. P. 26(b)(1)', 'Ann Lee')
"""

from __future__ import annotations

import argparse
import io
import csv
import json
import sys
from datetime import datetime, timezone
from pathlib import Path

from bot import messages as M
from bot.cli.terminal import say
from bot.admin import review as R
from bot.admin.feedback import EXPORT_COLUMNS, FORMATS, feedback_from_settings
from bot.admin.verified import verified_from_settings
from bot.errors import RulebotError


def register(subparsers: "argparse._SubParsersAction") -> None:
    """Add the `feedback` command (export, list, verify) to the CLI."""
    fb = subparsers.add_parser("feedback", help="the 👍/👎 users gave on answers: export, review, verify")
    fb_sub = fb.add_subparsers(dest="feedback_command", metavar="{export,list,verify}")
    fb_sub.required = True
    ex = fb_sub.add_parser("export", help="write every vote (with its reason and verified answer) as CSV or JSON")
    ex.add_argument("--format", choices=FORMATS, default="csv", help="output format (default: csv)")
    ex.add_argument("--out", type=Path, default=None, help="file to write (default: standard output)")
    ex.set_defaults(func=export_command)
    ls = fb_sub.add_parser("list", help="votes with an id, the question, the answer's citations and the reason")
    ls.add_argument("--down", action="store_true", help="only 👎")
    ls.add_argument("--suspended", action="store_true",
                    help="only verified answers a reindex suspended (their passage changed or left the index)")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=list_command)
    ve = fb_sub.add_parser("verify", help="record that a passage answers a vote's question (cited first from then on)")
    ve.add_argument("id", help="the vote's id (rulebot feedback list --down shows them)")
    ve.add_argument("pin", metavar="PIN_CITE", help='the passage that answers, e.g. "Fed. R. Civ. P. 26(b)(1)"')
    ve.add_argument("--by", default="", help="who verified it (default: your user name)")
    ve.set_defaults(func=verify_command)


def _served(settings):
    """The served index, or None when there is none yet (then standing is not checked)."""
    from bot.answering.engine import Engine

    try:
        return Engine(settings).index()
    except RulebotError:
        return None


def export_command(args: argparse.Namespace, settings) -> int:
    """Write the feedback export; returns the process exit code."""
    store = feedback_from_settings(settings)  # SQLite, or Redis when RULEBOT_REDIS_URL is set
    verified = verified_from_settings(settings)
    votes = store.all()
    rows = R.export_rows(R.reviews(votes, verified.notes(), verified.current(), None), votes)
    text = _as_json(rows) if args.format == "json" else _as_csv(rows, EXPORT_COLUMNS + R.REVIEW_COLUMNS)
    if args.out is None:
        sys.stdout.write(text)
        return 0
    try:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
    except OSError as e:
        say(f"Could not write {args.out}: {e.strerror or e}. Choose another --out path.", file=sys.stderr)
        return 2
    say(f"Wrote {len(rows)} feedback votes to {args.out} ({args.format}).", file=sys.stderr)
    return 0


def list_command(args: argparse.Namespace, settings) -> int:
    verified = verified_from_settings(settings)
    idx = _served(settings)
    if args.suspended:
        found = R.suspended(verified.current(), idx) if idx is not None else []
        if args.json:
            print(_as_json([{**v.as_dict(), "why": why} for v, why in found]), end="")
        else:
            say("\n".join(R.suspended_line(v, why) for v, why in found) or M.NO_SUSPENDED)
        return 0
    rows = R.reviews(feedback_from_settings(settings).all(), verified.notes(), verified.current(), idx)
    if args.down:
        rows = [r for r in rows if r.verdict == "down"]
    if args.json:
        print(_as_json([r.as_dict() for r in rows]), end="")
    else:
        say("\n\n".join(review_text(r) for r in rows) or M.NO_REVIEWS)
    return 0


def review_text(r: R.Review) -> str:
    """One vote for the terminal: id, verdict, when, who, state; the question; citations; reason; verified."""
    head = f"#{r.id}  {'👎' if r.verdict == 'down' else '👍'}  {r.at[:10]}  {r.source}:{r.user}"
    lines = [head + (f"  [{r.state}]" if r.state else ""), f"    Question: {r.question}"]
    if r.citations:
        lines.append(f"    Cited: {'; '.join(r.citations)}")
    if r.reason:
        lines.append(f"    Reason: {r.reason}")
    if r.suggested:
        lines.append(f"    Should have cited: {r.suggested}")
    if r.verified is not None:
        v = r.verified
        lines.append(f"    Verified: {v.cite} ({v.verification.label})")
        if r.state == R.SUSPENDED:
            lines.append("    " + R.suspended_line(v, r.why))
    return "\n".join(lines)


def verify_command(args: argparse.Namespace, settings) -> int:
    from bot.answering.engine import Engine
    from bot.cli.main import _user

    idx = Engine(settings).index()
    at = datetime.now(timezone.utc).isoformat(timespec="seconds")
    v = R.verify(idx, feedback_from_settings(settings).all(), verified_from_settings(settings), args.id, args.pin,
                 by=args.by.strip() or _user(), at=at, firm=settings.firm_eval)
    say(M.VERIFIED_DONE.format(question=v.question, cite=R.pin_label(idx.passages, idx.by_id[v.passage_id]),
                                 by=v.by, on=v.on, firm=settings.firm_eval))
    return 0


def _as_json(rows: list) -> str:
    return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"


def _as_csv(rows: list[dict], columns: tuple[str, ...]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(columns)
    for r in rows:
        w.writerow([("; ".join(r.get(c) or ()) if c == "citations" else r.get(c, "")) for c in columns])
    return buf.getvalue()
