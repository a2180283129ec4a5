"""The App Home tab: what is indexed, how to ask, the user's last questions; for admins, reindex and sync
buttons, the last admin job, the 👎 awaiting review (each with Verify…) and the verified answers a reindex
suspended (`bot.slack.review`).

`home_view` is a pure builder (tested as a table); `register` publishes it on `app_home_opened` and
handles its buttons ("Ask again", "Reindex now", "Sync sources") through the chat service.

>>> from bot.chat.suggest import Indexed
>>> view = home_view(Indexed(()), recent=())
>>> view["type"], view["blocks"][0]["type"]
('home', 'header')
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from typing import Any, Mapping, Sequence

from slack_bolt import Ack, App

from bot.chat import messages as CM
from bot.chat import suggest
from bot.chat.service import Chat
from bot.chat.types import Asker, ReviewView
from bot.slack import agent
from bot.slack import blocks as B
from bot.slack.inbound import action_from
from bot.slack.outbound import Outbox
from bot.slack.reply import SlackReply
from bot.slack.review import review_blocks

log = logging.getLogger("rulebot.slack")

HOME_ASK = "home_ask"
HOME_REINDEX = "home_reindex"
HOME_SYNC = "home_sync"
ACTION_IDS = (HOME_ASK, HOME_REINDEX, HOME_SYNC)
EVENTS = ("app_home_opened",)
MAX_HOME_BLOCKS = 100
MAX_DOCS_SHOWN = 15  # per document type; the rest are counted
MAX_DOWNVOTES_SHOWN = 5


@dataclass(frozen=True)
class AdminPanel:
    """What an admin also sees: the last admin job (`chat.state.job()`), the 👎 awaiting review (newest first,
    with how many there are in all) and the verified answers a reindex suspended (`Chat.review_view`)."""

    job: Mapping[str, Any] | None = None
    review: ReviewView = ReviewView()

    @classmethod
    def of(cls, chat: Chat) -> "AdminPanel":
        view = chat.review_view()
        return cls(job=chat.state.job(), review=replace(view, awaiting=view.awaiting[:MAX_DOWNVOTES_SHOWN]))


def _doc_line(d: suggest.IndexedDoc) -> str:
    facts = [x for x in (d.court, d.judge and f"Judge {d.judge}", d.dated, f"{d.passages:,} passages") if x]
    return f"• *{B.esc(d.title)}* — {B.esc(' · '.join(facts))}"


def indexed_blocks(idx: suggest.Indexed) -> list[dict]:
    """What is indexed: one line, then the documents under their type, with dates and "as amended to"."""
    what = suggest.what_is_indexed(idx)
    if not what:
        return [B.section(B.esc(CM.INDEX_EMPTY))]
    out = [B.section(f"*{CM.HOME_INDEXED}* {B.esc(what)}")]
    for doc_type, docs in idx.by_type():
        heading = CM.DOC_TYPE_HEADINGS.get(doc_type, doc_type.replace("_", " ").capitalize())
        lines = [f"*{B.esc(heading)}*"] + [_doc_line(d) for d in docs[:MAX_DOCS_SHOWN]]
        if len(docs) > MAX_DOCS_SHOWN:
            lines.append(B.esc(CM.HOME_MORE_DOCS.format(n=len(docs) - MAX_DOCS_SHOWN)))
        out.extend(B.lines_block(lines))
    if idx.version:
        out.append(B.context(B.esc(CM.HOME_VERSION.format(version=idx.version))))
    return out


def recent_blocks(recent: Sequence[str]) -> list[dict]:
    """The user's own last questions, each with an "Ask again" button (the answer comes by DM)."""
    out: list[dict] = [B.section(f"*{CM.HOME_RECENT}*")]
    questions = [q for q in recent if q.strip()]
    if not questions:
        return out + [B.context(B.esc(CM.HOME_NO_RECENT))]
    for q in questions:
        out.append(B.section(f"_{B.esc(B.trim(q, 500))}_",
                             accessory=B.button(CM.HOME_ASK_AGAIN, HOME_ASK, B.trim(q, B.MAX_VALUE))))
    return out


def admin_blocks(panel: AdminPanel) -> list[dict]:
    """Reindex and sync buttons, the last job's line, the latest 👎 awaiting review with the question each was on
    (and Verify…), and the verified answers to verify again."""
    out: list[dict] = [{"type": "divider"}, B.section(f"*{CM.HOME_ADMIN}*"),
                       {"type": "actions", "elements": [B.button(CM.HOME_REINDEX_BUTTON, HOME_REINDEX, "reindex"),
                                                        B.button(CM.HOME_SYNC_BUTTON, HOME_SYNC, "sync")]}]
    job = panel.job
    if job:
        out.append(B.section(B.esc(CM.HOME_LAST_JOB.format(what=job.get("what", "?"), who=job.get("who", "?"),
                                                           text=job.get("text", "")))))
    else:
        out.append(B.context(B.esc(CM.HOME_NO_JOB)))
    if not panel.review.total and not panel.review.suspended:
        out.append(B.context(B.esc(CM.HOME_NO_DOWNVOTES)))
        return out
    out.extend(review_blocks(panel.review))
    out.append(B.context(B.esc(CM.HOME_EXPORT)))
    return out


def home_view(idx: suggest.Indexed, *, recent: Sequence[str], admin: AdminPanel | None = None) -> dict:
    """The Home tab for one user (`admin` only for administrators)."""
    blocks: list[dict] = [{"type": "header", "text": B.plain(CM.HOME_TITLE, B.MAX_HEADER)}]
    blocks += indexed_blocks(idx)
    blocks += [{"type": "divider"}, *B.lines_block([f"*{CM.HOME_HOW}*", *(B.esc(x) for x in CM.HOME_HOW_LINES)])]
    blocks += [{"type": "divider"}, *recent_blocks(recent)]
    if admin is not None:
        blocks += admin_blocks(admin)
    return {"type": "home", "blocks": blocks[:MAX_HOME_BLOCKS]}


# ---------------------------------------------------------------- listeners

def _asker(user: str, channel: str = "") -> Asker:
    return Asker("slack", user, channel, mention=f"<@{user}>" if user else "")


def publish(chat: Chat, out: Outbox, user: str) -> None:
    """Build `user`'s Home tab now and publish it (`views.publish`); failures are logged, never raised."""
    try:
        idx = chat.indexed()  # empty when the index cannot be read: the tab says so
        who = _asker(user)
        panel = AdminPanel.of(chat) if chat.is_admin(who) else None
        out.client.views_publish(user_id=user, view=home_view(idx, recent=chat.recent(who), admin=panel))
    except Exception:
        log.exception("could not publish the App Home of %s", user)


def _dm_reply(out: Outbox, user: str) -> SlackReply:
    """Replies to a Home button go to the user's DM with the app (admin progress updates one message there)."""
    dm = out.dm_channel(user)
    return SlackReply(out, lambda m: out.post(dm, m), user=user, channel=dm)


def register(app: App, chat: Chat, out: Outbox) -> None:
    @app.event("app_home_opened")
    def opened(event: dict, body: dict) -> None:
        if event.get("tab", "home") == "messages":  # the agent's conversation: suggestions and a greeting
            agent.open_messages_tab(chat, out, event, body)
            return
        publish(chat, out, str(event.get("user", "")))

    @app.action(HOME_ASK)
    def ask_again(ack: Ack, body: dict) -> None:
        ack()
        act = action_from(body)
        reply = _dm_reply(out, act.user)
        who = _asker(act.user, reply.channel)

        request, ask = chat.question(who, act.value, reply)

        def job() -> None:
            ask()
            publish(chat, out, act.user)

        chat.handle(request, job)

    def admin_button(command: str):
        def on_click(ack: Ack, body: dict) -> None:
            ack()
            act = action_from(body)
            reply = _dm_reply(out, act.user)
            chat.admin(_asker(act.user, reply.channel), command, reply, command_name=command,
                       done=lambda: publish(chat, out, act.user))
        return on_click

    app.action(HOME_REINDEX)(admin_button("reindex"))
    app.action(HOME_SYNC)(admin_button("sync"))
