"""Drafts as Word files in Teams, through the file consent card flow.

A bot cannot attach a file to a Teams message directly.  In a personal chat it
sends a file consent card (`consent_attachment`: the file's name and size, and a
context naming the draft it holds); the user accepts or declines; on accept Teams
sends a ``fileConsent/invoke`` with an ``uploadUrl`` in the user's OneDrive, the
bot PUTs the bytes there (`upload`) and sends a file info card (`file_info_attachment`)
that opens the file.

The .docx waits in the chat service's shared state (`DraftFiles` over a `StateStore`)
for `DraftFiles.ttl` seconds: in Redis when ``RULEBOT_REDIS_URL`` is set, so the answer
may reach any replica; in the replica's memory otherwise, while Redis is down, and with
``RULEBOT_AUDIT_HASH_QUESTIONS`` (a draft holds the user's facts).  An upload URL is used
only on Microsoft's file hosts over https, or on the host of the Activity's own
serviceUrl (`bot.teams.files.download_allowed`, the same rule as for downloads), so a
crafted invoke can never make the bot send a draft elsewhere.

>>> from bot.chat.state import MemoryState
>>> files = DraftFiles(MemoryState())
>>> key = files.put("good-cause-draft.docx", b"PK...")
>>> files.get(key).name, files.get("nope")
('good-cause-draft.docx', None)
"""

from __future__ import annotations

import asyncio
import secrets
from typing import Any
from urllib.parse import urlsplit

import aiohttp

from bot.chat.state import HeldFile, StateStore
from bot.errors import RulebotError
from bot.teams.files import download_allowed

FILE_CONSENT = "application/vnd.microsoft.teams.card.file.consent"
FILE_INFO = "application/vnd.microsoft.teams.card.file.info"
DOCX_TYPE = "docx"
CONTEXT_KEY = "rulebot_draft"  # the key in the card's accept/decline context
UPLOAD_TIMEOUT = 60.0


class DraftFiles:
    """Word files offered with a consent card, kept in `state` under a random key for `ttl` seconds.

    Blocking (Redis): call it off the event loop."""

    def __init__(self, state: StateStore, *, ttl: float = 3600.0):
        self.state, self.ttl = state, ttl

    def put(self, name: str, data: bytes) -> str:
        key = secrets.token_urlsafe(12)
        self.state.put_file(_key(key), HeldFile(name, data), ttl=self.ttl)
        return key

    def get(self, key: str) -> HeldFile | None:
        return self.state.file(_key(key)) if key else None

    def drop(self, key: str) -> None:
        if key:
            self.state.drop_file(_key(key))

    def unreachable(self) -> str:
        """"" when the shared state works; else why a file kept on another replica cannot be reached now."""
        return self.state.health()


def _key(key: str) -> str:
    return f"teams:draft:{key}"


def consent_attachment(name: str, size: int, key: str, description: str) -> dict[str, Any]:
    """The file consent card offering `name` (`size` bytes); both contexts carry the draft's `key`.

    >>> a = consent_attachment("x.docx", 1200, "k1", "Your draft")
    >>> a["contentType"], a["content"]["sizeInBytes"], a["content"]["acceptContext"]
    ('application/vnd.microsoft.teams.card.file.consent', 1200, {'rulebot_draft': 'k1'})
    """
    context = {CONTEXT_KEY: key}
    return {"contentType": FILE_CONSENT, "name": name,
            "content": {"description": description, "sizeInBytes": size,
                        "acceptContext": dict(context), "declineContext": dict(context)}}


def file_info_attachment(*, name: str, content_url: str, unique_id: str, file_type: str) -> dict[str, Any]:
    """The card that shows an uploaded file in the chat (opens it in Word).

    >>> file_info_attachment(name="x.docx", content_url="https://c/x.docx", unique_id="u1", file_type="docx")["content"]
    {'uniqueId': 'u1', 'fileType': 'docx'}
    """
    return {"contentType": FILE_INFO, "name": name, "contentUrl": content_url,
            "content": {"uniqueId": unique_id, "fileType": file_type or DOCX_TYPE}}


def upload_allowed(url: str, *, service_url: str = "") -> bool:
    """Whether a draft may be PUT to `url` (see the module docstring).

    >>> upload_allowed("https://contoso-my.sharepoint.com/personal/ada/_api/uploadSession?guid=1")
    True
    >>> upload_allowed("http://contoso-my.sharepoint.com/x"), upload_allowed("https://evil.example/upload")
    (False, False)
    """
    return download_allowed(url, service_url=service_url)


async def upload(url: str, data: bytes, *, service_url: str = "", timeout: float = UPLOAD_TIMEOUT) -> None:
    """PUT `data` to the upload URL Teams gave, in one range (``Content-Range: bytes 0-N/total``); no
    redirects.  Raises `RulebotError` when the URL is not allowed or the host refuses."""
    if not upload_allowed(url, service_url=service_url):
        raise RulebotError(f"not a Teams upload address ({urlsplit(url).hostname or 'no host'})")
    headers = {"Content-Length": str(len(data)), "Content-Range": f"bytes 0-{len(data) - 1}/{len(data)}"}
    try:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout)) as session:
            async with session.put(url, data=data, headers=headers, allow_redirects=False) as resp:
                if resp.status >= 300:
                    raise RulebotError(f"the file host answered {resp.status}")
    except (aiohttp.ClientError, asyncio.TimeoutError) as e:
        raise RulebotError(f"the file host could not be reached ({type(e).__name__})") from None
