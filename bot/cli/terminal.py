"""What a terminal shows of the words the CLI prints for a person.

A message written once for every surface (`bot.messages`) marks a command as code (```rulebot index```): Slack and
Teams draw it as code, a terminal shows its words.  `say` prints a line so; JSON is printed as it is.

>>> terminal("Run `rulebot index --rebuild` to build it again.")
'Run rulebot index --rebuild to build it again.'
>>> terminal("the order says “file it `as is`”")  # a quotation is verbatim
'the order says “file it `as is`”'
"""

from __future__ import annotations

from bot.draft.typeset import code_spans


def terminal(text: str) -> str:
    """`text` as a terminal shows it: each code span as its words, without backticks; a quotation (“…”) verbatim."""
    return "".join(words for words, _ in code_spans(text))


def say(text: object = "", *, file=None, **kw) -> None:
    """Print `text` for a person at a terminal (`terminal`): the CLI's one way to print words, not JSON."""
    print(terminal(str(text)), file=file, **kw)
