"""Fit the question adapter (corpus/vectors/<model>.query.npy, indexers/adapter.py) and report what it does.

    python bench/train_adapter.py [--pulls 0.1,0.03,0.01,0.003] [--folds 5] [--write] [--check FILE.jsonl ...]

Over the index of the settings (RULEBOT_HOME; build it first with `rulebot index`), with the adapter off:
1. the questions of `bench/written/` (two per passage, written from each passage alone; each names its passage;
   not session 50's `s50-neighbour.jsonl`: what ships was fit without it) are embedded as the question side embeds them;
2. the pull towards the identity is chosen by k-fold cross-validation over those questions (held-out: the share
   whose passage is the nearest of all passages; ties: the mean reciprocal rank), printed per value;
3. `--check` files (labelled questions with `expect_any`: dev, the read sets) are never fit on: the nearest
   passage before and after is printed for them, and for the orders' questions apart when the adapter is fit
   without the orders' written questions (`--unseen-orders`: how documents it was not fit on fare);
4. with --write, the adapter fit on every written question with the chosen pull is written beside the corpus.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import numpy as np  # noqa: E402

from bot.answering.engine import Engine  # noqa: E402
from bot.answering.retrieve import parent_id  # noqa: E402
from bot.settings import Settings  # noqa: E402
from indexers.adapter import adapt, adapter_path, fit, rank_of_answer, write_adapter  # noqa: E402
from indexers.embed import encode_query  # noqa: E402
from indexers.verbatim import norm  # noqa: E402

WRITTEN = ROOT / "bench" / "written"


def _norm(s: str) -> str:
    return norm(s).lower()  # (as an expected phrase is found in a passage: quote marks unified, whitespace collapsed)


def _figures(ranks: np.ndarray) -> str:
    return f"nearest {np.mean(ranks == 0):.3f}  MRR {np.mean(1.0 / (ranks + 1)):.3f}  (n={len(ranks)})"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pulls", default="0.1,0.03,0.01,0.003")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--epochs", type=int, default=200)
    ap.add_argument("--check", nargs="*", default=[])
    ap.add_argument("--unseen-orders", action="store_true")
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--out", help="write the adapter here instead of beside the corpus (with --write)")
    args = ap.parse_args(argv)

    settings = Settings.load(query_adapter="off", torch_threads=0)  # (fitting uses every core)
    engine = Engine(settings)
    idx = engine.index()
    got = idx.collection.get(include=["embeddings"])
    views = np.asarray(got["embeddings"], dtype=np.float32)
    views /= np.linalg.norm(views, axis=1, keepdims=True)
    row = {p.id: i for i, p in enumerate(idx.passages)}
    parents = np.array([row[parent_id(v)] for v in got["ids"]], dtype=np.int64)
    by_cite: dict[str, list[int]] = {}
    for i, p in enumerate(idx.passages):
        by_cite.setdefault(p.cite, []).append(i)
    texts = [(i, _norm(p.text)) for i, p in enumerate(idx.passages)]

    def embed(questions: list[str]) -> np.ndarray:
        return encode_query(engine.embedder, [engine._prepared(q).query for q in questions])

    files = [f for f in sorted(WRITTEN.glob("*.jsonl")) if not f.name.startswith("s50-")]
    written = [json.loads(line) for f in files for line in f.open() if line.strip()]
    written = [c for c in written if c.get("passage") in by_cite]
    wq = embed([c["question"] for c in written])
    wa = [by_cite[c["passage"]] for c in written]
    print(f"{len(written)} written questions, {len(idx.passages)} passages, {len(views)} views, model "
          f"{engine.embedder.name}")
    print(f"  without an adapter: {_figures(rank_of_answer(wq, wa, views, parents))}")

    pulls = [float(x) for x in args.pulls.split(",")]
    order = list(range(len(written)))
    random.Random(7).shuffle(order)
    folds = [order[k::args.folds] for k in range(args.folds)]
    print(f"Held out ({args.folds}-fold over the written questions):" if args.folds > 1 else "(not cross-validated)")
    best, best_score = pulls[0], (-1.0, -1.0)
    for pull in pulls if args.folds > 1 else ():
        ranks = np.empty(len(written), dtype=np.int64)
        for k, held in enumerate(folds):
            train = [i for j, f in enumerate(folds) if j != k for i in f]
            w = fit(wq[train], [wa[i] for i in train], views, parents, pull=pull, epochs=args.epochs)
            ranks[held] = rank_of_answer(adapt(wq[held], w), [wa[i] for i in held], views, parents)
        score = (float(np.mean(ranks == 0)), float(np.mean(1.0 / (ranks + 1))))  # nearest, then MRR
        print(f"  pull {pull:<6} {_figures(ranks)}")
        if score > best_score:
            best, best_score = pull, score
    print(f"chosen pull: {best}")
    w = fit(wq, wa, views, parents, pull=best, epochs=args.epochs)

    for f in args.check:
        cases = [json.loads(line) for line in open(f) if line.strip()]
        cases = [c for c in cases if not c.get("abstain") and c.get("kind") != "outside"]
        answers = [[i for i, t in texts if any(_norm(e) in t for e in c["expect_any"])] for c in cases]
        keep = [j for j, a in enumerate(answers) if a]
        q = embed([cases[j]["question"] for j in keep])
        a = [answers[j] for j in keep]
        print(f"{Path(f).name}: without {_figures(rank_of_answer(q, a, views, parents))}")
        print(f"{' ' * len(Path(f).name)}  with    {_figures(rank_of_answer(adapt(q, w), a, views, parents))}")

    if args.unseen_orders and args.check:
        rules = [i for i, c in enumerate(written) if c["passage"].startswith("Fed. R.")]
        w_rules = fit(wq[rules], [wa[i] for i in rules], views, parents, pull=best, epochs=args.epochs)
        cases = [json.loads(line) for f in args.check for line in open(f) if line.strip()]
        cases = [c for c in cases if not c.get("abstain") and c.get("kind") != "outside"]
        answers = [[i for i, t in texts if any(_norm(e) in t for e in c["expect_any"])] for c in cases]
        for label, want in (("orders (not fit on)", False), ("rules", True)):
            keep = [j for j, a in enumerate(answers) if a and idx.passages[a[0]].cite.startswith("Fed. R.") == want]
            q = embed([cases[j]["question"] for j in keep])
            a = [answers[j] for j in keep]
            print(f"fit on the rules' written questions only; {label}: without "
                  f"{_figures(rank_of_answer(q, a, views, parents))}; with "
                  f"{_figures(rank_of_answer(adapt(q, w_rules), a, views, parents))}")

    if args.write:
        path = Path(args.out) if args.out else adapter_path(settings.corpus_dir, engine.embedder.name)
        write_adapter(path, w)
        print(f"wrote {path} (pull {best}, {len(written)} questions)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
