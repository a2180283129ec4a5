"""Test helpers for the Teams bot: a loopback stand-in for the Bot Connector service,
real Activity JSON, and a running bot server.

The stand-in answers the Bot Connector REST calls the SDK makes
(``POST /v3/conversations/{id}/activities``, ``POST .../activities/{replyToId}``,
``PUT .../activities/{activityId}``) with ``{"id": ...}`` and records each call, so
tests assert on the cards the real botbuilder code sent.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from aiohttp import ClientSession, web

CARD = "application/vnd.microsoft.card.adaptive"
CONSENT = "application/vnd.microsoft.teams.card.file.consent"
FILE_INFO = "application/vnd.microsoft.teams.card.file.info"

# what a user types into the good cause draft form (its inputs' ids)
DRAFT_INPUTS = {"case_name": "Rivera v. Northwind Logistics, Inc.", "case_number": "2:25-cv-01234",
                "court": "United States District Court for the Central District of California",
                "nature_of_case": "Plaintiff alleges that Defendant failed to pay overtime.",
                "categories.0.name": "employee personnel files",
                "categories.0.harm": "would expose the home addresses and medical leave of non-party employees"}


@dataclass
class Call:
    method: str
    conversation_id: str
    activity_id: str  # the replyToId (POST) or the updated activity (PUT); "" for a plain POST
    body: dict
    headers: dict = field(default_factory=dict)

    @property
    def type(self) -> str:
        return self.body.get("type", "")

    @property
    def cards(self) -> list[dict]:
        return [a["content"] for a in self.body.get("attachments") or [] if a.get("contentType") == CARD]

    @property
    def text(self) -> str:
        return self.body.get("text") or ""

    def attached(self, content_type: str) -> list[dict]:
        """The attachments of this content type (a file consent card, a file info card)."""
        return [a for a in self.body.get("attachments") or [] if a.get("contentType") == content_type]


@dataclass
class Upload:
    """A PUT the stand-in received at ``/upload/{name}`` (where the file consent flow uploads a draft)."""

    name: str
    headers: dict
    body: bytes


class Connector:
    """The Bot Connector stand-in; `url` is the serviceUrl to put in Activities.  It is also the
    upload target of the file consent flow: `upload_url(name)` takes PUTs, kept in `uploads`."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.shared: dict[str, bytes] = {}  # files users "attached", served at shared_url(name)
        self.uploads: list[Upload] = []
        self._ids = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self.url = ""
        self.changed = asyncio.Event()

    async def _record(self, request: web.Request) -> web.Response:
        body = await request.json()
        call = Call(request.method, request.match_info["conversation_id"],
                    request.match_info.get("activity_id", ""), body, dict(request.headers))
        self.calls.append(call)
        self.changed.set()
        if request.method == "PUT":
            return web.json_response({"id": call.activity_id})
        return web.json_response({"id": f"bot-{next(self._ids)}"})

    async def _upload(self, request: web.Request) -> web.Response:
        self.uploads.append(Upload(request.match_info["name"], dict(request.headers), await request.read()))
        self.changed.set()
        return web.json_response({"id": "uploaded"}, status=201)

    def upload_url(self, name: str) -> str:
        return f"{self.url}upload/{name}"

    async def _shared_file(self, request: web.Request) -> web.Response:
        """A file a user attached, as OneDrive serves its pre-authorised downloadUrl."""
        data = self.shared.get(request.match_info["name"])
        if data is None:
            return web.Response(status=404)
        return web.Response(body=data, content_type="application/octet-stream")

    def shared_url(self, name: str) -> str:
        return f"{self.url}shared-files/{name}"

    async def start(self) -> "Connector":
        app = web.Application()
        app.router.add_post("/v3/conversations/{conversation_id}/activities", self._record)
        app.router.add_post("/v3/conversations/{conversation_id}/activities/{activity_id}", self._record)
        app.router.add_put("/v3/conversations/{conversation_id}/activities/{activity_id}", self._record)
        app.router.add_put("/upload/{name}", self._upload)
        app.router.add_get("/shared-files/{name}", self._shared_file)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}/"
        return self

    async def stop(self) -> None:
        if self._runner:
            await self._runner.cleanup()

    def for_conversation(self, conversation_id: str, *, type: str | None = None) -> list[Call]:
        return [c for c in self.calls if c.conversation_id == conversation_id and (type is None or c.type == type)]

    async def wait_for(self, predicate, timeout: float = 30.0) -> list[Call]:
        """Wait until `predicate(calls)` is true; returns the calls."""
        deadline = time.monotonic() + timeout
        while not predicate(self.calls):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"timed out; calls so far: {[(c.method, c.type, c.text[:80]) for c in self.calls]}")
            self.changed.clear()
            try:
                await asyncio.wait_for(self.changed.wait(), min(remaining, 0.5))
            except asyncio.TimeoutError:
                pass
        return self.calls


class Bot:
    """The bot's aiohttp app served on a loopback port."""

    def __init__(self, app: web.Application):
        self.app = app
        self._runner: web.AppRunner | None = None
        self.url = ""
        self.session: ClientSession | None = None

    async def start(self) -> "Bot":
        self._runner = web.AppRunner(self.app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}/api/messages"
        self.session = ClientSession()
        return self

    async def stop(self) -> None:
        if self.session:
            await self.session.close()
        if self._runner:
            await self._runner.cleanup()

    async def post(self, payload: Any, *, raw: bytes | None = None, headers: dict | None = None) -> tuple[int, Any]:
        assert self.session is not None
        hdrs = {"Content-Type": "application/json", **(headers or {})}
        if raw is not None:
            resp = await self.session.post(self.url, data=raw, headers=hdrs)
        else:
            resp = await self.session.post(self.url, json=payload, headers=hdrs)
        async with resp:
            body = await resp.json() if resp.content_type == "application/json" else await resp.text()
            return resp.status, body


# ---------------------------------------------------------------- Activity JSON as Teams sends it

BOT = {"id": "28:rulebot-app-id", "name": "rulebot"}


def _base(service_url: str, conversation_id: str, *, kind: str, user: dict, conversation_type: str) -> dict:
    return {
        "type": kind,
        "id": f"1{uuid.uuid4().int % 10**12}",
        "timestamp": "2026-11-23T15:00:00.000Z",
        "localTimestamp": "2026-11-23T07:00:00.000-08:00",
        "serviceUrl": service_url,
        "channelId": "msteams",
        "from": user,
        "conversation": {"conversationType": conversation_type, "tenantId": "tenant-1", "id": conversation_id},
        "recipient": BOT,
        "locale": "en-US",
        "channelData": {"tenant": {"id": "tenant-1"}},
    }


def user(aad: str = "aad-user-1", name: str = "Ada Associate") -> dict:
    return {"id": f"29:{aad}", "name": name, "aadObjectId": aad}


def message(service_url: str, text: str, *, conversation_id: str | None = None, who: dict | None = None,
            channel: bool = False) -> dict:
    cid = conversation_id or f"a:{uuid.uuid4().hex}"
    act = _base(service_url, cid, kind="message", user=who or user(),
                conversation_type="channel" if channel else "personal")
    if channel:
        act["text"] = f"<at>rulebot</at> {text}"
        act["entities"] = [{"type": "mention", "text": "<at>rulebot</at>", "mentioned": BOT}]
    else:
        act["text"] = text
    act["textFormat"] = "plain"
    return act


def submit(service_url: str, data: dict, *, conversation_id: str | None = None, who: dict | None = None,
           message_back_text: str | None = None) -> dict:
    """Action.Submit (``value`` only) or, with `message_back_text`, a messageBack (text and value)."""
    cid = conversation_id or f"a:{uuid.uuid4().hex}"
    act = _base(service_url, cid, kind="message", user=who or user(), conversation_type="personal")
    act["value"] = data
    act["replyToId"] = "1700000000000"
    if message_back_text is not None:
        act["text"] = message_back_text
    return act


def invoke_action(service_url: str, verb: str, data: dict, *, conversation_id: str | None = None,
                  who: dict | None = None) -> dict:
    """An ``adaptiveCard/action`` invoke (Action.Execute)."""
    cid = conversation_id or f"a:{uuid.uuid4().hex}"
    act = _base(service_url, cid, kind="invoke", user=who or user(), conversation_type="personal")
    act["name"] = "adaptiveCard/action"
    act["value"] = {"action": {"type": "Action.Execute", "id": "act-1", "verb": verb, "data": data},
                    "trigger": "manual"}
    act["replyToId"] = "1700000000000"
    return act


def feedback_invoke(service_url: str, reply_to_id: str, reaction: str, comment: str = "", *,
                    conversation_id: str | None = None, who: dict | None = None) -> dict:
    """Teams' own 👍/👎 on message `reply_to_id`: a ``message/submitAction`` invoke, the comment as the
    feedback form's JSON text."""
    cid = conversation_id or f"a:{uuid.uuid4().hex}"
    act = _base(service_url, cid, kind="invoke", user=who or user(), conversation_type="personal")
    act["name"] = "message/submitAction"
    act["value"] = {"actionName": "feedback",
                    "actionValue": {"reaction": reaction, "feedback": json.dumps({"feedbackText": comment})}}
    act["replyToId"] = reply_to_id
    return act


def compose_query(service_url: str, text: str, *, command_id: str = "searchRules", initial_run: bool = False,
                  conversation_id: str | None = None, who: dict | None = None) -> dict:
    """A search typed in the compose box: a ``composeExtension/query`` invoke."""
    cid = conversation_id or f"19:{uuid.uuid4().hex}@thread.tacv2"
    act = _base(service_url, cid, kind="invoke", user=who or user(), conversation_type="channel")
    act["name"] = "composeExtension/query"
    params = [{"name": "initialRun", "value": "true"}] if initial_run else [{"name": "question", "value": text}]
    act["value"] = {"commandId": command_id, "parameters": params, "queryOptions": {"skip": 0, "count": 25}}
    return act


def file_consent(service_url: str, action: str, context: dict, *, upload_url: str = "", name: str = "draft.docx",
                 conversation_id: str | None = None, who: dict | None = None) -> dict:
    """The user's answer to a file consent card: a ``fileConsent/invoke`` (with the upload info on accept)."""
    cid = conversation_id or f"a:{uuid.uuid4().hex}"
    act = _base(service_url, cid, kind="invoke", user=who or user(), conversation_type="personal")
    act["name"] = "fileConsent/invoke"
    act["value"] = {"type": "fileUpload", "action": action, "context": context}
    if action == "accept":
        act["value"]["uploadInfo"] = {"contentUrl": f"https://contoso-my.sharepoint.com/personal/ada/Documents/{name}",
                                      "name": name, "uploadUrl": upload_url, "fileType": "docx",
                                      "uniqueId": "1150D938-8870-4044-9F2C-5BBDEBA70C8C"}
    act["replyToId"] = "bot-consent"
    return act


def conversation_update(service_url: str, *, added: list[dict], conversation_id: str | None = None) -> dict:
    cid = conversation_id or f"a:{uuid.uuid4().hex}"
    act = _base(service_url, cid, kind="conversationUpdate", user=user(), conversation_type="personal")
    act["membersAdded"] = added
    return act


def find_actions(card: dict, verb: str | None = None) -> list[dict]:
    """Every action in a card (recursively), optionally only those whose data carries `verb`."""
    out: list[dict] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if str(node.get("type", "")).startswith("Action."):
                if verb is None or (node.get("data") or {}).get("rulebot") == verb:
                    out.append(node)
            for key, value in node.items():
                if key != "fallback":  # an action's fallback is the same action for older hosts
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(card)
    return out


def texts(card: dict) -> str:
    """All TextBlock texts of a card, joined by newlines."""
    out: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "TextBlock":
                out.append(node.get("text", ""))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(card)
    return "\n".join(out)


# ---------------------------------------------------------------- the Bot Framework's signing keys

BOT_FRAMEWORK_ISSUER = "https://api.botframework.com"


class KeyEndpoint:
    """A loopback stand-in for the Bot Framework's OpenID metadata (`url`) and the key set it names, on its
    own threads.  It publishes one RSA key (`kid`) and signs tokens with it (`token`); `rotate()` publishes
    a new one.  Cleared, `open` makes every request wait (up to 60 s) until it is set again: a stalled
    login.botframework.com.  `failing` answers 503.  `also` is published before the key (other keys: one
    rulebot cannot read, say).  `asked` lists the paths requested, `arrived` is set by each request as it
    comes in."""

    def __init__(self) -> None:
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        self.asked: list[str] = []
        self.arrived = threading.Event()
        self.open = threading.Event()
        self.open.set()
        self.failing = False
        self.also: list[dict] = []
        self.rotate()
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                endpoint.asked.append(self.path)
                endpoint.arrived.set()
                endpoint.open.wait(60)
                doc = {"/openid": {"issuer": BOT_FRAMEWORK_ISSUER, "jwks_uri": endpoint.base + "keys"},
                       "/keys": {"keys": [*endpoint.also, endpoint.jwk]}}.get(self.path)
                status = 503 if endpoint.failing else 200 if doc is not None else 404
                body = json.dumps(doc if status == 200 else {"error": status}).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self._server.server_address[1]}/"
        self.url = self.base + "openid"
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True,
                                        name="key-endpoint")

    def rotate(self) -> None:
        """Publish a new key (the old one is no longer published)."""
        from cryptography.hazmat.primitives.asymmetric import rsa
        from jwt.algorithms import RSAAlgorithm

        self.private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = f"key-{uuid.uuid4().hex[:8]}"
        self.jwk = {**json.loads(RSAAlgorithm.to_jwk(self.private_key.public_key())), "kid": self.kid,
                    "use": "sig", "endorsements": ["msteams"]}

    def token(self, *, app_id: str, service_url: str, kid: str | None = None, key: Any = None,
              lifetime: float = 3600) -> str:
        """A token as the Bot Connector signs it for a request to the bot `app_id`."""
        import jwt

        now = int(time.time())
        claims = {"iss": BOT_FRAMEWORK_ISSUER, "aud": app_id, "serviceurl": service_url, "nbf": now - 60,
                  "exp": now + int(lifetime)}
        return jwt.encode(claims, key or self.private_key, algorithm="RS256", headers={"kid": kid or self.kid})

    def start(self) -> "KeyEndpoint":
        self._thread.start()
        return self

    def stop(self) -> None:
        self.open.set()
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> "KeyEndpoint":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
