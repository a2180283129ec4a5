"""The Teams app manifest's prompt starters, drawn from what is indexed.

Teams shows a bot's prompt starters (`commandLists` commands of type ``prompt``) when a user opens a
personal chat with it; the manifest is uploaded once, so its questions come from the index the admin has
built: ``rulebot teams-manifest`` rewrites ``deploy/teams/manifest.json`` (or another file) with up to
`MAX_STARTERS` questions drawn as Slack's suggested prompts are (`bot.chat.suggest.prompts`), and keeps the
commands the bot handles (help, draft …, admin …) beside them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bot.chat.suggest import Indexed, prompts
from bot.teams.citations import clip

MAX_STARTERS = 4
MAX_COMMANDS = 10  # per command list
PROMPT_TITLE = 128  # a prompt starter's title (a basic command's is 32)
DESCRIPTION = 128


def starters(idx: Indexed, limit: int = MAX_STARTERS) -> list[dict[str, str]]:
    """Prompt starters for the personal scope: each asks a question the index answers.

    >>> starters(Indexed(()))
    []
    """
    return [{"title": clip(p.title, PROMPT_TITLE), "description": clip(p.message, DESCRIPTION), "type": "prompt",
             "prompt": p.message} for p in prompts(idx, limit)]


def with_starters(manifest: dict[str, Any], idx: Indexed) -> dict[str, Any]:
    """`manifest` with the personal command list's prompt starters replaced by ones drawn from `idx` (its basic
    commands kept, after them, up to `MAX_COMMANDS` in all)."""
    out = json.loads(json.dumps(manifest))
    for bot in out.get("bots") or ():
        for command_list in bot.get("commandLists") or ():
            if command_list.get("scopes") != ["personal"]:
                continue
            basic = [c for c in command_list.get("commands") or () if c.get("type", "basic") != "prompt"]
            new = starters(idx, min(MAX_STARTERS, MAX_COMMANDS - len(basic)))
            command_list["commands"] = new + basic
    return out


def write(path: Path, idx: Indexed) -> dict[str, Any]:
    manifest = with_starters(json.loads(path.read_text(encoding="utf-8")), idx)
    path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return manifest


DEFAULT_PATH = Path(__file__).resolve().parent.parent.parent / "deploy" / "teams" / "manifest.json"


def cmd_manifest(args, settings) -> int:
    """`rulebot teams-manifest [--out PATH]`: the prompt starters of the Teams manifest, from the built index."""
    from bot.answering.engine import Engine
    from bot.chat.suggest import indexed

    engine = Engine(settings)
    idx = indexed(engine.status(), engine.passages())
    path = Path(args.out) if args.out else DEFAULT_PATH
    manifest = write(path, idx)
    shown = [c["prompt"] for b in manifest.get("bots") or () for cl in b.get("commandLists") or ()
             for c in cl.get("commands") or () if c.get("type") == "prompt"]
    print(f"{path}: {len(shown)} prompt starter(s) drawn from the index")
    for prompt in shown:
        print(f"  {prompt}")
    return 0


def register(sub) -> None:
    p = sub.add_parser("teams-manifest", help="write the Teams manifest's prompt starters from the built index")
    p.add_argument("--out", default=None, help=f"the manifest to rewrite (default {DEFAULT_PATH.relative_to(DEFAULT_PATH.parents[2])})")
    p.set_defaults(func=cmd_manifest)
