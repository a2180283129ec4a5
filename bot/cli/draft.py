"""`rulebot draft` and `rulebot check`: the command-line edge of drafting and review.

    rulebot draft KIND --facts FILE [--json] [--docx OUT [--template FIRM.docx] [--notes NOTES.md]]
    rulebot check protective-order FILE [--json]

KIND is one of ``bot.draft.kinds.KINDS`` (good-cause, meet-and-confer,
joint-stipulation, sealing-application).  FILE for ``check`` is text, Markdown,
DOCX or PDF.  ``--docx`` writes the filing text as Word: into the firm's template
(``--template``, else ``RULEBOT_DOCX_TEMPLATE``) at its ``{{ draft }}`` paragraph, or
on C.D. Cal. pleading paper; verifications and notes are Word comments.  Exit codes: 0 done (a draft with unverified citations or missing
facts still exits 0 and says so), 2 bad input.

>>> import argparse
>>> p = argparse.ArgumentParser(); sub = p.add_subparsers(dest="command")
>>> register(sub)
>>> a = p.parse_args(["draft", "good-cause", "--facts", "f.yaml", "--json"])
>>> a.kind, a.facts, a.json
('good-cause', 'f.yaml', True)
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from pathlib import Path

from bot.cli.terminal import say
from bot.draft.kinds import KINDS
from bot.draft.read import document_text  # the one reader, shared with review in chat
from bot.draft.structure import plain_text
from bot.draft.types import Draft, Finding
from bot.errors import BadDocument
from indexers.budgets import Budgets, size as shown_size



def register(subparsers: "argparse._SubParsersAction") -> None:
    """Add the `draft` and `check` commands to the CLI."""
    p = subparsers.add_parser("draft", help="draft a section (good cause statement, L.R. 37-1 letter, ...) "
                                            "from a facts file, citing only verified authority")
    p.add_argument("kind", choices=list(KINDS), help="what to draft")
    p.add_argument("--facts", required=True, help="facts file (YAML or JSON); see examples/facts/")
    p.add_argument("--json", action="store_true", help='print {"kind", "text", "citations", "missing", "checks"}')
    p.add_argument("--docx", metavar="OUT", help="also write the draft as a Word document to OUT (pleading paper, "
                                                 "or the firm's template); verifications and notes are comments")
    p.add_argument("--template", metavar="FIRM.docx",
                   help="with --docx: the firm's Word template; the draft goes where it says {{ draft }}, else at "
                        "the end (default: RULEBOT_DOCX_TEMPLATE, else C.D. Cal. pleading paper)")
    p.add_argument("--notes", metavar="NOTES.md", help="also write what is left to do (facts still needed, "
                                                       "notes, unverified citations) to a separate file")
    p.set_defaults(func=cmd_draft)

    c = subparsers.add_parser("check", help="review a proposed order for what the court is known to reject")
    c.add_argument("kind", choices=["protective-order"], help="what the document is")
    c.add_argument("file", help="the document: text, Markdown, DOCX or PDF")
    c.add_argument("--json", action="store_true", help='print {"findings": [{"code", "severity", "message", '
                                                      '"excerpt", "cite"}]}')
    c.set_defaults(func=cmd_check)


def _engine(settings):
    from bot.answering.engine import Engine

    return Engine(settings)


def _chat_model(settings):
    """The LLM for polishing when RULEBOT_LLM is set, else None (drafts stay template drafts)."""
    if not settings.llm:
        return None
    from bot.answering.llm import make_chat_model

    try:
        return make_chat_model(settings.llm)
    except Exception as exc:  # provider package missing, bad spec: draft without the LLM, say so
        say(f"rulebot: the LLM ({settings.llm}) is unavailable ({exc.__class__.__name__}); "
              "drafting from the template only.", file=sys.stderr)
        return None


def cmd_draft(args, settings) -> int:
    from bot.draft.compose import draft
    from bot.draft.facts import load_facts

    facts = load_facts(args.kind, args.facts)
    result = draft(args.kind, facts, _engine(settings), llm=_chat_model(settings), defaults=settings.draft_defaults)
    if args.template and not args.docx:
        raise BadDocument("--template says which Word template to use for --docx OUT; add --docx OUT.docx.")
    if args.docx:
        from bot.draft.docx import write

        try:
            write(result, args.docx, settings=settings, template=args.template)
        except OSError as exc:
            raise BadDocument(f"Could not write {args.docx}: {exc.strerror or exc}. Choose another --docx path.") \
                from None
    if args.notes:
        try:
            Path(args.notes).write_text(render_notes(result), encoding="utf-8")
        except OSError as exc:
            raise BadDocument(f"Could not write {args.notes}: {exc.strerror or exc}. Choose another --notes path.") \
                from None
    if args.json:
        d = result.as_dict()
        out = {k: d[k] for k in ("kind", "text", "citations", "missing", "checks")}
        out.update(notes=d["notes"], clean=d["clean"], drafter=d["drafter"])
        print(json.dumps(out, indent=2, ensure_ascii=False))
    else:
        say(render_draft(result))
    for path in (args.docx, args.notes):
        if path:
            say(f"Wrote {path}.", file=sys.stderr)
    return 0


def render_notes(d: Draft) -> str:
    """What is left to do before filing, as Markdown: the notes file beside a Word export."""
    out = [f"# Before filing: {d.title or d.kind}", ""]
    if d.missing:
        out += ["## Facts still needed (highlighted in the draft)", ""] + [f"- [{m}]" for m in d.missing] + [""]
    flags = [c for c in d.checks if c.status == "flag"]
    if flags:
        out += ["## Not verified (fix before relying on the draft)", ""] + [f"- {c.message}" for c in flags] + [""]
    if d.notes:
        out += ["## Notes", ""] + [f"- {n}" for n in d.notes] + [""]
    if d.citations:
        out += ["## Authorities cited (verified against the corpus)", ""]
        out += [f"- {c.cite}" + (f': "{c.quote}"' if c.quote else "") for c in d.citations] + [""]
    if len(out) == 2:
        out += ["Nothing left to do: every citation is verified and no fact is missing.", ""]
    return "\n".join(out)


def render_draft(d: Draft, *, width: int = 100) -> str:
    """The draft for a terminal: its text as plain text (no Markdown marker: headings as words, emphasis dropped,
    items as lines; wrapped to `width`), the authorities with their verbatim words, then what is left to do."""
    out = [plain_text(d.text, width=width), ""]
    if d.citations:
        out.append("Authorities cited (verified against the corpus):")
        for c in d.citations:
            line = f"[{c.n}] {c.passage.cite}" + (f': "{c.quote}"' if c.quote else "")
            out.append(textwrap.fill(line, width, subsequent_indent="    "))
        out.append("")
    flags = [c for c in d.checks if c.status == "flag"]
    if flags:
        out.append("NOT VERIFIED (fix before relying on this draft):")
        out.extend(textwrap.fill(f"! {c.message}", width, subsequent_indent="    ") for c in flags)
        out.append("")
    if d.missing:
        out.append("Facts still needed (bracketed in the text):")
        out.extend(f"- [{m}]" for m in d.missing)
        out.append("")
    if d.notes:
        out.append("Notes:")
        out.extend(textwrap.fill(f"- {n}", width, subsequent_indent="  ") for n in d.notes)
        out.append("")
    status = "all citations verified" if d.clean else f"{len(flags)} citation problem(s)"
    out.append(f"Status: {status}; {len(d.missing)} fact(s) missing.")
    return "\n".join(out)



def read_document(path: str | Path, budgets: Budgets | None = None) -> str:
    """The text of a document to review: .docx and .pdf are extracted, anything else is read as UTF-8 text; under
    `budgets` (the settings' `RULEBOT_MAX_DOCUMENT_*`, as `corpus add` and a file shared in chat are read)."""
    budgets = budgets or Budgets()
    p = Path(path)
    try:
        size = p.stat().st_size
    except FileNotFoundError:
        raise BadDocument(f"The file {p} does not exist.") from None
    except OSError as exc:
        raise BadDocument(f"The file {p} cannot be read ({exc.strerror or exc}).") from None
    if p.is_dir():
        raise BadDocument(f"{p} is a folder; give the path of the order's file (text, Markdown, DOCX or PDF).")
    if size > budgets.max_bytes:
        raise budgets.refuse("max_bytes", p.name, f"it is {shown_size(size)}, past")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise BadDocument(f"The file {p} cannot be read ({exc.strerror or exc}).") from None
    return document_text(data, str(p), budgets=budgets)


def render_findings(findings: list[Finding], *, width: int = 100) -> str:
    if not findings:
        return "No problems found of the kinds the court is known to reject."
    out = [f"{len(findings)} problem(s) found:", ""]
    for i, f in enumerate(findings, 1):
        out.append(textwrap.fill(f"{i}. [{f.severity}] {f.code}: {f.message}", width, subsequent_indent="   "))
        if f.excerpt:
            out.append(textwrap.fill(f'In the order: "{f.excerpt}"', width, initial_indent="   ",
                                     subsequent_indent="   "))
        if f.cite:
            out.append(textwrap.fill(f'Authority: {f.cite}: "{f.quote}"', width, initial_indent="   ",
                                     subsequent_indent="   "))
        out.append("")
    return "\n".join(out).rstrip()


def cmd_check(args, settings) -> int:
    from bot.draft.review import review

    budgets = settings.budgets
    text = read_document(args.file, budgets)
    findings = review(args.kind, text, _engine(settings), clock=budgets.clock(Path(args.file).name, "checking"))
    if args.json:
        print(json.dumps({"findings": [f.as_dict() for f in findings]}, indent=2, ensure_ascii=False))
    else:
        say(render_findings(findings))
    return 1 if findings else 0  # like a linter: 1 when it finds problems (a declined document: 2, one line)


__all__ = ["register", "cmd_draft", "cmd_check", "render_draft", "render_notes", "render_findings", "read_document"]
