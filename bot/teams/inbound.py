"""Our own small types for the Teams front end.

The adapter (``bot.teams.adapter``, the only module that imports botbuilder)
turns each Bot Framework Activity into one of the ``Inbound`` values below and
turns our ``Outbound`` replies back into Activities.  Handlers and card
builders never see Bot Framework objects, so moving to the Microsoft 365
Agents SDK only means rewriting the adapter.

>>> Message(activity_id="1", conversation_id="c", user=User(id="29:1"), text="hi").text
'hi'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping, Protocol, Union


@dataclass(frozen=True)
class User:
    """Who sent an activity: Teams user id, Azure AD object id (used for admin checks) and name."""

    id: str
    aad_object_id: str = ""
    name: str = ""

    @property
    def key(self) -> str:
        """The id we record and compare with ``settings.admins``: the AAD object id when Teams sends one."""
        return self.aad_object_id or self.id


@dataclass(frozen=True)
class Message:
    """A user's text message (chat, or a channel mention with the ``<at>`` tag removed)."""

    activity_id: str
    conversation_id: str
    user: User
    text: str
    conversation_type: str = ""  # "personal" | "groupChat" | "channel"


@dataclass(frozen=True)
class Submit:
    """A card action: Action.Submit / messageBack (a message with a value) or an
    ``adaptiveCard/action`` invoke (Action.Execute).  ``verb`` names what to do;
    ``data`` holds the action's data merged with the card's input values."""

    activity_id: str
    conversation_id: str
    user: User
    verb: str
    data: Mapping[str, Any] = field(default_factory=dict)
    invoke: bool = False  # True when the channel waits for an invoke response


@dataclass(frozen=True)
class MembersAdded:
    """A conversationUpdate that added members; ``bot_added`` when the bot itself joined."""

    activity_id: str
    conversation_id: str
    bot_added: bool
    user_ids: tuple[str, ...] = ()


Inbound = Union[Message, Submit, MembersAdded]


@dataclass(frozen=True)
class Outbound:
    """A reply: plain text (Markdown), an Adaptive Card (the card's JSON), or both."""

    text: str = ""
    card: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class InvokeResult:
    """What an ``adaptiveCard/action`` invoke returns to Teams: a short message, or a card
    that replaces the one the user acted on."""

    message: str = ""
    card: Mapping[str, Any] | None = None
    status: int = 200

    def body(self) -> dict[str, Any]:
        """The Universal Actions response body."""
        if self.card is not None:
            return {"statusCode": self.status, "type": "application/vnd.microsoft.card.adaptive",
                    "value": dict(self.card)}
        return {"statusCode": self.status, "type": "application/vnd.microsoft.activity.message",
                "value": self.message}


class Channel(Protocol):
    """How handlers talk back to a conversation (implemented by the adapter)."""

    async def typing(self) -> None: ...

    async def send(self, out: Outbound) -> str:
        """Post a reply; returns the new activity's id (used to update it later)."""
        ...

    async def update(self, activity_id: str, out: Outbound) -> None: ...

    def proactive(self) -> "Channel":
        """A channel that still works after this turn has ended (proactive messages)."""
        ...
