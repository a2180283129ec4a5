"""What a message asks for: a question, help, a draft, or an admin command.

>>> parse_command("admin status")
Command(name='admin', arg='status')
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.chat.service import ADMIN_COMMANDS  # noqa: F401  (the manifest test lists them)
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
            word, _, rest = arg.partition(" ")
            arg = (word.lower() + " " + rest).strip()  # the command word only: values keep their case
        # "help me find ...", "draft orders must say what?" are questions, not commands
        if (name == "help" and arg) or (name == "draft" and arg.endswith("?")):
            return Command("question", stripped)
        return Command(name, arg)
    return Command("question", stripped)
