"""A loopback stand-in for Slack, for tests, the load bench and local trials.

Two halves, as in bolt-python's own test suite:

- `SlackAPIStandIn`: an `http.server` on 127.0.0.1 that answers like Slack's Web
  API (`auth.test`, `chat.postMessage`, `chat.postEphemeral`, `chat.update`,
  `views.open`, `views.update`, `views.publish`, `conversations.open`, `conversations.replies`,
  `conversations.info`, `assistant.threads.setStatus|setTitle|setSuggestedPrompts`,
  the three `files_upload_v2` steps, `apps.connections.open`) and like
  `response_url`s, and records every call.  Point the app's
  `WebClient(base_url=...)` at `.api_url`.
- `SocketModeStandIn`: a loopback WebSocket server speaking Socket Mode
  (`hello`, envelopes, acks), for the app's Socket Mode.
- `SlackSender`: posts requests to the app exactly as Slack does (form-encoded
  slash commands, JSON `event_callback`s, `block_actions` and
  `view_submission` payloads), signed with the signing secret.

>>> with SlackAPIStandIn() as slack:
...     from slack_sdk import WebClient
...     WebClient(token=slack.token, base_url=slack.api_url).auth_test()["user_id"]
'UBOT'
"""

from __future__ import annotations

import itertools
import json
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable
from urllib.parse import parse_qs, urlencode

from slack_sdk.signature import SignatureVerifier

BOT_USER = "UBOT"
BOT_ID = "BBOT"
TEAM = "T0RULES"


class _Server(ThreadingHTTPServer):
    # Slack sends bursts: a listen backlog of 5 (the default) makes the 6th simultaneous
    # connection wait for a SYN retry (~1 s); allow a burst's worth.
    request_queue_size = 256
    daemon_threads = True


@dataclass(frozen=True)
class Call:
    """One request the stand-in received: a Web API method, an upload, or a response_url post."""

    kind: str  # "api" | "upload" | "response"
    name: str  # API method, file id, or response_url name
    args: dict[str, Any]
    at: float = field(default_factory=time.monotonic)
    result: Any = None  # what the stand-in answered

    @property
    def blocks(self) -> list[dict]:
        b = self.args.get("blocks") or []
        return json.loads(b) if isinstance(b, str) else list(b)

    @property
    def text(self) -> str:
        """All the text of the call's message (fallback text and every block), for assertions."""
        return self.args.get("text", "") + "\n" + json.dumps(self.blocks, ensure_ascii=False)


class SlackAPIStandIn:
    """Loopback Slack Web API.  `calls` lists every request; `wait_for` blocks until one matches."""

    def __init__(self, *, token: str = "xoxb-rulebot-test", app_token: str = "xapp-rulebot-test"):
        self.token = token
        self.app_token = app_token
        self.socket_url = ""  # what apps.connections.open hands out (a SocketModeStandIn's url)
        self.calls: list[Call] = []
        self.uploads: dict[str, bytes] = {}
        self.fail: dict[str, Any] = {}  # method -> Slack error to return (or a function of the args)
        self.threads: dict[tuple[str, str], list[dict]] = {}  # (channel, thread_ts) -> messages
        self.channels: dict[str, dict] = {}  # channel id -> what conversations.info tells (name, topic, purpose)
        self.homes: dict[str, dict] = {}  # user id -> the Home tab last published for them
        self.streams: dict[str, dict] = {}  # ts -> a streamed message: channel, thread_ts, chunks, stopped
        self.files: dict[str, bytes] = {}  # name -> bytes served at file_url(name) to the bot token only
        self.file_requests: list[tuple[str, str]] = []  # (name, Authorization header) of each file download
        self.held: dict[str, threading.Event] = {}  # name -> an event its download waits for (at most a minute)
        self._ts = itertools.count(1)
        self._cond = threading.Condition()
        self._httpd = _Server(("127.0.0.1", 0), _handler(self))
        self._httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------ lifecycle
    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    @property
    def api_url(self) -> str:
        return self.base_url + "/api/"

    def file_url(self, name: str) -> str:
        """Where a shared file is served (as `url_private_download`): only with the bot token."""
        return f"{self.base_url}/files-pri/T0RULES-F{abs(hash(name)) % 10**6}/download/{name}"

    def response_url(self, name: str) -> str:
        return f"{self.base_url}/response/{name}"

    def start(self) -> "SlackAPIStandIn":
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.1},
                                        daemon=True, name="slack-standin")
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> "SlackAPIStandIn":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # ------------------------------------------------------------ queries
    def calls_to(self, name: str, kind: str | None = None) -> list[Call]:
        with self._cond:
            return [c for c in self.calls if c.name == name and (kind is None or c.kind == kind)]

    def responses(self, name: str) -> list[Call]:
        return self.calls_to(name, "response")

    def wait_for(self, pred: Callable[[list[Call]], Any], timeout: float = 30.0) -> Any:
        """Wait until `pred(calls)` is truthy; return its value (raise TimeoutError otherwise)."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                value = pred(list(self.calls))
                if value:
                    return value
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"no matching Slack call within {timeout}s; calls: "
                                       f"{[(c.kind, c.name) for c in self.calls]}")
                self._cond.wait(min(left, 0.2))

    def reset(self) -> None:
        with self._cond:
            self.calls.clear()
            self.fail.clear()

    # ------------------------------------------------------------ behaviour
    def _record(self, call: Call) -> None:
        with self._cond:
            self.calls.append(call)
            self._cond.notify_all()

    def _next_ts(self) -> str:
        return f"{int(time.time())}.{next(self._ts):06d}"

    def api(self, method: str, args: dict[str, Any], auth: str) -> dict[str, Any]:
        result = self._answer(method, args, auth)
        self._record(Call("api", method, args, result=result))
        return result

    def _answer(self, method: str, args: dict[str, Any], auth: str) -> dict[str, Any]:
        if method == "apps.connections.open":
            if auth != f"Bearer {self.app_token}":
                return {"ok": False, "error": "invalid_auth"}
            return {"ok": True, "url": self.socket_url} if self.socket_url else {"ok": False, "error": "internal_error"}
        if auth != f"Bearer {self.token}":
            return {"ok": False, "error": "invalid_auth"}
        if method in self.fail:
            fail = self.fail[method]
            error = fail(args) if callable(fail) else fail
            if error:
                return {"ok": False, "error": error}
        if method == "auth.test":
            return {"ok": True, "url": "https://rulebot-test.slack.com/", "team": "Rulebot Test", "user": "rulebot",
                    "team_id": TEAM, "user_id": BOT_USER, "bot_id": BOT_ID, "is_enterprise_install": False}
        if method in ("chat.postMessage", "chat.postEphemeral", "chat.update"):
            if not args.get("channel"):
                return {"ok": False, "error": "channel_not_found"}
            if not (args.get("text") or args.get("blocks")):
                return {"ok": False, "error": "no_text"}
            if method == "chat.postEphemeral":
                return {"ok": True, "message_ts": self._next_ts()}
            ts = args.get("ts") if method == "chat.update" else self._next_ts()
            message = {"type": "message", "user": BOT_USER, "bot_id": BOT_ID, "ts": ts,
                       "text": args.get("text", ""), "blocks": args.get("blocks", [])}
            if args.get("thread_ts"):
                message["thread_ts"] = args["thread_ts"]
                with self._cond:
                    self.threads.setdefault((args["channel"], args["thread_ts"]), []).append(message)
            return {"ok": True, "channel": args["channel"], "ts": ts, "message": message}
        if method in ("views.open", "views.update"):
            view = args.get("view")
            view = json.loads(view) if isinstance(view, str) else view
            if not isinstance(view, dict) or not view.get("title"):
                return {"ok": False, "error": "invalid_arguments"}
            if len(view["title"]["text"]) > 24:
                return {"ok": False, "error": "invalid_arguments", "response_metadata": {
                    "messages": ["[ERROR] must be less than 25 characters [json-pointer:/view/title/text]"]}}
            return {"ok": True, "view": {**view, "id": args.get("view_id") or f"V{next(self._ts):08d}",
                                         "hash": f"h{next(self._ts)}"}}
        if method.startswith("chat.") and method.endswith("Stream"):
            return self._stream(method, args)
        if method.startswith("assistant.threads."):
            return self._assistant(method, args)
        if method == "views.publish":
            view = args.get("view")
            view = json.loads(view) if isinstance(view, str) else view
            if not args.get("user_id") or not isinstance(view, dict) or view.get("type") != "home":
                return {"ok": False, "error": "invalid_arguments"}
            if len(view.get("blocks") or []) > 100:
                return {"ok": False, "error": "invalid_blocks"}
            with self._cond:
                self.homes[args["user_id"]] = view
            return {"ok": True, "view": {**view, "id": f"V{next(self._ts):08d}", "hash": f"h{next(self._ts)}"}}
        if method == "conversations.info":
            found = self.channels.get(str(args.get("channel", "")))
            if found is None:
                return {"ok": False, "error": "channel_not_found"}
            return {"ok": True, "channel": {"id": args["channel"], "is_channel": True,
                                            "topic": {"value": ""}, "purpose": {"value": ""}, **found}}
        if method == "conversations.open":
            return {"ok": True, "channel": {"id": "D" + str(args.get("users", "")).split(",")[0]}}
        if method == "conversations.replies":
            with self._cond:
                msgs = list(self.threads.get((args.get("channel", ""), args.get("ts", "")), []))
            return {"ok": True, "messages": sorted(msgs, key=lambda m: float(m["ts"])), "has_more": False}
        if method == "files.getUploadURLExternal":
            fid = f"F{next(self._ts):08d}"
            return {"ok": True, "upload_url": f"{self.base_url}/upload/{fid}", "file_id": fid}
        if method == "files.completeUploadExternal":
            files = args.get("files")
            files = json.loads(files) if isinstance(files, str) else files
            missing = [f["id"] for f in files if f["id"] not in self.uploads]
            if missing:
                return {"ok": False, "error": "file_not_found"}
            return {"ok": True, "files": [{"id": f["id"], "title": f.get("title", ""), "size": len(self.uploads[f["id"]])}
                                          for f in files]}
        return {"ok": False, "error": "unknown_method"}

    def _stream(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        """`chat.startStream`, `appendStream` and `stopStream`, checked as Slack checks them: a stream is a
        reply in a thread; task chunks carry an id, a title and a known status; a stopped stream takes no more."""
        chunks = args.get("chunks") or []
        chunks = json.loads(chunks) if isinstance(chunks, str) else chunks
        for c in chunks:
            if c.get("type") == "task_update" and not (c.get("id") and c.get("title") and c.get("status") in
                                                       ("pending", "in_progress", "complete", "error")):
                return {"ok": False, "error": "invalid_chunks"}
        if method == "chat.startStream":
            if not args.get("channel") or not args.get("thread_ts"):
                return {"ok": False, "error": "invalid_arguments"}
            ts = self._next_ts()
            with self._cond:
                self.streams[ts] = {"channel": args["channel"], "thread_ts": args["thread_ts"], "chunks": list(chunks),
                                    "stopped": False}
            return {"ok": True, "channel": args["channel"], "ts": ts}
        with self._cond:
            stream = self.streams.get(str(args.get("ts", "")))
            if stream is None or stream["stopped"]:
                return {"ok": False, "error": "message_not_in_streaming_state"}
            stream["chunks"].extend(chunks)
            stream["stopped"] = method == "chat.stopStream"
        return {"ok": True, "channel": stream["channel"], "ts": args["ts"]}

    def _assistant(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        """`assistant.threads.setStatus`, `setTitle` and `setSuggestedPrompts`, checked as Slack checks them
        (an agent app's suggested prompts are set for the conversation, without a thread)."""
        if not args.get("channel_id") or not (args.get("thread_ts") or method == "assistant.threads.setSuggestedPrompts"):
            return {"ok": False, "error": "invalid_arguments"}
        if method == "assistant.threads.setStatus":
            return {"ok": True} if "status" in args else {"ok": False, "error": "invalid_arguments"}
        if method == "assistant.threads.setTitle":
            return {"ok": True} if args.get("title") else {"ok": False, "error": "invalid_arguments"}
        if method == "assistant.threads.setSuggestedPrompts":
            prompts = args.get("prompts")
            prompts = json.loads(prompts) if isinstance(prompts, str) else prompts
            if (not isinstance(prompts, list) or not 1 <= len(prompts) <= 4
                    or not all(isinstance(p, dict) and p.get("title") and p.get("message") for p in prompts)):
                return {"ok": False, "error": "invalid_arguments"}
            return {"ok": True}
        return {"ok": False, "error": "unknown_method"}


def _handler(standin: SlackAPIStandIn) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, fmt, *args):  # quiet
            pass

        def _body(self) -> bytes:
            n = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(n) if n else b""

        def _args(self, raw: bytes, query: str) -> dict[str, Any]:
            args: dict[str, Any] = {k: v[-1] for k, v in parse_qs(query).items()}
            ctype = self.headers.get("Content-Type", "")
            if raw and ctype.startswith("application/json"):
                args.update(json.loads(raw))
            elif raw:
                args.update({k: v[-1] for k, v in parse_qs(raw.decode("utf-8")).items()})
            return args

        def _reply(self, status: int, body: Any, ctype: str = "application/json") -> None:
            data = (json.dumps(body) if not isinstance(body, str) else body).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            path, _, query = self.path.partition("?")
            if path.startswith("/api/"):
                self._reply(200, standin.api(path[5:], self._args(b"", query), self.headers.get("Authorization", "")))
            elif path.startswith("/files-pri/"):
                name = path.rsplit("/", 1)[-1]
                auth = self.headers.get("Authorization", "")
                standin.file_requests.append((name, auth))
                if name in standin.held:
                    standin.held[name].wait(60)
                data = standin.files.get(name)
                if auth != f"Bearer {standin.token}":
                    self._reply(403, "forbidden", "text/plain")
                elif data is None:
                    self._reply(404, "not found", "text/plain")
                else:
                    self.send_response(200)
                    self.send_header("Content-Type", "application/octet-stream")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
            else:
                self._reply(404, {"ok": False})

        def do_POST(self) -> None:
            path, _, query = self.path.partition("?")
            raw = self._body()
            if path.startswith("/api/"):
                self._reply(200, standin.api(path[5:], self._args(raw, query), self.headers.get("Authorization", "")))
            elif path.startswith("/upload/"):
                fid = path[len("/upload/"):]
                standin.uploads[fid] = raw
                standin._record(Call("upload", fid, {"size": len(raw)}))
                self._reply(200, f"OK - {len(raw)}", "text/plain")
            elif path.startswith("/response/"):
                args = json.loads(raw or b"{}")
                standin._record(Call("response", path[len("/response/"):], args))
                self._reply(200, "ok", "text/plain")
            else:
                self._reply(404, {"ok": False})

    return Handler


# ---------------------------------------------------------------- the Slack side of requests

@dataclass(frozen=True)
class Sent:
    status: int
    body: str
    seconds: float

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


class SlackSender:
    """Sends signed requests to the app at `url`, the way Slack does."""

    def __init__(self, url: str, signing_secret: str, *, team: str = TEAM):
        self.url = url
        self.verifier = SignatureVerifier(signing_secret)
        self.team = team
        self._ids = itertools.count(1)

    def post(self, body: str, content_type: str, *, timestamp: int | None = None, signature: str | None = None,
             headers: dict[str, str] | None = None) -> Sent:
        ts = str(int(time.time()) if timestamp is None else timestamp)
        sig = signature if signature is not None else self.verifier.generate_signature(timestamp=ts, body=body)
        req = urllib.request.Request(self.url, data=body.encode("utf-8"), method="POST", headers={
            "Content-Type": content_type, "X-Slack-Request-Timestamp": ts, "X-Slack-Signature": sig,
            "User-Agent": "Slackbot 1.0 (+https://api.slack.com/robots)", **(headers or {})})
        t0 = time.perf_counter()
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                return Sent(resp.status, resp.read().decode("utf-8"), time.perf_counter() - t0)
        except urllib.error.HTTPError as e:
            return Sent(e.code, e.read().decode("utf-8"), time.perf_counter() - t0)

    def command(self, command: str, text: str, *, user: str = "U0LAWYER", channel: str = "C0LIT",
                response_url: str = "", trigger_id: str = "", **kw: Any) -> Sent:
        form = {"token": "legacy-verification-token", "team_id": self.team, "team_domain": "rulebot-test",
                "channel_id": channel, "channel_name": "litigation", "user_id": user, "user_name": "associate",
                "command": command, "text": text, "api_app_id": "A0RULEBOT", "is_enterprise_install": "false",
                "response_url": response_url, "trigger_id": trigger_id or f"{next(self._ids)}.trigger"}
        return self.post(urlencode(form), "application/x-www-form-urlencoded", **kw)

    def event(self, event: dict[str, Any], *, event_id: str = "", retry_num: int | None = None, **kw: Any) -> Sent:
        body = {"token": "legacy-verification-token", "team_id": self.team, "api_app_id": "A0RULEBOT",
                "event": event, "type": "event_callback", "event_id": event_id or f"Ev{next(self._ids):08d}",
                "event_time": int(time.time()),
                "authorizations": [{"team_id": self.team, "user_id": BOT_USER, "is_bot": True}]}
        headers = dict(kw.pop("headers", {}) or {})
        if retry_num is not None:
            headers.update({"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"})
        return self.post(json.dumps(body), "application/json", headers=headers, **kw)

    def interaction(self, payload: dict[str, Any], **kw: Any) -> Sent:
        """`block_actions` / `view_submission`: a form field `payload` holding JSON, as Slack sends it."""
        payload = {"team": {"id": self.team, "domain": "rulebot-test"}, "api_app_id": "A0RULEBOT",
                   "token": "legacy-verification-token", **payload}
        return self.post(urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded", **kw)

    def block_action(self, action: dict[str, Any], *, user: str = "U0LAWYER", channel: str = "C0LIT",
                     message_ts: str = "", thread_ts: str = "", response_url: str = "", is_ephemeral: bool = False,
                     view: dict | None = None, state: dict[str, dict] | None = None, **kw: Any) -> Sent:
        """A button clicked (`action`); `state`: the inputs of the message it is in, by block id, as Slack sends
        them ({"reason": {"reason": {"type": "plain_text_input", "value": "..."}}})."""
        container: dict[str, Any] = ({"type": "view", "view_id": view.get("id", "")} if view else
                                     {"type": "message", "message_ts": message_ts, "channel_id": channel,
                                      "is_ephemeral": is_ephemeral})
        if thread_ts:
            container["thread_ts"] = thread_ts
        payload: dict[str, Any] = {
            "type": "block_actions", "user": {"id": user, "username": "associate", "team_id": self.team},
            "trigger_id": f"{next(self._ids)}.trigger", "container": container,
            "actions": [{"type": "button", "block_id": "b", "action_ts": str(time.time()), **action}]}
        if state is not None:
            payload["state"] = {"values": state}
        if view:
            payload["view"] = view
        else:
            payload["channel"] = {"id": channel, "name": "litigation"}
            payload["response_url"] = response_url
            if not is_ephemeral:
                payload["message"] = {"type": "message", "ts": message_ts, "thread_ts": thread_ts or None}
        return self.interaction(payload, **kw)

    def view_submission(self, view: dict[str, Any], values: dict[str, str], *, user: str = "U0LAWYER",
                        **kw: Any) -> Sent:
        """Submit `view` (as opened by the app) with text `values` by block id."""
        state: dict[str, Any] = {}
        for block in view.get("blocks", []):
            if block.get("type") == "input":
                aid = block["element"]["action_id"]
                state[block["block_id"]] = {aid: {"type": block["element"]["type"],
                                                  "value": values.get(block["block_id"]) or None}}
        payload = {"type": "view_submission", "user": {"id": user, "username": "associate", "team_id": self.team},
                   "trigger_id": f"{next(self._ids)}.trigger",
                   "view": {**view, "id": view.get("id", "V1"), "state": {"values": state}}}
        return self.interaction(payload, **kw)

    def message_action(self, callback_id: str, message: dict[str, Any], *, user: str = "U0LAWYER",
                       channel: str = "C0LIT", response_url: str = "", **kw: Any) -> Sent:
        """A message shortcut chosen on `message` ({"ts", "text", "user", optionally "thread_ts"})."""
        payload = {"type": "message_action", "callback_id": callback_id, "action_ts": str(time.time()),
                   "trigger_id": f"{next(self._ids)}.trigger", "message_ts": message.get("ts", ""),
                   "user": {"id": user, "username": "associate", "team_id": self.team},
                   "channel": {"id": channel, "name": "litigation"},
                   "message": {"type": "message", **message}, "response_url": response_url}
        return self.interaction(payload, **kw)


# ---------------------------------------------------------------- Socket Mode

class SocketModeStandIn:
    """A loopback Socket Mode server (aiohttp WebSocket): says `hello`, sends envelopes, records acks."""

    def __init__(self) -> None:
        import asyncio

        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._cond = threading.Condition()
        self._sockets: list[Any] = []
        self.acks: dict[str, tuple[float, Any]] = {}  # envelope id -> (monotonic time, payload)
        self.port = 0
        self._runner: Any = None
        self._thread = threading.Thread(target=self._run, daemon=True, name="socket-mode-standin")

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/link/?ticket=t"

    def _run(self) -> None:
        import asyncio

        from aiohttp import WSMsgType, web

        async def link(request):
            ws = web.WebSocketResponse(autoping=True)
            await ws.prepare(request)
            with self._cond:
                self._sockets.append(ws)
                self._cond.notify_all()
            await ws.send_json({"type": "hello", "num_connections": 1,
                                "debug_info": {"host": "standin"}, "connection_info": {"app_id": "A0RULEBOT"}})
            async for msg in ws:
                if msg.type == WSMsgType.TEXT:
                    data = json.loads(msg.data)
                    with self._cond:
                        self.acks[data.get("envelope_id", "")] = (time.monotonic(), data.get("payload"))
                        self._cond.notify_all()
            with self._cond:
                if ws in self._sockets:
                    self._sockets.remove(ws)
            return ws

        async def start():
            app = web.Application()
            app.router.add_get("/link/", link)
            self._runner = web.AppRunner(app)
            await self._runner.setup()
            site = web.TCPSite(self._runner, "127.0.0.1", 0)
            await site.start()
            self.port = site._server.sockets[0].getsockname()[1]
            self._ready.set()

        asyncio.set_event_loop(self._loop)
        self._loop.run_until_complete(start())
        self._loop.run_forever()

    def start(self) -> "SocketModeStandIn":
        self._thread.start()
        self._ready.wait(10)
        return self

    def stop(self) -> None:
        import asyncio

        async def stop():
            for ws in list(self._sockets):
                await ws.close()
            await self._runner.cleanup()

        asyncio.run_coroutine_threadsafe(stop(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)

    def __enter__(self) -> "SocketModeStandIn":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def wait_connected(self, timeout: float = 10.0) -> None:
        with self._cond:
            if not self._cond.wait_for(lambda: self._sockets, timeout):
                raise TimeoutError("the app did not connect in Socket Mode")

    def send(self, kind: str, payload: dict[str, Any], **extra: Any) -> str:
        """Send one envelope (`slash_commands`, `events_api`, `interactive`); returns its id."""
        import asyncio

        envelope_id = f"env-{uuid_hex()}"
        body = {"envelope_id": envelope_id, "type": kind, "payload": payload,
                "accepts_response_payload": kind != "events_api", **extra}
        with self._cond:
            ws = self._sockets[-1]
        asyncio.run_coroutine_threadsafe(ws.send_json(body), self._loop).result(10)
        return envelope_id

    def wait_ack(self, envelope_id: str, timeout: float = 10.0) -> tuple[float, Any]:
        with self._cond:
            if not self._cond.wait_for(lambda: envelope_id in self.acks, timeout):
                raise TimeoutError(f"no ack for {envelope_id}")
            return self.acks[envelope_id]


def uuid_hex() -> str:
    import uuid

    return uuid.uuid4().hex[:12]


def buttons(call) -> dict[str, list[str]]:
    """The buttons of a posted message by action id (Slack's feedback buttons as "feedback": the answer keys)."""
    out: dict[str, list[str]] = {}
    for b in call.blocks:
        for el in b.get("elements", []) + ([b["accessory"]] if "accessory" in b else []):
            if el.get("type") == "button":
                out.setdefault(el["action_id"].split(":")[0], []).append(el["value"])
            if el.get("type") == "feedback_buttons":  # Slack's own 👍/👎: "up:KEY", "down:KEY"
                out.setdefault("feedback", []).append(el["positive_button"]["value"].partition(":")[2])
    return out
