"""Errors the user sees (the document side's; `bot.errors` adds the question side's): each message is one line that says what went wrong and what to do."""

from __future__ import annotations

import secrets


def new_ref() -> str:
    """The one form of an error reference, printed to the user and written beside the logged detail:
    ``RB-`` and 8 hex digits (every surface, the CLI, the index server).

    >>> len(new_ref()), new_ref()[:3]
    (11, 'RB-')
    """
    return "RB-" + secrets.token_hex(4).upper()


class RulebotError(Exception):
    """Base class: `str(err)` is shown to the user as is (no traceback)."""

    exit_code = 2

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class IndexMissing(RulebotError):
    """No index has been built yet (or it cannot be read)."""


class IndexUnavailable(RulebotError):
    """The index store (e.g. a Chroma server) cannot be reached right now."""

    exit_code = 3


class ReindexBusy(RulebotError):
    """Another reindex holds the lock."""

    def __init__(self, who: str, since: str):
        super().__init__(f"A reindex is already running (started by {who or 'someone'} at {since}); "
                         "wait for it to finish, then try again.")
        self.who = who
        self.since = since


class BadDocument(RulebotError):
    """A document cannot be read, parsed or described (metadata missing)."""


class CorpusBusy(RulebotError):
    """Another process is changing the admin corpus and did not finish in time."""
