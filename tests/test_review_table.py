"""The review read by meaning, measured on two tables of clauses written by reviewers who had not seen the
implementation (issue: "Build the table of phrasings with someone who has not seen the implementation").

- ``tests/data/review_clauses.yaml`` (85 clauses): the development table; every row must come out as the
  reviewer labelled it, except rows the reviewer marked debatable where the review reads the clause the other
  way (listed in `DISAGREE`, with the reason).
- ``tests/data/review_clauses_heldout.yaml`` (55 clauses): written later by another reviewer and never used to
  change the review; its precision and recall are reported (README, "Drafting and review") and must not fall.
"""

from __future__ import annotations

import collections
from pathlib import Path

import pytest
import yaml

from bot.draft.review import check_protective_order

DATA = Path(__file__).parent / "data"
DEV = yaml.safe_load((DATA / "review_clauses.yaml").read_text())
HELD_OUT = yaml.safe_load((DATA / "review_clauses_heldout.yaml").read_text())
GOOD_CAUSE = ("generic-good-cause", "speculative-harm")

# Debatable rows (so marked by the reviewer) that the review reads the other way, and why.
DISAGREE = {
    "seal-03": "'shall be filed under seal pursuant to Local Rule 79-5' sends each filing through L.R. 79-5, "
               "whose procedure is an application and a court order; the reviewer reads the 'shall' as presuming "
               "the outcome",
    "spec-08": "'competitors might use [the customer lists] to solicit Defendant's customers' names a concrete "
               "competitive harm (courts routinely accept it for customer and pricing data); the reviewer flags it "
               "because no competitor is named",
}


def flagged(row: dict) -> bool:
    text = row["text"]
    if row["finding"] in GOOD_CAUSE and "GOOD CAUSE STATEMENT" not in text:
        text = "GOOD CAUSE STATEMENT\n\n" + text
    return row["finding"] in {code for code, _ in check_protective_order(text)}


def scores(rows: list[dict]) -> dict[str, tuple[float, float, int]]:
    """finding -> (precision, recall, rows); "all" for every row."""
    counts: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for row in rows:
        got = flagged(row)
        for key in (row["finding"], "all"):
            counts[key][("t" if got == row["flag"] else "f") + ("p" if got else "n")] += 1
    return {k: (c["tp"] / max(1, c["tp"] + c["fp"]), c["tp"] / max(1, c["tp"] + c["fn"]), sum(c.values()))
            for k, c in counts.items()}


def test_the_tables_are_what_the_reviewers_wrote():
    for rows in (DEV, HELD_OUT):
        assert len({r["id"] for r in rows}) == len(rows) >= 50
        assert {r["finding"] for r in rows} == {"blanket-sealing", "dispute-procedure", "blanket-designation",
                                                "generic-good-cause", "speculative-harm"}
        flags = sum(r["flag"] for r in rows)
        assert 0.4 < flags / len(rows) < 0.6  # about half to flag, half not


@pytest.mark.parametrize("row", DEV, ids=[r["id"] for r in DEV])
def test_each_clause_of_the_development_table(row):
    if row["id"] in DISAGREE:
        assert flagged(row) != row["flag"], f"{row['id']} now agrees with the reviewer: drop it from DISAGREE"
        return
    assert flagged(row) == row["flag"], f"{row['id']} ({row['finding']}): {row['why']}"


def test_held_out_precision_and_recall_do_not_fall():
    """Measured once when the review was rewritten (before any change was made for it): 0.90 / 0.90."""
    precision, recall, n = scores(HELD_OUT)["all"]
    assert n == 55 and precision >= 0.89 and recall >= 0.89, (precision, recall)
