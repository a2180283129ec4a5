"""The `rulebot` command line: thin over the core (parse arguments, call, print).

`main.py` builds the parser and dispatches; each command group is a module
(`corpus`, `draft`, `feedback`, `serve`) that registers its subcommands.
"""

from bot.cli.main import _user, build_parser, main  # noqa: F401
