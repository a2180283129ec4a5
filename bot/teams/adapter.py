"""The Bot Framework edge: the ONLY module that imports botbuilder / botframework.

Microsoft has archived the Bot Framework SDK (4.17.1 is its last release); when
rulebot moves to the Microsoft 365 Agents SDK, this module is the one to
rewrite.  It does four things:

1. builds a `CloudAdapter` from the ``MicrosoftApp*`` settings (or, with
   ``no_auth``, one that accepts unauthenticated requests and replies to the
   Activity's ``serviceUrl`` without tokens, for local testing), and puts our
   fetcher of the Bot Framework's signing keys in place of botbuilder's, which
   blocks the event loop (`use_signing_keys`, `bot.teams.keys`);
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
from dataclasses import dataclass
from typing import Any, Awaitable, Callable

from aiohttp import web
from botbuilder.core import InvokeResponse, TurnContext
from botbuilder.integration.aiohttp import CloudAdapter, ConfigurationBotFrameworkAuthentication
from botbuilder.schema import Activity, ActivityTypes, Attachment, ConversationReference, Entity
from botframework.connector.auth import AuthenticationConstants, JwtTokenExtractor

from bot.chat.types import SharedFile
from bot.edges.bodies import too_deep
from bot.settings import Settings
from bot.teams import cards
from bot.teams.cards import CONTENT_TYPE
from bot.teams.keys import SigningKeys
from indexers.errors import new_ref
from bot.teams.inbound import (Channel, ComposeQuery, FileConsent, Inbound, InvokeResult, MembersAdded, Message,
                               NativeFeedback, Outbound, Submit, User)

log = logging.getLogger("rulebot.teams")

Dispatch = Callable[[Inbound, Channel], Awaitable["InvokeResult | None"]]

ADAPTIVE_CARD_ACTION = "adaptiveCard/action"
SUBMIT_ACTION = "message/submitAction"  # Teams' own feedback buttons
COMPOSE_QUERY = "composeExtension/query"  # a search typed in the compose box
FILE_CONSENT = "fileConsent/invoke"  # the user accepted or declined a file consent card
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


DEFAULT_APP_TYPE = "SingleTenant"  # new multi-tenant bot registrations ended on 2025-07-31


def make_adapter(settings: Settings, *, no_auth: bool) -> CloudAdapter:
    """A CloudAdapter that authenticates with the ``MicrosoftApp*`` settings.

    With ``no_auth`` the app id is left empty, which makes the Bot Framework accept
    requests without a token and send replies without one."""
    if no_auth:
        config = _BotConfig("", "", "", "MultiTenant")
    else:
        config = _BotConfig(settings.ms_app_id, settings.ms_app_password, settings.ms_app_tenant_id,
                            settings.ms_app_type or DEFAULT_APP_TYPE)
    return CloudAdapter(ConfigurationBotFrameworkAuthentication(config))


# the OpenID metadata botbuilder validates the Bot Connector's tokens with (the Emulator's, and skills', beside)
CHANNEL_METADATA_URL = AuthenticationConstants.TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL
EMULATOR_METADATA_URL = AuthenticationConstants.TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL


def signing_keys(settings: Settings) -> dict[str, SigningKeys]:
    """Our fetchers for the metadata URLs botbuilder uses in the public cloud (through the settings' proxy)."""
    return {url: SigningKeys(url, timeout=settings.fetch_timeout, proxies=settings.proxies)
            for url in (CHANNEL_METADATA_URL, EMULATOR_METADATA_URL)}


def use_signing_keys(keys: dict[str, SigningKeys]) -> Callable[[], None]:
    """Put `keys` (metadata URL -> fetcher) in botbuilder's cache of OpenID metadata, where its token validation
    finds them instead of creating its own fetcher (``JwtTokenExtractor.metadataCache``, one per process);
    returns how to take them out again."""
    cache = JwtTokenExtractor.metadataCache
    cache.update(keys)

    def remove() -> None:
        for url, fetcher in keys.items():
            if cache.get(url) is fetcher:
                del cache[url]
            fetcher.close()

    return remove


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


def _dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def feedback_comment(value: Any) -> str:
    """What the user typed in Teams' feedback form: ``actionValue.feedback`` is JSON text such as
    ``{"feedbackText": "..."}`` (or, from older clients, the text itself).

    >>> feedback_comment('{"feedbackText": "Cite the order too"}'), feedback_comment("plain"), feedback_comment(None)
    ('Cite the order too', 'plain', '')
    """
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return value.strip()
    if isinstance(value, dict):
        text = value.get("feedbackText")
        if isinstance(text, str):
            return text.strip()
        return "; ".join(str(v).strip() for v in value.values() if isinstance(v, (str, int, float)) and str(v).strip())
    return value.strip() if isinstance(value, str) else ""


def _compose_text(value: dict) -> tuple[str, bool]:
    """The query's text and whether it is the initial run (the extension just opened)."""
    text, initial = "", False
    for p in value.get("parameters") or []:
        if not isinstance(p, dict):
            continue
        if p.get("name") == "initialRun":
            initial = str(p.get("value")).lower() == "true"
        elif isinstance(p.get("value"), str):
            text = text or p["value"]
    return text.strip(), initial


def _conversation_type(activity: Activity) -> str:
    return (activity.conversation.conversation_type or "") if activity.conversation else ""


def _invoke(activity: Activity, aid: str, cid: str) -> Inbound | None:
    """Our event for an invoke Activity (None for one we do not handle: answered 501)."""
    value = _dict(activity.value)
    if activity.name == ADAPTIVE_CARD_ACTION:
        action = _dict(value.get("action"))
        data = _dict(action.get("data"))
        verb = action.get("verb") or data.get("rulebot") or ""
        return Submit(activity_id=aid, conversation_id=cid, user=_user(activity), verb=str(verb), data=data,
                      invoke=True, conversation_type=_conversation_type(activity))
    if activity.name == SUBMIT_ACTION and value.get("actionName") == "feedback":
        action = _dict(value.get("actionValue"))
        return NativeFeedback(activity_id=aid, conversation_id=cid, user=_user(activity),
                              reply_to_id=activity.reply_to_id or "", reaction=_str(action.get("reaction")),
                              comment=feedback_comment(action.get("feedback")))
    if activity.name == COMPOSE_QUERY:
        text, initial = _compose_text(value)
        return ComposeQuery(activity_id=aid, conversation_id=cid, user=_user(activity),
                            command_id=_str(value.get("commandId")), text=text, initial_run=initial)
    if activity.name == FILE_CONSENT:
        upload = _dict(value.get("uploadInfo"))
        return FileConsent(activity_id=aid, conversation_id=cid, user=_user(activity),
                           action=_str(value.get("action")), context=_dict(value.get("context")),
                           upload_url=_str(upload.get("uploadUrl")), content_url=_str(upload.get("contentUrl")),
                           name=_str(upload.get("name")), unique_id=_str(upload.get("uniqueId")),
                           file_type=_str(upload.get("fileType")), service_url=activity.service_url or "",
                           reply_to_id=activity.reply_to_id or "")
    return None


def to_inbound(activity: Activity) -> Inbound | None:
    """Our own event for an Activity, or None when there is nothing to answer."""
    aid = activity.id or ""
    cid = activity.conversation.id if activity.conversation else ""
    if activity.type == ActivityTypes.message:
        value = activity.value
        if isinstance(value, dict) and isinstance(value.get("rulebot"), str):  # Action.Submit / messageBack
            data = {k: v for k, v in value.items() if k != "msteams"}
            return Submit(activity_id=aid, conversation_id=cid, user=_user(activity),
                          verb=value["rulebot"], data=data, invoke=False,
                          conversation_type=_conversation_type(activity))
        return Message(activity_id=aid, conversation_id=cid, user=_user(activity),
                       text=clean_text(activity.text),
                       conversation_type=(activity.conversation.conversation_type or "") if activity.conversation else "",
                       files=shared_files(activity.attachments), service_url=activity.service_url or "")
    if activity.type == ActivityTypes.invoke:
        return _invoke(activity, aid, cid)
    if activity.type == ActivityTypes.conversation_update and activity.members_added:
        bot_id = activity.recipient.id if activity.recipient else None
        ids = tuple(m.id for m in activity.members_added if m and m.id)
        return MembersAdded(activity_id=aid, conversation_id=cid, bot_added=bot_id in ids,
                            user_ids=tuple(i for i in ids if i != bot_id))
    return None


FILE_DOWNLOAD_INFO = "application/vnd.microsoft.teams.file.download.info"


def shared_files(attachments: Any) -> tuple[SharedFile, ...]:
    """The files a user attached (Teams' file download info: a pre-authorised `downloadUrl`)."""
    out = []
    for a in attachments or ():
        if getattr(a, "content_type", "") != FILE_DOWNLOAD_INFO or not isinstance(a.content, dict):
            continue
        url = a.content.get("downloadUrl")
        if isinstance(url, str) and url:
            out.append(SharedFile(name=a.name or "file", url=url, mimetype=str(a.content.get("fileType", ""))))
    return tuple(out)


# ---------------------------------------------------------------- Outbound -> Activity

class _JsonEntity(Entity):
    """An entity serialized with all its keys (botbuilder's `Entity` keeps only ``type``)."""

    _attribute_map = {"type": {"key": "type", "type": "str"},
                      "additional_properties": {"key": "", "type": "{object}"}}

    def __init__(self, value: Any) -> None:
        super().__init__(type=value.get("type"))
        self.additional_properties = {k: v for k, v in value.items() if k != "type"}


def to_activity(out: Outbound) -> Activity:
    """A message Activity for our reply: Markdown text and/or one Adaptive Card, other attachments (file
    cards), entities (the AI label and citations) and channel data (Teams' feedback buttons).  The text is sent
    as Markdown, so whatever values it holds are escaped for it here, once for every message (`cards.markdown_text`:
    no link or HTML tag from a user or a document goes live)."""
    if out.kind == "typing":  # an informative streaming update: plain text, its streaminfo entity
        activity = Activity(type=ActivityTypes.typing, text=out.text or None)
        activity.entities = [_JsonEntity(dict(e)) for e in out.entities]
        return activity
    activity = Activity(type=ActivityTypes.message, text=cards.markdown_text(out.text) if out.text else None,
                        text_format="markdown" if out.text else None)
    attachments = []
    if out.card is not None:
        attachments.append(Attachment(content_type=CONTENT_TYPE, content=dict(out.card)))
    for a in out.attachments:
        attachments.append(Attachment(content_type=a.get("contentType"), content=a.get("content"),
                                      name=a.get("name"), content_url=a.get("contentUrl")))
    if attachments:
        activity.attachments = attachments
    if out.entities:
        activity.entities = [_JsonEntity(dict(e)) for e in out.entities]
    if out.channel_data is not None:
        activity.channel_data = dict(out.channel_data)
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
        if activity.type == ActivityTypes.invoke:
            result = result or InvokeResult(message="Done.")
            await context.send_activity(Activity(type=ActivityTypes.invoke_response,
                                                 value=InvokeResponse(status=result.status, body=result.body())))

    async def handle(request: web.Request) -> web.StreamResponse:
        if "application/json" not in request.headers.get("Content-Type", ""):
            return web.json_response({"error": "expected an application/json Activity"}, status=415)
        try:
            text = await request.text()
            if too_deep(text):  # refused unparsed (bot.edges.bodies): the parser is never taken that deep
                raise RecursionError("nested too deeply")
            body = json.loads(text)
            activity = parse_activity(body)
        except (ValueError, UnicodeDecodeError, RecursionError) as exc:  # deep nesting: RecursionError
            reason = str(exc) if isinstance(exc, MalformedActivity) else \
                "the body is nested too deeply" if isinstance(exc, RecursionError) else "the body is not valid JSON"
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
            ref = new_ref()
            log.exception("teams: failed to process activity %s (ref %s)", activity.id, ref)
            return web.json_response({"error": f"internal error (reference {ref})"}, status=500)
        if invoke is not None:
            return web.json_response(invoke.body, status=invoke.status)
        return web.Response(status=200)

    return handle
