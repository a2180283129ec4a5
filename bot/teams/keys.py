"""The Bot Framework's signing keys: fetched off the event loop, warmed at start, shared by every request.

Every Teams request carries a token signed with one of the keys the Bot Framework publishes (an OpenID
metadata document names its ``jwks_uri``).  botbuilder 4.17.1 (archived) fetches them itself, with
`requests` called on the event loop, without a timeout, on the first request and once a day after: while
login.botframework.com is slow, the whole server (Slack, ``/healthz``) waits.  `SigningKeys` takes the
place of botbuilder's fetcher for one metadata URL (`bot.teams.adapter.use_signing_keys` puts it in
botbuilder's cache, where botbuilder's validation asks it for a key by id):

- both documents are fetched on a thread of its own by the one downloader (`indexers.fetch`): only from
  Microsoft's login hosts over https or the metadata's own host, within `timeout` seconds in all, at most
  `MAX_BYTES`, no redirect, through the settings' proxy when one is set (`proxies`: ``HTTPS_PROXY``, as
  botbuilder's `requests` honoured it);
- one fetch at a time: every request that needs the keys meanwhile waits for that one (on its own event
  loop, which goes on serving);
- the keys in hand serve while a daily refresh runs in the background; a token naming a key not in hand
  fetches them again, at most once every `missing_key_every` seconds (Microsoft rotates its keys); once a
  fetch has failed, the keys in hand serve and neither asks again within `missing_key_every` seconds of it
  (a failing endpoint is not asked once a request); until the first fetch succeeds there are none to serve,
  and a Teams request starts one (one at a time);
- a request given up while it waits (its client gone) leaves the fetch running for the others;
- `warm` fetches them when the server starts, in the background; a failure is one warning in the log, and
  a Teams request then fetches them itself (refused with 401 while they cannot be fetched: Teams retries);
- a published key that cannot be read (an EC key, an RSA key without ``n``/``e``) is skipped, with one
  warning the first time it is seen: the others still serve.

>>> keys = SigningKeys("https://login.botframework.com/v1/.well-known/openidconfiguration")
>>> keys
SigningKeys('https://login.botframework.com/v1/.well-known/openidconfiguration', no keys yet)
>>> keys.close()
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Callable

import jwt
from jwt.algorithms import RSAAlgorithm

from indexers.fetch import Policy, fetch, redact_url
from indexers.proxy import Proxies

log = logging.getLogger("rulebot.teams")

LOGIN_HOSTS = ("login.botframework.com", "login.microsoftonline.com", "login.botframework.azure.us",
               "login.microsoftonline.us")
MAX_BYTES = 1024 * 1024
MAX_AGE = 24 * 3600.0  # refreshed in the background after this (botbuilder: a day)
MISSING_KEY_EVERY = 300.0  # a token naming an unknown key fetches them again at most this often


@dataclass(frozen=True)
class SigningKey:
    """One published key, as botbuilder's token validation reads it."""

    public_key: Any  # what PyJWT verifies a signature with
    endorsements: tuple[str, ...] = ()  # the channels it may sign for ("msteams", ...)


class SigningKeys:
    """The keys named by the OpenID metadata document at `url` (see the module docstring); `clock` paces the
    refreshes."""

    def __init__(self, url: str, *, timeout: float = 30.0, max_age: float = MAX_AGE,
                 missing_key_every: float = MISSING_KEY_EVERY, clock: Callable[[], float] = time.monotonic,
                 proxies: Proxies = Proxies()):
        self.url, self.timeout = url, timeout
        self.max_age, self.missing_key_every, self._clock = max_age, missing_key_every, clock
        # the jwks_uri may be on Microsoft's login hosts (https) or on the metadata's own host and port
        self._policy = Policy.platform(LOGIN_HOSTS, stand_in=url, proxies=proxies,
                                       label=f"the Bot Framework's keys ({redact_url(url)})")
        self._lock = threading.Lock()
        self._keys: dict[str, SigningKey] = {}
        self._fetched_at: float | None = None
        self._failed_at: float | None = None  # the last fetch that failed, since the last that did not
        self._fetching: Future | None = None
        self._skipped: set[str] = set()  # published keys that could not be read, each said once
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="rulebot-keys")

    def __repr__(self) -> str:
        held = f"{len(self._keys)} keys" if self._fetched_at is not None else "no keys yet"
        return f"SigningKeys({redact_url(self.url)!r}, {held})"

    # -- what botbuilder's validation calls (its `_OpenIdMetadata.get`)

    async def get(self, key_id: str | None) -> SigningKey:
        """The key `key_id` names; raises `PermissionError` (a 401) when it is not published or the keys
        cannot be fetched."""
        if not key_id:
            raise PermissionError("the token names no signing key")
        if self._fetched_at is None:
            await self.refreshed()
        elif self._age() > self.max_age and self._may_ask():
            self._refresh()  # in the background: the keys in hand serve meanwhile
        key = self._keys.get(key_id)
        if key is None and self._age() >= self.missing_key_every and self._may_ask():
            await self.refreshed()
            key = self._keys.get(key_id)
        if key is None:
            raise PermissionError(f"the token's signing key {key_id!r} is not among the Bot Framework's keys")
        return key

    # -- fetching

    async def refreshed(self) -> None:
        """Fetch the keys now (or wait for the fetch under way), without blocking the event loop.  The fetch is
        shared: a waiter cancelled (its request given up) does not cancel it for the others."""
        await asyncio.shield(asyncio.wrap_future(self._refresh()))

    async def warm(self) -> None:
        """`refreshed`, for the server's start: a failure is one warning in the log, never raised."""
        try:
            await self.refreshed()
        except PermissionError:
            return  # said by `_said`
        except Exception as e:  # noqa: BLE001 - the server starts whatever happens here
            log.warning("teams: the Bot Framework's signing keys were not fetched at start (%s); a Teams request "
                        "will try again", redact_url(str(e).splitlines()[0] if str(e) else type(e).__name__))
            return
        log.info("teams: %d Bot Framework signing keys from %s", len(self._keys), redact_url(self.url))

    def _age(self) -> float:
        return self._clock() - self._fetched_at if self._fetched_at is not None else float("inf")

    def _may_ask(self) -> bool:
        """False within `missing_key_every` seconds of a failed fetch (the keys in hand serve meanwhile)."""
        failed = self._failed_at
        return failed is None or self._clock() - failed >= self.missing_key_every

    def _refresh(self) -> Future:
        with self._lock:
            if self._fetching is None or self._fetching.done():
                self._fetching = self._pool.submit(self._fetch)
                self._fetching.add_done_callback(_said)
            return self._fetching

    def _fetch(self) -> None:
        """On the keys' own thread: `_fetch_keys`, and when it failed."""
        try:
            self._fetch_keys()
        except BaseException:
            with self._lock:
                self._failed_at = self._clock()
            raise
        with self._lock:
            self._failed_at = None

    def _fetch_keys(self) -> None:
        """The metadata document, then the keys it names."""
        try:
            metadata = self._json(self.url)
            published = self._json(str(metadata.get("jwks_uri") or "")).get("keys")
            if not isinstance(published, list):
                raise ValueError("the key set holds no list of keys")
        except Exception as e:  # noqa: BLE001 - whatever went wrong is one line, and a 401
            said = str(e).splitlines()[0] if str(e) else type(e).__name__
            raise PermissionError(f"the Bot Framework's signing keys could not be fetched: {said}") from None
        keys = {}
        for jwk in published:
            try:
                keys[str(jwk["kid"])] = SigningKey(RSAAlgorithm.from_jwk(json.dumps(jwk)),
                                                   tuple(jwk.get("endorsements") or ()))
            except (KeyError, TypeError, ValueError, AttributeError, jwt.PyJWTError) as e:
                self._skip(jwk, e)
        if published and not keys:  # the keys in hand stay rather than none at all
            raise PermissionError("the Bot Framework's signing keys could not be fetched: none of the "
                                  f"{len(published)} published keys can be read")
        with self._lock:
            self._keys, self._fetched_at = keys, self._clock()

    def _skip(self, jwk: object, why: Exception) -> None:
        """One published key that cannot be read: left out, one warning the first time it is seen."""
        name = str(jwk.get("kid", "no kid")) if isinstance(jwk, dict) else type(jwk).__name__
        kind = str(jwk.get("kty", "no kty")) if isinstance(jwk, dict) else "not a key"
        if name in self._skipped:
            return
        self._skipped.add(name)
        log.warning("teams: skipped the Bot Framework's signing key %r (%s: %s); the others serve", name, kind,
                    str(why).splitlines()[0][:80] if str(why) else type(why).__name__)

    def _json(self, url: str) -> dict:
        if not url:
            raise ValueError("the metadata names no jwks_uri")
        body = fetch(url, max_bytes=MAX_BYTES, timeout=self.timeout, policy=self._policy).body
        found = json.loads(body)
        if not isinstance(found, dict):
            raise ValueError(f"{redact_url(url)} did not answer with a JSON object")
        return found

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


def _said(done: Future) -> None:
    """Each failed fetch is one warning (the requests that waited for it are refused with 401 besides)."""
    if not done.cancelled() and done.exception() is not None:
        log.warning("teams: %s; a Teams request will try again", done.exception())
