"""The Teams surface of the one server: ``POST /api/messages`` over the chat service.

`teams_mount` is what `rulebot serve` mounts beside Slack; `build_web_app`
serves Teams alone (tests, ``rulebot serve teams``).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Mapping

from aiohttp import web

from bot.chat.service import Chat
from bot.errors import RulebotError
from bot.edges.server import Mount, build_app
from bot.settings import Settings
from bot.teams.adapter import DEFAULT_APP_TYPE, CHANNEL_METADATA_URL, make_adapter, messages_endpoint, signing_keys, \
    use_signing_keys
from bot.teams.handlers import Handlers
from bot.teams.keys import SigningKeys

log = logging.getLogger("rulebot.teams")

MESSAGES_PATH = "/api/messages"

NO_CREDENTIALS = ("Teams credentials are not set: set MicrosoftAppId, MicrosoftAppPassword and MicrosoftAppTenantId "
                  "(a single-tenant bot, the default), or pass --no-auth for local testing only.")
NO_AUTH_BANNER = ("WARNING: --no-auth: the Teams bot accepts UNAUTHENTICATED requests on {where} and sends "
                  "replies to whatever serviceUrl they name. Use it only for local testing; never expose it.")


APP_TYPES = ("multitenant", "singletenant", "userassignedmsi")


def credential_problem(settings: Settings) -> str | None:
    """What is wrong with the ``MicrosoftApp*`` settings, in one line (None when they are usable)."""
    app_type = (settings.ms_app_type or DEFAULT_APP_TYPE).lower()
    if app_type not in APP_TYPES:
        return (f"MicrosoftAppType is {settings.ms_app_type!r}; use MultiTenant, SingleTenant or "
                "UserAssignedMSI (as registered for the bot in Azure).")
    if not settings.ms_app_id or (app_type != "userassignedmsi" and not settings.ms_app_password):
        return NO_CREDENTIALS
    if app_type in ("singletenant", "userassignedmsi") and not settings.ms_app_tenant_id:
        return (f"MicrosoftAppType is {settings.ms_app_type or DEFAULT_APP_TYPE}: set MicrosoftAppTenantId to the bot's "
                "tenant id (a bot registered as multi-tenant before 2025-07-31 sets MicrosoftAppType=MultiTenant).")
    return None


def has_credentials(settings: Settings) -> bool:
    return credential_problem(settings) is None


def teams_mount(settings: Settings, chat: Chat, *, no_auth: bool, answer_deadline: float = 10.0,
                keys: Mapping[str, SigningKeys] | None = None) -> Mount:
    """``POST /api/messages`` for the one server (`bot.edges.server`), over the chat service `chat`.

    Refuses to build without Bot Framework credentials unless ``no_auth`` (local testing only).  With them, the
    Bot Framework's signing keys are fetched off the event loop (`keys`: metadata URL -> `SigningKeys`, by
    default the public cloud's) and warmed in the background as the server starts."""
    problem = None if no_auth else credential_problem(settings)
    if problem:
        raise RulebotError(problem)
    handlers = Handlers(chat, answer_deadline=answer_deadline)
    adapter = make_adapter(settings, no_auth=no_auth)
    endpoint = messages_endpoint(adapter, handlers.handle, app_id="" if no_auth else settings.ms_app_id)
    if no_auth:
        return Mount(routes=(("POST", MESSAGES_PATH, endpoint),), cleanup=handlers.close)
    keys = dict(keys if keys is not None else signing_keys(settings))
    remove_keys = use_signing_keys(keys)
    warming: list[asyncio.Task] = []

    async def start() -> None:  # the Bot Connector's keys: in the background, never holding the start
        channel = keys.get(CHANNEL_METADATA_URL)
        if channel is not None:
            warming.append(asyncio.get_running_loop().create_task(channel.warm()))

    async def stop() -> None:
        for task in warming:
            task.cancel()
        remove_keys()
        await handlers.close()

    return Mount(routes=(("POST", MESSAGES_PATH, endpoint),), cleanup=stop, startup=start)


def build_web_app(settings: Settings, chat: Chat, *, no_auth: bool, **options: Any) -> web.Application:
    """The one server's application with only the Teams surface mounted (tests, `serve teams`)."""
    from bot.edges.ops import probe

    return build_app(settings, [teams_mount(settings, chat, no_auth=no_auth, **options)],
                     probes=lambda path: probe(path, chat.engine, chat.state))


def no_auth_banner(base_url: str) -> str:
    """The warning `rulebot serve --no-auth` gives once, when the server at `base_url` listens."""
    return NO_AUTH_BANNER.format(where=f"{base_url}{MESSAGES_PATH}")
