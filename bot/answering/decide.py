"""Decide step: does the corpus answer this question?

The engine has several kinds of evidence for its best passages; no one of them
is reliable alone (a small embedding model rates any legal-sounding text as similar;
BM25 is high for a question that repeats common words).  `signals()` gathers
them into one `Signals` value; a `Gate` turns that into a decision.

The shipped gate is a logistic model over the signals, with its weights, the
feature scaling and the threshold in `bot/answering/gates/<embedder>.json` (one per
embedding model, since their similarity scales differ).  They are fit by
`bench/tune_gate.py` on labelled questions and checked by k-fold
cross-validation (the README reports the held-out-fold figures); nothing in
this module is set by hand except the choice of signals.

>>> s = Signals(dense=0.8, coverage=1.0, sentence=0.9, agree=1.0, named=0.0, margin=0.2, unknown=0.0, bm25=0.5)
>>> len(s.vector()) == len(FEATURES)
True
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import astuple, dataclass, fields
from pathlib import Path
from typing import Callable, Protocol

import numpy as np

from bot.answering.query import Question
from indexers.grammar import COMPARED, STATE_NAMES
from bot.types import Hit

GATES_DIR = Path(__file__).with_name("gates")


def gate_file(embedder_name: str) -> Path:
    """The gate fit for an embedder: similarities differ from one model to another, so each has its own."""
    return GATES_DIR / f"{embedder_name}.json"


@dataclass(frozen=True)
class Signals:
    """The evidence that the top passages answer the question (each in [0, 1] or close to it)."""

    dense: float  # best cosine similarity between the question and a top passage (the embedding model)
    coverage: float  # share of the question's rare-word weight found in one of the top 3 passages
    sentence: float  # ... found in one sentence of the top 3 passages
    agree: float  # how high the top passage ranks in both BM25 and dense lists (1 = first in both)
    named: float  # 1 when a top-3 passage is a rule the question names by number or by name
    margin: float  # the top passage's lead over the second, relative to its score
    unknown: float  # share of the question's rare-word weight the corpus has never seen
    bm25: float  # the top BM25 score over the question's total term weight (how much of it matches)
    foreign: float = 0.0  # 1 when the question names another body of law (a state's, a statute, criminal ...)

    def vector(self) -> np.ndarray:
        return np.array(astuple(self), dtype=float)


FEATURES = tuple(f.name for f in fields(Signals))


def signals(q: Question, hits: list[Hit], *, terms: dict[str, float], best_span: Callable,
            known: Callable[[str], bool], passage_tokens: Callable) -> Signals:
    """Signals for `hits` (ranked) answering `q`.  `terms`: the question's rare words with IDF weights;
    `best_span(terms, passage) -> (score, quote)`; `known(token)`: the corpus has the token;
    `passage_tokens(passage) -> set[str]`."""
    if not hits:
        return Signals(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0 if terms else 0.0, 0.0, other_law(q.query))
    total = sum(terms.values()) or 1.0
    top = hits[:3]
    coverage = max(sum(w for t, w in terms.items() if t in passage_tokens(h.passage)) / total for h in top)
    sentence = max(best_span(terms, h.passage)[0] for h in top)
    dense = max((h.dense_sim for h in hits if h.dense_sim is not None), default=0.0)
    h0 = hits[0]
    agree = 0.5 * (_rank_score(h0.bm25_rank) + _rank_score(h0.dense_rank))
    named = 1.0 if any(h.boosted for h in top) else 0.0
    margin = (h0.score - hits[1].score) / h0.score if len(hits) > 1 and h0.score > 0 else 1.0
    unknown = sum(w for t, w in terms.items() if not known(t)) / total
    matched = sum(w for t, w in terms.items() if t in passage_tokens(h0.passage)) / total
    return Signals(dense=dense, coverage=coverage, sentence=min(sentence, 1.0), agree=agree, named=named,
                   margin=max(0.0, min(margin, 1.0)), unknown=unknown, bm25=matched * _rank_score(h0.bm25_rank),
                   foreign=other_law(q.query, [h.passage.text for h in hits[:BRIDGE_TOP]]))


# Markers of a body of law other than federal civil procedure and the orders' federal-court practice: a state's
# law or courts (not a federal district named after the state), a circuit's case law, a statute, or the
# criminal, evidence, bankruptcy and intellectual-property regimes.  Written from what the corpus is (README,
# "The corpus"), not from questions; it is one signal among eight, weighed by the fitted gate.
_OTHER_LAW = re.compile(
    # a state's law or courts, not a state where someone lives, is based or incorporated ("a witness who lives in
    # Arizona", "a Delaware LLC")
    rf"(?<!District of )(?<!District of the )\b(?:{STATE_NAMES})(?:'s)?\s+(?:state\s+)?(?:law|laws|courts?|statutes?|rules?|code|"
    r"civil|procedure|superior|supreme|appellate|evidence|legislature|constitution)\b|"
    r"(?<!District of )(?<!District of the )(?<!lives in )(?<!living in )(?<!resides in )(?<!located in )(?<!based in )"
    r"(?<!incorporated in )(?<!headquartered in )(?<!domiciled in )(?<!moved to )(?<!from )(?<!citizen of )"
    rf"\b(?:{STATE_NAMES})(?:'s)?\b(?! District)(?!\s+(?:LLC|L\.L\.C\.|corp\w*|compan\w*|co\b|inc\b|firms?|"
    r"defendants?|plaintiffs?|clients?|citizens?|residents?|"
    r"witness\w*|offices?|headquarters|plant|facility|entity|limited|partnership|LP|LLP)\b)|\bstate[- ](?:court|law|statute)s?\b|"
    r"\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|d\.c\.|federal|\d{1,2}(?:st|nd|rd|th))"
    r" circuit\b|\b\d{1,2}(?:st|nd|rd|th)? cir\.|(?-i:\b[A-Z][A-Za-z-]+(?: [A-Z][A-Za-z-]+)* Act\b)|\bU\.?S\.?C\.?\b|"
    r"\bstatute of limitations?\b|\bcriminal\b|\bbankruptcy\b|\bchapter \d+\b|\bhearsay\b|\bFRE\b|"
    r"\bpatents?\b|\bcopyrights?\b|\btrademarks?\b|\bcode of civil procedure\b|\bC\.?C\.?P\.?\b", re.I)


# how many of the top passages may be the rule that bridges to another body of law the question names (a rule that
# speaks of it: 41(a)(1)(B)'s earlier "state-court action"); the other signals still look at the top 3
BRIDGE_TOP = 5
_REMOVED = re.compile(r"\bremoved\b|\b(?:after|on|upon|following|since)\s+(?:the\s+)?removal\b", re.I)  # done, not asked
_STATE_COURT = re.compile(r"^state[- ]courts?$", re.I)


# What kind of other law a marker names: a passage of the corpus that speaks of the same kind (Rule 32(a)(8) of a
# state-court action, 54(d)(2)(E) of 28 U.S.C. § 1927, 81(a)(2) of bankruptcy, 44.1 of the Rules of Evidence) is a
# rule that bridges to it, and the question asked about it is the corpus's own.
# Each kind: (the marker of the question that names it, the words of a passage that speaks of it[, what the question
# must also ask for the bridge to hold]).
_KINDS = (
    # (discovery's "need not be admissible in evidence", 26(b)(1), speaks of discovery's scope, not of evidence law)
    (re.compile(r"hearsay|\bFRE\b|rules?\s+of\s+evidence|admissib", re.I),
     re.compile(r"hearsay|rules?\s+of\s+evidence|(?<!need not be )(?<!not be )admissib", re.I)),
    (re.compile(r"bankruptcy", re.I), re.compile(r"bankruptcy", re.I)),
    # a state court or a state's law in general, not a named state's (Texas law is Texas's)
    (re.compile(r"^state[- ](?:courts?|laws?)$", re.I),
     re.compile(r"\bstate[- ]courts?\b|\blaw\s+of\s+the\s+state\b|\bstate\s+law\b", re.I)),
    # a state statute in general: Rule 5.1's notice when one is drawn into question ("a federal or state statute")
    (re.compile(r"^state[- ]statutes?$", re.I), re.compile(r"\bstate\s+statutes?\b", re.I)),
    # a limitations period run: whether an amendment relates back (15(c)(1)(A)), one that adds or changes a party or
    # a claim (15(c)(1)(B)-(C)), or the defence pleaded (8(c)(1)), is the rules' own; how long the period is, is not
    # (the question must be about one of them)
    (re.compile(r"^statute of limitations?$", re.I), re.compile(r"\bstatute of limitations\b", re.I),
     re.compile(r"\brelat\w*\s+back\b|\bamend|\baffirmative\s+defen[cs]e|\bplead|\bwaiv|"
                r"\b(?:add|adding|added|named|substitut\w*|swap\w*)\s+(?:\w+\s+){0,3}(?:defendants?|part(?:y|ies)|"
                r"plaintiffs?|claims?|D|P)\b|\b(?:wrong|right|correct|proper)\s+(?:defendant|party|entity)\b|\bmisnam", re.I)),
)


def _bridged(marker: str, texts: list[str], question: str = "") -> bool:
    """A passage of `texts` speaks of the kind of other law `marker` names: the rule that bridges to it (for a kind
    with a third pattern, only when the question asks what that pattern names)."""
    kind = next((k for k in _KINDS if k[0].search(marker)), None)
    if kind is None or (len(kind) > 2 and not kind[2].search(question)):
        return False
    return any(kind[1].search(t) for t in texts)


def other_law(text: str, passages: list[str] | None = None) -> float:
    """1.0 when the question names another body of law ("in Texas state court", "under the Lanham Act"); a
    case removed from a state court is in federal court under the federal rules (Rule 81(c)), and a body of law
    one of the top `passages` itself speaks of is what that rule bridges to ("a deposition from the earlier
    state-court suit", Rule 32(a)(8))."""
    removed = bool(_REMOVED.search(text))
    markers = [m.group(0) for m in _OTHER_LAW.finditer(text) if not (removed and _STATE_COURT.match(m.group(0)))
               and not COMPARED.search(text[:m.start()])]  # named only to compare: the question is the corpus's
    if passages:
        markers = [m for m in markers if not _bridged(m, passages, text)]
    return 1.0 if markers else 0.0


def _rank_score(rank: int | None) -> float:
    return 0.0 if rank is None else 1.0 / (1.0 + rank)


class Gate(Protocol):
    def probability(self, s: Signals) -> float: ...

    def answers(self, s: Signals) -> bool: ...


@dataclass(frozen=True)
class LogisticGate:
    """p(answerable) = sigmoid(w . (x - mean) / scale + b); answer when p >= threshold."""

    weights: tuple[float, ...]
    bias: float
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    threshold: float
    features: tuple[str, ...] = FEATURES
    note: str = ""
    fitted_on: tuple[str, ...] = ()  # digests of the question files it was fit on (bot.admin.evaluate.file_digest)

    def probability(self, s: Signals) -> float:
        x = (s.vector() - np.array(self.mean)) / np.array(self.scale)
        z = float(np.dot(np.array(self.weights), x) + self.bias)
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))

    def answers(self, s: Signals) -> bool:
        """p >= threshold, and something to ground the answer on: a top passage holds some of the question's
        rare words (or its terms do), or is a rule the question names.  No fit can answer a question that
        shares nothing with the corpus."""
        return (s.coverage > 0 or s.named > 0) and self.probability(s) >= self.threshold

    def as_dict(self) -> dict:
        return {"features": list(self.features), "weights": list(self.weights), "bias": self.bias,
                "mean": list(self.mean), "scale": list(self.scale), "threshold": self.threshold, "note": self.note,
                "fitted_on": list(self.fitted_on)}

    @classmethod
    def neutral(cls) -> "LogisticGate":
        """Answers everything: for tracing questions before a gate is fit (bench/tune_gate.py)."""
        n = len(FEATURES)
        return cls((0.0,) * n, 0.0, (0.0,) * n, (1.0,) * n, 0.0, note="neutral")

    @classmethod
    def for_embedder(cls, name: str) -> "LogisticGate":
        """The gate fit for this embedding model; for a model without one (a firm's own), the default
        model's, with a warning: fit one with `bench/tune_gate.py --write`."""
        path = gate_file(name)
        if not path.is_file():
            import logging

            from bot.settings import DEFAULT_EMBEDDER_NAME

            logging.getLogger("rulebot.decide").warning(
                "no answer decision fit for embedding model %s; using %s's. Fit one: python bench/tune_gate.py "
                "../shared/eval/dev.jsonl bench/eval-extra.jsonl --write", name, DEFAULT_EMBEDDER_NAME)
            path = gate_file(DEFAULT_EMBEDDER_NAME)
        return cls.load(path)

    @classmethod
    def load(cls, path: Path) -> "LogisticGate":
        d = json.loads(Path(path).read_text())
        if tuple(d["features"]) != FEATURES:
            raise ValueError(f"{path}: fit for features {d['features']}, the engine computes {list(FEATURES)}; "
                             f"run bench/tune_gate.py")
        return cls(weights=tuple(d["weights"]), bias=float(d["bias"]), mean=tuple(d["mean"]),
                   scale=tuple(d["scale"]), threshold=float(d["threshold"]), note=d.get("note", ""),
                   fitted_on=tuple(d.get("fitted_on", ())))


# The direction in which each signal can only count (more similarity, coverage, agreement: more likely
# answerable; words the corpus has never seen, another body of law: less).  Prior knowledge, not fit: a fit
# that gives a signal the other sign (a quirk of how some questions were worded) sets it to 0 and refits.
SIGNS = {"dense": 1, "coverage": 1, "sentence": 1, "agree": 1, "named": 1, "margin": 1, "unknown": -1, "bm25": 1,
         "foreign": -1}


def fit_logistic(X: np.ndarray, y: np.ndarray, *, l2: float = 1.0, iters: int = 200) -> LogisticGate:
    """Class-balanced, L2-regularised logistic regression on standardised features, each weight kept to
    its signal's sign (`SIGNS`: a signal fit with the wrong sign is left out and the rest refit).  The
    threshold is left at 0.5; the tuning script chooses it."""
    signs = np.array([SIGNS.get(f, 0) for f in FEATURES] if X.shape[1] == len(FEATURES) else [0] * X.shape[1])
    active = np.ones(X.shape[1], dtype=bool)
    while True:
        gate = _fit_logistic(X, y, active, l2=l2, iters=iters)
        w = np.array(gate.weights)
        wrong = active & (signs * w < 0)
        if not wrong.any():
            return gate
        active &= ~wrong


def _fit_logistic(X: np.ndarray, y: np.ndarray, active: np.ndarray, *, l2: float, iters: int) -> LogisticGate:
    mean = X.mean(axis=0)
    scale = X.std(axis=0)
    scale[scale < 1e-9] = 1.0
    Z = (X - mean) / scale * active  # a left-out signal contributes nothing (its weight stays 0)
    n, d = Z.shape
    A = np.hstack([Z, np.ones((n, 1))])
    pos = y.sum()
    neg = n - pos
    sw = np.where(y == 1, n / (2 * max(pos, 1)), n / (2 * max(neg, 1)))
    w = np.zeros(d + 1)
    reg = np.full(d + 1, l2)
    reg[-1] = 0.0  # the bias is not penalised
    for _ in range(iters):
        p = 1.0 / (1.0 + np.exp(-np.clip(A @ w, -50, 50)))
        g = A.T @ (sw * (p - y)) + reg * w
        H = (A * (sw * p * (1 - p))[:, None]).T @ A + np.diag(reg) + 1e-9 * np.eye(d + 1)
        step = np.linalg.solve(H, g)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return LogisticGate(weights=tuple(float(v) for v in w[:-1]), bias=float(w[-1]), mean=tuple(float(v) for v in mean),
                        scale=tuple(float(v) for v in scale), threshold=0.5)
