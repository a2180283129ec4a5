"""Name -> function tables for the cleaning and chunking steps.

Behaviour is chosen by name (a document's front matter says which cleaners
apply; its `type` picks the chunker), the way eyecite picks cleaning steps.
Modules that provide steps register them with the decorators below and are
listed in `BUILTIN_MODULES` so that they are imported before first use.
"""

from __future__ import annotations

import importlib
from typing import Callable

CLEANERS: dict[str, Callable[[str], str]] = {}
CHUNKERS: dict[str, Callable] = {}

BUILTIN_MODULES = (
    "indexers.clean",
    "indexers.clean_frcp",
    "indexers.chunk_orders",
    "indexers.chunk_frcp",
    "indexers.chunk_local_rules",
    "indexers.chunk_procedures",
)
_loaded = False


def register_cleaner(name: str):
    def deco(fn: Callable[[str], str]) -> Callable[[str], str]:
        CLEANERS[name] = fn
        return fn

    return deco


def register_chunker(doc_type: str):
    def deco(fn: Callable) -> Callable:
        CHUNKERS[doc_type] = fn
        return fn

    return deco


def load_builtins() -> None:
    """Import every built-in step module once (missing optional ones are skipped)."""
    global _loaded
    if _loaded:
        return
    for mod in BUILTIN_MODULES:
        try:
            importlib.import_module(mod)
        except ModuleNotFoundError as exc:
            if exc.name != mod:
                raise
    _loaded = True


def pipeline_fingerprint() -> str:
    """A hash of the code that turns documents into indexed text (cleaners, chunkers, views,
    tokenizer, vector index parameters): when it changes, an incremental reindex re-chunks everything (embeddings of
    unchanged text still come from the cache)."""
    import hashlib
    import sys

    load_builtins()
    h = hashlib.sha256()
    for name in sorted(set(BUILTIN_MODULES) | {"indexers.chunk", "indexers.lexical", "indexers.clean", "indexers.store",
                                                   "indexers.terms", "indexers.shorthand"}):
        mod = sys.modules.get(name) or _try_import(name)
        path = getattr(mod, "__file__", None)
        if path:
            with open(path, "rb") as f:
                h.update(f.read())
    return h.hexdigest()[:16]


def _try_import(name: str):
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError:
        return None
