"""The Slack app's HTTP edge on the one aiohttp server (`bot.edges.server`): aiohttp request ->
`BoltRequest` -> the sync ``App.dispatch`` in an executor -> aiohttp response.

    handler = slack_events_handler(app, executor=ThreadPoolExecutor(8, thread_name_prefix="slack-ack"))
    Mount(routes=(("POST", EVENTS_PATH, handler),))

The body has already been read within the server's size and time limits; Bolt checks the
signature and the timestamp (never disabled here) and acks within milliseconds, off the
event loop.  A failure is a bare 500 (the reason goes to the log, never to Slack).
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
from concurrent.futures import Executor
from typing import Awaitable, Callable

from aiohttp import web
from multidict import CIMultiDict
from slack_bolt import App, BoltRequest, BoltResponse

from bot.edges.bodies import too_deep

log = logging.getLogger("rulebot.slack.http")
EVENTS_PATH = "/slack/events"


def to_bolt_request(body: bytes | str, query: str, headers: CIMultiDict | dict) -> BoltRequest:
    """Bolt's request: the body as text, the query string, every header lower-cased with its values as a list."""
    lists: dict[str, list[str]] = {}
    for name, value in headers.items():
        lists.setdefault(name.lower(), []).append(value)
    text = body if isinstance(body, str) else body.decode("utf-8", errors="replace")
    return BoltRequest(body=text, query=query, headers=lists)


def to_aiohttp_response(resp: BoltResponse) -> web.Response:
    """aiohttp's response for Bolt's: status, every header value, the body (its length set by aiohttp)."""
    headers: CIMultiDict[str] = CIMultiDict()
    for name, values in resp.headers.items():
        if name.lower() == "content-length":
            continue
        for value in [values] if isinstance(values, str) else values:
            headers.add(name, str(value))
    body = resp.body if isinstance(resp.body, str) else str(resp.body)
    return web.Response(status=resp.status, body=body.encode("utf-8"), headers=headers)


def slack_events_handler(app: App, *, executor: Executor) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    """The aiohttp handler for ``POST /slack/events`` (commands, events, interactivity)."""

    async def handle(request: web.Request) -> web.StreamResponse:
        body = await request.read()
        try:  # Bolt reads the body before it checks the signature: a body it cannot read is refused here
            text = body.decode("utf-8", errors="replace")  # decoded once: checked, then handed to Bolt
            if too_deep(text):  # refused unparsed (bot.edges.bodies)
                raise RecursionError("nested too deeply")
            bolt_request = to_bolt_request(text, request.query_string, request.headers)
        except (ValueError, TypeError, AttributeError, RecursionError) as exc:
            log.warning("slack: unreadable request refused (%d bytes, %s)", len(body), type(exc).__name__)
            return web.Response(status=400, text="unreadable request body")
        try:
            context = contextvars.copy_context()  # the request's context vars (request id) follow it
            resp = await asyncio.get_running_loop().run_in_executor(executor, context.run, app.dispatch,
                                                                     bolt_request)
            return to_aiohttp_response(resp)
        except Exception:
            log.exception("slack: dispatch failed")
            return web.Response(status=500)

    return handle
