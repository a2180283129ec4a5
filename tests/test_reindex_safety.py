"""Admin ingestion end to end: documents added with `rulebot corpus add` become answerable, and
reindexing never leaves questions without an answer (real model, real embedded chromadb).

The corpus here is only the test fixtures (RULEBOT_CORPUS points at an empty folder) so the index
is small and each build takes seconds; each fixture's passages are embedded once for the session
(`memo_embedder`), not again by every test that builds the index.
"""

from __future__ import annotations

import json
import threading
import time

import pytest

from bot.admin import corpus as ca
from bot.cli import main
from bot.answering.engine import Engine
from bot.errors import ReindexBusy
from fixtures import make_docs as md

QUESTION = "When is a supplemental memorandum due on a discovery motion?"


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("files")
    info = md.local_rules_pdf(d / "LocalRules.pdf")
    md.procedures_html(d / "procedures.html")
    md.order_docx(d / "order.docx")
    md.corrupt_pdf(d / "corrupt.pdf")
    return d, info


@pytest.fixture
def settings(make_settings, tmp_path):
    (tmp_path / "no-shipped-corpus").mkdir()
    return make_settings(corpus_dir=tmp_path / "no-shipped-corpus")


@pytest.fixture
def served(settings, files, memo_embedder):
    """An index holding the local-rules fixture, and the engine that serves it (like a running bot); the
    fixtures' passages are embedded once for the session, not again for each test."""
    d, _ = files
    ca.add(settings, str(d / "LocalRules.pdf"), {})
    Engine(settings, embedder=memo_embedder).reindex(who="setup")
    return Engine(settings, embedder=memo_embedder)


def explain(errors: list[BaseException]) -> str:
    """The first failure with the chain of causes and where each was raised (for the report)."""
    import traceback

    if not errors:
        return ""
    return "".join(traceback.format_exception(errors[0]))[-3000:]


def eventually_found(served, query: str, judge: str, seconds: float = 10.0) -> bool:
    """The serving engine picks up a newly published version on its next look (at most a second
    after the last); search until the new document answers or `seconds` pass."""
    deadline = time.monotonic() + seconds
    while True:
        hits = served.search(query, k=3)
        if hits and hits[0].passage.judge == judge:
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)


def assert_cites_supplemental_rule(answer, info) -> None:
    assert not answer.abstained and answer.citations, answer.text
    top = answer.citations[0]
    assert top.passage.cite == "C.D. Cal. L.R. 37-2.3"
    assert top.passage.text == f"L.R. 37-2.3 Supplemental Memorandum. {info.supplemental_text}"
    assert top.quote in top.passage.text and "fourteen (14) days" in top.quote


def test_added_local_rules_answer_the_supplemental_memorandum_question(served, files):
    _, info = files
    answer = served.answer(QUESTION)
    assert_cites_supplemental_rule(answer, info)
    for c in answer.citations:  # no page furniture and nothing of a neighbouring rule in any cited passage
        assert md.RUNNING_HEAD not in c.passage.text and "Chapter I - Page" not in c.passage.text
        own = c.passage.section.split("(")[0]
        assert not any(f"L.R. {sec} {title}" in c.passage.text for sec, title in info.rules.items() if sec != own)


def test_questions_in_other_threads_never_fail_while_a_document_is_added(served, settings, files, memo_embedder):
    d, info = files
    errors: list[BaseException] = []
    answers: list = []
    stop = threading.Event()
    threads_asking = [
        (QUESTION, ()),
        ("How many pages may a supplemental memorandum be?", (QUESTION,)),  # a second conversation thread
    ]

    def ask(question, history):
        while not stop.is_set():
            try:
                answers.append((question, served.answer(question, history=history)))
            except BaseException as exc:  # any failure fails the test
                errors.append(exc)
            stop.wait(0.05)

    workers = [threading.Thread(target=ask, args=qa) for qa in threads_asking]
    for w in workers:
        w.start()
    try:
        res = ca.add(settings, str(d / "procedures.html"), {})
        admin = Engine(settings, embedder=memo_embedder)  # the admin's reindex runs beside the serving engine
        report = admin.reindex(who="cli:admin")
        ca.add(settings, str(d / "order.docx"), {})
        admin.reindex(who="cli:admin")
    finally:
        stop.set()
        for w in workers:
            w.join()
    assert not errors, explain(errors)
    assert len(answers) >= 2
    for question, a in answers:
        if question == QUESTION:
            assert_cites_supplemental_rule(a, info)
        else:
            assert a.citations and "five (5) pages" in a.citations[0].passage.text
    assert report.added == len(res.sections)
    # the serving engine switches to the new version without a restart
    assert eventually_found(served, "informal telephonic discovery conference with the courtroom deputy",
                            "Rosalind T. Example")


class Interrupt(Exception):
    pass


@pytest.mark.parametrize("stage", ["embed", "store"])
def test_an_interrupted_reindex_leaves_the_old_version_serving(served, settings, files, memo_embedder, stage):
    d, info = files
    before = served.status()["version"]
    ca.add(settings, str(d / "procedures.html"), {})

    def crash(p):
        if p.stage == stage:
            raise Interrupt(f"simulated interruption during {stage}")

    with pytest.raises(Interrupt):
        Engine(settings, embedder=memo_embedder).reindex(progress=crash, who="cli:admin")
    assert served.status()["version"] == before
    assert_cites_supplemental_rule(served.answer(QUESTION), info)
    assert not [p for p in served.passages() if p.doc_type == "judge_procedures"]
    # the lock was released: the next reindex runs and publishes
    report = Engine(settings, embedder=memo_embedder).reindex(who="cli:admin")
    assert report.version != before and served.status()["version"] == report.version


def test_a_second_reindex_is_told_who_is_running(served, settings, memo_embedder):
    started, release = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def slow(p):
        started.set()
        release.wait(30)

    def first():
        try:
            Engine(settings, embedder=memo_embedder).reindex(rebuild=True, progress=slow, who="slack:U123")
        except BaseException as exc:
            errors.append(exc)

    t = threading.Thread(target=first)
    t.start()
    try:
        assert started.wait(30)
        with pytest.raises(ReindexBusy) as busy:
            Engine(settings, embedder=memo_embedder).reindex(who="cli:admin")
        assert busy.value.who == "slack:U123" and "slack:U123" in str(busy.value)
        assert served.answer(QUESTION).citations  # questions are answered meanwhile
    finally:
        release.set()
        t.join()
    assert not errors


def test_bad_files_are_skipped_with_reasons_and_nothing_indexed_is_lost(served, settings, files, memo_embedder):
    d, info = files
    with pytest.raises(Exception) as refused:
        ca.add(settings, str(d / "corrupt.pdf"), {})
    assert "damaged" in str(refused.value)
    # a hand-made file with no usable metadata, dropped straight into the documents folder
    (settings.documents_dir / "handmade.md").write_text("---\ntitle: no type or court\n---\nSome text.\n")
    report = Engine(settings, embedder=memo_embedder).reindex(who="cli:admin")
    assert [(p.endswith("handmade.md"), "lacks" in r) for p, r in report.skipped] == [(True, True)]
    assert_cites_supplemental_rule(served.answer(QUESTION), info)


@pytest.mark.model  # `rulebot corpus add` and `ask` load the model and build an index in this process
def test_cli_add_then_ask_then_corrupt_pdf_refused(settings, files, capsys, monkeypatch):
    """The issue's "done when": `rulebot corpus add` the PDF, `rulebot ask`, a corrupt PDF refused."""
    d, info = files
    monkeypatch.setenv("RULEBOT_HOME", str(settings.home))
    monkeypatch.setenv("RULEBOT_CORPUS", str(settings.corpus_dir))
    assert main(["corpus", "add", str(d / "LocalRules.pdf")]) == 0
    out = capsys.readouterr().out
    assert "added cdcal-local-rules" in out and "published" in out

    assert main(["ask", QUESTION, "--json"]) == 0
    ans = json.loads(capsys.readouterr().out)
    top = ans["citations"][0]
    assert top["cite"] == "C.D. Cal. L.R. 37-2.3"
    assert top["text"] == f"L.R. 37-2.3 Supplemental Memorandum. {info.supplemental_text}"
    assert "L.R. 37-3" not in top["text"] and md.RUNNING_HEAD not in top["text"]

    assert main(["corpus", "add", str(d / "corrupt.pdf")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("rulebot: corrupt.pdf: the PDF is damaged") and err.count("\n") == 1

    assert main(["ask", QUESTION, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["citations"][0]["cite"] == "C.D. Cal. L.R. 37-2.3"


def test_cli_add_while_a_reindex_runs_keeps_the_document_and_says_what_to_do(settings, files, capsys, monkeypatch):
    from indexers.store import reindex_lock

    d, _ = files
    monkeypatch.setenv("RULEBOT_HOME", str(settings.home))
    monkeypatch.setenv("RULEBOT_CORPUS", str(settings.corpus_dir))
    with reindex_lock(settings.index_dir, "slack:U123"):
        assert main(["corpus", "add", str(d / "LocalRules.pdf")]) == 2
    out, err = capsys.readouterr()
    assert "added cdcal-local-rules" in out
    assert err.startswith("rulebot: saved, but not indexed yet: A reindex is already running (started by slack:U123")
    assert err.rstrip().endswith("Then run rulebot index.") and err.count("\n") == 1
    assert (settings.documents_dir / "cdcal-local-rules.md").is_file()


def test_questions_keep_being_answered_while_another_process_adds_and_reindexes(served, settings, files):
    """The real deployment: the bot serves in one process while an admin runs `rulebot corpus add`
    in another; the bot never fails a question and serves the new version once it is published."""
    import os
    import subprocess
    import sys

    d, info = files
    env = dict(os.environ, RULEBOT_HOME=str(settings.home), RULEBOT_CORPUS=str(settings.corpus_dir),
               HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1",
               RULEBOT_EMBEDDER="sentence-transformers")  # the model the served engine embeds with
    before = served.status()["version"]
    errors: list[BaseException] = []
    answers: list = []
    stop = threading.Event()

    def ask():
        while not stop.is_set():
            try:
                answers.append(served.answer(QUESTION))
            except BaseException as exc:
                errors.append(exc)
            stop.wait(0.2)  # a steady stream of questions that leaves the other process some CPU

    worker = threading.Thread(target=ask)
    worker.start()
    try:
        proc = subprocess.run(
            [sys.executable, "-c", "import sys; from bot.cli import main; sys.exit(main(sys.argv[1:]))",
             "corpus", "add", str(d / "procedures.html")],
            env=env, capture_output=True, text=True, timeout=300)
    finally:
        stop.set()
        worker.join()
    assert proc.returncode == 0, proc.stderr
    assert "added cdcal-judge-example-procedures" in proc.stdout and "published" in proc.stdout
    assert not errors, explain(errors)
    assert answers and all(a.citations and a.citations[0].passage.cite == "C.D. Cal. L.R. 37-2.3" for a in answers)
    assert served.status()["version"] != before
    assert eventually_found(served, "informal telephonic discovery conference with the courtroom deputy",
                            "Rosalind T. Example")


def test_a_reader_still_on_an_old_version_survives_two_quick_reindexes(served, settings, files, memo_embedder,
                                                                      monkeypatch):
    """Deterministic form of a race the threaded test above can hit: the serving engine looks for a
    new version at most once a second (and a question in flight keeps the version it started with),
    so two reindexes published in that window must not delete the version it is still reading."""
    import bot.answering.engine

    d, info = files
    assert_cites_supplemental_rule(served.answer(QUESTION), info)  # the bot now holds the first version
    monkeypatch.setattr(bot.answering.engine, "VERSION_CHECK_SECONDS", 3600.0)  # ... and does not look again here
    admin = Engine(settings, embedder=memo_embedder)
    ca.add(settings, str(d / "procedures.html"), {})
    admin.reindex(who="cli:admin")
    ca.add(settings, str(d / "order.docx"), {})
    admin.reindex(who="cli:admin")
    results: list = []

    def ask():  # questions arriving on worker threads, as chat front ends deliver them
        try:
            results.append(served.answer(QUESTION))
        except BaseException as exc:
            results.append(exc)

    askers = [threading.Thread(target=ask) for _ in range(4)]  # several at once, as a busy channel sends them
    for t in askers:
        t.start()
    for t in askers:
        t.join()
    failures = [r for r in results if isinstance(r, BaseException)]
    assert not failures, explain(failures)
    for r in results:
        assert_cites_supplemental_rule(r, info)
