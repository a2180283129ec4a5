"""`rulebot` command line: a thin edge over the core (parse args, call, print).

    rulebot index [--rebuild]
    rulebot ask "QUESTION" [--json] [--k N] [--court C] [--judge J] [--type T]
    rulebot eval [FILE.jsonl ...] [--firm] [--json] [--k 5] [--folds 5]
    rulebot status
    rulebot serve slack|teams ...
Feature modules add their own commands through `register(subparsers)`.
"""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import sys

from bot.cli.terminal import say, terminal
from bot.errors import RulebotError, SettingError
from bot.settings import NUMBERS, Settings
from bot.types import DOC_TYPES, Filters

# Modules that add subcommands (each has register(subparsers)); all are part of rulebot, so a failed
# import is a broken install and is raised, never skipped.
COMMAND_MODULES = ("bot.cli.corpus", "bot.cli.draft", "bot.cli.feedback", "bot.cli.serve", "bot.teams.manifest")


def _engine(settings: Settings):
    """The core with the administrators' verified answers (where the votes are: SQLite or Redis)."""
    from bot.admin.verified import verified_from_settings
    from bot.answering.engine import Engine

    return Engine(settings, verified=verified_from_settings(settings))


def cmd_index(args, settings: Settings) -> int:
    from bot.cli.progress import progress_printer

    if settings.torch_threads < 0:
        settings = settings.with_(torch_threads=0)  # a batch job: let torch use every core
    if settings.llm and settings.documents_dir.is_dir():
        # what each added document's passages govern, written by the model where its lines are missing or stale
        from bot.cli.corpus import describe_passages
        from bot.answering.llm import make_chat_model

        try:
            model = make_chat_model(settings.llm)
        except Exception as exc:  # its package or its settings: index without new terms, and say why
            model = None
            say(f"terms: not generated ({type(exc).__name__}: {str(exc)[:160]})", file=sys.stderr)
        for path in sorted(settings.documents_dir.glob("*.md")) if model is not None else ():
            line = describe_passages(path, settings, chat_model=model)
            if not line.startswith("terms: 0 passage(s) described"):
                say(f"{path.stem}: {line}", file=sys.stderr)
    engine = _engine(settings)
    with progress_printer(sys.stderr) as on_progress:
        report = engine.reindex(rebuild=args.rebuild, progress=on_progress, who=f"cli:{_user()}")
    if args.json:
        print(json.dumps(report.as_dict(), indent=2))
    else:
        say(report.summary())
        for path, reason in report.skipped:
            say(f"  skipped {path}: {reason}")
    if report.skipped:
        say(f"rulebot: {len(report.skipped)} document(s) were skipped (reasons above); fix them and run "
              "rulebot index again. Everything else is indexed and served.", file=sys.stderr)
        return 1
    return 0


def _filters(args) -> Filters:
    return Filters(court=args.court or "", judge=args.judge or "", doc_type=args.type or "")


def cmd_ask(args, settings: Settings) -> int:
    from bot.cli.render_text import render_answer

    question = args.question if args.question != "-" else sys.stdin.read()
    ans = _engine(settings).answer(question, filters=_filters(args), k=args.k)
    if args.json:
        print(json.dumps(ans.as_dict(), indent=2, ensure_ascii=False))
    else:
        say(render_answer(ans))
    return 0


def cmd_eval(args, settings: Settings) -> int:
    from bot.admin.evaluate import file_digest, load_eval, render_report, run_eval
    from bot import messages

    if args.firm and not settings.firm_eval.is_file():
        raise RulebotError(messages.FIRM_EMPTY.format(path=settings.firm_eval))
    args.file = list(args.file) + ([str(settings.firm_eval)] if args.firm else [])
    if not args.file:
        raise RulebotError(messages.EVAL_NO_FILE)
    cases = [c for f in args.file for c in load_eval(f)]
    engine = _engine(settings)
    from bot.settings import PACKAGE_ROOT

    extra = PACKAGE_ROOT / "bench" / "eval-extra.jsonl"
    files = args.train_also if args.train_also is not None else ([str(extra)] if extra.is_file() else [])
    also = [c for f in files if f != "none" for c in load_eval(f)]
    report = run_eval(engine, cases, k=args.k, folds=args.folds, train_also=also)
    fitted = set(engine.gate.fitted_on)
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        say(render_report(report, fitted_on=[f for f in args.file if file_digest(f) in fitted]))
        if args.firm:
            say(firm_standing(engine))
    return 0


def firm_standing(engine) -> str:
    """How many verified answers the served index still backs, and how many a reindex suspended."""
    from bot import messages
    from bot.admin.review import suspended

    from bot.admin.verified import verified_from_settings

    idx = engine.index()
    current = verified_from_settings(engine.settings).current()
    off = len(suspended(current, idx))
    return messages.FIRM_STANDING.format(standing=len(current) - off, suspended=off)


def cmd_status(args, settings: Settings) -> int:
    status = _engine(settings).status()
    if args.json:
        print(json.dumps(status, indent=2))
    else:
        for key, value in status.items():
            say(f"{key:>11}: {value}")
    return 0


def _user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # no user name on some containers
        return "unknown"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="rulebot", description=terminal(__doc__.split("\n")[0]))
    parser.add_argument("--home", help="data directory (default: $RULEBOT_HOME or the per-user data dir)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log details to stderr")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("index", help="index the corpus (incremental; --rebuild starts over)")
    p.add_argument("--rebuild", action="store_true", help="re-embed everything into a fresh index")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_index)

    p = sub.add_parser("ask", help="answer a question with verified, verbatim citations")
    p.add_argument("question", help='the question, in quotes (or "-" to read it from stdin)')
    p.add_argument("--json", action="store_true", help="print the answer as JSON")
    p.add_argument("--k", type=passages_k, default=None,
                   help="passages weighed to decide whether to answer, 1-20 (default 5: RULEBOT_K); "
                        "the quotes are chosen among at least 10")
    p.add_argument("--court", help="only this court (e.g. 'C.D. Cal.')")
    p.add_argument("--judge", help="only this judge (surname is enough)")
    p.add_argument("--type", choices=DOC_TYPES, help="only this document type")
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("eval", help="measure answers, refusals and abstention on JSONL question sets, with "
                                     "cross-validated figures for the answer decision")
    p.add_argument("file", nargs="*")
    p.add_argument("--firm", action="store_true", help="also the firm's own set: the questions administrators "
                                                         "verified ($RULEBOT_HOME/eval/firm.jsonl)")
    p.add_argument("--json", action="store_true")
    p.add_argument("--k", type=passages_k, default=5)
    p.add_argument("--folds", type=int, default=5, help="k-fold cross-validation of the answer decision (1: off)")
    p.add_argument("--train-also", action="append", default=None, metavar="FILE.jsonl",
                   help="labelled questions the refit decisions also learn from, never held out (default: "
                        "bench/eval-extra.jsonl, the other file the shipped decision is fit on; 'none' for none)")
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("status", help="documents, chunks, version, model and store of the served index")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_status)

    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def passages_k(text: str) -> int:
    """`--k`, held to RULEBOT_K's range (argparse says what is wrong in one line).

    >>> passages_k("7")
    7
    """
    (k,) = [n for n in NUMBERS if n.field == "k"]
    try:
        return k.read(text)
    except SettingError:
        raise argparse.ArgumentTypeError(f"{text!r}: use {k.range()}") from None


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    from bot.edges.ops import PLAIN_FORMAT, Redacted
    from indexers.fetch import redact

    root = logging.getLogger()
    had = list(root.handlers)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, stream=sys.stderr)
    for handler in root.handlers:
        if handler not in had:  # ours: no URL's credentials in any line
            handler.setFormatter(Redacted(logging.Formatter(PLAIN_FORMAT)))
    try:
        settings = Settings.load(home=args.home)
        return int(args.func(args, settings) or 0)
    except RulebotError as exc:
        say(f"rulebot: {redact(str(exc))}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        say("rulebot: interrupted; the index was left as it was.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
