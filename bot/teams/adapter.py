"""The Bot Framework edge: the ONLY module that imports botbuilder / botframework.

Microsoft has archived the Bot Framework SDK (4.17.1 is its last release); when
rulebot moves to the Microsoft 365 Agents SDK, this module is the one to
rewrite.  It does four things:

1. builds a `CloudAdapter` from the ``MicrosoftApp*`` settings (or, with
   ``no_auth``, one that accepts unauthenticated requests and replies to the
   Activity's ``serviceUrl`` without tokens, for local testing);
2. serves ``POST /api/messages``: malformed Activities get 400, requests that fail
   Bot Framework authentication get 401;
3. converts Activities into our `bot.teams.inbound` types (`to_inbound`) and our
   `Outbound` replies back into Activities (`to_activity`);
4. implements `bot.teams.inbound.Channel` for a turn (typing indicator, send,
   update for progress) and proactively after the turn (slow work such as a
   reindex continues with ``continue_conversation``).
"""

from __future__ import annotations

import html
import json
import logging
import re
import uuid
from dataclasses import dataclass
from typing import Any, Awaitable, Callable

from aiohttp import web
from botbuilder.core import InvokeResponse, TurnContext
from botbuilder.integration.aiohttp import CloudAdapter, ConfigurationBotFrameworkAuthentication
from botbuilder.schema import Activity, ActivityTypes, Attachment, ConversationReference

from bot.settings import Settings
from bot.teams.cards import CONTENT_TYPE
from bot.teams.inbound import Channel, Inbound, InvokeResult, MembersAdded, Message, Outbound, Submit, User

log = logging.getLogger("rulebot.teams")

Dispatch = Callable[[Inbound, Channel], Awaitable["InvokeResult | None"]]

ADAPTIVE_CARD_ACTION = "adaptiveCard/action"
_REPLY_TYPES = ("message", "invoke", "conversationUpdate")


class MalformedActivity(ValueError):
    """The request body is not an Activity we can process (answered with 400)."""


# ---------------------------------------------------------------- authentication

@dataclass(frozen=True)
class _BotConfig:
    """The attribute names ``ConfigurationBotFrameworkAuthentication`` reads."""

    APP_ID: str
    APP_PASSWORD: str
    APP_TENANTID: str
    APP_TYPE: str


def make_adapter(settings: Settings, *, no_auth: bool) -> CloudAdapter:
    """A CloudAdapter that authenticates with the ``MicrosoftApp*`` settings.

    With ``no_auth`` the app id is left empty, which makes the Bot Framework accept
    requests without a token and send replies without one."""
    if no_auth:
        config = _BotConfig("", "", "", "MultiTenant")
    else:
        config = _BotConfig(settings.ms_app_id, settings.ms_app_password, settings.ms_app_tenant_id,
                            settings.ms_app_type or "MultiTenant")
    return CloudAdapter(ConfigurationBotFrameworkAuthentication(config))


# ---------------------------------------------------------------- Activity -> Inbound

def parse_activity(body: Any) -> Activity:
    """Check a request body and deserialize it; raise `MalformedActivity` with a reason."""
    if not isinstance(body, dict):
        raise MalformedActivity("the body is not a JSON object")
    kind = body.get("type")
    if not isinstance(kind, str) or not kind:
        raise MalformedActivity("the Activity has no type")
    if kind in _REPLY_TYPES:
        url = body.get("serviceUrl")
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            raise MalformedActivity("the Activity has no valid serviceUrl")
        conv = body.get("conversation")
        if not isinstance(conv, dict) or not isinstance(conv.get("id"), str) or not conv["id"]:
            raise MalformedActivity("the Activity has no conversation id")
        for key in ("from", "recipient"):
            if body.get(key) is not None and not isinstance(body.get(key), dict):
                raise MalformedActivity(f"the Activity's '{key}' is not an object")
        if body.get("text") is not None and not isinstance(body.get("text"), str):
            raise MalformedActivity("the Activity's text is not a string")
    try:
        activity = Activity().deserialize(body)
    except Exception as exc:  # msrest raises several types on bad field types
        raise MalformedActivity(f"the Activity cannot be read ({type(exc).__name__})") from exc
    if not activity.type:
        raise MalformedActivity("the Activity has no type")
    return activity


_AT = re.compile(r"<at[^>]*>.*?</at>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def clean_text(value: str | None) -> str:
    """Message text without the bot's ``<at>`` mention or HTML markup.

    >>> clean_text("<at>rulebot</at> What is <b>L.R. 37-1</b>?&nbsp;")
    'What is L.R. 37-1?'
    """
    value = _AT.sub(" ", value or "")
    value = _TAG.sub("", value.replace("<br>", "\n").replace("<br/>", "\n").replace("</p>", "\n"))
    value = html.unescape(value).replace("\xa0", " ")
    return re.sub(r"[ \t]+", " ", value).strip()


def _user(activity: Activity) -> User:
    f = activity.from_property
    if f is None:
        return User(id="")
    return User(id=f.id or "", aad_object_id=getattr(f, "aad_object_id", None) or "", name=f.name or "")


def to_inbound(activity: Activity) -> Inbound | None:
    """Our own event for an Activity, or None when there is nothing to answer."""
    aid = activity.id or ""
    cid = activity.conversation.id if activity.conversation else ""
    if activity.type == ActivityTypes.message:
        value = activity.value
        if isinstance(value, dict) and isinstance(value.get("rulebot"), str):  # Action.Submit / messageBack
            data = {k: v for k, v in value.items() if k != "msteams"}
            return Submit(activity_id=aid, conversation_id=cid, user=_user(activity),
                          verb=value["rulebot"], data=data, invoke=False)
        return Message(activity_id=aid, conversation_id=cid, user=_user(activity),
                       text=clean_text(activity.text),
                       conversation_type=(activity.conversation.conversation_type or "") if activity.conversation else "")
    if activity.type == ActivityTypes.invoke and activity.name == ADAPTIVE_CARD_ACTION:
        value = activity.value if isinstance(activity.value, dict) else {}
        action = value.get("action") if isinstance(value.get("action"), dict) else {}
        data = action.get("data") if isinstance(action.get("data"), dict) else {}
        verb = action.get("verb") or data.get("rulebot") or ""
        return Submit(activity_id=aid, conversation_id=cid, user=_user(activity),
                      verb=str(verb), data=data, invoke=True)
    if activity.type == ActivityTypes.conversation_update and activity.members_added:
        bot_id = activity.recipient.id if activity.recipient else None
        ids = tuple(m.id for m in activity.members_added if m and m.id)
        return MembersAdded(activity_id=aid, conversation_id=cid, bot_added=bot_id in ids,
                            user_ids=tuple(i for i in ids if i != bot_id))
    return None


# ---------------------------------------------------------------- Outbound -> Activity

def to_activity(out: Outbound) -> Activity:
    """A message Activity for our reply (Markdown text and/or one Adaptive Card)."""
    activity = Activity(type=ActivityTypes.message, text=out.text or None,
                        text_format="markdown" if out.text else None)
    if out.card is not None:
        activity.attachments = [Attachment(content_type=CONTENT_TYPE, content=dict(out.card))]
    return activity


class TurnChannel:
    """`Channel` for the turn being processed (replies go to the same conversation / thread)."""

    def __init__(self, adapter: CloudAdapter, context: TurnContext, app_id: str):
        self._adapter = adapter
        self._context = context
        self._app_id = app_id

    async def typing(self) -> None:
        await self._context.send_activity(Activity(type=ActivityTypes.typing))

    async def send(self, out: Outbound) -> str:
        response = await self._context.send_activity(to_activity(out))
        return (response.id if response else "") or ""

    async def update(self, activity_id: str, out: Outbound) -> None:
        activity = to_activity(out)
        activity.id = activity_id
        await self._context.update_activity(activity)

    def proactive(self) -> Channel:
        return ProactiveChannel(self._adapter, TurnContext.get_conversation_reference(self._context.activity),
                                self._app_id)


class ProactiveChannel:
    """`Channel` usable after the turn: each call continues the conversation proactively."""

    def __init__(self, adapter: CloudAdapter, reference: ConversationReference, app_id: str):
        self._adapter = adapter
        self._reference = reference
        self._app_id = app_id

    async def _continue(self, work: Callable[[TurnContext], Awaitable[Any]]) -> Any:
        box: list[Any] = []

        async def callback(context: TurnContext) -> None:
            box.append(await work(context))

        await self._adapter.continue_conversation(self._reference, callback, self._app_id or None)
        return box[0] if box else None

    def _addressed(self, out: Outbound) -> Activity:
        return TurnContext.apply_conversation_reference(to_activity(out), self._reference)

    async def typing(self) -> None:
        typing = TurnContext.apply_conversation_reference(Activity(type=ActivityTypes.typing), self._reference)
        await self._continue(lambda ctx: ctx.adapter.send_activities(ctx, [typing]))

    async def send(self, out: Outbound) -> str:
        activity = self._addressed(out)
        responses = await self._continue(lambda ctx: ctx.adapter.send_activities(ctx, [activity]))
        return (responses[0].id if responses and responses[0] else "") or ""

    async def update(self, activity_id: str, out: Outbound) -> None:
        activity = self._addressed(out)
        activity.id = activity_id
        activity.reply_to_id = None
        await self._continue(lambda ctx: ctx.adapter.update_activity(ctx, activity))

    def proactive(self) -> Channel:
        return self


# ---------------------------------------------------------------- HTTP

def messages_endpoint(adapter: CloudAdapter, dispatch: Dispatch, *, app_id: str = "") -> Callable:
    """The aiohttp handler for ``POST /api/messages``."""

    async def logic(context: TurnContext) -> None:
        activity = context.activity
        inbound = to_inbound(activity)
        if inbound is None:
            if activity.type == ActivityTypes.invoke:
                await context.send_activity(Activity(type=ActivityTypes.invoke_response,
                                                     value=InvokeResponse(status=501)))
            return
        result = await dispatch(inbound, TurnChannel(adapter, context, app_id))
        if isinstance(inbound, Submit) and inbound.invoke:
            result = result or InvokeResult(message="Done.")
            await context.send_activity(Activity(type=ActivityTypes.invoke_response,
                                                 value=InvokeResponse(status=200, body=result.body())))

    async def handle(request: web.Request) -> web.StreamResponse:
        if "application/json" not in request.headers.get("Content-Type", ""):
            return web.json_response({"error": "expected an application/json Activity"}, status=415)
        try:
            body = json.loads(await request.text())
            activity = parse_activity(body)
        except (ValueError, UnicodeDecodeError) as exc:
            reason = str(exc) if isinstance(exc, MalformedActivity) else "the body is not valid JSON"
            log.warning("teams: refused a malformed Activity: %s", reason)
            return web.json_response({"error": f"Malformed Activity: {reason}"}, status=400)
        auth_header = request.headers.get("Authorization", "")
        try:
            auth = await adapter.bot_framework_authentication.authenticate_request(activity, auth_header)
        except Exception as exc:  # PermissionError, bad tokens, unreachable key endpoints
            log.warning("teams: refused an unauthenticated request (%s: %s)", type(exc).__name__, exc)
            return web.json_response({"error": "Unauthorized"}, status=401)
        try:
            invoke = await adapter.process_activity(auth, activity, logic)
        except Exception:
            ref = uuid.uuid4().hex[:8]
            log.exception("teams: failed to process activity %s (ref %s)", activity.id, ref)
            return web.json_response({"error": f"internal error (reference {ref})"}, status=500)
        if invoke is not None:
            return web.json_response(invoke.body, status=invoke.status)
        return web.Response(status=200)

    return handle
