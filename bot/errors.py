"""Errors the user sees: each message is one line that says what went wrong and what to do.

The document side's errors live in `indexers.errors` and are re-exported here.
"""

from __future__ import annotations

from indexers.errors import (BadDocument, CorpusBusy, IndexMissing, IndexUnavailable, ReindexBusy,  # noqa: F401
                             RulebotError)


class BadQuestion(RulebotError):
    """The question is empty, too long or unreadable."""


class SettingError(RulebotError):
    """A setting (an environment variable) holds a value rulebot cannot use."""
