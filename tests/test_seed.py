"""Vectors shipped with the corpus (indexers/seed.py): a fresh machine indexes the shipped documents without
embedding them, a file that is not what it should be is ignored, and the vectors are the model's own."""

import shutil

import numpy as np
import pytest

from bot.settings import shipped_corpus_dir
from indexers.build import build_index, corpus_views
from indexers.seed import read_seeds, seed_path, write_seeds
from indexers.store import EmbeddedStore

MODEL = "all-MiniLM-L6-v2"
SHIPPED = seed_path(shipped_corpus_dir(), MODEL)


def test_the_shipped_vectors_cover_the_shipped_corpus():
    """A stale file only costs time; this says when it is time to run `python bench/seed_vectors.py`."""
    views = corpus_views([shipped_corpus_dir()])
    seeded = read_seeds([shipped_corpus_dir()], MODEL, views, dim=384)
    assert len(seeded) >= 0.9 * len(views), (
        f"corpus/vectors/{MODEL}.npy covers {len(seeded)} of {len(views)} views: run python bench/seed_vectors.py")


@pytest.mark.parametrize("damage, why", [
    (lambda p: p.write_bytes(b"\x93NUMPY not really"), "ignored"),
    (lambda p: p.write_bytes(b""), "ignored"),
    (lambda p: p.write_bytes(b"PK\x03\x04 a zip file"), "ignored"),
    (lambda p: np.savez(open(p, "wb"), a=np.ones(3)), "ignored"),
    (lambda p: _header_only(p, 10 ** 15), "ignored"),
    (lambda p: _header_only(p, 10 ** 8), "ignored"),
    (lambda p: np.save(p, np.zeros(2, dtype=[("hash", "U24"), ("vec", "<f4", (384,))])), "not 384-wide"),
    (lambda p: np.save(p, np.zeros(2, dtype=[("hash", "<i8"), ("vec", "<f4", (384,))])), "not 384-wide"),
    (lambda p: p.write_bytes(np.save.__doc__.encode()[:4096]), "ignored"),
    (lambda p: np.save(p, np.zeros((3, 384), np.float32)), "not 384-wide vectors keyed by text hash"),
    (lambda p: np.save(p, np.array([{"a": 1}], dtype=object), allow_pickle=True), "ignored"),
    (lambda p: write_seeds(p, {"a" * 24: np.full(384, np.nan, np.float32)}), "not numbers"),
    (lambda p: write_seeds(p, {"a" * 24: np.ones(100, np.float32)}), "not 384-wide"),
])
def test_a_file_that_is_not_what_it_should_be_is_ignored_with_a_warning(tmp_path, caplog, damage, why):
    path = seed_path(tmp_path, MODEL)
    path.parent.mkdir(parents=True)
    damage(path)
    with caplog.at_level("WARNING", logger="rulebot.index"):
        assert read_seeds([tmp_path], MODEL, ["a" * 24], dim=384) == {}
    assert why in caplog.text and "every view is embedded" in caplog.text


def _header_only(path, count):
    """A file whose header promises `count` records and holds none of them."""
    from numpy.lib import format as npformat

    dtype = np.dtype([("hash", "S24"), ("vec", "<f4", (384,))])
    with open(path, "wb") as f:
        npformat.write_array_header_1_0(f, {"descr": npformat.dtype_to_descr(dtype), "fortran_order": False,
                                            "shape": (count,)})


def test_another_models_file_is_never_read(tmp_path):
    write_seeds(seed_path(tmp_path, MODEL), {"a" * 24: np.ones(384, np.float32)})
    assert read_seeds([tmp_path], "multilingual-e5-small", ["a" * 24], dim=384) == {}
    assert set(read_seeds([tmp_path], MODEL, ["a" * 24], dim=384)) == {"a" * 24}


def test_the_same_vectors_write_the_same_bytes(tmp_path):
    vecs = {f"{i:024x}": np.random.default_rng(i).random(384, dtype=np.float32) for i in range(20)}
    write_seeds(tmp_path / "a.npy", vecs)
    write_seeds(tmp_path / "b.npy", dict(reversed(list(vecs.items()))))
    assert (tmp_path / "a.npy").read_bytes() == (tmp_path / "b.npy").read_bytes()


@pytest.mark.model
def test_the_shipped_vectors_are_the_models_own(embedder):
    views = corpus_views([shipped_corpus_dir()])
    seeded = read_seeds([shipped_corpus_dir()], MODEL, views, dim=384)
    sample = sorted(seeded)[::max(1, len(seeded) // 12)]
    fresh = embedder.encode([views[h].text for h in sample])
    cos = [float(np.dot(a, seeded[h]) / (np.linalg.norm(a) * np.linalg.norm(seeded[h]))) for a, h in zip(fresh, sample)]
    assert min(cos) > 0.999, cos


@pytest.mark.model
def test_a_build_embeds_only_what_the_shipped_vectors_lack_and_rebuild_embeds_everything(tmp_path, memo_embedder):
    corpus = tmp_path / "corpus"
    shutil.copytree(shipped_corpus_dir() / "orders", corpus / "orders")
    views = corpus_views([corpus])
    some = sorted(views)[: len(views) // 2]
    write_seeds(seed_path(corpus, MODEL), dict(zip(some, memo_embedder.encode([views[h].text for h in some]))))

    class Counting:
        name, dim, count = memo_embedder.name, memo_embedder.dim, 0

        def encode(self, texts, batch_size=64):
            self.count += len(texts)
            return memo_embedder.encode(texts, batch_size=batch_size)

    emb = Counting()
    first = build_index([corpus], EmbeddedStore(tmp_path / "index"), emb)
    assert (first.seeded, first.embedded, emb.count) == (len(some), len(views) - len(some), len(views) - len(some))
    assert f"{len(some)} from shipped vectors" in first.summary()
    rebuilt = build_index([corpus], EmbeddedStore(tmp_path / "index"), emb, rebuild=True)
    assert (rebuilt.seeded, rebuilt.embedded) == (0, len(views))
