"""The rulebot Slack app: build the Bolt `App` from settings and an engine, and serve it.

    rulebot serve slack --port 3000      # HTTP mode: Slack posts to http://HOST:3000/slack/events
    rulebot serve slack --socket-mode    # Socket Mode: no public URL, needs SLACK_APP_TOKEN

>>> from bot.settings import Settings
>>> api_url(Settings.load(env={"RULEBOT_HOME": "/tmp/rb", "SLACK_API_URL": "http://127.0.0.1:9/api"}))
'http://127.0.0.1:9/api/'
"""

from __future__ import annotations

import logging
import signal
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from slack_bolt import App
from slack_bolt.error import BoltError
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from bot.errors import RulebotError
from bot.admin.feedback import FeedbackStore
from bot.settings import Settings
from bot.slack import handlers
from bot.slack.jobs import Drafting, Runtime, Workers
from bot.slack.outbound import Outbox
from bot.slack.server import SlackHTTPServer

log = logging.getLogger("rulebot.slack")
DEFAULT_API_URL = "https://slack.com/api/"
DEFAULT_PORT = 3000


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


def load_drafting(settings: Settings | None = None) -> Drafting | None:
    """The drafting step (`bot.draft`)."""
    from bot.draft import compose, docx, facts, kinds

    return Drafting(kinds=dict(kinds.KINDS), parse_form=facts.from_form,
                    compose=compose.drafter(settings) if settings else compose.draft, to_docx=docx.to_bytes)


def load_sync() -> Any:
    """`bot.admin.corpus.sync`."""
    from bot.admin.corpus import sync

    return sync


def make_runtime(settings: Settings, engine: Any, client: WebClient, *, workers: int = 4,
                 max_pending: int = 500, progress_interval: float = 2.0,
                 drafting: Drafting | None | str = "auto", sync: Any = "auto") -> Runtime:
    return Runtime(
        settings=settings, engine=engine, out=Outbox(client, api_url=settings.slack_api_url),
        feedback=FeedbackStore(settings.feedback_db),
        workers=Workers(workers, max_pending=max_pending, name="rulebot-answer"),
        admin_workers=Workers(2, max_pending=10, name="rulebot-admin"),
        drafting=load_drafting(settings) if drafting == "auto" else drafting,  # type: ignore[arg-type]
        sync=load_sync() if sync == "auto" else sync,
        progress_interval=progress_interval,
    )


def _check_signing_secret(settings: Settings, *, socket_mode: bool) -> None:
    if not socket_mode and not settings.slack_signing_secret:
        raise RulebotError("SLACK_SIGNING_SECRET is not set: copy the Signing Secret from the Slack app's "
                           "Basic Information page into SLACK_SIGNING_SECRET (or use Socket Mode).")


def build_app(settings: Settings, engine: Any, *, client: WebClient | None = None, runtime: Runtime | None = None,
              socket_mode: bool = False) -> App:
    """A Bolt `App` with every rulebot listener registered.

    The app checks request signatures with `settings.slack_signing_secret` (HTTP
    mode) and calls `auth.test` once at start.  `runtime.close()` (or
    `app.rulebot_runtime.close()`) stops its worker pools.
    """
    _check_signing_secret(settings, socket_mode=socket_mode)
    client = client or make_client(settings)
    rt = runtime or make_runtime(settings, engine, client)
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
    handlers.register(app, rt)
    app.rulebot_runtime = rt  # type: ignore[attr-defined]
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
    from bot.ops import library_log_levels

    logger = logging.getLogger("rulebot.slack.bolt")
    for kind, where in ((_QuietTokenWarning, logger), (_NoRequestBodies, logger),
                        (_NoRequestBodies, logging.getLogger("slack_bolt.RequestVerification"))):
        if not any(isinstance(f, kind) for f in where.filters):
            where.addFilter(kind())
    library_log_levels(settings)
    return logger


def serve(settings: Settings, *, port: int | None, socket_mode: bool, engine: Any = None,
          host: str = "0.0.0.0") -> int:
    """Run the Slack app until interrupted.  Socket Mode when `socket_mode`, or when no `port` is
    given and SLACK_APP_TOKEN is set; otherwise HTTP on `port` (default 3000) at /slack/events."""
    use_socket = socket_mode or (port is None and bool(settings.slack_app_token))
    if use_socket and not settings.slack_app_token:
        raise RulebotError("Socket Mode needs SLACK_APP_TOKEN: create an app-level token (xapp-…) with the "
                           "connections:write scope on the Slack app's Basic Information page.")
    _check_signing_secret(settings, socket_mode=use_socket)
    client = make_client(settings)  # settings are checked before the (slower) engine starts
    if engine is None:
        from bot.engine import Engine

        engine = Engine(settings)
    app = build_app(settings, engine, client=client, socket_mode=use_socket)
    rt: Runtime = app.rulebot_runtime  # type: ignore[attr-defined]
    _stop_on_sigterm()
    server = None
    try:
        if use_socket:
            log.info("rulebot Slack app connecting in Socket Mode")
            print("rulebot Slack app connecting to Slack in Socket Mode", flush=True)
            socket_mode_handler(app, settings).start()
        else:
            server = SlackHTTPServer(app, host=host, port=port or DEFAULT_PORT)
            print(f"rulebot Slack app listening on http://{host}:{server.port}/slack/events", flush=True)
            server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        if server is not None:
            server.stop()
        rt.close(wait=True)
    return 0


def _stop_on_sigterm() -> None:
    if threading.current_thread() is not threading.main_thread():
        return

    def stop(signum, frame):  # pragma: no cover - signal path
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
