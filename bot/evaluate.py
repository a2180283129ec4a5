"""`rulebot eval`: retrieval and abstention metrics on a JSONL question set.

Each line: {"question", "expect_any": [phrases], "abstain": bool}.  A question
is a hit when any expected phrase appears in the text of one of its top-k
citations.  Retrieval alone is also measured for BM25-only, dense-only and the
hybrid fusion, on the raw top-k passages, so the fusion can be compared.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from bot.errors import BadQuestion, RulebotError


@dataclass(frozen=True)
class EvalCase:
    question: str
    expect_any: tuple[str, ...]
    abstain: bool


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
            cases.append(EvalCase(d["question"], tuple(d.get("expect_any") or ()), bool(d.get("abstain", False))))
        except (ValueError, KeyError, TypeError):
            raise RulebotError(f"{path}, line {n}: not a JSON object with a \"question\"; fix the line.") from None
    if not cases:
        raise RulebotError(f"{path}: no questions in the file.")
    return cases


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s.replace("’", "'").replace("“", '"').replace("”", '"')).lower().strip()


def first_hit_rank(texts: list[str], phrases: tuple[str, ...]) -> int | None:
    """1-based rank of the first text containing any phrase."""
    normed = [_norm(p) for p in phrases]
    for i, t in enumerate(texts, 1):
        nt = _norm(t)
        if any(p in nt for p in normed):
            return i
    return None


def _metrics(ranks: list[int | None]) -> dict:
    n = len(ranks) or 1
    return {"recall": sum(r is not None for r in ranks) / n,
            "mrr": sum(1.0 / r for r in ranks if r) / n,
            "hit@1": sum(r == 1 for r in ranks) / n,
            "questions": len(ranks)}


def run_eval(engine, cases: list[EvalCase], *, k: int = 5, modes=("hybrid", "bm25", "dense")) -> dict:
    answerable = [c for c in cases if not c.abstain]
    retrieval = {}
    for mode in modes:
        ranks = []
        for c in answerable:
            hits = engine.search(c.question, k=k, mode=mode)
            ranks.append(first_hit_rank([h.passage.text for h in hits], c.expect_any))
        retrieval[mode] = _metrics(ranks)

    results, misses, ranks = [], [], []
    abstain_right = 0
    for c in cases:
        try:
            ans = engine.answer(c.question, k=k)
            d = ans.as_dict()
        except BadQuestion as exc:
            d = {"question": c.question, "answer": str(exc), "abstained": True, "citations": []}
        results.append(d)
        if d["abstained"] == c.abstain:
            abstain_right += 1
        if c.abstain:
            if not d["abstained"]:
                misses.append({"question": c.question, "why": "answered but should abstain",
                               "cites": [x["cite"] for x in d["citations"]]})
            continue
        rank = None if d["abstained"] else first_hit_rank([x["text"] for x in d["citations"]], c.expect_any)
        ranks.append(rank)
        if rank is None:
            misses.append({"question": c.question, "why": "abstained" if d["abstained"] else "expected phrase not cited",
                           "expect_any": list(c.expect_any), "cites": [x["cite"] for x in d["citations"]]})
    answer_metrics = _metrics(ranks)
    metrics = {f"recall@{k}": answer_metrics["recall"], "mrr": answer_metrics["mrr"],
               "abstention_accuracy": abstain_right / len(cases), "questions": len(cases),
               "retrieval": {m: {f"recall@{k}": v["recall"], "mrr": v["mrr"], "hit@1": v["hit@1"]}
                             for m, v in retrieval.items()},
               "misses": misses}
    return {"metrics": metrics, "results": results}


def render_report(report: dict) -> str:
    m = report["metrics"]
    k_key = next(key for key in m if key.startswith("recall@"))
    lines = [f"Answers ({m['questions']} questions): {k_key} {m[k_key]:.3f}   MRR {m['mrr']:.3f}   "
             f"abstention accuracy {m['abstention_accuracy']:.3f}", "",
             f"Retrieval alone (answerable questions, top passages):",
             f"  {'mode':<8} {k_key:>9} {'MRR':>6} {'hit@1':>6}"]
    for mode, v in m["retrieval"].items():
        lines.append(f"  {mode:<8} {v[k_key]:>9.3f} {v['mrr']:>6.3f} {v['hit@1']:>6.3f}")
    if m["misses"]:
        lines.append("")
        lines.append("Misses:")
        for miss in m["misses"]:
            lines.append(f"  - {miss['question']} -> {miss['why']}; cited: {', '.join(miss['cites']) or 'nothing'}")
    else:
        lines.append("")
        lines.append("No misses.")
    return "\n".join(lines)
