"""Choose the weights that order an answer's quotes (bot.answering.answer.Weights) by leave-one-file-out
cross-validation for "cited first", and report the held-out figures.

    python bench/tune_order.py ../shared/eval/dev.jsonl bench/eval-extra.jsonl bench/written/*.jsonl \
        [--grid bm25=0,0.15,0.3 --grid dense=1.2,1.8 ...] [--weight 'written/=0.2']

Each answerable question is answered once by the real engine over the shipped corpus, and the signals of its
top hits (`Extractive.weigh`) are kept; each combination of weights then re-orders them with the answer's own
`Extractive.choose` (the same code the bot runs, not a copy). For each file, the combination that puts a
passage holding an expected phrase first most often on the OTHER files is applied to it: that is its held-out
figure. A question the engine declines counts as a miss whatever the weights. `--weight PART=F` multiplies the
say of every file whose path contains PART (so that 1,400 written questions do not drown 300 read ones).
"""

from __future__ import annotations

import argparse
import itertools
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from bot.admin.evaluate import first_hit_rank, load_eval  # noqa: E402
from bot.answering.answer import Extractive, Weights  # noqa: E402
from bot.answering.engine import Engine  # noqa: E402
from bot.errors import BadQuestion  # noqa: E402
from bot.settings import Settings  # noqa: E402

GRID = {"rank": (0.0, 0.03, 0.06, 0.12), "bm25": (0.0, 0.1, 0.2, 0.3, 0.45), "boosted": (0.05, 0.1, 0.2),
        "terms": (0.2, 0.4, 0.6, 0.8), "dense": (0.6, 1.2, 1.8)}


def signals(engine: Engine, files: list[str], k: int) -> list[tuple[str, tuple[str, ...], list | None]]:
    """(file, expected phrases, the top hits' signals or None when declined) per answerable question."""
    idx = engine.index()
    out = []
    for f in files:
        for c in load_eval(f):
            if c.abstain:
                continue
            try:
                considered = engine.weigh(c.question, k=k)
            except BadQuestion:
                out.append((f, c.expect_any, None))
                continue
            answered = not engine.decide(considered).abstained
            q = engine._prepared(c.question)
            ex = Extractive(idx.lexical.idf, known=idx.known, outline=idx.outline)
            out.append((f, c.expect_any, ex.weigh(q, list(considered.hits)) if answered else None))
    return out


def firsts(rows, w: Weights) -> dict[str, int]:
    """Per file: how many questions have an expected phrase in the passage quoted first."""
    got: dict[str, int] = {}
    for f, phrases, weighed in rows:
        got.setdefault(f, 0)
        if weighed:
            chosen, _ = Extractive.choose(weighed, w)
            if chosen and first_hit_rank([chosen[0].hit.passage.text], phrases) == 1:
                got[f] += 1
    return got


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="+")
    ap.add_argument("--k", type=int, default=None, help="hits weighed per question (default: the settings' k)")
    ap.add_argument("--grid", action="append", default=[], metavar="NAME=V1,V2,...",
                    help=f"values to choose from for one weight ({', '.join(Weights._fields)}); default {GRID}")
    ap.add_argument("--weight", action="append", default=[], metavar="PART=FACTOR",
                    help="multiply the say of files whose path contains PART")
    args = ap.parse_args(argv)

    grid = {name: tuple(values) for name, values in GRID.items()}
    for g in args.grid:
        name, _, values = g.partition("=")
        if name not in Weights._fields:
            ap.error(f"--grid {g}: NAME is one of {', '.join(Weights._fields)}")
        grid[name] = tuple(float(v) for v in values.split(","))
    factors = [(part, float(f)) for part, _, f in (w.partition("=") for w in args.weight)]
    say = {f: next((x for part, x in factors if part in f), 1.0) for f in args.files}

    engine = Engine(Settings.load())
    rows = signals(engine, args.files, args.k or engine.settings.k)
    n = {f: sum(1 for r in rows if r[0] == f) for f in args.files}
    shipped = Weights.current()
    names = list(grid)
    combos = [shipped._replace(**dict(zip(names, values))) for values in itertools.product(*grid.values())]
    if shipped not in combos:
        combos.append(shipped)
    print(f"{len(rows)} answerable questions, {len(combos)} combinations of {', '.join(names)}; shipped: {shipped}")
    scores = [firsts(rows, w) for w in combos]
    base = scores[combos.index(shipped)]

    def trained(i: int, held: str | None) -> tuple[float, bool]:
        return sum(say[f] * scores[i][f] for f in args.files if f != held), combos[i] == shipped

    print(f"  {'file':<40} {'n':>5} {'shipped':>8} {'held out':>9}  chosen on the other files")
    total_base = total_held = 0
    for f in args.files:
        best = max(range(len(combos)), key=lambda i: trained(i, f))
        chosen = ", ".join(f"{k}={getattr(combos[best], k):g}" for k in names)
        print(f"  {Path(f).name:<40} {n[f]:>5} {base[f] / max(n[f], 1):>8.3f} {scores[best][f] / max(n[f], 1):>9.3f}  "
              f"{chosen}")
        total_base += base[f]
        total_held += scores[best][f]
    print(f"  {'all':<40} {len(rows):>5} {total_base / len(rows):>8.3f} {total_held / len(rows):>9.3f}")
    best = max(range(len(combos)), key=lambda i: trained(i, None))
    print(f"on all files: {combos[best]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
