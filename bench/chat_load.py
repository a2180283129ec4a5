"""Burst load on the chat server: N questions at once over real HTTP, Slack and Teams, one or two replicas.

Each replica is what `rulebot serve` runs (the chat service and the one aiohttp server with both
surfaces mounted); with `--replicas 2` they share a real `redis-server` started here (de-duplication,
thread memory, pending counts) and the requests alternate between them, as behind a load balancer
with no sticky routing.  Slack: signed `/rules` commands, answered through response_url on a loopback
Web API stand-in.  Teams: message Activities (no-auth), answered through a loopback Bot Connector
stand-in.  The answers come from the real engine over the shipped corpus (indexed into --home first if
needed).  Prints ack p50/p95/max (the HTTP response), answer p50/p95/max (until the reply arrives),
how many were answered, and duplicates.

    .venv/bin/python bench/chat_load.py --count 50                      # Slack and Teams, 1 and 2 replicas
    .venv/bin/python bench/chat_load.py --surface slack --replicas 1
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # the stand-ins live with the tests
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from bot.settings import Settings  # noqa: E402
from chat_support import served_chat  # noqa: E402
from redis_support import RedisServer  # noqa: E402
from slack_standin import SlackAPIStandIn, SlackSender  # noqa: E402
from teams_support import Connector, message  # noqa: E402

QUESTION = "Who has the burden of establishing the law enforcement privilege?"
SECRET = "bench-signing-secret"


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(p / 100 * len(values) + 0.5) - 1))]


def post_json(url: str, body: dict) -> tuple[int, float]:
    t0 = time.monotonic()
    req = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as resp:
        return resp.status, time.monotonic() - t0


def wait(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def slack_burst(servers, slack, count: int, timeout: float) -> dict:
    senders = [SlackSender(s.slack_url, SECRET) for s in servers]
    names = [f"burst-{time.monotonic_ns()}-{i}" for i in range(count)]
    started: dict[str, float] = {}

    def fire(i: int):
        started[names[i]] = time.monotonic()
        sent = senders[i % len(senders)].command("/rules", QUESTION, response_url=slack.response_url(names[i]))
        return sent.status, sent.seconds

    with ThreadPoolExecutor(count) as pool:
        acks = list(pool.map(fire, range(count)))
    wait(lambda: all(slack.responses(n) for n in names), timeout)
    last = max((slack.responses(n)[0].at for n in names if slack.responses(n)), default=time.monotonic())
    wait(lambda: False, 0.5)  # let a duplicate arrive, if there were one
    got = {n: slack.responses(n) for n in names}
    return {"acks": acks, "answers": [r[0].at - started[n] for n, r in got.items() if r],
            "answered": sum(1 for r in got.values() if r), "duplicates": sum(len(r) - 1 for r in got.values() if r),
            "cited": sum(1 for r in got.values() if r and "Al Otro Lado" in r[0].text), "last": last}


def teams_burst(servers, connector, count: int, timeout: float) -> dict:
    acts = [message(connector.url, QUESTION) for _ in range(count)]
    started: dict[str, float] = {}

    def fire(i: int):
        started[acts[i]["conversation"]["id"]] = time.monotonic()
        return post_json(servers[i % len(servers)].teams_url, acts[i])

    with ThreadPoolExecutor(count) as pool:
        acks = list(pool.map(fire, range(count)))
    ids = [a["conversation"]["id"] for a in acts]

    def cards(cid: str):
        return [c for c in list(connector.calls) if c.conversation_id == cid and c.type == "message" and c.cards]

    wait(lambda: all(cards(c) for c in ids), timeout)
    wait(lambda: False, 0.5)
    got = {c: cards(c) for c in ids}
    return {"acks": acks, "answers": [r[0].at - started[c] for c, r in got.items() if r],
            "answered": sum(1 for r in got.values() if r), "duplicates": sum(len(r) - 1 for r in got.values() if r),
            "cited": sum(1 for r in got.values() if r and "Al Otro Lado" in json.dumps(r[0].cards))}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=50, help="questions sent at once (default 50)")
    ap.add_argument("--surface", choices=("slack", "teams", "both"), default="both")
    ap.add_argument("--replicas", choices=("1", "2", "both"), default="both")
    ap.add_argument("--home", default="", help="data directory with (or for) the index (default: a temp dir)")
    ap.add_argument("--timeout", type=float, default=300.0, help="seconds to wait for all answers")
    args = ap.parse_args(argv)

    from bot.answering.engine import Engine

    home = Path(args.home or tempfile.mkdtemp(prefix="rulebot-bench-"))
    surfaces = ("slack", "teams") if args.surface == "both" else (args.surface,)
    counts = (1, 2) if args.replicas == "both" else (int(args.replicas),)
    loop = asyncio.new_event_loop()
    threading.Thread(target=loop.run_forever, daemon=True).start()
    connector = Connector()
    _stamp_calls(connector)
    asyncio.run_coroutine_threadsafe(connector.start(), loop).result(10)
    rows = []
    with SlackAPIStandIn() as slack, RedisServer() as redis:
        base = Settings.load(env={**os.environ, "RULEBOT_HOME": str(home), "SLACK_BOT_TOKEN": slack.token,
                                  "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": slack.api_url})
        engine = Engine(base)
        if not engine.status().get("version"):
            print("indexing the shipped corpus into", home, "...", flush=True)
            print(engine.reindex(who="bench").summary(), flush=True)
        engine.answer(QUESTION)  # load the index and the model once
        for n in counts:
            with contextlib.ExitStack() as stack:
                servers = []
                for i in range(n):
                    settings = base.with_(home=home / f"replica-{i}", redis_url=redis.url if n > 1 else "")
                    servers.append(stack.enter_context(served_chat(settings, engine, teams_no_auth=True)))
                for surface in surfaces:
                    if surface == "slack":
                        r = slack_burst(servers, slack, args.count, args.timeout)
                    else:
                        r = teams_burst(servers, connector, args.count, args.timeout)
                    rows.append((surface, n, r))
    asyncio.run_coroutine_threadsafe(connector.stop(), loop).result(10)

    print(f"\nChat burst: {args.count} questions at once per row, {os.cpu_count()} CPUs, "
          f"answer workers {base.answer_workers} per replica")
    print("| surface | replicas | acks p50 / p95 / max (ms) | answer p50 / p95 / max (s) | answered | duplicates |")
    print("|---|---:|---:|---:|---:|---:|")
    good = True
    for surface, n, r in rows:
        acks = [s for _, s in r["acks"]]
        ans = r["answers"]
        print(f"| {surface} | {n}{' (Redis)' if n > 1 else ''} | {pct(acks, 50) * 1000:.0f} / {pct(acks, 95) * 1000:.0f}"
              f" / {max(acks) * 1000:.0f} | {pct(ans, 50):.2f} / {pct(ans, 95):.2f} / {max(ans or [0]):.2f} | "
              f"{r['answered']}/{args.count} ({r['cited']} cite Al Otro Lado) | {r['duplicates']} |")
        good &= all(st == 200 for st, _ in r["acks"]) and r["answered"] == args.count and r["duplicates"] == 0
    print("PASS: every question acknowledged and answered once" if good else "FAIL")
    return 0 if good else 1


def _stamp_calls(connector) -> None:
    """Record when each reply reached the Connector stand-in (its calls carry no time of their own)."""
    record = connector._record

    async def stamped(request):
        response = await record(request)
        connector.calls[-1].at = time.monotonic()
        return response

    connector._record = stamped


if __name__ == "__main__":
    sys.exit(main())
