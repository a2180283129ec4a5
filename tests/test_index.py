"""Indexing: incremental by content hash, safe on bad input, one reindex at a time, atomic switch."""

import shutil
import threading

import pytest

from bot.answering.engine import Engine
from bot.errors import ReindexBusy
from bot.settings import shipped_corpus_dir
from indexers.build import build_index
from indexers.store import EmbeddedStore, reindex_lock
from fixtures.waiting import wait_until

ORDERS = shipped_corpus_dir() / "orders"


@pytest.fixture
def corpus(tmp_path):
    d = tmp_path / "corpus"
    shutil.copytree(ORDERS, d / "orders")
    return d


@pytest.fixture
def store(tmp_path):
    return EmbeddedStore(tmp_path / "index")


class CountingEmbedder:
    """The real model, counting how many texts it is asked to embed (and optionally failing)."""

    def __init__(self, inner, fail_after=None):
        self.inner, self.name, self.dim = inner, inner.name, inner.dim
        self.count, self.fail_after = 0, fail_after

    def encode(self, texts, batch_size=64):
        if self.fail_after is not None and self.count >= self.fail_after:
            raise RuntimeError("simulated crash during embedding")
        self.count += len(texts)
        return self.inner.encode(texts, batch_size=batch_size)


def test_incremental_reindex(corpus, store, memo_embedder):
    emb = CountingEmbedder(memo_embedder)
    first = build_index([corpus], store, emb)
    assert first.changed and first.added == first.chunks > 40 and first.embedded >= first.chunks

    again = build_index([corpus], store, emb)
    assert not again.changed and again.embedded == 0 and again.seconds < 3
    assert again.version == first.version

    segal = corpus / "orders" / "cdcal-segal-protective-order.md"
    segal.write_text(segal.read_text().replace("IT IS SO ORDERED.", "IT IS SO ORDERED. Dated: unknown."))
    changed = build_index([corpus], store, emb)
    assert changed.changed and changed.updated >= 1 and changed.added == 0 and changed.removed == 0
    assert 1 <= changed.embedded <= 2  # only the edited paragraph(s) re-embedded

    (corpus / "orders" / "al-otro-lado-v-wolf-2020.md").unlink()
    removed = build_index([corpus], store, emb)
    assert removed.removed > 40 and removed.documents == 1
    assert {p.doc_id for p in store.load_passages(store.current_version())} == {
        "cdcal-segal-order-re-stipulated-protective-order"}


def test_rebuild_reembeds_everything(corpus, store, memo_embedder):
    emb = CountingEmbedder(memo_embedder)
    first = build_index([corpus], store, emb)
    rebuilt = build_index([corpus], store, emb, rebuild=True)
    assert rebuilt.changed and rebuilt.embedded == first.embedded and rebuilt.version != first.version


def test_broken_document_keeps_what_was_indexed(corpus, store, memo_embedder):
    first = build_index([corpus], store, memo_embedder)
    doc = corpus / "orders" / "al-otro-lado-v-wolf-2020.md"
    doc.write_text(doc.read_text().replace("type: order", "type: [unclosed"))
    report = build_index([corpus], store, memo_embedder)
    assert report.skipped and "not valid YAML" in report.skipped[0][1]
    assert report.chunks == first.chunks  # the old passages of the broken file are kept
    (corpus / "junk.md").write_text("no front matter here")
    report = build_index([corpus], store, memo_embedder)
    assert any("no front matter" in reason for _, reason in report.skipped)
    assert report.chunks == first.chunks


def test_failed_build_leaves_old_version_serving(corpus, store, memo_embedder, make_settings):
    first = build_index([corpus], store, memo_embedder)
    (corpus / "orders" / "new.md").write_text(
        "---\nid: new\ntitle: New order\ntype: order\ncourt: C.D. Cal.\ncite: New order (C.D. Cal.)\n---\n"
        + "A brand new paragraph about sealing that must be embedded before it can be served.\n" * 3)
    with pytest.raises(RuntimeError):
        build_index([corpus], store, CountingEmbedder(memo_embedder, fail_after=0))
    assert store.current_version() == first.version
    versions = list((store.root / "versions").iterdir())
    assert [v.name for v in versions] == [first.version]  # the half-built version is gone
    engine = Engine(make_settings(corpus_dir=corpus), embedder=memo_embedder, store=store)
    assert engine.answer("Who has the burden of establishing the law enforcement privilege?").citations


def test_one_reindex_at_a_time(corpus, store, memo_embedder):
    with reindex_lock(store.root, "slack:U123"):
        with pytest.raises(ReindexBusy) as busy:
            build_index([corpus], store, memo_embedder, who="cli")
    assert "slack:U123" in str(busy.value)


def test_queries_keep_answering_during_reindex(corpus, store, memo_embedder, make_settings):
    build_index([corpus], store, memo_embedder)
    engine = Engine(make_settings(corpus_dir=corpus), embedder=memo_embedder, store=store)
    errors, answers = [], []
    stop = threading.Event()

    def ask():
        while not stop.is_set():
            try:
                answers.append(engine.answer("Can the parties agree to file all confidential documents under seal?"))
            except Exception as exc:  # any failure is a test failure
                errors.append(exc)

    def answered_meanwhile(p):  # each rebuild waits for a question answered before it stores and once it published
        if p.stage in ("store", "done"):
            seen = len(answers) + len(errors)
            wait_until(lambda: len(answers) + len(errors) > seen, what=f"a question answered at {p.stage}")

    t = threading.Thread(target=ask)
    t.start()
    try:
        for _ in range(2):
            engine.reindex(rebuild=True, progress=answered_meanwhile, who="test")
    finally:
        stop.set()
        t.join()
    assert not errors, errors[:1]
    assert answers and all(a.citations for a in answers)


def test_changed_chunking_code_rechunks_without_reembedding(corpus, store, memo_embedder):
    import json

    first = build_index([corpus], store, memo_embedder)
    path = store.version_dir(first.version) / "manifest.json"
    data = json.loads(path.read_text())
    data["pipeline"] = "built-by-older-code"
    path.write_text(json.dumps(data))
    again = build_index([corpus], store, CountingEmbedder(memo_embedder, fail_after=0))
    assert again.changed and again.embedded == 0 and again.chunks == first.chunks

