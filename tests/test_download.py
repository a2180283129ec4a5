"""One downloader (`indexers.fetch`), two policies: the corpus's (public addresses, redirects followed) and a
chat platform's (its hosts only, its credentials, no redirects, a deadline on every phase, looking the name up
included).  Served by a real HTTP server on loopback standing in for the platform's file host; proxies
(HTTPS_PROXY, HTTP_PROXY, NO_PROXY) by a real proxy on loopback (`fixtures.proxy`), names by a resolver
passed in (the court's names resolve to a public address; the proxy knows where that is)."""

from __future__ import annotations

import dataclasses
import logging
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from fixtures.http_server import FixtureSite
from fixtures.proxy import LoopbackProxy, Seen
from fixtures.tls import self_signed
from indexers.errors import BadDocument
from indexers.fetch import Policy, fetch
from indexers.proxy import Proxies


class FileHost(BaseHTTPRequestHandler):
    seen: list[dict] = []

    def do_GET(self):  # noqa: N802 - http.server's name
        FileHost.seen.append(dict(self.headers))
        if self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "http://127.0.0.1:9/elsewhere")
            self.end_headers()
            return
        body = b"%PDF-1.4 not really" if self.path == "/file.pdf" else b"x" * 5000
        self.send_response(200)
        self.send_header("Content-Type", "application/x-unknown-binary")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def host():
    srv = ThreadingHTTPServer(("127.0.0.1", 0), FileHost)
    threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_port}"
    srv.shutdown()


@pytest.fixture()
def stalled():
    """A server that accepts and never sends a header."""
    lsock = socket.socket()
    lsock.bind(("127.0.0.1", 0))
    lsock.listen(8)
    held = []
    threading.Thread(target=lambda: held.append(lsock.accept()), daemon=True).start()
    yield f"http://127.0.0.1:{lsock.getsockname()[1]}"
    lsock.close()


def platform(stand_in: str) -> Policy:
    return Policy.platform(("files.example.com",), stand_in=stand_in + "/api/", label="the file host",
                           headers={"Authorization": "Bearer xoxb-secret"})


def test_a_platform_file_comes_with_its_credentials_and_any_content_type(host):
    got = fetch(host + "/file.pdf", max_bytes=1000, timeout=5, policy=platform(host))
    assert got.body.startswith(b"%PDF") and FileHost.seen[-1].get("Authorization") == "Bearer xoxb-secret"


ROWS = [
    ("a redirect is never followed", "/redirect", dict(), "redirect, which is never followed"),
    ("a body over the limit", "/big", dict(max_bytes=1000), "over the 1 KB limit"),
    ("another host", None, dict(), "is not one of its hosts"),
]


@pytest.mark.parametrize("row", ROWS, ids=[r[0] for r in ROWS])
def test_a_platform_download_is_refused_in_one_line_naming_the_host(host, row):
    _, path, options, said = row
    url = host + path if path else "http://127.0.0.2:1/x"
    with pytest.raises(BadDocument) as e:
        fetch(url, **{"max_bytes": 10_000, "timeout": 5, **options}, policy=platform(host))
    text = str(e.value)
    assert said in text and text.startswith("the file host") and "\n" not in text and "xoxb" not in text


def test_a_file_host_that_never_sends_headers_is_cut_at_the_deadline(stalled):
    started = time.monotonic()
    with pytest.raises(BadDocument, match="did not answer within 1 s"):
        fetch(stalled + "/f", max_bytes=1000, timeout=1, policy=platform(stalled))
    assert time.monotonic() - started < 10  # cut at 1 s; wide for a loaded CI


def test_the_corpus_policy_still_refuses_loopback(host):
    with pytest.raises(BadDocument, match="loopback address"):
        fetch(host + "/file.pdf")


# --- looking a name up counts against the deadline --------------------------------------------------


@pytest.fixture()
def stalling_resolver():
    """A resolver that never answers until the test ends (as a name server that drops the query would)."""
    asked, release = [], threading.Event()

    def resolver(host: str, port: int) -> list[str]:
        asked.append(host)
        release.wait(60)
        return ["93.184.216.34"]

    yield resolver, asked
    release.set()


@pytest.mark.parametrize("url", ["http://rules.court.example/local-rules.pdf", "https://rules.court.example/lr.pdf"])
def test_a_name_that_is_never_looked_up_is_refused_at_the_download_deadline(stalling_resolver, url):
    resolver, asked = stalling_resolver
    started = time.monotonic()
    with pytest.raises(BadDocument) as e:
        fetch(url, timeout=1, policy=Policy(resolver=resolver))
    assert time.monotonic() - started < 10  # cut at 1 s; wide for a loaded CI
    text = str(e.value)
    assert asked == ["rules.court.example"] and "\n" not in text
    assert text == (f"{url}: looking up the name rules.court.example took longer than 1 s (RULEBOT_FETCH_TIMEOUT); "
                    "check the network and its name server, or try again later")


def test_a_platform_file_host_whose_name_stalls_is_cut_at_the_deadline_too(stalling_resolver):
    resolver, _ = stalling_resolver
    policy = dataclasses.replace(Policy.platform(("files.example.com",), label="the file host"), resolver=resolver)
    started = time.monotonic()
    with pytest.raises(BadDocument, match="^the file host: looking up the name files.example.com took longer than 1 s"):
        fetch("https://files.example.com/f.pdf", timeout=1, policy=policy)
    assert time.monotonic() - started < 10


# --- through a proxy ----------------------------------------------------------------------------------

PUBLIC = "93.184.216.34"  # what the resolver says the court's names are: a public address
DNS = {"www.court.example": [PUBLIC], "rules.court.example": [PUBLIC], "intranet.court.example": ["10.1.2.3"],
       "metadata.court.example": ["169.254.169.254"]}


def resolver(host: str, port: int) -> list[str]:
    """The test's name server: `DNS`, else no such name."""
    if host not in DNS:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
    return DNS[host]


def through(proxy_url: str, no_proxy: str = "", **policy) -> Policy:
    return Policy(proxies=Proxies(https=proxy_url, http=proxy_url, no_proxy=no_proxy), resolver=resolver, **policy)


@pytest.fixture()
def site():
    with FixtureSite() as s:
        s.put("/rules.txt", b"L.R. 1-1 Scope. Through the proxy.", "text/plain")
        yield s


@pytest.fixture()
def tls_site(tmp_path, monkeypatch):
    """An https site for rules.court.example (its certificate trusted by the client, as a real CA's would be)."""
    import ssl

    cert, key = self_signed(tmp_path, "rules.court.example")
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    s = FixtureSite()
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    s.server.socket = ctx.wrap_socket(s.server.socket, server_side=True)
    s.put("/lr.txt", b"L.R. 1-1 Scope. Tunnelled.", "text/plain")
    with s:
        yield s


def port_of(s) -> int:
    return s.server.server_address[1]


def test_https_goes_through_the_proxy_tunnelled_to_the_checked_address(tls_site):
    with LoopbackProxy({(PUBLIC, 443): ("127.0.0.1", port_of(tls_site))}) as proxy:
        got = fetch("https://rules.court.example/lr.txt", timeout=10, policy=through(proxy.url))
    assert got.body == b"L.R. 1-1 Scope. Tunnelled."
    assert proxy.seen == [Seen("CONNECT", f"{PUBLIC}:443")]  # the address checked, not a name to look up again
    assert tls_site.requests[0][1]["Host"] == "rules.court.example"  # TLS and the request name the server


def test_plain_http_is_tunnelled_to_the_checked_address_with_the_proxy_credentials(site):
    with LoopbackProxy({(PUBLIC, 80): ("127.0.0.1", port_of(site))}, credentials="clerk:s3cret") as proxy:
        got = fetch("http://www.court.example/rules.txt", timeout=10,
                    policy=through(proxy.url.replace("http://", "http://clerk:s3cret@")))
        with pytest.raises(BadDocument) as e:
            fetch("http://www.court.example/rules.txt", timeout=10, policy=through(proxy.url))
    assert got.body == b"L.R. 1-1 Scope. Through the proxy."
    assert proxy.seen[0] == Seen("CONNECT", f"{PUBLIC}:80", "Basic Y2xlcms6czNjcmV0")  # never the name
    assert site.requests[0][1]["Host"] == "www.court.example"  # plain http inside, naming the server
    assert "asks for credentials (HTTP 407)" in str(e.value) and "\n" not in str(e.value)


class Rebinding:
    """A name server re-pointed between two look-ups (DNS rebinding; or the proxy's own view of internal names):
    www.court.example is the public address the first time it is asked, the cloud's metadata address after."""

    def __init__(self):
        self.asked = 0
        self.lock = threading.Lock()

    def __call__(self, host: str, port: int) -> list[str]:
        with self.lock:
            self.asked += 1
            return [PUBLIC] if self.asked == 1 else ["169.254.169.254"]


def test_a_name_re_pointed_after_the_check_cannot_reach_an_internal_address_through_the_proxy(site):
    """The proxy looks names up with the same (re-pointed) name server: given the name it would fetch the
    metadata address; plain http is tunnelled to the address rulebot checked instead, so it never looks."""
    rebinding = Rebinding()
    with FixtureSite() as metadata:
        metadata.put("/rules.txt", b"iam/security-credentials", "text/plain")
        routes = {(PUBLIC, 80): ("127.0.0.1", port_of(site)), ("169.254.169.254", 80): ("127.0.0.1", port_of(metadata))}
        with LoopbackProxy(routes, resolver=rebinding) as proxy:
            got = fetch("http://www.court.example/rules.txt", timeout=10,
                        policy=Policy(proxies=Proxies(http=proxy.url), resolver=rebinding))
        assert got.body == b"L.R. 1-1 Scope. Through the proxy."
        assert proxy.seen == [Seen("CONNECT", f"{PUBLIC}:80")] and rebinding.asked == 1
        assert metadata.requests == []


def test_a_proxy_that_will_not_tunnel_plain_http_is_one_line_pointing_to_no_proxy_or_https(site):
    with LoopbackProxy({(PUBLIC, 80): ("127.0.0.1", port_of(site))}, connect_ports=(443,)) as proxy:
        with pytest.raises(BadDocument) as e:
            fetch("http://www.court.example/rules.txt", timeout=10, policy=through(proxy.url))
    text = str(e.value)
    assert text.startswith("http://www.court.example/rules.txt: the proxy ") and "\n" not in text
    assert "HTTP 403" in text and "NO_PROXY" in text and "https://" in text
    assert proxy.seen == [Seen("CONNECT", f"{PUBLIC}:80")]  # refused; never asked again by name


@pytest.mark.parametrize("url,said", [
    ("http://intranet.court.example/admin", "intranet.court.example (10.1.2.3) is a private address"),
    ("https://metadata.court.example/latest/", "metadata.court.example (169.254.169.254) is a link-local address"),
    ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address"),
    ("http://127.0.0.2:8080/admin", "127.0.0.2 is a loopback address"),
    ("https://unknown.court.example/x", "the name unknown.court.example does not resolve"),
])
def test_an_internal_target_is_refused_before_the_proxy_is_asked(url, said):
    """The address check is of the server named, never of the proxy (itself on loopback, and used)."""
    with LoopbackProxy({}) as proxy:
        with pytest.raises(BadDocument) as e:
            fetch(url, timeout=10, policy=through(proxy.url))
    assert said in str(e.value) and "\n" not in str(e.value) and proxy.seen == []


def test_a_redirect_through_the_proxy_to_an_internal_address_is_refused(site):
    site.redirects["/moved"] = "http://intranet.court.example/admin"
    with LoopbackProxy({(PUBLIC, 80): ("127.0.0.1", port_of(site))}) as proxy:
        with pytest.raises(BadDocument, match=r"intranet.court.example \(10.1.2.3\) is a private address"):
            fetch("http://www.court.example/moved", timeout=10, policy=through(proxy.url))
    assert [s.target for s in proxy.seen] == [f"{PUBLIC}:80"]


def test_no_proxy_hosts_are_reached_directly_and_the_rest_through_the_proxy(site):
    url = site.url("/rules.txt")
    with LoopbackProxy({("127.0.0.1", port_of(site)): ("127.0.0.1", port_of(site))}) as proxy:
        assert fetch(url, timeout=10, policy=through(proxy.url, no_proxy="localhost,127.0.0.0/8",
                                                     allow=("127.0.0.1",))).status == 200
        assert proxy.seen == []
        assert fetch(url, timeout=10, policy=through(proxy.url, allow=("127.0.0.1",))).status == 200
        assert proxy.seen == [Seen("CONNECT", f"127.0.0.1:{port_of(site)}")]


def no_names(host: str, port: int) -> list[str]:
    """A machine's resolver that knows no outside names (only its proxy does)."""
    raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")


def test_a_host_listed_by_name_that_does_not_resolve_here_goes_to_the_proxy_by_name(tls_site, site):
    """A machine that resolves no outside names, behind a proxy that does: the admin lists the court's hosts
    in RULEBOT_FETCH_ALLOW; any other name is still refused."""
    routes = {("rules.court.example", 443): ("127.0.0.1", port_of(tls_site)),
              ("rules.court.example", 80): ("127.0.0.1", port_of(site))}
    with LoopbackProxy(routes) as proxy:
        policy = Policy(proxies=Proxies(https=proxy.url, http=proxy.url), resolver=no_names,
                        allow=("rules.court.example",))
        assert fetch("https://rules.court.example/lr.txt", timeout=10, policy=policy).body.endswith(b"Tunnelled.")
        assert fetch("http://rules.court.example/rules.txt", timeout=10, policy=policy).body.endswith(b"proxy.")
        with pytest.raises(BadDocument, match="the name www.court.example does not resolve"):
            fetch("https://www.court.example/lr.txt", timeout=10, policy=policy)
    assert proxy.seen == [Seen("CONNECT", "rules.court.example:443"),  # TLS still checks that name
                          Seen("GET", "http://rules.court.example/rules.txt")]  # the one name the admin listed


@pytest.mark.parametrize("url", ["https://rules.court.example/lr.pdf", "http://www.court.example/rules.txt"])
def test_a_proxy_that_never_answers_is_cut_at_the_download_deadline(stalled, url):
    started = time.monotonic()
    with pytest.raises(BadDocument, match="did not answer within 1 s"):
        fetch(url, timeout=1, policy=through(stalled))
    assert time.monotonic() - started < 10  # cut at 1 s; wide for a loaded CI


@pytest.mark.parametrize("proxy_url,said", [
    ("socks5://127.0.0.1:1080", "rulebot speaks to http:// proxies only"),
    ("http://127.0.0.1:{dead}", "cannot reach the proxy http://127.0.0.1:{dead}"),
])
def test_a_proxy_that_cannot_be_used_is_one_line(proxy_url, said):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = s.getsockname()[1]  # bound, never listening: nothing answers there
        with pytest.raises(BadDocument) as e:
            fetch("https://rules.court.example/lr.pdf", timeout=5, policy=through(proxy_url.format(dead=dead)))
    text = str(e.value)
    assert text.startswith("https://rules.court.example/lr.pdf: ") and said.format(dead=dead) in text
    assert "\n" not in text


def test_the_proxy_settings_come_from_the_environment_and_reach_corpus_downloads():
    from bot.settings import Settings

    s = Settings.load(env={"RULEBOT_HOME": "/tmp/x", "HTTPS_PROXY": "http://u:pw@proxy.corp:3128",
                           "http_proxy": "proxy.corp:8080", "HTTP_PROXY": "ignored:1", "NO_PROXY": ".corp"})
    assert s.proxies == Proxies(https="http://u:pw@proxy.corp:3128", http="proxy.corp:8080", no_proxy=".corp")
    assert s.fetch_policy.proxies == s.proxies and "pw" not in repr(s)
    assert Settings.load(env={"RULEBOT_HOME": "/tmp/x", "ALL_PROXY": "http://p:1"}).proxies.https == "http://p:1"
    assert Settings.load(env={"RULEBOT_HOME": "/tmp/x"}).fetch_policy.proxies == Proxies()


def test_rulebot_corpus_add_goes_through_the_proxy_the_environment_names(site, monkeypatch, capsys):
    """`rulebot corpus add` end to end: HTTP_PROXY from the environment, the public address fetched through it,
    an internal one refused in one line without the proxy being asked."""
    from bot.cli import main

    site.put("/rules.txt", b"L.R. 1-1 Scope. These rules govern proxied courts.\n", "text/plain")
    with LoopbackProxy({(PUBLIC, 80): ("127.0.0.1", port_of(site))}) as proxy:
        monkeypatch.setenv("HTTP_PROXY", proxy.url)
        assert main(["corpus", "add", f"http://{PUBLIC}/rules.txt", "--no-index", "--court", "D. Nev.",
                     "--type", "local_rules"]) == 0
        assert proxy.seen == [Seen("CONNECT", f"{PUBLIC}:80")]
        assert main(["corpus", "add", "http://10.1.2.3/rules.txt", "--no-index"]) == 2
        err = capsys.readouterr().err
        assert proxy.seen == [Seen("CONNECT", f"{PUBLIC}:80")]
    assert "10.1.2.3 is a private address" in err and err.count("\n") == 1


def test_a_proxy_in_the_environment_that_rulebot_cannot_use_is_ignored_with_one_warning(site, monkeypatch, capsys,
                                                                                        caplog):
    """ALL_PROXY=socks5://... (common on developers' machines) or an https:// proxy: left out when the settings
    are read, one warning naming the variable (not one a load), and downloads go direct."""
    from bot.cli import main
    from bot.settings import Settings

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = s.getsockname()[1]  # nothing answers there: a download through it would fail
    socks = f"socks5h://u:pw@127.0.0.1:{dead}"
    with caplog.at_level(logging.WARNING, logger="indexers.proxy"):
        loaded = [Settings.load(env={"RULEBOT_HOME": "/tmp/x", "all_proxy": socks}) for _ in range(3)]
        both = Settings.load(env={"RULEBOT_HOME": "/tmp/x", "HTTPS_PROXY": f"https://127.0.0.1:{dead}",
                                  "ALL_PROXY": f"http://127.0.0.1:{dead}"})
    assert all(s.proxies == Proxies() for s in loaded)
    assert both.proxies == Proxies(https="", http=f"http://127.0.0.1:{dead}")  # only the one it cannot use goes
    warned = [r.getMessage() for r in caplog.records]
    assert len(warned) == 2 and "pw" not in warned[0], warned
    assert f"socks5h://***@127.0.0.1:{dead} (all_proxy) cannot be used" in warned[0] and "go direct" in warned[0]
    assert f"https://127.0.0.1:{dead} (HTTPS_PROXY) cannot be used" in warned[1]

    monkeypatch.setenv("ALL_PROXY", f"socks5://127.0.0.1:{dead}")
    monkeypatch.setenv("RULEBOT_FETCH_ALLOW", "127.0.0.1")
    site.put("/rules.txt", b"L.R. 1-1 Scope. These rules govern courts reached directly.\n", "text/plain")
    assert main(["corpus", "add", site.url("/rules.txt"), "--no-index", "--court", "D. Nev.",
                 "--type", "local_rules"]) == 0, capsys.readouterr().err
    assert site.requests and site.requests[-1][0] == "/rules.txt"
