"""Files users attach in Teams, fetched for review: only from Microsoft's file hosts.

Teams hands the bot a pre-authorised `downloadUrl` (OneDrive / SharePoint); nothing
else is sent with the request.  A URL on any other host is refused, except the host
of the Activity's own serviceUrl (the Bot Connector stand-in in tests), so a crafted
attachment cannot make the bot fetch from the firm's internal network.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from bot.errors import RulebotError
from indexers.fetch import Policy, fetch, platform_url
from indexers.proxy import Proxies

MICROSOFT_FILE_HOSTS = (".sharepoint.com", ".sharepoint-df.com", ".sharepoint.us", ".files.1drv.com")


def download_allowed(url: str, *, service_url: str = "") -> bool:
    """True for https URLs on Microsoft's file hosts, or on the very host and port of `service_url`.

    >>> download_allowed("https://contoso-my.sharepoint.com/personal/a/_layouts/15/download.aspx?x=1")
    True
    >>> download_allowed("https://sharepoint.com.evil.example/x"), download_allowed("http://10.0.0.5/x")
    (False, False)
    >>> download_allowed("http://127.0.0.1:5000/files/1", service_url="http://127.0.0.1:5000/")
    True
    """
    return platform_url(url, MICROSOFT_FILE_HOSTS, stand_in=service_url)


def download(url: str, *, service_url: str = "", max_bytes: int, timeout: float = 30.0,
             proxies: Proxies = Proxies()) -> bytes:
    """The attached file's bytes: at most `max_bytes`, within `timeout` seconds in all, no redirects (the one
    downloader, `indexers.fetch`, with the platform's policy)."""
    if not download_allowed(url, service_url=service_url):
        raise RulebotError(f"not a Teams file address ({urlsplit(url).hostname or 'no host'})")
    policy = Policy.platform(MICROSOFT_FILE_HOSTS, stand_in=service_url, label="the Teams file host",
                             proxies=proxies)
    return fetch(url, max_bytes=max_bytes, timeout=timeout, policy=policy).body
