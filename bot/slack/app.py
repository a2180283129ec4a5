"""The rulebot Slack app: a Bolt `App` built from settings over the chat service.

`rulebot serve` mounts it at ``/slack/events`` of the one server (`bot.edges.server`,
`bot.slack.http`); without a public URL it connects out in Socket Mode
(`socket_mode_handler`, needs SLACK_APP_TOKEN).

>>> from bot.settings import Settings
>>> api_url(Settings.load(env={"RULEBOT_HOME": "/tmp/rb", "SLACK_API_URL": "http://127.0.0.1:9/api"}))
'http://127.0.0.1:9/api/'
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor

from slack_bolt import App
from slack_bolt.error import BoltError
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from bot.errors import RulebotError
from bot.chat.service import Chat
from bot.settings import Settings
from bot.slack import handlers
from bot.edges.server import Mount
from bot.slack.http import slack_events_handler
from bot.slack.outbound import Outbox

log = logging.getLogger("rulebot.slack")
DEFAULT_API_URL = "https://slack.com/api/"


def api_url(settings: Settings) -> str:
    url = settings.slack_api_url or DEFAULT_API_URL
    return url if url.endswith("/") else url + "/"


def make_client(settings: Settings) -> WebClient:
    """The Web API client: bot token, `settings.slack_api_url`, retries on rate limits."""
    if not settings.slack_bot_token:
        raise RulebotError("SLACK_BOT_TOKEN is not set: copy the Bot User OAuth Token (xoxb-…) from the "
                           "Slack app's OAuth & Permissions page into SLACK_BOT_TOKEN.")
    client = WebClient(token=settings.slack_bot_token, base_url=api_url(settings))
    client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=2))
    return client


def _check_signing_secret(settings: Settings, *, socket_mode: bool) -> None:
    if not socket_mode and not settings.slack_signing_secret:
        raise RulebotError("SLACK_SIGNING_SECRET is not set: copy the Signing Secret from the Slack app's "
                           "Basic Information page into SLACK_SIGNING_SECRET (or use Socket Mode).")


def build_app(settings: Settings, chat: Chat, *, client: WebClient | None = None, socket_mode: bool = False) -> App:
    """A Bolt `App` with every rulebot listener registered, over the chat service `chat`.

    The app checks request signatures with `settings.slack_signing_secret` (HTTP
    mode) and calls `auth.test` once at start.
    """
    _check_signing_secret(settings, socket_mode=socket_mode)
    client = client or make_client(settings)
    try:
        app = App(
            client=client,
            signing_secret=settings.slack_signing_secret,
            process_before_response=False,
            listener_executor=ThreadPoolExecutor(max_workers=16, thread_name_prefix="rulebot-bolt"),
            name="rulebot",
            logger=_bolt_logger(settings),
        )
    except BoltError as e:
        raise RulebotError(f"Slack did not accept the bot token ({e}). Check SLACK_BOT_TOKEN and "
                           "that the app is installed in the workspace.") from None
    except OSError as e:  # URLError, timeouts, refused connections
        raise RulebotError(f"Could not reach Slack's Web API at {client.base_url} ({getattr(e, 'reason', e)}); "
                           "check the network, or SLACK_API_URL if you set it.") from None
    handlers.register(app, chat, Outbox(client, api_url=settings.slack_api_url, proxies=settings.proxies))
    return app


def socket_mode_handler(app: App, settings: Settings):
    """Bolt's Socket Mode adapter for `app` (its Web API client, so `slack_api_url`, is reused);
    `.connect()` returns at once, `.start()` blocks."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    return SocketModeHandler(app, settings.slack_app_token)


class _QuietTokenWarning(logging.Filter):
    """Bolt reads SLACK_BOT_TOKEN itself and warns that it is unused when a client is given: it is not
    (our client carries that token), so the warning would only alarm an administrator."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "`token` will be unused" not in record.getMessage()


class _NoRequestBodies(logging.Filter):
    """Bolt logs the whole body of a request it refuses (bad or stale signature, a middleware that
    did not answer), and a body can hold a question: keep its size and the reason, never the body."""

    REFUSALS = (("Invalid request signature detected", "refused a Slack request with an invalid or stale signature"),
                ("without providing a response for the request", "a middleware did not answer a Slack request"))

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        for marker, reason in self.REFUSALS:
            if marker in message:
                body = message.partition("body: " if "body: " in message else "request (")[2]
                record.msg, record.args = "%s (%d bytes; body not logged)", (reason, len(body.encode("utf-8")))
        return True


def _bolt_logger(settings: Settings) -> logging.Logger:
    """The logger Bolt copies to each of its parts (level and filters): no request bodies in any line,
    and with RULEBOT_AUDIT_HASH_QUESTIONS nothing below WARNING at all."""
    from bot.edges.ops import library_log_levels

    logger = logging.getLogger("rulebot.slack.bolt")
    for kind, where in ((_QuietTokenWarning, logger), (_NoRequestBodies, logger),
                        (_NoRequestBodies, logging.getLogger("slack_bolt.RequestVerification"))):
        if not any(isinstance(f, kind) for f in where.filters):
            where.addFilter(kind())
    library_log_levels(settings)
    return logger


EVENTS_PATH = "/slack/events"


def slack_mount(settings: Settings, chat: Chat, *, client: WebClient | None = None) -> Mount:
    """``POST /slack/events`` (commands, events, interactivity) for the one server (`bot.edges.server`).

    Bolt's listeners are synchronous and acknowledge within milliseconds: each request is dispatched on a
    small thread pool so the event loop keeps reading other requests; the answering itself happens on
    the chat service's workers."""
    app = build_app(settings, chat, client=client)
    executor = ThreadPoolExecutor(max_workers=16, thread_name_prefix="rulebot-slack-dispatch")

    async def cleanup() -> None:
        executor.shutdown(wait=False, cancel_futures=True)

    return Mount(routes=(("POST", EVENTS_PATH, slack_events_handler(app, executor=executor)),), cleanup=cleanup)
