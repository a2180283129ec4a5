"""Fit the answer decision (bot/answering/gates/<model>.json) on labelled questions and report held-out figures.

    python bench/tune_gate.py ../shared/eval/dev.jsonl bench/eval-extra.jsonl [--folds 5] [--write]

Traces every question once with the real engine over the shipped corpus, then:
1. cross-validates: stratified k-fold by kind, over 3 different splits; the gate (logistic weights and
   threshold) is refit on each training part and decides the held-out part; prints the per-kind table
   of held-out figures, and the same per file;
2. with --write, fits the gate on all the questions and writes bot/answering/gates/<embedding model>.json (recording
   which files); the model is the one the settings name (RULEBOT_EMBEDDER, RULEBOT_MODEL_PATH).
The L2 strength is not tuned (1.0 on standardised features); the threshold is chosen inside each
training part, never on held-out questions.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from bot.answering.decide import LogisticGate, gate_file  # noqa: E402
from bot.answering.engine import Engine, decision_name  # noqa: E402
from bot.admin.evaluate import (OUTSIDE_COST, cross_validate, file_digest, fit_gate, load_eval, mean_scores,  # noqa: E402
                          render_table, trace)
from bot.settings import Settings  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="+")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--k", type=int, default=5)
    ap.add_argument("--metric", choices=("shown", "first"), default="shown",
                    help="what --choose maximises on the training folds: the answer shows the expected words, or "
                         "the passage cited first holds them")
    ap.add_argument("--write", action="store_true", help="fit on all questions and write bot/gate.json")
    ap.add_argument("--dump", help="write every question's evidence to this JSONL file")
    ap.add_argument("--choose", action="append", default=[], metavar="MODULE.NAME=V1,V2,...",
                    help="choose a constant by nested cross-validation, e.g. bot.answering.rerank.RERANK_WEIGHT=0,0.01,0.02")
    ap.add_argument("--quote-shares", default="",
                    help="comma-separated values of bot.answering.answer.QUOTE_SHARE to choose from by cross-validation")
    args = ap.parse_args(argv)

    engine = Engine(Settings.load(), gate=LogisticGate.neutral())
    engine.index()
    cases = [c for f in args.files for c in load_eval(f)]
    traces = [trace(engine, c, k=args.k) for c in cases]
    runs = cross_validate(traces, folds=args.folds, seeds=range(args.seeds))
    print(f"Held-out figures: {args.folds}-fold cross-validation stratified by kind, mean of {args.seeds} splits, "
          f"{len(traces)} questions from {', '.join(args.files)}")
    print(*render_table(mean_scores(traces, runs, args.k), args.k), sep="\n")
    for f in args.files:
        name = Path(f).name
        sel = [i for i, t in enumerate(traces) if t.case.source == name]
        print(f"\nHeld out, questions of {name} only ({len(sel)}):")
        print(*render_table(mean_scores([traces[i] for i in sel], [[r[i] for i in sel] for r in runs], args.k),
                            args.k), sep="\n")
    for spec in args.choose:
        choose_constant(engine, cases, spec, args)
    if args.quote_shares:
        choose_quote_share(engine, cases, traces, runs, [float(v) for v in args.quote_shares.split(",")], args)
    if args.dump:
        with open(args.dump, "w") as fh:
            for t, *ds in zip(traces, *runs):
                fh.write(json.dumps({"q": t.case.question, "kind": t.case.kind, "held_out_answered": [bool(d) for d in ds],
                                     "evidence": None if t.evidence is None else [round(float(v), 3) for v in t.evidence.vector()],
                                     "shown": bool(t.shown()), "has_answer": t.answer is not None}) + "\n")
    if args.write:
        gate = fit_gate(traces, note=f"fit by bench/tune_gate.py on {', '.join(Path(f).name for f in args.files)}")
        gate = type(gate)(**{**gate.__dict__, "fitted_on": tuple(file_digest(f) for f in args.files)})
        path = gate_file(decision_name(engine.embedder))  # "+query" when the questions are adapted
        path.parent.mkdir(exist_ok=True)
        path.write_text(json.dumps(gate.as_dict(), indent=1) + "\n")
        print(f"\nwrote {path.relative_to(ROOT)}: threshold {gate.threshold:.3f}, weights "
              + ", ".join(f"{n} {w:+.2f}" for n, w in zip(gate.features, gate.weights)))
    return 0


def choose_constant(engine, cases, spec: str, args) -> None:
    """A constant of the answer path chosen by nested cross-validation: the questions are traced once per
    candidate value; for each outer fold the gate is refit per value on the other folds and the value whose
    refit gate shows the answer most often there (answered outside questions counted against it) is scored
    on the held-out fold."""
    import importlib

    from bot.admin.evaluate import folds_of

    target, values = spec.split("=", 1)
    module_name, name = target.rsplit(".", 1)
    module = importlib.import_module(module_name)
    kept = getattr(module, name)
    candidates = [type(kept)(v) for v in values.split(",")]
    traced = {}
    try:
        for v in candidates:
            setattr(module, name, v)
            engine._index = None  # reload so that values read at load time take effect
            traced[v] = [trace(engine, c, k=args.k) for c in cases]
    finally:
        setattr(module, name, kept)
        engine._index = None

    def good(t) -> bool:  # what the choice maximises (--metric): the answer shows the words, or cites them first
        return t.shown() if args.metric == "shown" else t.cited_rank(1) == 1

    def utility(ts, decided) -> float:
        ans = [good(t) and d for t, d in zip(ts, decided) if not t.case.abstain]
        out = [d and t.answer is not None for t, d in zip(ts, decided) if t.case.abstain]
        return sum(ans) / max(len(ans), 1) - OUTSIDE_COST * sum(out) / max(len(ans), 1)

    print(f"\n{target} by nested cross-validation (default {kept}):")
    base = traced[candidates[0]]
    for seed in range(args.seeds):
        fold = folds_of(base, args.folds, seed)
        picks, held = [], {"shown": [], "first": [], "refused": [], "outside": []}
        for f in range(args.folds):
            best, best_u = None, None
            for v in candidates:
                train = [t for t, g in zip(traced[v], fold) if g != f]
                gate = fit_gate(train)
                u = utility(train, [t.decided_by(gate) for t in train])
                if best_u is None or u > best_u + 1e-12 or (abs(u - best_u) <= 1e-12 and v == kept):
                    best, best_u = v, u
            picks.append(best)
            train = [t for t, g in zip(traced[best], fold) if g != f]
            gate = fit_gate(train)
            for t, g in zip(traced[best], fold):
                if g == f:
                    d = t.decided_by(gate) and t.answer is not None
                    if t.case.abstain:
                        held["outside"].append(not d)
                    else:
                        held["shown"].append(d and t.shown())
                        held["first"].append(d and t.cited_rank(1) == 1)
                        held["refused"].append(not d)
        mean = {k: sum(v) / len(v) for k, v in held.items()}
        print(f"  split {seed}: chosen per fold {picks}; held out: refused {mean['refused']:.3f}, first "
              f"{mean['first']:.3f}, shown {mean['shown']:.3f}, outside abstained {mean['outside']:.3f}")


def choose_quote_share(engine, cases, traces, runs, shares, args) -> None:
    """QUOTE_SHARE (how close a further passage's score must be to the best one's to be quoted too) chosen
    by cross-validation: for each fold, the value that shows the answer most often on the other folds,
    scored on the held-out fold (answer decisions are the held-out gate's)."""
    import bot.answering.answer as answer_mod
    from bot.admin.evaluate import folds_of

    kept = answer_mod.QUOTE_SHARE
    shown = {}
    try:
        for share in shares:
            answer_mod.QUOTE_SHARE = share
            shown[share] = [trace(engine, c, k=args.k).shown() for c in cases]
    finally:
        answer_mod.QUOTE_SHARE = kept
    print(f"\nQUOTE_SHARE by cross-validation (shown@answer on answerable questions, held-out gate decisions):")
    for seed, decided in enumerate(runs):
        fold = folds_of(traces, args.folds, seed)
        held, picks = [], []
        for f in range(args.folds):
            train = [i for i, g in enumerate(fold) if g != f and not traces[i].case.abstain]
            best = max(shares, key=lambda s: (sum(decided[i] and shown[s][i] for i in train), -abs(s - kept)))
            picks.append(best)
            held += [decided[i] and shown[best][i] for i, g in enumerate(fold) if g == f and not traces[i].case.abstain]
        print(f"  split {seed}: chosen per fold {picks}; held-out shown {sum(held) / len(held):.3f}")
    answerable = [i for i, t in enumerate(traces) if not t.case.abstain]
    for share in shares:
        in_sample = sum(runs[0][i] and shown[share][i] for i in answerable) / len(answerable)
        print(f"  {share:.2f}: shown {in_sample:.3f} (all questions, for reference)")


if __name__ == "__main__":
    raise SystemExit(main())
