"""Bolt listeners: translate each Slack request into our types, acknowledge at once, hand off the work.

Every listener acknowledges within milliseconds; slow work (answering,
drafting, reindexing) goes to the runtime's bounded pools (`jobs.py`).  Only
things Slack needs inside its 3-second window (opening a modal with a
`trigger_id`) are done in the listener itself.

`COMMANDS`, `EVENTS` and `ACTIONS` list what is registered; the manifest test
(`tests/test_slack_manifest.py`) checks `deploy/slack/manifest.yml` against them.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_bolt import Ack, App, BoltContext

from bot.errors import RulebotError
from bot.slack import blocks as B
from bot.slack import jobs
from bot.slack import messages as M
from bot.slack.blocks import notice
from bot.slack.inbound import action_from, command_from, message_from, submission_from
from bot.slack.jobs import Runtime, run_safely

log = logging.getLogger("rulebot.slack")

COMMANDS = ("/rules", "/draft", "/rules-admin")
EVENTS = ("app_mention", "message")
ACTIONS = B.ACTION_IDS
VIEWS = (B.DRAFT_CALLBACK,)
ADMIN_SUBCOMMANDS = ("reindex", "status", "sync")


def register(app: App, rt: Runtime) -> None:
    """Attach every listener of the rulebot Slack app to `app`."""

    # ------------------------------------------------------------ /rules
    @app.command("/rules")
    def on_rules(ack: Ack, body: dict) -> None:
        cmd = command_from(body)
        if not cmd.text:
            ack(text=M.EMPTY_RULES)
            return
        ack(text=M.SEARCHING.format(question=B.esc(B.trim(cmd.text, 300))))
        if not rt.workers.submit(lambda: jobs.answer_command(rt, cmd)):
            rt.out.respond(cmd.response_url, notice(M.BUSY), replace=True)

    # ------------------------------------------------------------ mentions and DMs
    def on_message(body: dict, context: BoltContext) -> None:
        bot_user = context.bot_user_id or ""
        msg = message_from(body, bot_user=bot_user)
        if msg is None:
            return
        if not rt.seen.claim(("event", msg.event_id), ("message", msg.channel, msg.ts)):
            log.info("skipping a repeat of event %s (message %s/%s)", msg.event_id, msg.channel, msg.ts)
            return
        if not rt.workers.submit(lambda: jobs.answer_message(rt, msg, bot_user=bot_user)):
            rt.out.post(msg.channel, notice(M.BUSY), thread_ts=msg.reply_thread)

    app.event("app_mention")(on_message)
    app.event("message")(on_message)

    # ------------------------------------------------------------ answer buttons
    @app.action(re.compile(rf"^{B.SHOW_PASSAGE}(:\d+)?$"))
    def on_show_passage(ack: Ack, body: dict) -> None:
        ack()
        act = action_from(body)

        def work() -> None:
            passage = rt.engine.passage(act.value)
            if passage is None:
                jobs.reply_to_action(rt, act, notice(M.PASSAGE_GONE))
                return
            rt.out.open_view(act.trigger_id, B.passage_modal(passage))

        run_safely("show passage", lambda m: jobs.reply_to_action(rt, act, m), work)

    @app.action(B.FEEDBACK_UP)
    def on_up(ack: Ack, body: dict) -> None:
        ack()
        _submit(rt, body, lambda act: jobs.vote(rt, act, "up"))

    @app.action(B.FEEDBACK_DOWN)
    def on_down(ack: Ack, body: dict) -> None:
        ack()
        _submit(rt, body, lambda act: jobs.vote(rt, act, "down"))

    @app.action(B.SHARE)
    def on_share(ack: Ack, body: dict) -> None:
        ack()
        _submit(rt, body, lambda act: jobs.share(rt, act))

    @app.action(B.SHOW_MORE)
    def on_more(ack: Ack, body: dict) -> None:
        ack()
        _submit(rt, body, lambda act: jobs.show_more(rt, act))

    # ------------------------------------------------------------ /draft
    @app.command("/draft")
    def on_draft(ack: Ack, body: dict) -> None:
        cmd = command_from(body)
        if rt.drafting is None:
            ack(text=M.DRAFT_UNAVAILABLE)
            return
        kinds = rt.drafting.kinds
        name = cmd.text.strip().lower()
        if name and name not in kinds:
            ack(text=_draft_usage(kinds))
            return
        ack()
        metadata = {"channel": cmd.channel}
        view = B.draft_modal(kinds[name], metadata=metadata) if name else B.draft_picker_modal(kinds, metadata=metadata)
        run_safely("/draft", lambda m: rt.out.respond(cmd.response_url, m),
                   lambda: rt.out.open_view(cmd.trigger_id, view))

    @app.action(B.DRAFT_PICK)
    def on_draft_pick(ack: Ack, body: dict) -> None:
        ack()
        act = action_from(body)
        kind = rt.drafting.kinds.get(act.value) if rt.drafting else None
        if kind is None:
            return
        run_safely("draft pick", lambda m: rt.out.post(rt.out.dm_channel(act.user), m),
                   lambda: rt.out.update_view(act.view_id, B.draft_modal(kind, metadata=act.view_metadata),
                                              hash=act.view_hash))

    @app.view(B.DRAFT_CALLBACK)
    def on_draft_submit(ack: Ack, body: dict) -> None:
        sub = submission_from(body)
        kind = rt.drafting.kinds.get(str(sub.metadata.get("kind", ""))) if rt.drafting else None
        if kind is None:
            ack()
            return
        form, errors = B.draft_form(kind, sub.values)
        if not errors:
            try:
                facts = rt.drafting.parse_form(kind.name, form)
            except RulebotError as e:  # the facts do not fit the kind: say so on the form
                errors = {kind.fields[0].name: str(e)[: B.MAX_LABEL]}
        if errors:
            ack(response_action="errors", errors=errors)
            return
        ack()
        if not rt.workers.submit(lambda: jobs.compose_draft(rt, kind, facts, user=sub.user)):
            run_safely("draft busy", lambda m: None,
                       lambda: rt.out.post(rt.out.dm_channel(sub.user), notice(M.BUSY)))

    # ------------------------------------------------------------ /rules-admin
    @app.command("/rules-admin")
    def on_admin(ack: Ack, body: dict) -> None:
        cmd = command_from(body)
        sub = (cmd.text.split() or [""])[0].lower()
        if cmd.user not in rt.settings.admins:
            log.warning("refused /rules-admin (%d characters) from non-admin user %s (channel %s)", len(cmd.text),
                        cmd.user, cmd.channel)
            ack(text=M.ADMIN_REFUSED)
            return
        if sub not in ADMIN_SUBCOMMANDS:
            ack(text=M.ADMIN_USAGE)
            return
        log.info("/rules-admin %s by %s", sub, cmd.user)
        if sub == "sync" and rt.sync is None:
            ack(text=M.SYNC_UNAVAILABLE)
            return
        job = {"status": jobs.admin_status, "reindex": jobs.reindex, "sync": jobs.sync}[sub]
        ack(text=f"`/rules-admin {sub}`: working on it…")
        if not rt.admin_workers.submit(lambda: job(rt, cmd)):
            rt.out.respond(cmd.response_url, notice(M.BUSY))


def _submit(rt: Runtime, body: dict, job: Any) -> None:
    act = action_from(body)
    if not rt.workers.submit(lambda: job(act)):
        run_safely("busy", lambda m: None, lambda: jobs.reply_to_action(rt, act, notice(M.BUSY)))


def _draft_usage(kinds: dict) -> str:
    names = list(kinds)
    return M.DRAFT_USAGE.format(kinds=", ".join(f"`{n}`" for n in names), example=names[0] if names else "good-cause")
