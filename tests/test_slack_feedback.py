"""The feedback store (shared by Slack and Teams) and `rulebot feedback export`."""

from __future__ import annotations

import csv
import io
import json

import pytest

from bot.errors import RulebotError
from bot.admin.feedback import Feedback, FeedbackStore, ServedAnswer


def votes():
    return [
        Feedback(source="slack", user="U1", question="Who bears the burden?", answer="Defendants [1].",
                 citations=["Al Otro Lado, § II.A"], verdict="up", at="2026-11-23T10:00:00+00:00", answer_key="k1"),
        Feedback(source="teams", user="29:abc", question='Quote "this", please; ok?', answer="Line 1\nLine 2",
                 citations=("C.D. Cal. L.R. 37-1", "Fed. R. Civ. P. 26(c)(1)"), verdict="down",
                 at="2026-11-23T11:00:00+00:00"),
    ]


def test_record_and_export_json(tmp_path):
    store = FeedbackStore(tmp_path / "sub" / "fb.sqlite3")
    assert [store.record(v) for v in votes()] == [1, 2]
    rows = json.loads(store.export("json"))
    assert [(r["source"], r["user"], r["verdict"], r["citations"]) for r in rows] == [
        ("slack", "U1", "up", ["Al Otro Lado, § II.A"]),
        ("teams", "29:abc", "down", ["C.D. Cal. L.R. 37-1", "Fed. R. Civ. P. 26(c)(1)"])]
    assert rows[1]["question"] == 'Quote "this", please; ok?' and rows[1]["answer"] == "Line 1\nLine 2"
    assert rows[0]["answer_key"] == "k1" and rows[0]["at"] == "2026-11-23T10:00:00+00:00"


def test_export_csv_round_trips(tmp_path):
    store = FeedbackStore(tmp_path / "fb.sqlite3")
    for v in votes():
        store.record(v)
    rows = list(csv.DictReader(io.StringIO(store.export("csv"))))
    assert [r["verdict"] for r in rows] == ["up", "down"]
    assert rows[1]["citations"] == "C.D. Cal. L.R. 37-1; Fed. R. Civ. P. 26(c)(1)"
    assert rows[1]["answer"] == "Line 1\nLine 2" and rows[1]["question"] == 'Quote "this", please; ok?'


def test_empty_export_and_bad_input(tmp_path):
    store = FeedbackStore(tmp_path / "fb.sqlite3")
    assert store.export("json") == "[]\n"
    assert store.export("csv").splitlines() == ["id,at,source,user,verdict,question,answer,citations,answer_key,comment,question_sha256"]
    with pytest.raises(RulebotError, match="use csv or json"):
        store.export("xml")
    with pytest.raises(ValueError, match="verdict"):
        Feedback(source="slack", user="U1", question="q", answer="a", citations=[], verdict="meh")


def test_served_answers_survive_a_new_store_object(tmp_path):
    FeedbackStore(tmp_path / "fb.sqlite3").remember(
        ServedAnswer(key="k9", source="slack", user="U1", question="q?", answer="a", citations=["X § 1"]))
    got = FeedbackStore(tmp_path / "fb.sqlite3").recall("k9")
    assert (got.question, got.citations) == ("q?", ("X § 1",))
    assert FeedbackStore(tmp_path / "fb.sqlite3").recall("nope") is None


def test_cli_feedback_export(tmp_path, capsys):
    from bot.cli import main
    from bot.settings import Settings

    home = tmp_path / "home"
    store = FeedbackStore(Settings.load(env={"RULEBOT_HOME": str(home)}).feedback_db)
    for v in votes():
        store.record(v)
    out = tmp_path / "out" / "feedback.csv"
    assert main(["--home", str(home), "feedback", "export", "--format", "csv", "--out", str(out)]) == 0
    assert "Wrote 2 feedback votes" in capsys.readouterr().err
    assert [r["user"] for r in csv.DictReader(out.open())] == ["U1", "29:abc"]
    assert main(["--home", str(home), "feedback", "export", "--format", "json"]) == 0
    assert [r["verdict"] for r in json.loads(capsys.readouterr().out)] == ["up", "down"]


def test_a_feedback_file_from_before_comments_gains_the_column_and_keeps_its_votes(tmp_path):
    import sqlite3

    path = tmp_path / "fb.sqlite3"
    with sqlite3.connect(path) as conn:  # the schema as it was before comments
        conn.execute("CREATE TABLE feedback (id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, source TEXT NOT NULL,"
                     " user TEXT NOT NULL, verdict TEXT NOT NULL, question TEXT NOT NULL, answer TEXT NOT NULL,"
                     " citations TEXT NOT NULL, answer_key TEXT NOT NULL DEFAULT '')")
        conn.execute("INSERT INTO feedback (at, source, user, verdict, question, answer, citations) VALUES"
                     " ('2026-01-01T00:00:00+00:00', 'slack', 'U1', 'up', 'q?', 'a', '[]')")
    store = FeedbackStore(path)
    store.record(Feedback(source="teams", user="aad-1", question="q2?", answer="b", citations=[], verdict="down",
                          comment="Cite the standing order too"))
    rows = store.all()
    assert [(r["question"], r["comment"]) for r in rows] == [("q?", ""), ("q2?", "Cite the standing order too")]
    assert list(csv.DictReader(io.StringIO(store.export("csv"))))[1]["comment"] == "Cite the standing order too"
