"""The Bot Framework's signing keys (`bot.teams.keys`): fetched off the event loop, once for every request that
needs them, warmed as the server starts.

A loopback stand-in publishes the OpenID metadata and a key set (and can stall, fail or rotate its key); tokens
are signed with the key it publishes, as the Bot Connector signs them; botbuilder's own validation checks them
in the one server, with Teams and Slack mounted.  No model, no index.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
import time
import urllib.request

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from bot.admin.feedback import FeedbackStore
from bot.chat.service import Chat, Drafting
from bot.chat.state import MemoryState
from bot.settings import Settings
from bot.teams.adapter import CHANNEL_METADATA_URL
from bot.teams.keys import SigningKeys
from chat_support import served_chat
from slack_standin import SlackAPIStandIn, SlackSender
from teams_support import KeyEndpoint, compose_query, message

APP_ID = "11111111-2222-4333-8444-555555555555"
SERVICE = "https://smba.trafficmanager.net/amer/"
SECRET = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
PROMPTLY = 10.0  # seconds: wide for a loaded 2-core CI; a stalled fetch holds 60 (the order checks prove the rest)


@pytest.fixture
def keys_endpoint():
    with KeyEndpoint() as endpoint:
        yield endpoint


def chat_for(settings: Settings) -> Chat:
    return Chat(settings, None, state=MemoryState(), feedback=FeedbackStore(settings.home / "fb.sqlite3"),
                drafting=Drafting(kinds={}, parse_form=dict, compose=lambda *a: None, to_docx=bytes), sync=None)


@pytest.fixture
def server(tmp_path, keys_endpoint):
    """The one server with Teams (Bot Framework credentials, its keys from the stand-in) and Slack mounted;
    started with the stand-in stalled, so the keys are being warmed (and wait) from the start."""
    keys_endpoint.open.clear()
    with SlackAPIStandIn() as slack:
        settings = Settings.load(env={"RULEBOT_HOME": str(tmp_path)}).with_(
            ms_app_id=APP_ID, ms_app_password="secret", ms_app_tenant_id="99999999-2222-4333-8444-555555555555",
            slack_bot_token=slack.token, slack_signing_secret=SECRET, slack_api_url=slack.api_url)
        keys = SigningKeys(keys_endpoint.url, timeout=60)
        started = time.monotonic()
        with served_chat(settings, None, chat=chat_for(settings), teams_no_auth=False,
                         teams_keys={CHANNEL_METADATA_URL: keys}) as srv:
            srv.started_in = time.monotonic() - started
            srv.keys, srv.slack = keys, SlackSender(srv.slack_url, SECRET)
            yield srv


def post(url: str, activity: dict, token: str | None) -> tuple[int, dict]:
    headers = {"Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})}
    req = urllib.request.Request(url, data=json.dumps(activity).encode(), headers=headers, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=90) as resp:
            return resp.status, json.loads(resp.read() or b"{}")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"{}")


def timed(call) -> tuple[float, object]:
    started = time.monotonic()
    got = call()
    return time.monotonic() - started, got


def test_while_a_teams_request_waits_for_the_keys_every_other_route_answers_at_once(server, keys_endpoint):
    assert server.started_in < PROMPTLY, "the server started while the keys were still being fetched"
    assert keys_endpoint.arrived.wait(10), "the keys are warmed as the server starts"
    search = compose_query(SERVICE, "", initial_run=True)
    teams: list[tuple[int, dict]] = []
    waiting = threading.Thread(target=lambda: teams.append(post(server.teams_url, search, keys_endpoint.token(
        app_id=APP_ID, service_url=SERVICE))))
    waiting.start()
    try:
        for _ in range(3):
            took, health = timed(lambda: urllib.request.urlopen(server.url + "/healthz", timeout=30).status)
            assert health == 200 and took < PROMPTLY
            took, challenge = timed(lambda: server.slack.post(
                json.dumps({"type": "url_verification", "challenge": "c-1", "token": "t"}), "application/json"))
            assert challenge.status == 200 and "c-1" in challenge.body and took < PROMPTLY, "a signed Slack request"
        assert waiting.is_alive() and not teams, "the Teams request is still waiting for the keys"
    finally:
        keys_endpoint.open.set()
        waiting.join(30)
    ((status, body),) = teams
    assert status == 200 and body["composeExtension"]["type"] == "message", "authenticated once the keys came"
    assert keys_endpoint.asked == ["/openid", "/keys"], "one fetch, shared by the warm-up and the request"


def test_tokens_are_checked_against_the_published_keys(server, keys_endpoint):
    keys_endpoint.open.set()
    search = compose_query(SERVICE, "", initial_run=True)
    right = keys_endpoint.token(app_id=APP_ID, service_url=SERVICE)
    forged = rsa.generate_private_key(public_exponent=65537, key_size=2048)  # a key of the forger's own
    cases = [
        ("the Bot Connector's token", right, 200),
        ("no token", None, 401),
        ("a token signed with another key under the published key's id",
         keys_endpoint.token(app_id=APP_ID, service_url=SERVICE, key=forged), 401),
        ("a key that is not published", keys_endpoint.token(app_id=APP_ID, service_url=SERVICE, key=forged,
                                                            kid="unpublished"), 401),
        ("another bot's token", keys_endpoint.token(app_id="someone-else", service_url=SERVICE), 401),
        ("another service's token", keys_endpoint.token(app_id=APP_ID, service_url="https://evil.example/"), 401),
        ("an expired token", keys_endpoint.token(app_id=APP_ID, service_url=SERVICE, lifetime=-3600), 401),
    ]
    for what, token, expected in cases:
        assert post(server.teams_url, {**search, "id": what}, token)[0] == expected, what
    assert keys_endpoint.asked.count("/keys") == 1, "an unknown key fetches them again at most every 5 minutes"


def test_a_failure_to_warm_is_one_warning_and_the_keys_are_fetched_when_a_request_needs_them(tmp_path, caplog):
    with KeyEndpoint() as endpoint:
        endpoint.failing = True
        settings = Settings.load(env={"RULEBOT_HOME": str(tmp_path)}).with_(
            ms_app_id=APP_ID, ms_app_password="secret", ms_app_tenant_id="99999999-2222-4333-8444-555555555555")
        with caplog.at_level(logging.WARNING, logger="rulebot.teams"), served_chat(
                settings, None, chat=chat_for(settings), slack=False, teams_no_auth=False,
                teams_keys={CHANNEL_METADATA_URL: SigningKeys(endpoint.url, timeout=10)}) as srv:
            deadline = time.monotonic() + 10
            while not [r for r in caplog.records if "signing keys could not be fetched" in r.getMessage()]:
                assert time.monotonic() < deadline, "a failed warm-up is logged"
                time.sleep(0.02)
            (warned,) = [r.getMessage() for r in caplog.records if "could not be fetched" in r.getMessage()]
            assert "503" in warned and "\n" not in warned
            assert urllib.request.urlopen(srv.url + "/healthz", timeout=10).status == 200
            activity = message(SERVICE, "hello")
            assert post(srv.teams_url, activity, endpoint.token(app_id=APP_ID, service_url=SERVICE))[0] == 401
            endpoint.failing = False
            ok = compose_query(SERVICE, "", initial_run=True)
            assert post(srv.teams_url, ok, endpoint.token(app_id=APP_ID, service_url=SERVICE))[0] == 200


# --- SigningKeys on its own: what it fetches, and when ----------------------------------------------------


def test_keys_are_refetched_for_an_unknown_key_at_most_so_often_and_daily_in_the_background(keys_endpoint):
    now = [0.0]
    keys = SigningKeys(keys_endpoint.url, timeout=10, max_age=100.0, missing_key_every=10.0, clock=lambda: now[0])

    async def scenario():
        first = keys_endpoint.kid
        assert (await keys.get(first)).endorsements == ("msteams",)
        keys_endpoint.rotate()  # Microsoft publishes a new key
        with pytest.raises(PermissionError, match="not among"):
            await keys.get(keys_endpoint.kid)  # too soon after the last fetch: not fetched again
        fetched = keys_endpoint.asked.count("/keys")
        now[0] = 10.0
        assert await keys.get(keys_endpoint.kid), "fetched again: the new key is found"
        assert keys_endpoint.asked.count("/keys") == fetched + 1
        with pytest.raises(PermissionError, match="not among"):
            await keys.get(first)  # no longer published
        now[0] = 200.0  # past max_age: the keys in hand still serve while they are fetched again
        keys_endpoint.open.clear()
        keys_endpoint.arrived.clear()
        assert await keys.get(keys_endpoint.kid)
        assert await asyncio.to_thread(keys_endpoint.arrived.wait, 10), "the refresh it started is under way"
        assert keys_endpoint.asked[-1] == "/openid" and not keys_endpoint.open.is_set(), "and held: get did not wait"
        keys_endpoint.open.set()
        await keys.refreshed()
        with pytest.raises(PermissionError, match="names no signing key"):
            await keys.get(None)

    try:
        asyncio.run(scenario())
    finally:
        keys.close()


@pytest.mark.parametrize("jwks_uri, reason", [
    ("https://evil.example/keys", "not one of its hosts"),
    ("http://login.botframework.com/v1/.well-known/keys", "not one of its hosts"),  # not https
    ("", "names no jwks_uri"),
])
def test_keys_come_only_from_microsofts_login_hosts_or_the_metadatas_own(keys_endpoint, jwks_uri, reason):
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Metadata(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            body = json.dumps({"jwks_uri": jwks_uri}).encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    with ThreadingHTTPServer(("127.0.0.1", 0), Metadata) as http:
        threading.Thread(target=http.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        keys = SigningKeys(f"http://127.0.0.1:{http.server_address[1]}/openid", timeout=5)
        try:
            with pytest.raises(PermissionError, match=reason):
                asyncio.run(keys.get("any"))
        finally:
            keys.close()
            http.shutdown()


def test_concurrent_requests_on_two_event_loops_share_one_fetch(keys_endpoint):
    """Two servers in one process (botbuilder's cache is per process): every waiting request, whatever its
    loop, gets the one fetch's keys.  The endpoint is held until all ten are waiting on both loops."""
    keys = SigningKeys(keys_endpoint.url, timeout=30)
    keys_endpoint.open.clear()
    found: list[object] = []
    all_waiting = threading.Barrier(3)  # the two loops and this thread

    def on_a_loop():
        async def many():
            waiting = [asyncio.ensure_future(keys.get(keys_endpoint.kid)) for _ in range(5)]
            for _ in range(3):
                await asyncio.sleep(0)  # each request runs to its wait for the keys
            assert not any(w.done() for w in waiting)
            await asyncio.to_thread(all_waiting.wait, 20)
            return await asyncio.gather(*waiting)

        found.extend(asyncio.run(many()))

    loops = [threading.Thread(target=on_a_loop) for _ in range(2)]
    for t in loops:
        t.start()
    all_waiting.wait(20)
    assert keys_endpoint.arrived.wait(10) and keys_endpoint.asked == ["/openid"], "one fetch, held"
    keys_endpoint.open.set()
    for t in loops:
        t.join(30)
    keys.close()
    assert len(found) == 10 and len({id(k) for k in found}) == 1
    assert keys_endpoint.asked == ["/openid", "/keys"]


def test_the_keys_are_fetched_through_the_proxy_the_settings_name(keys_endpoint, tmp_path):
    """botbuilder's own fetcher honoured HTTPS_PROXY (through requests); ours goes through the settings' proxy,
    tunnelled to the address checked, as every download is."""
    from fixtures.proxy import LoopbackProxy, Seen
    from bot.teams.adapter import signing_keys
    from indexers.proxy import Proxies

    where = ("127.0.0.1", int(keys_endpoint.base.rsplit(":", 1)[1].strip("/")))
    with LoopbackProxy({where: where}) as proxy:
        keys = SigningKeys(keys_endpoint.url, timeout=10, proxies=Proxies(https=proxy.url, http=proxy.url))
        try:
            assert asyncio.run(keys.get(keys_endpoint.kid)).endorsements == ("msteams",)
        finally:
            keys.close()
    assert proxy.seen == [Seen("CONNECT", f"{where[0]}:{where[1]}")] * 2  # the metadata, then the key set
    settings = Settings.load(env={"RULEBOT_HOME": str(tmp_path), "HTTPS_PROXY": "http://proxy.corp:3128"})
    made = signing_keys(settings)
    try:
        assert made and all(k._policy.proxies == settings.proxies for k in made.values())
    finally:
        for k in made.values():
            k.close()


def test_a_published_key_that_cannot_be_read_is_skipped_once_said_and_the_others_serve(keys_endpoint, caplog):
    """An EC key, or an RSA key without n and e, in the key set (PyJWT refuses them with InvalidKeyError): the
    readable key still verifies, and each unreadable one is one warning, not one a fetch."""
    from cryptography.hazmat.primitives.asymmetric import ec
    from jwt.algorithms import ECAlgorithm

    curve = json.loads(ECAlgorithm.to_jwk(ec.generate_private_key(ec.SECP256R1()).public_key()))
    keys_endpoint.also = [{**curve, "kid": "an-ec-key", "use": "sig"}, {"kty": "RSA", "kid": "no-modulus"}]
    keys = SigningKeys(keys_endpoint.url, timeout=10, missing_key_every=0.0)
    try:
        with caplog.at_level(logging.WARNING, logger="rulebot.teams"):
            assert asyncio.run(keys.get(keys_endpoint.kid)).endorsements == ("msteams",)
            with pytest.raises(PermissionError, match="not among"):
                asyncio.run(keys.get("an-ec-key"))  # fetched again (an unknown key): still skipped, said once
        assert keys_endpoint.asked.count("/keys") == 2
        skipped = [r.getMessage() for r in caplog.records if "skipped" in r.getMessage()]
        assert len(skipped) == 2 and "'an-ec-key' (EC" in skipped[0] and "'no-modulus' (RSA" in skipped[1]
        keys_endpoint.jwk, keys_endpoint.also = keys_endpoint.also[0], []  # only an unreadable key published
        with pytest.raises(PermissionError, match="none of the 1 published keys can be read"):
            asyncio.run(keys.refreshed())
        assert asyncio.run(keys.get(keys_endpoint.kid)), "the keys in hand still serve"
    finally:
        keys.close()


def test_warming_never_raises_whatever_goes_wrong(keys_endpoint, caplog):
    keys = SigningKeys(keys_endpoint.url, timeout=10)
    keys.close()  # a server stopping as it starts: no fetch can be made
    with caplog.at_level(logging.WARNING, logger="rulebot.teams"):
        asyncio.run(keys.warm())
    (warned,) = [r.getMessage() for r in caplog.records]
    assert "not fetched at start" in warned and "\n" not in warned and keys_endpoint.asked == []


def test_a_failing_endpoint_is_not_asked_again_within_missing_key_every_of_the_failure(keys_endpoint, caplog):
    """Keys older than max_age and an endpoint that keeps failing: the keys in hand serve, and the endpoint is
    asked again only `missing_key_every` seconds after the failed fetch, not once a request."""
    now = [0.0]
    keys = SigningKeys(keys_endpoint.url, timeout=10, max_age=100.0, missing_key_every=10.0, clock=lambda: now[0])

    def failures() -> int:
        return sum("could not be fetched" in r.getMessage() for r in caplog.records)

    async def scenario():
        assert await keys.get(keys_endpoint.kid)
        keys_endpoint.failing, now[0] = True, 200.0
        assert await keys.get(keys_endpoint.kid), "stale keys serve while they are fetched in the background"
        deadline = time.monotonic() + 30
        while not failures():
            assert time.monotonic() < deadline, "the background fetch fails"
            await asyncio.sleep(0.02)
        asked = len(keys_endpoint.asked)
        for now[0] in (200.0, 205.0, 209.9):
            for _ in range(10):
                assert await keys.get(keys_endpoint.kid)
            with pytest.raises(PermissionError, match="not among"):
                await keys.get("a-key-not-in-hand")
        assert len(keys_endpoint.asked) == asked and failures() == 1, "not asked again so soon after it failed"
        keys_endpoint.failing = False
        keys_endpoint.rotate()
        now[0] = 210.0
        assert await keys.get(keys_endpoint.kid), "asked again once missing_key_every has passed: the new key"
        assert keys_endpoint.asked[asked:] == ["/openid", "/keys"]

    try:
        with caplog.at_level(logging.WARNING, logger="rulebot.teams"):
            asyncio.run(scenario())
    finally:
        keys.close()


def test_a_waiting_request_given_up_does_not_cancel_the_fetch_the_others_wait_for(keys_endpoint):
    keys = SigningKeys(keys_endpoint.url, timeout=10)
    busy = threading.Event()
    # The keys' one thread kept busy, so the fetch is queued, not yet running (as it is for an instant after
    # it is submitted): a cancelled waiter could still cancel it.
    keys._pool.submit(busy.wait, 30)

    async def scenario():
        given_up = asyncio.ensure_future(keys.get(keys_endpoint.kid))
        waiting = asyncio.ensure_future(keys.get(keys_endpoint.kid))
        for _ in range(3):
            await asyncio.sleep(0)  # both tasks run to their wait for the one fetch
        assert keys_endpoint.asked == [] and not given_up.done() and not waiting.done()
        given_up.cancel()
        busy.set()
        assert (await waiting).endorsements == ("msteams",)
        with pytest.raises(asyncio.CancelledError):
            await given_up

    try:
        asyncio.run(scenario())
    finally:
        busy.set()
        keys.close()
    assert keys_endpoint.asked == ["/openid", "/keys"]
