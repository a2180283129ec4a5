"""The optional LLM answerer, with langchain's fake chat models: verified or removed and flagged."""

from langchain_core.language_models.fake_chat_models import FakeListChatModel

from bot.answering.engine import Engine

Q = "Who has the burden of establishing the law enforcement privilege?"


def _engine(engine, reply):
    return Engine(engine.settings, embedder=engine.embedder, store=engine.store,
                  chat_model=FakeListChatModel(responses=[reply]))


def _burden_number(engine):
    hits = engine.search(Q, k=5)
    return next(i + 1 for i, h in enumerate(hits) if "have the burden of establishing" in h.passage.text)


def test_llm_answer_with_good_citation_is_kept(engine):
    n = _burden_number(engine)
    reply = f'The party asserting it does: "[D]efendants have the burden of establishing that the privilege applies" [{n}].'
    ans = _engine(engine, reply).answer(Q)
    assert ans.answerer == "llm" and not ans.flags
    assert [c.n for c in ans.citations] == [n]
    assert ans.citations[0].quote in ans.citations[0].passage.text


def test_invented_citation_is_removed_and_flagged(engine):
    n = _burden_number(engine)
    reply = (f'"[D]efendants have the burden of establishing that the privilege applies" [{n}]. '
             'The Ninth Circuit made the privilege absolute in Smith v. Jones, 999 F.4th 1 (9th Cir. 2031) [19].')
    ans = _engine(engine, reply).answer(Q)
    assert "Smith v. Jones" not in ans.text and "[19]" not in ans.text
    assert any("[19]" in f for f in ans.flags)
    assert all(c.n != 19 for c in ans.citations)


def test_misquote_is_removed_and_flagged(engine):
    n = _burden_number(engine)
    reply = f'"The government never bears any burden on this privilege" [{n}].'
    ans = _engine(engine, reply).answer(Q)
    assert "never bears" not in ans.text
    assert any("not found verbatim" in f for f in ans.flags)
    assert ans.citations  # falls back to the verified extractive answer


def test_not_answered_falls_back_to_extractive(engine):
    ans = _engine(engine, "NOT ANSWERED").answer(Q)
    assert ans.citations and ans.flags
