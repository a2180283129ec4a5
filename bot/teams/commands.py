"""What a message asks for: a question, help, a draft, or an admin command.

>>> parse_command("admin status")
Command(name='admin', arg='status')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Mapping

ADMIN_COMMANDS = ("reindex", "status", "sync")
BOT_COMMANDS = ("help", "draft", "admin")  # the words the bot reacts to besides plain questions


@dataclass(frozen=True)
class Command:
    name: str  # "question" | "help" | "draft" | "admin"
    arg: str = ""


def parse_command(text: str) -> Command:
    """Classify a message.

    >>> parse_command("admin  Reindex"), parse_command("draft good cause"), parse_command("What is Rule 26?")
    (Command(name='admin', arg='reindex'), Command(name='draft', arg='good cause'), Command(name='question', arg='What is Rule 26?'))
    >>> parse_command("Administrative motions: how long?").name, parse_command("draft orders need what?").name
    ('question', 'question')
    """
    stripped = text.strip()
    m = re.match(r"^(help|draft|admin)\b[\s:]*(.*)$", stripped, re.IGNORECASE | re.DOTALL)
    if not stripped:
        return Command("help")
    if m:
        name, arg = m.group(1).lower(), m.group(2).strip()
        if name == "admin":
            arg = arg.lower()
        # "help me find ...", "draft orders must say what?" are questions, not commands
        if (name == "help" and arg) or (name == "draft" and arg.endswith("?")):
            return Command("question", stripped)
        return Command(name, arg)
    return Command("question", stripped)


def _slug(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")


def find_kind(kinds: Mapping[str, Any], wanted: str) -> str | None:
    """The draft kind named by the user ("good cause", "Good-Cause statement", "meet and confer").

    >>> find_kind({"good-cause": None, "meet-and-confer": None}, "good cause statement")
    'good-cause'
    """
    slug = _slug(wanted)
    if not slug:
        return None
    for name, kind in kinds.items():
        names = {_slug(name), _slug(getattr(kind, "title", "") or "")}
        if slug in names or any(n and (slug.startswith(n) or n.startswith(slug)) for n in names):
            return name
    return None
