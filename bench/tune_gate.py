"""Fit the answer decision (bot/gate.json) on labelled questions and report held-out figures.

    python bench/tune_gate.py ../shared/eval/dev.jsonl bench/eval-extra.jsonl [--folds 5] [--write]

Traces every question once with the real engine over the shipped corpus, then:
1. cross-validates: stratified k-fold by kind, over 3 different splits; the gate (logistic weights and
   threshold) is refit on each training part and decides the held-out part; prints the per-kind table
   of held-out figures, and the same per file;
2. with --write, fits the gate on all the questions and writes bot/gate.json (recording which files).
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

from bot.decide import GATE_FILE, LogisticGate  # noqa: E402
from bot.engine import Engine  # noqa: E402
from bot.evaluate import (cross_validate, file_digest, fit_gate, load_eval, mean_scores, render_table,  # noqa: E402
                          trace)
from bot.settings import Settings  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="+")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--k", type=int, default=5)
    ap.add_argument("--write", action="store_true", help="fit on all questions and write bot/gate.json")
    ap.add_argument("--dump", help="write every question's evidence to this JSONL file")
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
    if args.dump:
        with open(args.dump, "w") as fh:
            for t, *ds in zip(traces, *runs):
                fh.write(json.dumps({"q": t.case.question, "kind": t.case.kind, "held_out_answered": [bool(d) for d in ds],
                                     "evidence": None if t.evidence is None else [round(float(v), 3) for v in t.evidence.vector()],
                                     "shown": bool(t.shown()), "has_answer": t.answer is not None}) + "\n")
    if args.write:
        gate = fit_gate(traces, note=f"fit by bench/tune_gate.py on {', '.join(Path(f).name for f in args.files)}")
        gate = type(gate)(**{**gate.__dict__, "fitted_on": tuple(file_digest(f) for f in args.files)})
        GATE_FILE.write_text(json.dumps(gate.as_dict(), indent=1) + "\n")
        print(f"\nwrote {GATE_FILE.relative_to(ROOT)}: threshold {gate.threshold:.3f}, weights "
              + ", ".join(f"{n} {w:+.2f}" for n, w in zip(gate.features, gate.weights)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
