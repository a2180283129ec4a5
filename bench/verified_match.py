"""How close must a question be to a verified one to get its passage?  False matches and paraphrases, measured.

    python bench/verified_match.py ../shared/eval/dev.jsonl [--paraphrases bench/verified-paraphrases.jsonl]

Each answerable question of the evaluation file is verified in turn, alone, against its own expected passage
(the first served passage holding one of its expected phrases); every OTHER question of the file is then put to
the matcher (`bot.answering.verified.Matcher`, the step the engine runs), and a question it captures is a false
match (counted apart: a capture whose own expected phrase is not in the verified passage, or an outside
question, would be a wrong answer).  The paraphrase file (pairs written apart from the evaluation files: a
question asked, the verified question and its passage's pin cite, and whether they ask the same thing) gives
how many paraphrases are captured and how many near misses ("requests for admission" against
"interrogatories") are.  Prints one row per choice of similarity, coverage, rank and similarity alone; the
values shipped are `SIMILARITY`, `COVERAGE`, `WITHIN` and `SIMILAR_ENOUGH` in bot/answering/verified.py.
Needs the served index of `$RULEBOT_HOME` (run `rulebot index` first).
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bot.admin.evaluate import first_hit_rank, load_eval  # noqa: E402
from bot.answering.engine import Engine  # noqa: E402
from bot.answering import verified as V  # noqa: E402
from bot.settings import Settings  # noqa: E402

SIMILARITIES = (0.70, 0.75, 0.78, 0.80, 0.82)
COVERAGES = (0.0, 0.4, 0.5, 0.6)
WITHINS = (5, 10**6)  # 10**6: wherever it is retrieved, or not at all
ALONE = (0.82, 0.85, 0.88, 2.0)  # 2.0: the words are always checked


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("file", help="an evaluation JSONL file (the dev set)")
    ap.add_argument("--paraphrases", default=str(HERE / "verified-paraphrases.jsonl"))
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)

    engine = Engine(Settings.load())
    matcher, idx = engine.matcher(), engine.index()
    retrieved: dict[str, list[str]] = {}

    def hits(question: str) -> list[str]:  # what the engine retrieves for the question, best first
        if question not in retrieved:
            retrieved[question] = [h.passage.id for h in engine.search(question, k=20)]
        return retrieved[question]

    cases = load_eval(args.file)
    verified = []
    for i, c in enumerate(cases):
        rank = None if c.abstain else first_hit_rank([p.text for p in idx.passages], c.expect_any)
        if rank:
            verified.append((i, idx.passages[rank - 1]))
    close = {i: [matcher.closeness(o.question, [(cases[i].question, p)], hits(o.question))[0] for o in cases]
             for i, p in verified}
    pairs = [json.loads(line) for line in Path(args.paraphrases).read_text().splitlines() if line.strip()]
    para = []
    for d in pairs:
        p = next(x for x in idx.passages if x.cite == d["cite"])
        para.append((d["same"], matcher.closeness(d["question"], [(d["verified"], p)], hits(d["question"]))[0]))

    rows = []
    for sim, share, within, alone in itertools.product(SIMILARITIES, COVERAGES, WITHINS, ALONE):
        if alone <= sim:
            continue
        captured = wrong = 0
        for i, p in verified:
            for j, cl in enumerate(close[i]):
                if j != i and cl.close(sim, share, within, alone):
                    captured += 1
                    wrong += cases[j].abstain or not first_hit_rank([p.text], cases[j].expect_any)
        same = sum(1 for s, cl in para if s and cl.close(sim, share, within, alone))
        near = sum(1 for s, cl in para if not s and cl.close(sim, share, within, alone))
        rows.append({"similarity": sim, "coverage": share, "within": within, "alone": alone, "captured": captured,
                     "wrong": int(wrong), "paraphrases": same, "near_misses": near})
    n_same = sum(1 for s, _ in para if s)
    if args.json:
        print(json.dumps({"verified": len(verified), "others": len(cases) - 1, "rows": rows}, indent=2))
        return 0
    print(f"{len(verified)} questions verified one at a time, each against the other {len(cases) - 1} of "
          f"{Path(args.file).name}; {Path(args.paraphrases).name}: {n_same} paraphrases, {len(para) - n_same} near misses")
    print(f"{'similarity':>10} {'coverage':>8} {'within':>6} {'alone':>5} {'captured':>8} {'wrong':>5} "
          f"{'paraphrases':>11} {'near misses':>11}")
    for r in rows:
        within = "any" if r["within"] >= 10**6 else r["within"]
        alone = "-" if r["alone"] > 1 else f"{r['alone']:.2f}"
        print(f"{r['similarity']:>10.2f} {r['coverage']:>8.2f} {within:>6} {alone:>5} {r['captured']:>8} {r['wrong']:>5} "
              f"{r['paraphrases']:>8}/{n_same} {r['near_misses']:>8}/{len(para) - n_same}")
    print(f"shipped: similarity {V.SIMILARITY}, coverage {V.COVERAGE}, within {V.WITHIN}, "
          f"or similarity {V.SIMILAR_ENOUGH} alone")
    return 0


if __name__ == "__main__":
    sys.exit(main())
