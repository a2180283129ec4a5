"""The Teams bot's web server: ``POST /api/messages`` on aiohttp, plus ``GET /healthz``
(the process is up) and ``GET /readyz`` (the index can be read).

``rulebot serve teams --port P`` calls `serve`; tests call `build_web_app` and
run it on loopback with aiohttp's runner.

    app = build_web_app(settings, engine, no_auth=True)
    web.run_app(app, host="127.0.0.1", port=3978)
"""

from __future__ import annotations

import logging
import sys
import time
from typing import Any

from aiohttp import web

from bot.errors import RulebotError
from bot.settings import Settings
from bot.teams.adapter import make_adapter, messages_endpoint
from bot.teams.handlers import Handlers

log = logging.getLogger("rulebot.teams")

HANDLERS_KEY = web.AppKey("rulebot_teams_handlers", Handlers)
MESSAGES_PATH = "/api/messages"

NO_CREDENTIALS = ("Teams credentials are not set: set MicrosoftAppId and MicrosoftAppPassword (and "
                  "MicrosoftAppTenantId for a single-tenant bot), or pass --no-auth for local testing only.")
NO_AUTH_BANNER = ("WARNING: --no-auth: the Teams bot accepts UNAUTHENTICATED requests on {where} and sends "
                  "replies to whatever serviceUrl they name. Use it only for local testing; never expose it.")


APP_TYPES = ("multitenant", "singletenant", "userassignedmsi")


def credential_problem(settings: Settings) -> str | None:
    """What is wrong with the ``MicrosoftApp*`` settings, in one line (None when they are usable)."""
    app_type = (settings.ms_app_type or "MultiTenant").lower()
    if app_type not in APP_TYPES:
        return (f"MicrosoftAppType is {settings.ms_app_type!r}; use MultiTenant, SingleTenant or "
                "UserAssignedMSI (as registered for the bot in Azure).")
    if not settings.ms_app_id or (app_type != "userassignedmsi" and not settings.ms_app_password):
        return NO_CREDENTIALS
    if app_type in ("singletenant", "userassignedmsi") and not settings.ms_app_tenant_id:
        return f"MicrosoftAppType is {settings.ms_app_type}: set MicrosoftAppTenantId to the bot's tenant id."
    return None


def has_credentials(settings: Settings) -> bool:
    return credential_problem(settings) is None


def build_web_app(settings: Settings, engine: Any, *, no_auth: bool, **handler_options: Any) -> web.Application:
    """The aiohttp application serving ``POST /api/messages`` (``handler_options`` go to `Handlers`)."""
    problem = None if no_auth else credential_problem(settings)
    if problem:
        raise RulebotError(problem)
    handlers = Handlers(settings, engine, **handler_options)
    adapter = make_adapter(settings, no_auth=no_auth)
    app = web.Application(client_max_size=1024 * 1024)
    app[HANDLERS_KEY] = handlers
    app.router.add_post(MESSAGES_PATH, messages_endpoint(adapter, handlers.handle,
                                                         app_id="" if no_auth else settings.ms_app_id))

    from bot.ops import add_aiohttp_routes

    add_aiohttp_routes(app, engine)  # GET /healthz, /readyz (index and model loaded), /metrics

    async def on_cleanup(_app: web.Application) -> None:
        await handlers.close()

    app.on_cleanup.append(on_cleanup)
    return app


def warm_up(engine: Any) -> None:
    """Load the index and the model before listening, so the first question is answered as fast
    as the others (well inside Teams' 15 seconds).  A missing index is reported, not fatal:
    questions get the engine's message until an admin reindexes."""
    started = time.monotonic()
    try:
        engine.search("warm up", k=1)
    except RulebotError as err:
        print(f"rulebot: {err}", file=sys.stderr, flush=True)
        return
    log.info("teams: index and model loaded in %.1f s", time.monotonic() - started)


def serve(settings: Settings, *, port: int, no_auth: bool, engine: Any = None, host: str | None = None) -> None:
    """Run the Teams bot until interrupted.

    Refuses to start without credentials unless ``no_auth`` (which it announces loudly, and
    which binds to 127.0.0.1 unless a host is given)."""
    problem = None if no_auth else credential_problem(settings)
    if problem:
        raise RulebotError(problem)
    host = host or ("127.0.0.1" if no_auth else "0.0.0.0")
    if no_auth:
        banner = NO_AUTH_BANNER.format(where=f"http://{host}:{port}{MESSAGES_PATH}")
        log.warning(banner)
        print(banner, file=sys.stderr, flush=True)
    if engine is None:
        from bot.engine import Engine

        engine = Engine(settings)
    warm_up(engine)
    app = build_web_app(settings, engine, no_auth=no_auth)
    print(f"rulebot Teams bot listening on http://{host}:{port}{MESSAGES_PATH}", file=sys.stderr, flush=True)
    web.run_app(app, host=host, port=port, print=None, access_log=None)
