"""Microsoft Teams as a `bot.surfaces.Surface`: ``/api/messages`` on the one server."""

from __future__ import annotations

from typing import Any

from bot.surfaces import ServeOptions, Started


class Teams:
    """/api/messages"""

    name = "teams"
    default_port = 3978
    needs = ("MicrosoftAppId, MicrosoftAppPassword and MicrosoftAppTenantId for Teams (or pass --no-auth to try it "
             "locally)")

    def configured(self, settings: Any, options: ServeOptions) -> bool:
        from bot.teams.app import has_credentials

        return options.no_auth or has_credentials(settings)

    def prepare(self, settings: Any, options: ServeOptions) -> dict:
        return {}

    def start(self, settings: Any, chat: Any, prepared: dict, options: ServeOptions) -> Started:
        from bot.teams.app import no_auth_banner, teams_mount

        return Started(mount=teams_mount(settings, chat, no_auth=options.no_auth),
                       warning=no_auth_banner if options.no_auth else None)


SURFACE = Teams()
