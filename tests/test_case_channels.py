"""Case channels: a proposed protective order shared in chat is reviewed as `rulebot check` reviews it, and
a channel bound to a matter (court, judge, docket) prefers that judge's documents and says so.

Slack: signed `app_mention` events whose `files[].url_private_download` points at the loopback Web API
stand-in, which serves the file only to the bot token.  Teams: Activities with a file download info
attachment whose `downloadUrl` the Bot Connector stand-in serves.  The flawed order is built at test time
as .docx and as PDF from `examples/orders/flawed-protective-order.md`.
"""

from __future__ import annotations

import asyncio
import io
import json
import re
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from bot.chat.service import Matter, wants_review
from bot.draft.read import document_text
from bot.draft.review import review
from bot.errors import RulebotError
from bot.slack.blocks import esc
from chat_support import served_chat
from slack_standin import BOT_USER, SlackAPIStandIn, SlackSender
from teams_support import Connector, message, texts, user
from fixtures.waiting import wait_until

ROOT = Path(__file__).resolve().parent.parent
FLAWED = ROOT / "examples" / "orders" / "flawed-protective-order.md"
SECRET = "c0ffee00c0ffee00c0ffee00c0ffee00"
ADMIN = "U0ADMIN"
FILE_DOWNLOAD_INFO = "application/vnd.microsoft.teams.file.download.info"


def flawed_docx() -> bytes:
    from docx import Document

    doc = Document()
    for para in FLAWED.read_text().split("\n\n"):
        text = para.strip().lstrip("#").strip().replace("*", "")
        if text:
            doc.add_paragraph(text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def flawed_pdf() -> bytes:
    from reportlab.lib.pagesizes import letter
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    out = io.BytesIO()
    style = getSampleStyleSheet()["BodyText"]
    story = [Paragraph(p.strip().lstrip("#").strip().replace("*", "").replace("&", "&amp;"), style)
             for p in FLAWED.read_text().split("\n\n") if p.strip()]
    SimpleDocTemplate(out, pagesize=letter).build(story)
    return out.getvalue()


# ---------------------------------------------------------------- pure steps (no model)

@pytest.mark.parametrize("text,wanted", [
    ("review this", True), ("", True), ("Can you check this PO?", True), ("please look over the draft", True),
    ("what does Rule 26(c) say?", False), ("who has the burden?", False),
])
def test_a_message_with_a_file_asks_for_review(text, wanted):
    assert wants_review(text) is wanted


@pytest.mark.parametrize("text,court,judge,docket", [
    ('court="C.D. Cal." judge="Segal" docket="2:26-cv-04417"', "C.D. Cal.", "Segal", "2:26-cv-04417"),
    ("court=“Central District of California” judge=“Hon. Suzanne H. Segal”", "C.D. Cal.", "Segal", ""),
    ("docket=1:24-cv-1", "", "", "1:24-cv-1"),
    ("judge='Beta'", "", "Beta", ""),
    ('judge="Hon. Ann McDonald" docket="2:26-CV-04417-JFW"', "", "McDonald", "2:26-CV-04417-JFW"),
])
def test_a_matter_is_parsed_and_the_court_named_from_the_one_table(text, court, judge, docket):
    m = Matter.parse(text)
    assert (m.court, m.judge, m.docket) == (court, judge, docket)


@pytest.mark.parametrize("text", ['court="Narnia"', "judge", 'venue="C.D. Cal."', 'court="C.D. Cal'])
def test_a_bad_binding_is_a_one_line_message(text):
    with pytest.raises(RulebotError) as err:
        Matter.parse(text)
    assert "\n" not in str(err.value)


def test_the_matter_prefills_a_draft_form_with_the_court_in_full():
    form = Matter.parse('court="C.D. Cal." judge="Segal" docket="2:26-cv-04417"').form()
    assert form == {"court": "United States District Court for the Central District of California",
                    "judge": "Segal", "case_number": "2:26-cv-04417"}


@pytest.mark.parametrize("make,name", [(flawed_docx, "flawed.docx"), (flawed_pdf, "flawed.pdf")])
def test_the_chat_reader_finds_the_same_text_as_the_cli_within_budgets(make, name, tmp_path):
    from bot.cli.draft import read_document
    from bot.settings import Settings

    data = make()
    (tmp_path / name).write_bytes(data)
    budgets = Settings.load(env={"RULEBOT_HOME": str(tmp_path)}).budgets
    assert document_text(data, name, budgets=budgets) == read_document(tmp_path / name, budgets)
    assert "shall be filed under seal" in document_text(data, name, budgets=budgets)


# ---------------------------------------------------------------- review in Slack

@pytest.fixture
def slack_bot(engine, session_settings, tmp_path):
    with SlackAPIStandIn() as slack:
        settings = session_settings.with_(home=tmp_path / "home", slack_bot_token=slack.token,
                                          slack_signing_secret=SECRET, slack_api_url=slack.api_url,
                                          admins=(ADMIN,))
        with served_chat(settings, engine) as srv:
            srv.send = SlackSender(srv.slack_url, SECRET)
            srv.slack = slack
            yield srv


def shared(slack, name, data, *, url=None):
    slack.files[name] = data
    return {"id": "F0" + name.upper().replace(".", ""), "name": name, "size": len(data),
            "mimetype": "application/octet-stream", "url_private_download": url or slack.file_url(name)}


def mention_with_files(text, files, *, channel, ts, user="U0LAWYER"):
    return {"type": "app_mention", "user": user, "text": f"<@{BOT_USER}> {text}", "ts": ts,
            "channel": channel, "event_ts": ts, "files": files}


def thread_posts(slack, channel):
    return [c for c in slack.calls_to("chat.postMessage") if c.args.get("channel") == channel]


def expected_findings(engine, data, name):
    return review("protective-order", document_text(data, name), engine)


@pytest.mark.parametrize("make,name", [(flawed_docx, "flawed.docx"), (flawed_pdf, "flawed.pdf")])
def test_slack_review_this_gets_the_same_findings_as_rulebot_check(slack_bot, engine, make, name):
    slack, data = slack_bot.slack, make()
    channel = "C0REVIEW" + name[-4:].upper()
    ev = mention_with_files("review this", [shared(slack, name, data)], channel=channel, ts="1700000300.000100")
    assert slack_bot.send.event(ev).status == 200
    slack.wait_for(lambda calls: thread_posts(slack, channel), 120)
    (post,) = thread_posts(slack, channel)
    assert post.args["thread_ts"] == "1700000300.000100", "the findings go in the thread"
    findings = expected_findings(engine, data, name)
    assert len(findings) >= 3 and f"{len(findings)} problem(s) found in {name}" in post.text
    for f in findings:
        assert esc(f.message) in post.text
        if f.cite:
            assert f.cite in post.text and f.quote[:60] in post.text
    assert slack.file_requests == [(name, f"Bearer {slack.token}")], "fetched once, with the bot token"
    # the slow part was shown as it happened: a task timeline streamed into the thread, ended before the findings
    (stream,) = [s for s in slack.streams.values() if s["channel"] == channel]
    assert stream["thread_ts"] == "1700000300.000100" and stream["stopped"]
    done = {c["id"]: c for c in stream["chunks"] if c["status"] == "complete"}
    assert list(done) == ["fetch", "read", "check"] and done["check"]["details"] == f"{len(findings)} finding(s)"
    assert name in done["read"]["title"] and all(c["type"] == "task_update" for c in stream["chunks"])
    (stopped,) = slack.calls_to("chat.stopStream")
    assert stopped.at <= post.at, "no result before its timeline is finished"


def test_slack_the_message_shortcut_on_a_shared_order_reviews_it_in_its_thread(slack_bot, engine):
    from bot.slack.shortcut import FIND_RULE

    slack, data = slack_bot.slack, flawed_docx()
    message = {"ts": "1700000302.000100", "user": "U0OTHER", "text": "here is their PO",
               "files": [shared(slack, "theirs.docx", data)]}
    assert slack_bot.send.message_action(FIND_RULE, message, channel="C0SHORTCUT").status == 200
    slack.wait_for(lambda calls: thread_posts(slack, "C0SHORTCUT"), 120)
    (post,) = thread_posts(slack, "C0SHORTCUT")
    assert post.args["thread_ts"] == "1700000302.000100"
    assert all(esc(f.message) in post.text for f in expected_findings(engine, data, "theirs.docx"))


def test_slack_review_refuses_a_file_on_another_host_and_one_too_large(slack_bot):
    slack = slack_bot.slack
    elsewhere = shared(slack, "x.docx", b"PK", url="http://127.0.0.2:9/files-pri/T-F/download/x.docx")
    big = shared(slack, "big.docx", b"x")
    big["size"] = slack_bot.settings.max_document_bytes + 1
    ev = mention_with_files("", [elsewhere, big], channel="C0REFUSE", ts="1700000301.000100")
    slack_bot.send.event(ev)
    slack.wait_for(lambda calls: len(thread_posts(slack, "C0REFUSE")) >= 2, 60)
    first, second = (p.text for p in thread_posts(slack, "C0REFUSE"))
    assert "Could not fetch x.docx" in first and "not a Slack file address (127.0.0.2)" in first
    assert "big.docx is" in second and "the most I review" in second
    assert slack.file_requests == [], "nothing was downloaded"


def test_slack_review_declines_a_shared_file_that_is_not_a_protective_order_in_one_line(slack_bot):
    """Issue 22: a letter shared with "review this" is not given a protective order's findings."""
    slack = slack_bot.slack
    letter = ("Dear Counsel:\n\nThank you for your letter of May 2 about the deposition schedule. We can offer June 3 "
              "or June 5 for Ms. Lee. Please let us know which date works. We also enclose the exhibits you asked for.\n\n"
              "Very truly yours,\nDana Whitfield\n").encode()
    ev = mention_with_files("review this", [shared(slack, "letter.txt", letter)], channel="C0NOTPO",
                            ts="1700000303.000100")
    assert slack_bot.send.event(ev).status == 200
    slack.wait_for(lambda calls: thread_posts(slack, "C0NOTPO"), 60)
    (post,) = thread_posts(slack, "C0NOTPO")
    assert "does not read as a protective order" in post.text and "problem(s) found" not in post.text
    assert "Traceback" not in post.text


def one_paragraph_docx(chars: int) -> bytes:
    """A Word file of one paragraph of `chars` characters with no full stop: one endless sentence, as a hostile
    user would share it (the check used to cost the square of its length: 800,000 characters, 72 s)."""
    from docx import Document

    clause = ("any party may file under seal any confidential material designated by the producing party unless the "
              "court orders otherwise and the parties shall meet and confer ")
    doc = Document()
    doc.add_paragraph("Stipulated protective order. Good cause exists.")
    doc.add_paragraph((clause * (chars // len(clause) + 1))[:chars])
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_reviews_of_shared_files_never_hold_the_threads_that_answer_questions(slack_bot):
    """Three users share files whose downloads stall (more than the two answer workers) and a fourth shares one
    endless paragraph: the reviews wait on their own lane, and an ordinary question is answered meanwhile, as
    promptly as ever; then every review ends, the hostile one with findings within its budget."""
    slack, answer_workers = slack_bot.slack, slack_bot.settings.answer_workers
    held = threading.Event()
    try:
        for i in range(answer_workers + 1):
            slack.held[f"stall-{i}.docx"] = held
            ev = mention_with_files("review this", [shared(slack, f"stall-{i}.docx", flawed_docx())],
                                    channel=f"C0STALL{i}", ts=f"1700000400.00010{i}", user=f"U0STALL{i}")
            assert slack_bot.send.event(ev).status == 200
        ev = mention_with_files("review this", [shared(slack, "endless.docx", one_paragraph_docx(400_000))],
                                channel="C0ENDLESS", ts="1700000401.000100")
        assert slack_bot.send.event(ev).status == 200
        wait_until(lambda: slack.file_requests, 30, "the first review to start its download")
        ts = "1700000402.000100"
        question = {"type": "app_mention", "user": "U0LAWYER", "ts": ts, "channel": "C0ASK", "event_ts": ts,
                    "text": f"<@{BOT_USER}> Who has the burden of establishing the law enforcement privilege?"}
        asked = time.monotonic()
        assert slack_bot.send.event(question).status == 200
        slack.wait_for(lambda calls: thread_posts(slack, "C0ASK"), 20)  # the downloads stall for 30 s (then time out)
        assert time.monotonic() - asked < 20 and not held.is_set(), "answered while every review was still held"
        assert not thread_posts(slack, "C0ENDLESS"), "the reviews wait on their own lane, one at a time"
    finally:
        held.set()
    slack.wait_for(lambda calls: thread_posts(slack, "C0ENDLESS"), 120)
    (post,) = thread_posts(slack, "C0ENDLESS")
    assert "problem(s) found in endless.docx" in post.text
    for i in range(answer_workers + 1):
        slack.wait_for(lambda calls, i=i: thread_posts(slack, f"C0STALL{i}"), 60)


def test_one_user_sharing_many_slow_files_never_holds_the_review_lane_from_another(slack_bot):
    """One user shares three files whose downloads stall, then two more messages with files; another user shares
    one: the other user's review waits for one of the first user's files, not for all of them (eight stalling
    files made it wait 89 s).  The first user's third message is past `RULEBOT_REVIEWS_PER_USER` (2) and is told
    so in one line; their earlier reviews all end."""
    slack, settings = slack_bot.slack, slack_bot.settings
    assert settings.review_workers == 1 and settings.reviews_per_user == 2
    gates = {name: threading.Event() for name in ("many-1.docx", "many-2.docx", "many-3.docx")}
    slack.held.update(gates)
    try:
        ev = mention_with_files("review this", [shared(slack, n, flawed_docx()) for n in gates], channel="C0MANY1",
                                ts="1700000410.000100", user="U0MANY")
        assert slack_bot.send.event(ev).status == 200
        wait_until(lambda: [n for n, _ in slack.file_requests] == ["many-1.docx"], 30, "the first file's download")
        ev = mention_with_files("check this", [shared(slack, "many-4.docx", flawed_docx())], channel="C0MANY2",
                                ts="1700000411.000100", user="U0MANY")
        assert slack_bot.send.event(ev).status == 200
        ev = mention_with_files("review this too", [shared(slack, "many-5.docx", flawed_docx())], channel="C0MANY3",
                                ts="1700000412.000100", user="U0MANY")
        assert slack_bot.send.event(ev).status == 200
        (over,) = slack.wait_for(lambda calls: thread_posts(slack, "C0MANY3"), 30)
        said = over.args["text"]
        assert said.startswith("You already have 2 reviews waiting or under way") and "\n" not in said
        ev = mention_with_files("review this", [shared(slack, "other.docx", flawed_docx())], channel="C0OTHER",
                                ts="1700000413.000100", user="U0OTHER")
        assert slack_bot.send.event(ev).status == 200
        gates["many-1.docx"].set()
        (post,) = slack.wait_for(lambda calls: thread_posts(slack, "C0OTHER"), 60)
        assert "problem(s) found in other.docx" in post.text
        fetched = [n for n, _ in slack.file_requests]
        assert fetched[:2] == ["many-1.docx", "other.docx"], fetched
        assert not gates["many-2.docx"].is_set(), "answered while the first user's second file was still to come"
    finally:
        for gate in gates.values():
            gate.set()
    slack.wait_for(lambda calls: len(thread_posts(slack, "C0MANY1")) == 3 and thread_posts(slack, "C0MANY2"), 120)
    assert all("problem(s) found" in p.text for p in thread_posts(slack, "C0MANY1") + thread_posts(slack, "C0MANY2"))
    assert len(thread_posts(slack, "C0MANY3")) == 1 and "many-5.docx" not in [n for n, _ in slack.file_requests]


# ---------------------------------------------------------------- review in Teams

@pytest.fixture
def teams_bot(engine, session_settings, tmp_path):
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    connector = asyncio.run_coroutine_threadsafe(Connector().start(), loop).result(10)
    settings = session_settings.with_(home=tmp_path / "home", admins=("aad-admin-1",))
    try:
        with served_chat(settings, engine, slack=False, teams_no_auth=True) as srv:
            srv.connector = connector
            yield srv
    finally:
        asyncio.run_coroutine_threadsafe(connector.stop(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(5)


def post(url, activity):
    req = urllib.request.Request(url, data=json.dumps(activity).encode(), method="POST",
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as resp:
        return resp.status


def test_teams_an_attached_order_is_reviewed_in_the_conversation(teams_bot, engine):
    connector, data = teams_bot.connector, flawed_docx()
    connector.shared["flawed.docx"] = data
    activity = message(connector.url, "review this", conversation_id="a:review-teams")
    activity["attachments"] = [{"contentType": FILE_DOWNLOAD_INFO, "name": "flawed.docx",
                                "contentUrl": "https://contoso.sharepoint.com/flawed.docx",
                                "content": {"downloadUrl": connector.shared_url("flawed.docx"), "uniqueId": "1",
                                            "fileType": "docx"}}]
    assert post(teams_bot.teams_url, activity) == 200
    calls = wait_until(lambda: [c for c in connector.for_conversation("a:review-teams", type="message") if c.cards])
    body = texts(calls[0].cards[0])
    findings = expected_findings(engine, data, "flawed.docx")
    assert f"{len(findings)} problem(s) found in flawed.docx" in body
    for f in findings:
        assert f.message in body and (not f.cite or f.cite in body)
    # in a personal chat the slow part was shown as Teams' informative updates, and the findings ended the stream
    updates = [c for c in connector.for_conversation("a:review-teams", type="typing")
               if any(e.get("type") == "streaminfo" for e in c.body.get("entities") or ())]
    infos = [next(e for e in u.body["entities"] if e["type"] == "streaminfo") for u in updates]
    assert [i["streamType"] for i in infos] == ["informative"] * 3 and [i["streamSequence"] for i in infos] == [1, 2, 3]
    assert "flawed.docx" in updates[1].text and all("streamId" in i for i in infos[1:])
    (final,) = [e for e in calls[0].body.get("entities") or () if e.get("type") == "streaminfo"]
    assert final["streamType"] == "final" and final["streamId"] == infos[1]["streamId"] and final["streamSequence"] == 4


def test_teams_a_files_name_never_goes_live_in_the_review_its_progress_or_a_refusal(teams_bot):
    """A name holding a Markdown link, emphasis, an HTML link, a code mark: shown as written (look-alikes for the
    markup) in the informative updates (plain text), the findings card and the one-line refusal of a damaged file
    (a Markdown message)."""
    connector = teams_bot.connector
    name = '[x](https://evil.example/f) **b** <a href="https://evil.example/g">c</a> `d`'
    files = {f"{name}.docx": flawed_docx(), f"{name}.pdf": b"%PDF-1.4 not really a PDF"}
    for i, (file_name, data) in enumerate(files.items()):
        connector.shared[f"f{i}"] = data
        activity = message(connector.url, "review this", conversation_id=f"a:hostile-name-{i}")
        activity["attachments"] = [{"contentType": FILE_DOWNLOAD_INFO, "name": file_name,
                                    "content": {"downloadUrl": connector.shared_url(f"f{i}"), "uniqueId": str(i),
                                                "fileType": file_name[-4:]}}]
        assert post(teams_bot.teams_url, activity) == 200
    found = wait_until(lambda: [c for c in connector.for_conversation("a:hostile-name-0", type="message") if c.cards])
    refused = wait_until(lambda: [c for c in connector.for_conversation("a:hostile-name-1", type="message")
                                  if "damaged" in c.text])
    assert "problem(s) found in ［x］(https://evil.example/f) ∗∗b∗∗ ‹a href=" in texts(found[0].cards[0])
    assert refused[0].text.startswith("［x］(https://evil.example/f) ∗∗b∗∗ ‹a href=")
    shown = [c.text for i in range(2) for c in connector.for_conversation(f"a:hostile-name-{i}")]
    shown += [texts(card) for c in found for card in c.cards]
    assert any("Fetching ［x］" in t for t in shown), "the informative updates name the file too"
    for t in shown:
        assert "](https://evil" not in t and "<a " not in t and "**b**" not in t and "`d`" not in t, t


# ---------------------------------------------------------------- channel context

JUDGES = {
    "alpha": ("Alice Alpha", "Courtesy copies of all motion papers must be delivered to Judge Alpha's chambers by "
                             "noon on the court day after the papers are filed electronically."),
    "beta": ("Bruno Beta", "Judge Beta does not accept courtesy copies of motion papers: do not deliver paper "
                           "copies of electronically filed motion papers to chambers."),
}
COURTESY_Q = "When do I deliver courtesy copies of motion papers to chambers?"


@pytest.fixture
def matters(embedder, tmp_path):
    """An engine over two judges' procedures (fixture text written for these tests) that compete."""
    from bot.answering.engine import Engine
    from bot.settings import Settings

    corpus = tmp_path / "corpus" / "judge_procedures"
    corpus.mkdir(parents=True)
    for key, (judge, text) in JUDGES.items():
        (corpus / f"{key}.md").write_text(
            f"---\nid: {key}-procedures\ntitle: \"Procedures of Judge {judge} (test fixture)\"\ntype: judge_procedures\n"
            f"court: C.D. Cal.\ncite: \"{judge.split()[-1]} Procedures (C.D. Cal.) (test fixture)\"\njudge: {judge}\n"
            f"date: 2026-01-05\n---\n# Courtesy Copies\n{text}\n")
    with SlackAPIStandIn() as slack:
        settings = Settings.load(env={"RULEBOT_HOME": str(tmp_path / "home"), "RULEBOT_CORPUS": str(tmp_path / "corpus"),
                                      "SLACK_BOT_TOKEN": slack.token, "SLACK_SIGNING_SECRET": SECRET,
                                      "SLACK_API_URL": slack.api_url, "RULEBOT_ADMINS": ADMIN})
        engine = Engine(settings, embedder=embedder)
        engine.reindex(who="test")
        with served_chat(settings, engine) as srv:
            srv.send, srv.slack, srv.engine = SlackSender(srv.slack_url, SECRET), slack, engine
            yield srv


def ask(srv, name, channel):
    srv.send.command("/rules", COURTESY_Q, channel=channel, response_url=srv.slack.response_url(name))
    (got,) = srv.slack.wait_for(lambda calls: srv.slack.responses(name), 60)
    return got


def admin(srv, text, *, user=ADMIN, channel):
    return srv.send.command("/rules-admin", text, user=user, channel=channel).body


def test_a_bound_channel_prefers_its_judges_procedures_and_says_so(matters):
    answers = {}
    for key, (judge, text) in JUDGES.items():
        channel = f"C0{key.upper()}"
        said = admin(matters, f'channel court="C.D. Cal." judge="{judge}" docket="2:26-cv-0441{len(key)}"',
                     channel=channel)
        assert "now bound to" in said and judge.split()[-1] in said
        assert f"judge {judge.split()[-1]}" in admin(matters, "channel", channel=channel)
        answers[key] = ask(matters, f"courtesy-{key}", channel)
    for key, (judge, text) in JUDGES.items():
        got = answers[key].text
        surname = judge.split()[-1]
        assert f"Answering for C.D. Cal., Judge {surname}, No. 2:26-cv-0441{len(key)}" in got
        first_cite = re.search(r"(\w+) Procedures \(C\.D\. Cal\.\)", got).group(1)
        assert first_cite == surname, f"the bound judge's procedures come first in {key}'s channel"
    assert answers["alpha"].text != answers["beta"].text, "the same question, answered differently per matter"


def test_binding_is_for_admins_and_clear_removes_the_footer(matters):
    refused = admin(matters, 'channel judge="Alice Alpha"', user="U0LAWYER", channel="C0NOPE")
    assert "administrators only" in refused
    assert "not bound" in admin(matters, "channel", channel="C0NOPE")
    admin(matters, 'channel judge="Bruno Beta"', channel="C0CLEAR")
    assert "Answering for" in ask(matters, "before-clear", "C0CLEAR").text
    assert "no longer bound" in admin(matters, "channel clear", channel="C0CLEAR")
    assert "Answering for" not in ask(matters, "after-clear", "C0CLEAR").text
    assert "Usage" in admin(matters, 'channel venue="C.D. Cal."', channel="C0CLEAR")


def test_teams_a_bound_conversation_names_its_matter(teams_bot):
    connector = teams_bot.connector
    cid = "19:matter@thread.tacv2;messageid=42"
    bind = message(connector.url, 'admin channel court="C.D. Cal." judge="Segal"', conversation_id=cid,
                   who=user("aad-admin-1", "Alex Admin"), channel=True)
    post(teams_bot.teams_url, bind)
    wait_until(lambda: [c for c in connector.for_conversation(cid, type="message") if "now bound" in c.text])
    other_thread = "19:matter@thread.tacv2;messageid=43"  # the binding is the channel's, not one thread's
    post(teams_bot.teams_url, message(connector.url, "Can the parties agree to file all confidential documents "
                                      "under seal?", conversation_id=other_thread, channel=True))
    calls = wait_until(lambda: [c for c in connector.for_conversation(other_thread, type="message") if c.cards])
    assert "Answering for C.D. Cal., Judge Segal" in texts(calls[0].cards[0])


def test_a_draft_started_in_a_bound_channel_is_prefilled_with_the_matter(matters):
    admin(matters, 'channel court="C.D. Cal." judge="Bruno Beta" docket="2:26-cv-04417"', channel="C0DRAFT")
    matters.send.command("/draft", "good cause", channel="C0DRAFT", trigger_id="77.trigger")
    (opened,) = matters.slack.wait_for(lambda calls: matters.slack.calls_to("views.open"), 30)
    view = opened.args["view"]
    view = json.loads(view) if isinstance(view, str) else view
    initial = {b["block_id"]: b["element"].get("initial_value") for b in view["blocks"] if b["type"] == "input"}
    assert initial["court"] == "United States District Court for the Central District of California"
    assert initial["case_number"] == "2:26-cv-04417" and initial["judge"] == "Beta"
