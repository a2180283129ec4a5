"""Teams' native places for an assistant: citations and the AI label, built-in feedback, compose-box
search, and drafts as Word files through the file consent flow.

First model-free tables over the pure builders and the Activity parsing; then the real botbuilder
server (no-auth mode) with real Activity JSON against the loopback Bot Connector stand-in (which
is also the upload target of the consent flow), over the session engine.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import re

import pytest

from bot.admin.feedback import FeedbackStore
from bot.chat.service import Chat
from bot.chat.state import MemoryState
from bot.teams import cards
from bot.teams.adapter import feedback_comment, parse_activity, to_inbound
from bot.teams.app import build_web_app
from bot.teams.citations import (ABSTRACT_CHARS, NAME_CHARS, citation, message_entity, native_answer, pin_first,
                                 uses_citations)
from bot.teams.inbound import ComposeQuery, FileConsent, NativeFeedback
from bot.teams.uploads import CONTEXT_KEY, DraftFiles, upload_allowed
from bot.types import Answer, Citation, Passage
from teams_support import (CONSENT, DRAFT_INPUTS, FILE_INFO, Bot, Connector, compose_query, feedback_invoke,
                           file_consent, find_actions, invoke_action, message, texts, user)

QUESTION = "Who has the burden of establishing the law enforcement privilege?"
BURDEN = "have the burden of establishing that the privilege applies"


# ---------------------------------------------------------------- pure builders (no model)

def passage(cite="Fed. R. Civ. P. 26(c)(1)", text="The court may, for good cause, issue an order.", **kw) -> Passage:
    return Passage(id=kw.pop("id", "p1"), doc_id="d", cite=cite, section="x", text=text, **kw)


LONG = ("A party asserting the law enforcement privilege must make a substantial threshold showing, "
        "by way of a declaration or affidavit from a responsible official with personal knowledge, "
        "of the specific harms likely to accrue from disclosure.")
LONG_CITE = "Al Otro Lado, Inc. v. Wolf, No. 3:17-cv-02366-BAS-KSC, Order Granting in Part Motion to Compel, § II.A"

# (citation, expected appearance fields)
CITATIONS = [
    (Citation(1, passage(), "for good cause, issue an order"),
     {"name": "Fed. R. Civ. P. 26(c)(1)", "abstract": "for good cause, issue an order"}),
    (Citation(2, passage(source="https://www.uscourts.gov/rules-policies/current-rules-practice-procedure"), ""),
     {"abstract": "The court may, for good cause, issue an order.",
      "url": "https://www.uscourts.gov/rules-policies/current-rules-practice-procedure"}),
    (Citation(3, passage(source="corpus/frcp.md"), "issue an order"), {"url": None}),
    (Citation(4, passage(text=LONG), LONG), {"abstract": LONG[:LONG.rfind(" ", 0, ABSTRACT_CHARS - 1)] + "…"}),
    (Citation(5, passage(cite=LONG_CITE), "issue"),  # too long: the pin cite first, the document cut after it
     {"name": "§ II.A · Al Otro Lado, Inc. v. Wolf, No. 3:17-cv-02366-BAS-KSC, Order Granting…"}),
    (Citation(6, passage(court="C.D. Cal.", judge="Segal", date="2024-03-01"), "issue", pin="Fed. R. Civ. P. 26(c)(1)(G)"),
     {"name": "Fed. R. Civ. P. 26(c)(1)(G)", "keywords": ["Mar. 1, 2024", "C.D. Cal.", "Segal"]}),
]


@pytest.mark.parametrize("c,expected", CITATIONS)
def test_each_citation_becomes_a_claim_at_its_marker(c, expected):
    entity = message_entity(Answer("q", f"Yes [{c.n}].", (c,)))
    assert (entity["type"], entity["@type"], entity["additionalType"]) == (
        "https://schema.org/Message", "Message", ["AIGeneratedContent"])
    (claim,) = entity["citation"]
    assert claim["@type"] == "Claim" and claim["position"] == c.n
    appearance = claim["appearance"]
    assert appearance["@type"] == "DigitalDocument"
    assert len(appearance["name"]) <= NAME_CHARS and len(appearance["abstract"]) <= ABSTRACT_CHARS
    assert appearance["abstract"].rstrip("…") in c.passage.text, "the abstract is verbatim"
    for key, value in expected.items():
        assert appearance.get(key) == value, (key, appearance)


def test_a_long_citation_name_keeps_its_pin_cite_within_teams_80_characters():
    long = ("Order re Stipulated Protective Order (C.D. Cal.) (Segal, M.J.) (case name and date unknown), ¶ 6")
    name = citation(Citation(1, passage(id="seg", cite=long), "issue an order"))["appearance"]["name"]
    assert len(name) <= NAME_CHARS and name.startswith("¶ 6 · Order re Stipulated Protective Order")


def test_only_the_passages_the_text_refers_to_are_cited():
    cites = tuple(Citation(n, passage(id=f"p{n}"), "issue an order") for n in (1, 2, 3))
    assert [c["position"] for c in message_entity(Answer("q", "A [1] and C [3].", cites))["citation"]] == [1, 3]
    assert [c["position"] for c in message_entity(Answer("q", "No markers.", cites))["citation"]] == [1, 2, 3]
    assert "citation" not in message_entity(Answer("q", "Not answered.", abstained=True))


@pytest.mark.parametrize("conversation_type,native", [("personal", True), ("groupChat", True), ("channel", False),
                                                      ("", False)])
def test_citations_where_the_client_shows_them(conversation_type, native):
    assert uses_citations(conversation_type) is native


def test_a_chat_answer_is_text_with_citations_feedback_and_a_sources_card():
    out = native_answer(Answer("q", "Yes [1].", (Citation(1, passage(), "issue an order"),)), "k1")
    assert out.text == "Yes [1]." and out.channel_data == {"feedbackLoopEnabled": True}
    assert [c["position"] for c in out.entities[0]["citation"]] == [1]
    assert "Yes [1]." not in texts(out.card), "the answer is not repeated in the card"
    assert "issue an order" in texts(out.card)
    assert not find_actions(out.card, cards.FEEDBACK), "Teams' own 👍/👎 are the message's one set of controls"
    abstained = native_answer(Answer("q", "The documents do not say.", abstained=True), "k2")
    assert abstained.card is not None and "citation" not in abstained.entities[0]


def test_each_quote_of_a_chat_answer_is_its_own_markdown_paragraph():
    cites = (Citation(1, passage(), "issue an order"), Citation(2, passage(), "for good cause"))
    out = native_answer(Answer("q", "“issue an order” [1]\n“for good cause” [2]", cites), "k4")
    assert out.text == "“issue an order” [1]\n\n“for good cause” [2]"


def test_a_link_in_a_quoted_passage_is_never_live_in_a_chat_answer():
    # the chat answer is sent as Markdown text: a corpus passage's [label](address) would be a live link under
    # a verified citation; it reads "label (address)", as on the cards
    quote = "See [the clerk's portal](https://evil.example/login) for filing."
    out = native_answer(Answer("q", f"“{quote}” [1]", (Citation(1, passage(), quote),)), "k3")
    assert "](" not in out.text and "the clerk's portal (https://evil.example/login)" in out.text


@pytest.mark.parametrize("value,comment", [
    ('{"feedbackText": "Cite the standing order too"}', "Cite the standing order too"),
    ('{"feedbackText": ""}', ""), ("just text", "just text"), ({"feedbackText": " x "}, "x"), (None, ""),
    ('{"reason": "outdated", "detail": "amended in 2024"}', "outdated; amended in 2024"),
])
def test_the_feedback_comment_is_read_from_the_forms_json(value, comment):
    assert feedback_comment(value) == comment


SERVICE = "http://127.0.0.1:5000/"


@pytest.mark.parametrize("url,allowed", [
    ("https://contoso-my.sharepoint.com/personal/ada/_api/v2.0/drive/uploadSession?guid=1", True),
    ("https://contoso.sharepoint.us/sites/x/upload", True),
    ("http://contoso-my.sharepoint.com/personal/ada/upload", False),  # not https
    ("https://sharepoint.com.evil.example/upload", False),
    ("https://evil.example/upload", False),
    ("http://127.0.0.1:5000/upload/x.docx", True),  # the Activity's own serviceUrl host (the stand-in)
    ("http://127.0.0.1:5001/upload/x.docx", False),  # another port on the same host
    ("http://10.0.0.5/upload", False), ("file:///etc/passwd", False), ("", False),
])
def test_drafts_are_uploaded_only_to_microsoft_hosts_or_the_service_url(url, allowed):
    assert upload_allowed(url, service_url=SERVICE) is allowed


def test_draft_files_expire():
    now = [0.0]
    files = DraftFiles(MemoryState(clock=lambda: now[0], max_files=2), ttl=60)
    a, b, c = (files.put(f"{n}.docx", n.encode()) for n in "abc")
    assert files.get(a) is None and files.get(b).data == b"b", "at most `max_files` are kept"
    now[0] = 61.0
    assert files.get(c) is None


def test_the_new_invokes_are_read_into_our_types():
    fb = to_inbound(parse_activity(feedback_invoke(SERVICE, "bot-7", "dislike", "Too vague")))
    assert isinstance(fb, NativeFeedback) and (fb.reply_to_id, fb.reaction, fb.comment) == ("bot-7", "dislike", "Too vague")
    q = to_inbound(parse_activity(compose_query(SERVICE, "  meet and confer  ")))
    assert isinstance(q, ComposeQuery) and (q.command_id, q.text, q.initial_run) == ("searchRules", "meet and confer", False)
    assert to_inbound(parse_activity(compose_query(SERVICE, "", initial_run=True))).initial_run
    fc = to_inbound(parse_activity(file_consent(SERVICE, "accept", {CONTEXT_KEY: "k"}, upload_url=SERVICE + "up")))
    assert isinstance(fc, FileConsent) and (fc.action, fc.context, fc.upload_url, fc.service_url) == (
        "accept", {CONTEXT_KEY: "k"}, SERVICE + "up", SERVICE)


def test_compose_results_insert_the_quote_and_pin_cite():
    c = Citation(1, passage(source="https://www.uscourts.gov/frcp"), "for good cause, issue an order")
    body = cards.search_results(Answer("q", "Yes [1].", (c,)))["composeExtension"]
    assert (body["type"], body["attachmentLayout"]) == ("result", "list")
    (result,) = body["attachments"]
    assert result["preview"]["content"]["title"] == "Fed. R. Civ. P. 26(c)(1)"
    assert "“for good cause, issue an order”" in texts(result["content"]) and "Fed. R. Civ. P. 26(c)(1)" in texts(result["content"])
    none = cards.search_results(Answer("q", "The documents do not say.", abstained=True))
    assert none == {"composeExtension": {"type": "message", "text": "The documents do not say."}}


# ---------------------------------------------------------------- the real server against the stand-in

class IdConnector(Connector):
    """The stand-in, also noting the id it gave each posted activity (`Call.given`)."""

    async def _record(self, request):
        response = await super()._record(request)
        self.calls[-1].given = json.loads(response.body)["id"]
        return response


@pytest.fixture
def settings(session_settings, tmp_path):
    return session_settings.with_(home=tmp_path / "bot-home")


def run(settings, engine, scenario):
    async def main():
        connector = await IdConnector().start()
        chat = Chat.from_settings(settings, engine)
        bot = await Bot(build_web_app(settings, chat, no_auth=True)).start()
        try:
            return await scenario(bot, connector)
        finally:
            await bot.stop()
            await connector.stop()

    return asyncio.run(main())


def messages(connector, cid):
    return [c for c in connector.for_conversation(cid) if c.type == "message"]


def test_a_chat_answer_carries_citations_and_a_channel_answer_keeps_its_card(settings, engine):
    async def scenario(bot, connector):
        chat = message(connector.url, QUESTION)
        channel = message(connector.url, QUESTION, conversation_id="19:general@thread.tacv2;messageid=1", channel=True)
        assert (await bot.post(chat))[0] == 200 and (await bot.post(channel))[0] == 200
        return messages(connector, chat["conversation"]["id"]), messages(connector, channel["conversation"]["id"])

    (answer,), (carded,) = run(settings, engine, scenario)
    text = answer.body["text"]
    (entity,) = answer.body["entities"]
    assert entity["additionalType"] == ["AIGeneratedContent"] and entity["@context"] == "https://schema.org"
    claims = entity["citation"]
    assert claims and sorted(c["position"] for c in claims) == sorted({int(n) for n in re.findall(r"\[(\d+)\]", text)})
    expected = {c.n: c for c in engine.answer(QUESTION).citations}
    for claim in claims:
        cited, appearance = expected[claim["position"]], claim["appearance"]
        assert appearance["name"] == pin_first(cited.cite), "the name is the pin cite (pin first when it is long)"
        assert cited.cite.rsplit(", ", 1)[-1] in appearance["name"], "the pin is never cut off"
        assert appearance["abstract"].rstrip("…") in cited.passage.text, "the abstract is verbatim in the passage"
    assert any(BURDEN.startswith(c["appearance"]["abstract"].rstrip("…")) or BURDEN in c["appearance"]["abstract"]
               for c in claims)
    assert answer.body["channelData"]["feedbackLoopEnabled"] is True
    assert BURDEN in texts(answer.cards[0]), "the sources card shows the quotes and passages"
    assert len(json.dumps(answer.body).encode()) < 28_000
    # a channel: the Adaptive Card with the answer and citations; the label and feedback buttons, no pop-ups
    (card,) = carded.cards
    assert BURDEN in texts(card) and not carded.body.get("text")
    assert "citation" not in carded.body["entities"][0]
    # one set of feedback controls on each message: Teams' own in the chat, the card's in the channel
    assert not [a for a in answer.cards[0].get("actions") or () if a.get("verb") == "feedback"]
    assert not (carded.body.get("channelData") or {}).get("feedbackLoopEnabled")
    assert [a["data"]["verdict"] for a in card.get("actions") or () if a.get("verb") == "feedback"] == ["up", "down"]


def test_teams_own_feedback_is_recorded_with_the_users_comment(settings, engine):
    comment = "Cite the judge's standing order too"

    async def scenario(bot, connector):
        asked = message(connector.url, QUESTION, who=user("aad-voter", "Val Voter"))
        await bot.post(asked)
        cid = asked["conversation"]["id"]
        (answer,) = messages(connector, cid)
        status, body = await bot.post(feedback_invoke(connector.url, answer.given, "dislike", comment,
                                                      conversation_id=cid, who=user("aad-voter", "Val Voter")))
        unknown = await bot.post(feedback_invoke(connector.url, "bot-999", "like", conversation_id=cid))
        return cid, status, body, unknown, len(messages(connector, cid))

    cid, status, body, unknown, sent = run(settings, engine, scenario)
    assert (status, body) == (200, {}) and unknown == (200, {})
    assert sent == 1, "the invoke response is the only reply: no extra message"
    store = FeedbackStore(settings.feedback_db)
    (vote,) = store.all()
    assert (vote["source"], vote["user"], vote["verdict"], vote["question"], vote["comment"]) == (
        "teams", "aad-voter", "down", QUESTION, comment)
    assert BURDEN in vote["answer"]
    assert list(csv.DictReader(io.StringIO(store.export("csv"))))[0]["comment"] == comment


def test_compose_box_search_lists_cited_passages_and_inserts_a_quote_card(settings, engine):
    async def scenario(bot, connector):
        opened = await bot.post(compose_query(connector.url, "", initial_run=True))
        searched = await bot.post(compose_query(connector.url, QUESTION))
        return opened, searched, list(connector.calls)

    (s1, opened), (s2, searched), calls = run(settings, engine, scenario)
    assert s1 == 200 and opened["composeExtension"]["type"] == "message"
    assert s2 == 200 and calls == [], "results come in the invoke response, nothing is posted"
    result = searched["composeExtension"]
    assert (result["type"], result["attachmentLayout"]) == ("result", "list")
    expected = engine.answer(QUESTION).citations
    assert [a["preview"]["content"]["title"] for a in result["attachments"]] == [c.cite for c in expected]
    first = result["attachments"][0]
    assert first["contentType"] == cards.CONTENT_TYPE and first["preview"]["contentType"].endswith("thumbnail")
    inserted = texts(first["content"])
    assert f"— {expected[0].cite}" in inserted and expected[0].quote[:200] in inserted
    assert any(BURDEN in texts(a["content"]) for a in result["attachments"])


async def _draft(bot, connector) -> tuple[str, dict]:
    """Draft a good cause statement in a personal chat; returns the chat and the consent card offered."""
    ask = message(connector.url, "draft good cause")
    await bot.post(ask)
    cid = ask["conversation"]["id"]
    (form,) = [card for c in messages(connector, cid) for card in c.cards]
    execute = find_actions(form, cards.DRAFT)[0]
    status, _ = await bot.post(invoke_action(connector.url, execute["verb"], {**execute["data"], **DRAFT_INPUTS},
                                             conversation_id=cid))
    assert status == 200
    await connector.wait_for(lambda calls: any(c.attached(CONSENT) for c in calls if c.conversation_id == cid))
    (offer,) = [a for c in messages(connector, cid) for a in c.attached(CONSENT)]
    return cid, offer


def test_a_draft_is_offered_as_a_word_file_and_uploaded_on_accept(settings, engine):
    import docx

    async def scenario(bot, connector):
        cid, offer = await _draft(bot, connector)
        context = offer["content"]["acceptContext"]
        status, body = await bot.post(file_consent(connector.url, "accept", context, name=offer["name"],
                                                   upload_url=connector.upload_url(offer["name"]), conversation_id=cid))
        again = await bot.post(file_consent(connector.url, "accept", context, name=offer["name"],
                                            upload_url=connector.upload_url(offer["name"]), conversation_id=cid))
        return cid, offer, status, body, again, list(connector.uploads), messages(connector, cid)

    cid, offer, status, body, again, uploads, sent = run(settings, engine, scenario)
    assert offer["name"] == "good-cause-draft.docx" and offer["content"]["declineContext"] == offer["content"]["acceptContext"]
    assert (status, body) == (200, {}) and again == (200, {})
    (put,) = uploads
    assert offer["content"]["sizeInBytes"] == len(put.body)
    assert put.headers["Content-Range"] == f"bytes 0-{len(put.body) - 1}/{len(put.body)}"
    words = "\n".join(p.text for p in docx.Document(io.BytesIO(put.body)).paragraphs)
    assert "Rivera v. Northwind Logistics, Inc." in words and "26(c)" in words
    (info,) = [a for c in sent for a in c.attached(FILE_INFO)]
    assert info["name"] == "good-cause-draft.docx" and info["contentUrl"].endswith("/good-cause-draft.docx")
    assert info["content"] == {"uniqueId": "1150D938-8870-4044-9F2C-5BBDEBA70C8C", "fileType": "docx"}
    assert "no longer have that Word file" in sent[-1].text, "an upload happens once"


def test_a_declined_file_is_acknowledged_and_an_upload_elsewhere_refused(settings, engine):
    async def scenario(bot, connector):
        elsewhere = await Connector().start()  # a loopback server on another port: not the serviceUrl's host
        try:
            cid, offer = await _draft(bot, connector)
            context = offer["content"]["acceptContext"]
            refused = await bot.post(file_consent(connector.url, "accept", context, name=offer["name"],
                                                  upload_url=elsewhere.upload_url(offer["name"]), conversation_id=cid))
            declined = await bot.post(file_consent(connector.url, "decline", offer["content"]["declineContext"],
                                                   conversation_id=cid))
            return refused, declined, list(elsewhere.uploads), list(connector.uploads), messages(connector, cid)
        finally:
            await elsewhere.stop()

    refused, declined, elsewhere, here, sent = run(settings, engine, scenario)
    assert refused == (200, {}) and declined == (200, {})
    assert elsewhere == [] and here == [], "the draft went nowhere"
    assert "could not save the Word file" in sent[-2].text and "not a Teams upload address" in sent[-2].text
    assert "was not saved" in sent[-1].text


def test_a_draft_in_a_channel_gets_no_consent_card(settings, engine):
    async def scenario(bot, connector):
        cid = "19:general@thread.tacv2;messageid=2"
        ask = message(connector.url, "draft good cause", conversation_id=cid, channel=True)
        await bot.post(ask)
        (form,) = [card for c in messages(connector, cid) for card in c.cards]
        execute = find_actions(form, cards.DRAFT)[0]
        act = invoke_action(connector.url, execute["verb"], {**execute["data"], **DRAFT_INPUTS}, conversation_id=cid)
        act["conversation"]["conversationType"] = "channel"
        await bot.post(act)
        return messages(connector, cid)

    sent = run(settings, engine, scenario)
    assert any("Draft: Good cause statement" in texts(card) for c in sent for card in c.cards)
    assert not [a for c in sent for a in c.attached(CONSENT)], "file consent works in personal chats only"
