"""Would a second opinion from the embedding model help the protective-order review?  A held-out measure.

    .venv/bin/python bench/review_second_opinion.py [--k 5] [--tau 0.7]

The opinion: a clause's k nearest labelled clauses of the same finding (all-MiniLM-L6-v2, cosine), over the tables
in tests/data; when all k agree and the nearest is at least tau similar, they override the reader.  Measured the
only honest way the tables allow, in time: each blind table (and round 10 of the extra table, written after the
change made from c6) is read by the review as it stood when the table came (`git archive` of that commit) and by
the opinion trained only on the tables that existed before it was read.  Then each sentence (sealing), paragraph
(disputes) and good cause section of whole documents is put to the opinion, to count what it would flag there.
Prints Markdown tables.  Needs the git history (the commits named in CAME).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.draft import clauses  # noqa: E402
from bot.draft.review import good_cause_section, paragraphs  # noqa: E402
from bot.settings import default_model_path  # noqa: E402
from indexers.embed import SentenceTransformerEmbedder  # noqa: E402

DATA = ROOT / "tests" / "data"
# the groups of labelled rows in the order they were written (one-letter names: rounds of the extra table)
ORDER = ["review_clauses.yaml", "review_clauses_heldout.yaml", "x", "y", "z", "w", "review_clauses_c3.yaml", "v", "u",
         "t", "review_clauses_c4.yaml", "review_clauses_c5.yaml", "s", "review_clauses_c6.yaml", "r", "q",
         "review_clauses_c7.yaml", "p",
         "review_clauses_c8_blind.yaml"]
# what is held out, and the commit whose review it met (the code before the change made from it)
CAME = {"review_clauses_c3.yaml": "4db5caf^", "review_clauses_c4.yaml": "21253ea", "review_clauses_c5.yaml": "840ca6b",
        "review_clauses_c6.yaml": "954de5e", "q": "cd6b102", "review_clauses_c7.yaml": "338de02",
        "review_clauses_c8_blind.yaml": "741a5d4"}
DOCUMENTS = ["examples/orders/good-protective-order.md", "examples/orders/flawed-protective-order.md",
             "corpus/orders/cdcal-segal-protective-order.md", "corpus/orders/al-otro-lado-v-wolf-2020.md"]
# run inside the old tree: the review's verdict on each row, as tests/test_review_table.py reads a row
_VERDICTS = """
import json, sys, yaml
from bot.draft.review import check_protective_order
out = {}
for row in yaml.safe_load(sys.stdin.read()):
    text = row["text"]
    if row["finding"] in ("generic-good-cause", "speculative-harm") and "GOOD CAUSE STATEMENT" not in text:
        text = "GOOD CAUSE STATEMENT\\n\\n" + text
    out[row["id"]] = row["finding"] in {code for code, _ in check_protective_order(text)}
print(json.dumps(out))
"""


def groups() -> dict[str, list[dict]]:
    extra = yaml.safe_load((DATA / "review_clauses_extra.yaml").read_text())
    return {g: yaml.safe_load((DATA / g).read_text()) if g.endswith(".yaml") else
            [r for r in extra if r["id"].startswith(g + "-")] for g in ORDER}


def verdicts_then(commit: str, rows: list[dict]) -> dict[str, bool]:
    """The review's verdict on each row as the code stood at `commit`."""
    with tempfile.TemporaryDirectory() as tmp:
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", commit, "bot", "indexers"], check=True,
                                 capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
        done = subprocess.run([sys.executable, "-c", _VERDICTS], input=yaml.safe_dump(rows), text=True, check=True,
                              capture_output=True, cwd=tmp, env={"PYTHONPATH": tmp, "PATH": "/usr/bin:/bin"})
    return json.loads(done.stdout)


class Opinion:
    """The k nearest labelled rows of a finding; an opinion only when all k agree and the nearest is tau similar."""

    def __init__(self, embed, rows: list[dict], k: int, tau: float):
        self.embed, self.k, self.tau = embed, k, tau
        self.vectors = embed([r["text"] for r in rows])
        self.flags = np.array([r["flag"] for r in rows])
        self.findings = np.array([r["finding"] for r in rows])

    def __call__(self, vector: np.ndarray, finding: str) -> bool | None:
        mine = np.where(self.findings == finding)[0]
        sims = self.vectors[mine] @ vector
        near = self.flags[mine[np.argsort(-sims)[: self.k]]]
        if sims.max() < self.tau or not (near.all() or not near.any()):
            return None
        return bool(near[0])


def pr(pairs: list[tuple[bool, bool]]) -> str:
    tp = sum(p and y for p, y in pairs)
    fp = sum(p and not y for p, y in pairs)
    fn = sum(y and not p for p, y in pairs)
    return f"{tp / max(1, tp + fp):.2f} / {tp / max(1, tp + fn):.2f} ({fp} false flags, {fn} misses)"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--k", type=int, default=5)
    ap.add_argument("--tau", type=float, default=0.7)
    args = ap.parse_args()
    model = SentenceTransformerEmbedder(default_model_path())

    def embed(texts: list[str]) -> np.ndarray:
        v = np.asarray(model.encode([" ".join(t.split()) for t in texts]))
        return v / np.linalg.norm(v, axis=1, keepdims=True)

    rows_of = groups()
    print(f"| held out | rows | review as it came | with the opinion (k {args.k}, tau {args.tau}) |\n|---|---:|---|---|")
    everything: dict[str, list] = {"review": [], "opinion": []}
    for held, commit in CAME.items():
        rows = rows_of[held]
        then = verdicts_then(commit, rows)
        opinion = Opinion(embed, [r for g in ORDER[: ORDER.index(held)] for r in rows_of[g]], args.k, args.tau)
        said = [opinion(v, r["finding"]) for v, r in zip(embed([r["text"] for r in rows]), rows)]
        review = [(then[r["id"]], r["flag"]) for r in rows]
        both = [(then[r["id"]] if o is None else o, r["flag"]) for o, r in zip(said, rows)]
        everything["review"] += review
        everything["opinion"] += both
        print(f"| {held.removeprefix('review_clauses_').removesuffix('.yaml')} | {len(rows)} | {pr(review)} | {pr(both)} |")
    print(f"| all | {len(everything['review'])} | {pr(everything['review'])} | {pr(everything['opinion'])} |")

    opinion = Opinion(embed, [r for g in ORDER for r in rows_of[g]], args.k, args.tau)
    print("\n| document | units the opinion would flag |\n|---|---|")
    for path in DOCUMENTS:
        text = (ROOT / path).read_text()
        _, section = good_cause_section(text)
        units = [("blanket-sealing", s) for s in clauses.sentences(text)] + \
                [("dispute-procedure", p) for p in paragraphs(text)] + \
                [(f, section) for f in ("generic-good-cause", "speculative-harm") if section.strip()]
        flagged = [f"{f}: {' '.join(u.split())[:60]}…" for (f, u), v in zip(units, embed([u for _, u in units]))
                   if opinion(v, f)]
        print(f"| {path} ({len(units)} units) | {len(flagged)}{': ' + '; '.join(flagged) if flagged else ''} |")


if __name__ == "__main__":
    main()
