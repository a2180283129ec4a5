"""The question adapter (indexers/adapter.py): read only when it is what it should be, applied to questions only,
and fit so that questions land nearest their passages."""

from __future__ import annotations

import logging

import numpy as np
import pytest

from bot.answering.engine import decision_name, make_embedder
from bot.settings import Settings
from indexers import adapter
from indexers.adapter import AdaptedEmbedder, adapt, adapter_path, fit, rank_of_answer, read_adapter, unadapted, \
    write_adapter


class Plain:
    """An embedder with one side (a test's own): vectors are the texts' lengths and a constant."""

    name = "plain"
    dim = 2

    def encode(self, texts, *, batch_size=64):
        v = np.array([[len(t), 1.0] for t in texts], dtype=np.float32)
        return v / np.linalg.norm(v, axis=1, keepdims=True)


class TwoSided(Plain):
    name = "two-sided"

    def encode_query(self, texts):
        return np.array([[0.0, 1.0] for _ in texts], dtype=np.float32)


@pytest.mark.parametrize("content, dim, expect", [
    (np.eye(3, dtype=np.float32), 3, "read"),
    (np.eye(3, dtype=np.float64), 3, "read"),  # stored wider: read as float32
    (np.eye(4, dtype=np.float32), 3, "ignored"),  # another model's width
    (np.ones((3, 2), dtype=np.float32), 3, "ignored"),  # not square
    (np.eye(3, dtype=np.int64), 3, "ignored"),  # not a matrix of reals
    (np.full((3, 3), np.nan, dtype=np.float32), 3, "ignored"),
    (np.full((3, 3), np.inf, dtype=np.float32), 3, "ignored"),
    (None, 3, "absent"),
    (b"not a numpy file", 3, "ignored"),
    (np.eye(5, dtype=np.float32), None, "read"),  # a model's width not known yet: any square matrix
    (np.ones((5, 4), dtype=np.float32), None, "ignored"),
])
def test_an_adapter_is_read_only_when_it_is_a_finite_square_matrix_of_the_models_width(tmp_path, caplog, content,
                                                                                       dim, expect):
    path = adapter_path(tmp_path, "m")
    if isinstance(content, bytes):
        path.parent.mkdir(parents=True)
        path.write_bytes(content)
    elif content is not None:
        path.parent.mkdir(parents=True)
        np.save(path, content)
    with caplog.at_level(logging.WARNING, logger="rulebot.index"):
        w = read_adapter(path, dim=dim)
    if expect == "read":
        assert w is not None and w.dtype == np.float32 and w.shape[0] == w.shape[1]
        assert not caplog.records and (dim is None or w.shape == (dim, dim))
    else:
        assert w is None
        assert bool(caplog.records) == (expect == "ignored")
        if expect == "ignored":
            assert "ignored" in caplog.records[0].getMessage() and "\n" not in caplog.records[0].getMessage()


def test_an_oversized_adapter_file_is_not_loaded(tmp_path, monkeypatch, caplog):
    path = adapter_path(tmp_path, "m")
    write_adapter(path, np.eye(8))
    monkeypatch.setattr(adapter, "MAX_BYTES", 100)
    with caplog.at_level(logging.WARNING, logger="rulebot.index"):
        assert read_adapter(path, dim=8) is None
    assert "larger than" in caplog.text


@pytest.mark.parametrize("inner", [Plain(), TwoSided()])
def test_only_questions_are_mapped_and_the_index_still_names_the_model(inner):
    w = np.array([[0.0, 1.0], [1.0, 0.0]], dtype=np.float32)  # swaps the two coordinates
    e = AdaptedEmbedder(inner, w)
    texts = ["abc", "a"]
    assert e.name == inner.name and e.dim == inner.dim and decision_name(e) == inner.name + "+query"
    assert decision_name(inner) == inner.name
    np.testing.assert_allclose(e.encode(texts), inner.encode(texts))  # passages: as the model embeds them
    raw = inner.encode_query(texts) if hasattr(inner, "encode_query") else inner.encode(texts)
    np.testing.assert_allclose(e.encode_query(texts), raw[:, ::-1], rtol=1e-6)  # the question side: mapped
    np.testing.assert_allclose(np.linalg.norm(e.encode_query(texts), axis=1), 1.0, rtol=1e-6)
    assert unadapted(e) is inner and unadapted(inner) is inner


def test_adapt_keeps_a_zero_vector_zero():
    out = adapt(np.zeros((1, 3)), np.eye(3))
    assert out.tolist() == [[0.0, 0.0, 0.0]]


def test_the_settings_choose_the_corpus_adapter_another_file_or_none(tmp_path):
    corpus = tmp_path / "corpus"
    base = Settings.load(env={}, home=tmp_path / "home", corpus_dir=corpus)
    inner_name = make_embedder(base).name  # (the bundled model, not loaded: only named)
    assert not getattr(make_embedder(base), "adapted", False)  # the corpus ships none
    write_adapter(adapter_path(corpus, inner_name), np.eye(384))
    assert make_embedder(base).adapted
    assert not getattr(make_embedder(Settings.load(env={"RULEBOT_QUERY_ADAPTER": "off"}, home=tmp_path / "home",
                                                   corpus_dir=corpus)), "adapted", False)
    other = tmp_path / "other.npy"
    write_adapter(other, np.eye(384) * 2)
    chosen = make_embedder(Settings.load(env={"RULEBOT_QUERY_ADAPTER": str(other)}, home=tmp_path / "home",
                                         corpus_dir=corpus))
    assert chosen.adapted and chosen.w[0, 0] == 2.0
    for off in ("OFF", " off "):
        assert not getattr(make_embedder(Settings.load(env={"RULEBOT_QUERY_ADAPTER": off}, home=tmp_path / "home",
                                                       corpus_dir=corpus)), "adapted", False)


def test_a_missing_adapter_file_named_is_a_warning_not_a_refusal(tmp_path, caplog):
    """Indexing never needs the adapter: a file named that is not there leaves questions unadapted, with one line."""
    with caplog.at_level(logging.WARNING, logger="rulebot.engine"):
        e = make_embedder(Settings.load(env={"RULEBOT_QUERY_ADAPTER": str(tmp_path / "nope.npy")},
                                        home=tmp_path / "home", corpus_dir=tmp_path / "corpus"))
    assert not getattr(e, "adapted", False)
    assert "nope.npy" in caplog.text and "not a file" in caplog.text


def test_a_matrix_of_another_width_than_the_models_leaves_questions_as_the_model_embeds_them(caplog):
    """The width of a model named by path is known once it is loaded: a mismatch is found then, said once."""
    e = AdaptedEmbedder(Plain(), np.eye(3, dtype=np.float32))
    with caplog.at_level(logging.WARNING, logger="rulebot.index"):
        out = e.encode_query(["ab", "abc"])
        e.encode_query(["x"])
    np.testing.assert_allclose(out, Plain().encode(["ab", "abc"]))
    assert len([r for r in caplog.records if "ignored" in r.getMessage()]) == 1


def test_readiness_and_the_warm_up_load_the_model_through_the_adapter():
    from bot.edges.ops import readiness

    class Loading(Plain):
        loads = 0

        @property
        def model(self):
            Loading.loads += 1
            return "the model"

    class Engine:
        embedder = AdaptedEmbedder(Loading(), np.eye(2, dtype=np.float32))

        def ready(self):
            return True

    assert readiness(Engine())[0] and Loading.loads >= 1  # (without the adapter passing it on: never)
    assert not hasattr(AdaptedEmbedder(Plain(), np.eye(2)), "model")  # an embedder without one: nothing to load


def test_fit_learns_a_map_that_puts_unseen_questions_nearest_their_passage():
    # eight passages (two views each); each passage's questions lie nearest the next passage's views, the same
    # way for all: a map exists, and the questions it is measured on were not fit on
    rng = np.random.default_rng(0)
    dim, n = 8, 8
    eye = np.eye(dim, dtype=np.float32)
    views = np.concatenate([eye, eye + 0.1 * rng.standard_normal((n, dim)).astype(np.float32)])
    views /= np.linalg.norm(views, axis=1, keepdims=True)
    parents = np.concatenate([np.arange(n), np.arange(n)])

    def questions(count):
        rows = [j % n for j in range(count)]
        q = np.stack([eye[(j + 1) % n] for j in rows]) + 0.15 * rng.standard_normal((count, dim)).astype(np.float32)
        return q / np.linalg.norm(q, axis=1, keepdims=True), [[j] for j in rows]

    train_q, train_a = questions(48)
    test_q, test_a = questions(16)
    assert np.mean(rank_of_answer(test_q, test_a, views, parents) == 0) == 0.0  # without it: never nearest
    w = fit(train_q, train_a, views, parents, pull=1e-4, epochs=300, rate=0.05)
    assert np.mean(rank_of_answer(adapt(test_q, w), test_a, views, parents) == 0) >= 0.9
    held = fit(train_q, train_a, views, parents, pull=100.0, epochs=300, rate=0.05)
    assert np.abs(held - np.eye(dim)).max() < 0.05  # a strong pull keeps it the identity


@pytest.mark.parametrize("questions, answers, expect", [
    (np.array([[1.0, 0.0]]), [[0]], [0]),
    (np.array([[1.0, 0.0]]), [[1]], [1]),
    (np.array([[0.0, 1.0]]), [[0, 1]], [0]),  # the best placed of several answers
])
def test_rank_of_answer_scores_a_passage_by_its_closest_view(questions, answers, expect):
    views = np.array([[1.0, 0.0], [0.6, 0.8], [0.0, 1.0]])
    parents = np.array([0, 1, 1])
    assert rank_of_answer(questions, answers, views, parents).tolist() == expect
