"""`rulebot eval`: what the user sees, measured on labelled questions, with honest (held-out) figures.

Each JSONL line: {"question", "expect_any": [phrases], "abstain": bool, "kind": str}.  For every
question the engine is traced once (`trace`): its evidence for the answer decision, the answer it
would give and the abstention it would give.  Decisions are then applied without re-running the
engine, which is what makes k-fold cross-validation of the decision cheap:

- with the shipped gate (`bot/gate.json`): what a user gets today;
- cross-validated: the gate refit on k-1 folds, decisions on the held-out fold (`cross_validate`).

Measures, overall and per kind:
- refused: answerable questions answered with "the indexed corpus does not answer";
- first: an expected phrase is in the passage the answer cites first (precision@1);
- cited@k: an expected phrase is in one of the answer's (first k) cited passages;
- shown: an expected phrase is in the answer text itself (the quoted sentences the user reads);
- abstained: `outside` (unanswerable) questions the engine declined;
- not verbatim: quotes not found verbatim in their passage (must be 0).
Retrieval alone (recall@k and MRR of the raw hits for hybrid / BM25 / dense) is reported beside them.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from bot.answering.decide import FEATURES, LogisticGate, Signals, fit_logistic
from bot.errors import BadQuestion, RulebotError
from bot.types import Answer


@dataclass(frozen=True)
class EvalCase:
    question: str
    expect_any: tuple[str, ...]
    abstain: bool
    kind: str = ""
    source: str = ""  # the file it came from


def load_eval(path: str) -> list[EvalCase]:
    p = Path(path)
    if not p.is_file():
        raise RulebotError(f"{path}: no such file; give a JSONL file with one question per line.")
    cases = []
    for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
            # "kind": "outside" means the corpus does not answer it, with or without "abstain": true
            abstain = bool(d.get("abstain", False)) or d.get("kind") == "outside"
            kind = str(d.get("kind") or ("outside" if abstain else "unlabelled"))
            expect = d.get("expect_any") or d.get("expect") or ()  # "expect": a synonym
            expect = (expect,) if isinstance(expect, str) else tuple(str(x) for x in expect)
            cases.append(EvalCase(str(d["question"]), expect, abstain, kind, p.name))
        except (ValueError, KeyError, TypeError, AttributeError):
            raise RulebotError(f"{path}, line {n}: not a JSON object with a \"question\"; fix the line.") from None
    if not cases:
        raise RulebotError(f"{path}: no questions in the file.")
    return cases


def file_digest(path: str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]


def _norm(s: str) -> str:
    s = s.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", s).lower().strip()


def first_hit_rank(texts: list[str], phrases: tuple[str, ...]) -> int | None:
    """1-based rank of the first text containing any phrase."""
    normed = [_norm(p) for p in phrases]
    for i, t in enumerate(texts, 1):
        nt = _norm(t)
        if any(p in nt for p in normed):
            return i
    return None


# --- tracing -------------------------------------------------------------------------------------

@dataclass
class Trace:
    case: EvalCase
    evidence: Signals | None  # None: the decision is forced to abstain
    answer: Answer | None  # the answer given if the gate says answer (None: nothing to quote)
    abstention: Answer
    probability: float = 0.0  # the shipped gate's probability
    names_rule: bool = False  # answered whatever the gate says (bot.answering.engine.Considered.names_rule)

    def decided_by(self, gate) -> bool:
        return self.evidence is not None and (self.names_rule or gate.answers(self.evidence))

    def shown(self) -> bool:
        return self.answer is not None and first_hit_rank([self.answer.text], self.case.expect_any) is not None

    def cited_rank(self, k: int) -> int | None:
        if self.answer is None:
            return None
        shown = self.answer.citations + self.answer.see_also  # what the user sees, quoted first
        return first_hit_rank([c.passage.text for c in shown[:k]], self.case.expect_any)

    def not_verbatim(self) -> int:
        from bot.answering.verify import quote_in

        cites = (self.answer.citations if self.answer else ()) + self.abstention.nearest
        return sum(not quote_in(q, c.passage.text) for c in cites for q in c.quotes)


def trace(engine, case: EvalCase, *, k: int = 5) -> Trace:
    """Run the engine's answer path for one question up to (not including) the decision."""
    try:
        considered = engine.weigh(case.question, k=k)
    except BadQuestion as exc:
        return Trace(case, None, None, Answer(case.question, str(exc), abstained=True))
    answer = considered.answer() if considered.evidence is not None else None
    p = engine.gate.probability(considered.evidence) if considered.evidence is not None else 0.0
    return Trace(case, considered.evidence, answer, considered.abstention(), p, considered.names_rule)


# --- scoring ------------------------------------------------------------------------------------

Decide = Callable[[Trace], bool]  # True: answer


def score(traces: Sequence[Trace], answered: Sequence[bool], *, k: int = 5) -> dict:
    """Per-kind and overall figures for the given decisions (one per trace)."""
    groups: dict[str, list[tuple[Trace, bool]]] = {}
    for t, a in zip(traces, answered):
        groups.setdefault(t.case.kind, []).append((t, a))
        groups.setdefault("all answerable" if not t.case.abstain else "all outside", []).append((t, a))
    out = {}
    for kind, items in groups.items():
        answerable = [(t, a and t.answer is not None) for t, a in items if not t.case.abstain]
        outside = [(t, a and t.answer is not None) for t, a in items if t.case.abstain]
        row: dict = {"questions": len(items)}
        if answerable:
            n = len(answerable)
            ranks = [t.cited_rank(k) if a else None for t, a in answerable]
            row.update(answerable=n, refused=sum(not a for _, a in answerable) / n,
                       first=sum(r == 1 for r in ranks) / n,
                       cited=sum(r is not None for r in ranks) / n,
                       mrr=sum(1.0 / r for r in ranks if r) / n,
                       shown=sum(a and t.shown() for t, a in answerable) / n)
        if outside:
            row.update(outside=len(outside), abstained=sum(not a for _, a in outside) / len(outside))
        row["not_verbatim"] = sum(t.not_verbatim() for t, _ in items)
        out[kind] = row
    return out


def shipped(traces: Sequence[Trace], gate) -> list[bool]:
    return [t.decided_by(gate) for t in traces]


# --- honest tuning ------------------------------------------------------------------------------

def folds_of(traces: Sequence[Trace], k: int, seed: int = 0) -> list[int]:
    """Fold number per trace, stratified by kind (each kind spread evenly over the folds)."""
    rng = np.random.default_rng(seed)
    fold = [0] * len(traces)
    by_kind: dict[str, list[int]] = {}
    for i, t in enumerate(traces):
        by_kind.setdefault(t.case.kind, []).append(i)
    offset = 0
    for kind in sorted(by_kind):
        idx = by_kind[kind]
        rng.shuffle(idx)
        for j, i in enumerate(idx):
            fold[i] = (j + offset) % k
        offset += len(idx)
    return fold


# A wrong answer is worse than a refusal ("a refusal ... is a failure too, only less dangerous"): when the
# threshold is chosen on training questions, an answered outside question costs two refused ones.
OUTSIDE_COST = 2.0


def choose_threshold(ps: np.ndarray, y: np.ndarray) -> float:
    """The threshold that minimises the cost on training questions (each answerable question refused costs 1,
    each outside question answered OUTSIDE_COST); among equal costs, the lowest (a refusal is also a failure)."""
    best = (float("inf"), 0.5)
    for t in sorted(set(np.round(ps, 6)) | {0.5}):
        err = float(np.sum(ps[y == 1] < t)) + OUTSIDE_COST * float(np.sum(ps[y == 0] >= t))
        if err < best[0] - 1e-12:
            best = (err, float(t))
    # place the threshold halfway down to the next lower probability, not on a training point
    lower = [p for p in ps if p < best[1]]
    return (best[1] + max(lower)) / 2 if lower else best[1]


def fit_gate(traces: Sequence[Trace], *, l2: float = 1.0, note: str = "") -> LogisticGate:
    usable = [t for t in traces if t.evidence is not None and not t.names_rule]  # the gate decides these only
    X = np.array([t.evidence.vector() for t in usable])
    y = np.array([0 if t.case.abstain else 1 for t in usable])
    gate = fit_logistic(X, y, l2=l2)
    ps = np.array([gate.probability(t.evidence) for t in usable])
    thr = choose_threshold(ps, y)
    return LogisticGate(gate.weights, gate.bias, gate.mean, gate.scale, thr, FEATURES, note)


def cross_validate(traces: Sequence[Trace], *, folds: int = 5, seeds: Sequence[int] = (0,), l2: float = 1.0,
                   also: Sequence[Trace] = ()) -> list[list[bool]]:
    """Held-out decisions: for each seed, each trace decided by a gate fit without its fold (and with
    `also`: labelled questions that only ever train, never held out)."""
    runs = []
    for seed in seeds:
        fold = folds_of(traces, folds, seed)
        decided = [False] * len(traces)
        for f in range(folds):
            train = [t for t, g in zip(traces, fold) if g != f] + list(also)
            gate = fit_gate(train, l2=l2)
            for i, (t, g) in enumerate(zip(traces, fold)):
                if g == f:
                    decided[i] = t.decided_by(gate)
        runs.append(decided)
    return runs


def mean_scores(traces: Sequence[Trace], runs: list[list[bool]], k: int = 5) -> dict:
    """Per-kind figures averaged over several cross-validation runs (different fold splits)."""
    tables = [score(traces, r, k=k) for r in runs]
    out: dict = {}
    for kind in tables[0]:
        out[kind] = {m: (sum(t[kind][m] for t in tables) / len(tables)) for m in tables[0][kind]}
    return out


# --- the command --------------------------------------------------------------------------------

def retrieval(engine, cases: Sequence[EvalCase], *, k: int = 5, modes=("hybrid", "bm25", "dense")) -> dict:
    out = {}
    answerable = [c for c in cases if not c.abstain]
    for mode in modes:
        ranks = []
        for c in answerable:
            hits = engine.search(c.question, k=k, mode=mode)
            ranks.append(first_hit_rank([h.passage.text for h in hits], c.expect_any))
        n = len(ranks) or 1
        out[mode] = {f"recall@{k}": sum(r is not None for r in ranks) / n,
                     "mrr": sum(1.0 / r for r in ranks if r) / n, "hit@1": sum(r == 1 for r in ranks) / n}
    return out


def run_eval(engine, cases: list[EvalCase], *, k: int = 5, folds: int = 5, seeds: Sequence[int] = (0, 1, 2),
             modes=("hybrid", "bm25", "dense"), train_also: Sequence[EvalCase] = ()) -> dict:
    """`train_also`: further labelled questions the refit gates also learn from, never scored or held out
    (questions also in `cases` are left out of them)."""
    traces = [trace(engine, c, k=k) for c in cases]
    asked = {c.question for c in cases}
    also = [trace(engine, c, k=k) for c in train_also if c.question not in asked]
    decided = shipped(traces, engine.gate)
    report = {"k": k, "questions": len(cases), "shipped": score(traces, decided, k=k),
              "retrieval": retrieval(engine, cases, k=k, modes=modes)}
    if folds > 1 and sum(c.abstain for c in cases) >= folds and sum(not c.abstain for c in cases) >= folds:
        report["cross_validated"] = mean_scores(traces, cross_validate(traces, folds=folds, seeds=seeds, also=also), k)
        report["trained_also"] = sorted({c.source for c in train_also if c.question not in asked})
        report["trained_also_n"] = len(also)
        report["folds"] = folds
        report["seeds"] = list(seeds)
    results, misses = [], []
    for t, a in zip(traces, decided):
        ans = t.answer if (a and t.answer is not None) else t.abstention
        d = ans.as_dict()
        d.update(kind=t.case.kind, expected_abstain=t.case.abstain, probability=round(t.probability, 3),
                 shown=bool(a and t.shown()),
                 evidence=None if t.evidence is None else dict(zip(FEATURES, map(float, t.evidence.vector()))))
        results.append(d)
        if t.case.abstain and not d["abstained"]:
            misses.append({"question": t.case.question, "kind": t.case.kind, "why": "answered but should abstain",
                           "cites": [x["cite"] for x in d["citations"]]})
        elif not t.case.abstain and (d["abstained"] or not t.shown()):
            misses.append({"question": t.case.question, "kind": t.case.kind,
                           "why": "refused" if d["abstained"] else "expected phrase not shown in the answer",
                           "expect_any": list(t.case.expect_any), "cites": [x["cite"] for x in d["citations"]]})
    report["misses"] = misses
    return {"metrics": report, "results": results}


_ORDER = ("frcp", "frcp-deep", "frcp-popular", "segal", "aol", "practice", "neighbour", "holding", "outside", "unlabelled", "all answerable", "all outside")


def render_table(table: dict, k: int) -> list[str]:
    lines = [f"  {'kind':<15} {'n':>3} {'refused':>8} {'first':>6} {f'cited@{k}':>8} {'shown':>6} {'MRR':>6} "
             f"{'abstained':>10} {'not verbatim':>12}"]
    kinds = [x for x in _ORDER if x in table] + sorted(x for x in table if x not in _ORDER)
    for kind in kinds:
        r = table[kind]
        pct = lambda key: f"{r[key]:.2f}" if key in r else "-"
        lines.append(f"  {kind:<15} {r['questions']:>3.0f} {pct('refused'):>8} {pct('first'):>6} {pct('cited'):>8} {pct('shown'):>6} "
                     f"{pct('mrr'):>6} {pct('abstained'):>10} {r['not_verbatim']:>12.0f}")
    return lines


def render_report(report: dict, *, fitted_on: Sequence[str] = ()) -> str:
    m = report["metrics"]
    k = m["k"]
    lines = [f"{m['questions']} questions, k={k}.  refused: share of answerable questions refused; first: an expected "
             f"phrase in the passage cited first; cited@{k}: in a cited passage; shown: in the answer text itself; abstained: share of outside "
             f"questions declined."]
    if "cross_validated" in m:
        also = (f", and on {m['trained_also_n']} questions of {', '.join(m['trained_also'])} that are never held out"
                if m.get("trained_also_n") else "")
        lines += ["", f"Cross-validated ({m['folds']}-fold, stratified by kind, mean of {len(m['seeds'])} splits): the "
                  f"answer decision refit without each held-out fold{also}", *render_table(m["cross_validated"], k)]
    note = " (in-sample: the shipped gate was fit on this file)" if fitted_on else ""
    lines += ["", f"Shipped answer decision (bot/answering/gates/<model>.json){note}", *render_table(m["shipped"], k)]
    lines += ["", "Retrieval alone (answerable questions, raw top passages):",
              f"  {'mode':<8} {f'recall@{k}':>9} {'MRR':>6} {'hit@1':>6}"]
    for mode, v in m["retrieval"].items():
        lines.append(f"  {mode:<8} {v[f'recall@{k}']:>9.3f} {v['mrr']:>6.3f} {v['hit@1']:>6.3f}")
    lines.append("")
    if m["misses"]:
        lines.append("Misses (shipped decision):")
        for miss in m["misses"]:
            lines.append(f"  - [{miss['kind']}] {miss['question']} -> {miss['why']}; cited: "
                         f"{', '.join(miss['cites'][:3]) or 'nothing'}")
    else:
        lines.append("No misses.")
    return "\n".join(lines)
