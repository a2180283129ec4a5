"""Bolt listeners: parse each Slack request into our values, acknowledge at once, call the chat service.

The conversation itself (de-duplication, back-pressure, follow-up memory,
answers, votes, drafts, admin jobs, every message) is `bot.chat.service.Chat`;
a listener only parses (`inbound.py`), acknowledges within milliseconds, hands
a `Request` and its work to `chat.handle` (the steps every request passes:
`bot.chat.steps`), and renders through a `SlackReply`.  Only what
Slack needs inside its 3-second window (opening a modal with a `trigger_id`)
happens in the listener itself.

`COMMANDS`, `EVENTS` and `ACTIONS` list what is registered; the manifest test
(`tests/test_slack_manifest.py`) checks `deploy/slack/manifest.yml` against them.
"""

from __future__ import annotations

import logging
import re

from slack_bolt import Ack, App, BoltContext

from bot.chat import messages as CM
from bot.chat.service import Chat, wants_review
from bot.chat.steps import INLINE, Request
from bot.chat.types import Asker, Thread
from bot.slack import agent, assistant, home, review, shortcut
from bot.slack import blocks as B
from bot.slack import messages as SM
from bot.slack.blocks import notice, render_answer
from bot.slack.inbound import Action, action_from, command_from, message_from, submission_from
from bot.slack.outbound import Outbox
from bot.slack.reply import SlackReply, review_files
from bot.slack.threads import thread_reader

log = logging.getLogger("rulebot.slack")

COMMANDS = ("/rules", "/draft", "/rules-admin")
EVENTS = ("app_mention", "message") + assistant.EVENTS + home.EVENTS + agent.EVENTS
ACTIONS = B.ACTION_IDS + home.ACTION_IDS + review.ACTION_IDS
SHORTCUTS = shortcut.SHORTCUTS
VIEWS = (B.DRAFT_CALLBACK,) + review.VIEWS
SURFACE = "slack"


def asker(user: str, channel: str = "") -> Asker:
    return Asker(SURFACE, user, channel, mention=f"<@{user}>" if user else "")


def register(app: App, chat: Chat, out: Outbox) -> None:
    """Attach every rulebot listener to `app`."""

    # ------------------------------------------------------------ /rules
    @app.command("/rules")
    def on_rules(ack: Ack, body: dict) -> None:
        cmd = command_from(body)
        if not cmd.text:
            ack(text=CM.EMPTY_QUESTION)
            return
        ack(text=CM.SEARCHING.format(question=B.esc(B.trim(cmd.text, 300))))
        reply, who = SlackReply.to_command(out, cmd), asker(cmd.user, cmd.channel)
        chat.handle(*chat.question(who, cmd.text, reply))

    # ------------------------------------------------------------ mentions and DMs
    def on_message(body: dict, context: BoltContext) -> None:
        bot_user = context.bot_user_id or ""
        msg = message_from(body, bot_user=bot_user)
        if msg is None:
            return
        thread = Thread.of(SURFACE, msg.channel, msg.reply_thread, follow_up=msg.is_follow_up)
        # a direct message (the agent's Messages tab) is asked from the channel the user is viewing
        where = agent.asked_from(chat, msg.user, msg.channel) if msg.channel_type == "im" else msg.channel
        reply, who = SlackReply.to_thread(out, msg.channel, msg.reply_thread, user=msg.user), asker(msg.user, where)
        delivery = (f"slack:event:{msg.event_id}", f"slack:message:{msg.channel}:{msg.ts}")
        if msg.files and wants_review(msg.text):  # "@rulebot review this" with the draft attached
            review_files(chat, out, who, msg.files, reply, delivery=delivery)
            return

        history = thread_reader(out, msg.channel, msg.thread_ts, before_ts=msg.ts, bot_user=bot_user)
        chat.handle(*chat.question(who, msg.text, reply, thread=thread, history=history, delivery=delivery))

    app.event("app_mention")(on_message)
    app.event("message")(on_message)

    # ------------------------------------------------------------ answer buttons
    @app.action(re.compile(rf"^{B.SHOW_PASSAGE}(:\d+)?$"))
    def on_show_passage(ack: Ack, body: dict) -> None:
        ack()
        act = action_from(body)
        reply = SlackReply.to_action(out, act)
        chat.handle(Request("show passage", reply, asker(act.user, act.channel)), lambda: chat.passage([act.value], reply))

    def vote(verdict: str):
        def on_vote(ack: Ack, body: dict) -> None:
            ack()
            act = action_from(body)
            reply, who = SlackReply.to_action(out, act), asker(act.user, act.channel)
            chat.handle(Request("feedback", reply, who), lambda: chat.vote(who, act.value, verdict, reply))
        return on_vote

    @app.action(B.FEEDBACK)
    def on_feedback(ack: Ack, body: dict) -> None:  # Slack's feedback buttons: "up:KEY" or "down:KEY"
        ack()
        act = action_from(body)
        verdict, _, key = act.value.partition(":")
        reply, who = SlackReply.to_action(out, act), asker(act.user, act.channel)
        chat.handle(Request("feedback", reply, who), lambda: chat.vote(who, key, verdict, reply))

    app.action(B.FEEDBACK_UP)(vote("up"))  # answers posted before the feedback buttons
    app.action(B.FEEDBACK_DOWN)(vote("down"))

    # ------------------------------------------------------------ what a 👎 says was wrong; admins verify
    @app.action(review.FEEDBACK_WHY)
    def on_why(ack: Ack, body: dict) -> None:  # Send under the follow-up of a 👎 (value: the vote id)
        ack()
        act = action_from(body)
        reply, who = SlackReply.to_action(out, act), asker(act.user, act.channel)
        pin = act.values.get(review.PIN, "").strip() or act.values.get(review.PASSAGE, "")
        chat.handle(Request("feedback", reply, who),
                    lambda: chat.explain(who, act.value, act.values.get(review.REASON, ""), pin, reply))

    @app.action(review.REVIEW_VERIFY)
    def on_verify(ack: Ack, body: dict) -> None:  # Verify… beside a 👎 (value: the vote id): opens the modal
        ack()
        act = action_from(body)
        who, reply = asker(act.user, act.channel), SlackReply.to_dm(out, act.user)

        def open_modal() -> None:
            found = chat.review_of(act.value)
            if found is None:
                reply.notice(CM.ANSWER_EXPIRED)
                return
            out.open_view(act.trigger_id, review.verify_modal(found, review.verify_choices(found, chat.engine.find_cite)))

        chat.handle(Request("verify", reply, who, admin=True, queue=INLINE), open_modal)

    @app.view(review.VERIFY_CALLBACK)
    def on_verify_submit(ack: Ack, body: dict) -> None:
        sub = submission_from(body)
        vote = str(sub.metadata.get("vote", ""))
        pin = sub.values.get(review.PIN, "").strip() or sub.values.get(review.PASSAGE, "")
        if vote and not pin:
            ack(response_action="errors", errors={review.PIN: SM.VERIFY_NEEDS_PASSAGE})
            return
        ack()
        if vote:
            chat.verify_vote(asker(sub.user), vote, pin, SlackReply.to_dm(out, sub.user),
                             done=lambda: home.publish(chat, out, sub.user))

    @app.action(B.SHARE)
    def on_share(ack: Ack, body: dict) -> None:
        ack()
        act = action_from(body)
        _paged(chat, out, act, act.value, share=True)

    @app.action(B.SHOW_MORE)
    def on_more(ack: Ack, body: dict) -> None:
        ack()
        act = action_from(body)
        key, _, page = act.value.rpartition(":")
        _paged(chat, out, act, key, page=int(page) if page.isdigit() else 0)

    # ------------------------------------------------------------ /draft
    @app.command("/draft")
    def on_draft(ack: Ack, body: dict) -> None:
        cmd = command_from(body)
        kinds = chat.drafting.kinds
        wanted = cmd.text.strip()
        name = chat.find_kind(wanted) if wanted else None
        if wanted and name is None:
            ack(text=chat.draft_usage())
            return
        ack()
        metadata = {"channel": cmd.channel}
        initial = chat.prefill(asker(cmd.user, cmd.channel))  # a channel bound to a matter fills in its facts
        view = B.draft_modal(kinds[name], metadata=metadata, initial=initial) if name \
            else B.draft_picker_modal(kinds, metadata=metadata)
        reply = SlackReply.to_command(out, cmd, shareable=False)
        chat.handle(Request("/draft", reply, queue=INLINE), lambda: out.open_view(cmd.trigger_id, view))

    @app.action(B.DRAFT_PICK)
    def on_draft_pick(ack: Ack, body: dict) -> None:
        ack()
        act = action_from(body)
        kind = chat.drafting.kinds.get(act.value)
        if kind is None:
            return
        chat.handle(Request("draft pick", SlackReply.to_dm(out, act.user), queue=INLINE),
                    lambda: out.update_view(act.view_id, B.draft_modal(
                        kind, metadata=act.view_metadata,
                        initial=chat.prefill(asker(act.user, str(act.view_metadata.get("channel", ""))))),
                        hash=act.view_hash))

    @app.view(B.DRAFT_CALLBACK)
    def on_draft_submit(ack: Ack, body: dict) -> None:
        sub = submission_from(body)
        name = str(sub.metadata.get("kind", ""))
        kind = chat.drafting.kinds.get(name)
        if kind is None:
            ack()
            return
        form, errors = B.draft_form(kind, sub.values)
        facts = None
        if not errors:
            facts, errors = chat.check_form(name, form)
        if errors:
            ack(response_action="errors", errors={k: v[: B.MAX_LABEL] for k, v in errors.items()})
            return
        ack()
        reply, who = SlackReply.to_dm(out, sub.user), asker(sub.user)
        chat.handle(Request("draft", reply, who, apology=CM.DRAFT_APOLOGY), lambda: chat.draft(who, name, facts, reply))

    # ------------------------------------------------------------ /rules-admin
    @app.command("/rules-admin")
    def on_admin(ack: Ack, body: dict) -> None:
        cmd = command_from(body)
        reply = _AckFirst(SlackReply.to_command(out, cmd, shareable=False))
        started = chat.admin(asker(cmd.user, cmd.channel), cmd.text, reply, command_name="/rules-admin")
        said = reply.release()  # a refusal or the usage is the acknowledgement itself
        ack(text="\n".join(said) if said else (f"`/rules-admin {cmd.text.strip()}`: working on it…" if started else None))

    # ------------------------------------------------------------ assistant panel, App Home, message shortcut
    assistant.register(app, chat, out)
    agent.register(app, chat, out)
    home.register(app, chat, out)
    shortcut.register(app, chat, out)


class _AckFirst:
    """A reply that keeps the notices said while a listener still holds its `ack` (they become the
    acknowledgement), and sends everything said later through `reply`."""

    def __init__(self, reply: SlackReply):
        self._reply = reply
        self._held: list[str] | None = []

    def notice(self, text: str) -> None:
        if self._held is not None:
            self._held.append(text)
        else:
            self._reply.notice(text)

    def release(self) -> list[str]:
        held, self._held = self._held or [], None
        return held

    def __getattr__(self, name: str):
        return getattr(self._reply, name)


def _paged(chat: Chat, out: Outbox, act: Action, key: str, *, page: int = 0, share: bool = False) -> None:
    """"Show more" (the next page, where the answer is) and "Share in channel" (post an ephemeral answer
    in the channel as the app, naming who shared it, then remove the private copy)."""
    reply, who = SlackReply.to_action(out, act), asker(act.user, act.channel)

    def work() -> None:
        answer = chat.recall(key, who)
        if answer is None:
            reply.notice(CM.ANSWER_EXPIRED)
            return
        if share:
            if out.respond(act.response_url, render_answer(answer, key=key, shared_by=act.user), in_channel=True):
                out.delete_original(act.response_url)
            return
        msg = render_answer(answer, key=key, page=page)
        if act.is_ephemeral or not act.channel:
            out.respond(act.response_url, msg)
        else:
            out.post(act.channel, msg, thread_ts=act.thread_ts or act.message_ts)

    chat.handle(Request("share" if share else "show more", reply, who), work)


__all__ = ["COMMANDS", "EVENTS", "ACTIONS", "VIEWS", "SHORTCUTS", "register", "notice"]
