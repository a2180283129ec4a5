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

from bot.chat.types import SharedFile


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
    files: tuple[SharedFile, ...] = ()  # files attached (download info), for review
    service_url: str = ""  # the Activity's serviceUrl (a test stand-in may also serve files)


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
    # where the card was (chats render answers with native citations); context, not part of the action
    conversation_type: str = field(default="", compare=False)


@dataclass(frozen=True)
class NativeFeedback:
    """Teams' own 👍/👎 on one of our messages (a ``message/submitAction`` invoke): `reply_to_id` is the
    message voted on, `reaction` "like" or "dislike", `comment` what the user typed (may be empty)."""

    activity_id: str
    conversation_id: str
    user: User
    reply_to_id: str
    reaction: str
    comment: str = ""


@dataclass(frozen=True)
class ComposeQuery:
    """A search typed in the compose box (a ``composeExtension/query`` invoke); `initial_run` when the
    user has only opened the extension."""

    activity_id: str
    conversation_id: str
    user: User
    command_id: str
    text: str
    initial_run: bool = False


@dataclass(frozen=True)
class FileConsent:
    """The user's answer to a file consent card (a ``fileConsent/invoke``): `action` "accept" or
    "decline", `context` the card's accept/decline context, and on accept where to upload
    (`upload_url`) and what the uploaded file will be (`content_url`, `name`, `unique_id`, `file_type`)."""

    activity_id: str
    conversation_id: str
    user: User
    action: str
    context: Mapping[str, Any] = field(default_factory=dict)
    upload_url: str = ""
    content_url: str = ""
    name: str = ""
    unique_id: str = ""
    file_type: str = ""
    service_url: str = ""
    reply_to_id: str = ""  # the consent card's message


@dataclass(frozen=True)
class MembersAdded:
    """A conversationUpdate that added members; ``bot_added`` when the bot itself joined."""

    activity_id: str
    conversation_id: str
    bot_added: bool
    user_ids: tuple[str, ...] = ()


Inbound = Union[Message, Submit, MembersAdded, NativeFeedback, ComposeQuery, FileConsent]


@dataclass(frozen=True)
class Outbound:
    """A reply: plain text (Markdown), an Adaptive Card (the card's JSON), or both; `entities` (the AI label
    and citations), `channel_data` (Teams' feedback buttons) and other `attachments` (``{"contentType",
    "content", "name", "contentUrl"}``: a file consent or file info card) when there are any."""

    text: str = ""
    card: Mapping[str, Any] | None = None
    entities: tuple[Mapping[str, Any], ...] = ()
    channel_data: Mapping[str, Any] | None = None
    attachments: tuple[Mapping[str, Any], ...] = ()
    kind: str = "message"  # "typing": an informative update of slow work (its text is what is being done)


@dataclass(frozen=True)
class InvokeResult:
    """What an ``adaptiveCard/action`` invoke returns to Teams: a short message, or a card
    that replaces the one the user acted on."""

    message: str = ""
    card: Mapping[str, Any] | None = None
    status: int = 200
    raw: Mapping[str, Any] | None = None  # another invoke's response body as is (compose box results)

    def body(self) -> dict[str, Any] | None:
        """The Universal Actions response body (or `raw`)."""
        if self.raw is not None:
            return dict(self.raw)
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
