"""`rulebot corpus ...`: thin CLI over `bot.admin.corpus` (parse, call, print, reindex).

    rulebot corpus add PATH_OR_URL [--type T] [--court C] [--judge J] [--title T] [--date D]
                                   [--cite STEM] [--docket NO] [--id ID] [--no-index]
    rulebot corpus list [--json]
    rulebot corpus show ID [--json]
    rulebot corpus remove ID [--no-index]
    rulebot corpus sync [--manifest PATH] [--no-index] [--json]

After add, remove and sync the index is updated incrementally (`Engine.reindex`),
unless `--no-index` is given (run `rulebot index` later).  Errors print one line.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from bot.cli.terminal import say
from bot.admin import corpus as ca
from bot.settings import Settings
from bot.types import DOC_TYPES


def _reindex(settings: Settings, who: str) -> int:
    """Update the index incrementally; the corpus change is already saved, so a busy index is not an error
    that loses anything: say so and how to finish."""
    from bot.answering.engine import Engine
    from bot.errors import ReindexBusy
    from bot.cli.progress import progress_printer

    engine = Engine(settings)
    try:
        with progress_printer(sys.stderr) as on_progress:
            report = engine.reindex(progress=on_progress, who=who)
    except ReindexBusy as exc:
        say(f"rulebot: saved, but not indexed yet: {exc} Then run rulebot index.", file=sys.stderr)
        return exc.exit_code
    say(report.summary())
    for path, reason in report.skipped:
        say(f"  skipped {path}: {reason}")
    return 0


def _who() -> str:
    from bot.cli import _user

    return f"cli:{_user()}"


def _chunk_counts(settings: Settings) -> dict[str, int] | None:
    """Chunks per document in the served index (None when there is no index yet)."""
    try:
        from bot.answering.engine import make_store

        store = make_store(settings)
        version = store.current_version()
        if not version:
            return None
        return {doc_id: int(d.get("chunks", 0)) for doc_id, d in store.manifest(version).documents.items()}
    except Exception:  # an unreadable index must not stop `corpus list`; `rulebot status` reports it
        return None


def cmd_add(args, settings: Settings) -> int:
    overrides = {k: getattr(args, k) for k in ("type", "court", "judge", "title", "date", "cite", "docket", "id")}
    if sys.stderr.isatty():
        say(f"reading {args.source} (a long PDF takes a minute) ...", file=sys.stderr)
    res = ca.add(settings, args.source, overrides)
    say(res.summary())
    for note in res.notes:
        say(f"  ({note})")
    for cite in res.sections[:12]:
        say(f"  {cite}")
    if len(res.sections) > 12:
        say(f"  ... and {len(res.sections) - 12} more")
    if settings.llm and res.status != "unchanged":
        say(describe_passages(res.path, settings))
    if args.no_index:
        say("Not indexed yet (--no-index): run rulebot index to make it searchable.")
        return 0
    return _reindex(settings, _who()) if res.status != "unchanged" else 0


def describe_passages(path, settings: Settings, chat_model=None) -> str:
    """With an LLM configured: what each passage of an added document governs, in practitioners' words, written
    to its terms sidecar (bot/admin/terms.py); a model that fails leaves the document indexed without them."""
    from bot.admin.terms import generate_terms

    try:
        if chat_model is None:
            from bot.answering.llm import make_chat_model

            chat_model = make_chat_model(settings.llm)
        return generate_terms(path, chat_model).summary()
    except Exception as exc:  # the model, its package or its network: indexing goes on without terms
        return f"terms: not generated ({type(exc).__name__}: {str(exc).splitlines()[0][:160] if str(exc) else ''}); " \
               "the document is indexed without them"


def cmd_list(args, settings: Settings) -> int:
    docs = ca.list_documents(settings, _chunk_counts(settings))
    if args.json:
        print(json.dumps([d.as_dict() for d in docs], indent=2, ensure_ascii=False))
        return 0
    if not docs:
        say("No documents. Add one with rulebot corpus add PATH_OR_URL.")
        return 0
    for d in docs:
        chunks = "not indexed" if d.chunks is None else f"{d.chunks} chunks"
        date = f", {d.date}" if d.date and d.date != "unknown" else ""
        say(f"{d.id}  [{d.origin}] {d.type}: {d.title} ({d.court}{date}); {chunks}")
        if d.problem:
            say(f"    problem: {d.problem}")
        elif d.origin == "added":
            say(f"    from {d.source} at {d.added_at} (sha256 {d.sha256[:12]})")
    return 0


def cmd_show(args, settings: Settings) -> int:
    det = ca.show(settings, args.id, _chunk_counts(settings))
    if args.json:
        print(json.dumps({"info": det.info.as_dict(), "meta": det.meta, "provenance": det.provenance,
                          "sections": list(det.sections)}, indent=2, ensure_ascii=False))
        return 0
    i = det.info
    say(f"{i.id} [{i.origin}]  {i.path}")
    for key in ("title", "type", "court", "cite", "judge", "date", "date_kind", "docket", "source"):
        if det.meta.get(key):
            say(f"  {key:>10}: {det.meta[key]}")
    if i.problem:
        say(f"  {'problem':>10}: {i.problem}")
    for key in ("original_filename", "sha256", "added_at", "updated_at", "etag", "last_modified", "format", "pages"):
        if det.provenance.get(key):
            say(f"  {key.replace('_', ' '):>10}: {det.provenance[key]}")
    chunks = "not indexed" if i.chunks is None else f"{i.chunks} indexed"
    say(f"  {'passages':>10}: {len(det.sections)} ({chunks})")
    for cite in det.sections:
        say(f"    {cite}")
    return 0


def cmd_remove(args, settings: Settings) -> int:
    info = ca.remove(settings, args.id)
    say(f"removed {info.id}: {info.title}")
    return 0 if args.no_index else _reindex(settings, _who())


def cmd_sync(args, settings: Settings) -> int:
    manifest = Path(args.manifest) if args.manifest else settings.corpus_dir / "sources.toml"
    report = ca.sync(settings, manifest)
    if args.json:
        print(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
    else:
        say(report.summary())
        for kind in ("added", "changed", "unchanged"):
            for doc_id in getattr(report, kind):
                say(f"  {kind}: {doc_id}")
        for name, reason in report.failed:
            say(f"  failed: {name}: {reason}")
    code = _reindex(settings, _who()) if report.touched and not args.no_index else 0
    return code or (1 if report.failed and not (report.added or report.changed or report.unchanged) else 0)


def register(subparsers) -> None:
    """Add `rulebot corpus ...` to the main parser's subcommands."""
    corpus = subparsers.add_parser("corpus", help="add, list, show, remove or sync the documents admins bring in")
    sub = corpus.add_subparsers(dest="corpus_command", metavar="ACTION")
    corpus.set_defaults(func=lambda args, settings: (corpus.print_help(), 2)[1])

    p = sub.add_parser("add", help="add a PDF, HTML, DOCX, Markdown or text file, or a URL, then reindex")
    p.add_argument("source", metavar="PATH_OR_URL")
    p.add_argument("--type", choices=DOC_TYPES, help="document type (detected when the document says it)")
    p.add_argument("--court", help="court, e.g. 'C.D. Cal.'")
    p.add_argument("--judge", help="judge's name, e.g. 'Jane Roe'")
    p.add_argument("--title", help="title or case name, e.g. 'Doe v. Acme Corp.'")
    p.add_argument("--date", help="date of the order, or the 'as amended' date of rules (2026-03-03)")
    p.add_argument("--cite", help="citation stem for its passages, e.g. 'C.D. Cal. L.R.'")
    p.add_argument("--docket", help="docket number of an order, e.g. 2:21-cv-01234")
    p.add_argument("--id", help="document id to store it under (default: made from its metadata)")
    p.add_argument("--no-index", action="store_true", help="store it without reindexing")
    p.set_defaults(func=cmd_add)

    p = sub.add_parser("list", help="documents, types, dates, chunk counts and provenance")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("show", help="one document's metadata, provenance and pin cites")
    p.add_argument("id")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("remove", help="remove an added document, then reindex")
    p.add_argument("id")
    p.add_argument("--no-index", action="store_true")
    p.set_defaults(func=cmd_remove)

    p = sub.add_parser("sync", help="download what changed among the manifest's official sources, then reindex")
    p.add_argument("--manifest", help="manifest path (default: corpus/sources.toml)")
    p.add_argument("--no-index", action="store_true")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_sync)
