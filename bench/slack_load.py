"""Burst load on the Slack app: N signed `/rules` commands at once, over real HTTP.

The app's HTTP server and a loopback stand-in for Slack's Web API run in this
process; the answers come from the real engine over the shipped corpus (indexed
into --home first if needed).  Prints ack p50/p95/max (the HTTP response Slack
waits for, limit 3 s), answer p50/p95 (until the response_url post), how many
were answered, and duplicates.

    .venv/bin/python bench/slack_load.py --count 50
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))  # the Slack stand-in lives with the tests
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from bot.settings import Settings  # noqa: E402
from chat_support import served_chat  # noqa: E402
from slack_standin import SlackAPIStandIn, SlackSender  # noqa: E402

QUESTION = "Who has the burden of establishing the law enforcement privilege?"
SECRET = "bench-signing-secret"


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(p / 100 * len(values) + 0.5) - 1))]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=50, help="commands sent at once (default 50)")
    ap.add_argument("--workers", type=int, default=2, help="answering threads in the app (default 2)")
    ap.add_argument("--home", default="", help="data directory with (or for) the index (default: a temp dir)")
    ap.add_argument("--timeout", type=float, default=300.0, help="seconds to wait for all answers")
    args = ap.parse_args(argv)

    from bot.engine import Engine

    home = Path(args.home or tempfile.mkdtemp(prefix="rulebot-bench-"))
    with SlackAPIStandIn() as slack:
        settings = Settings.load(env={**os.environ, "RULEBOT_HOME": str(home), "SLACK_BOT_TOKEN": slack.token,
                                      "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": slack.api_url})
        engine = Engine(settings)
        if not engine.status().get("version"):
            print("indexing the shipped corpus into", home, "...", flush=True)
            print(engine.reindex(who="bench").summary(), flush=True)
        settings = settings.with_(answer_workers=args.workers)
        with served_chat(settings, engine) as server:
            send = SlackSender(server.slack_url, SECRET)
            send.command("/rules", QUESTION, response_url=slack.response_url("warmup"))  # load the index once
            slack.wait_for(lambda calls: slack.responses("warmup"), args.timeout)

            names = [f"burst-{i}" for i in range(args.count)]
            started: dict[str, float] = {}

            def fire(name: str):
                started[name] = time.monotonic()
                return send.command("/rules", QUESTION, response_url=slack.response_url(name))

            t0 = time.monotonic()
            with ThreadPoolExecutor(args.count) as pool:
                sent = list(pool.map(fire, names))
            try:
                slack.wait_for(lambda calls: all(slack.responses(n) for n in names), args.timeout)
            except TimeoutError:
                pass
            time.sleep(1.0)  # let any duplicate arrive
            wall = time.monotonic() - t0

    acks = [s.seconds for s in sent]
    answered = {n: slack.responses(n) for n in names}
    answer_s = [r[0].at - started[n] for n, r in answered.items() if r]
    n_answered = sum(1 for r in answered.values() if r)
    duplicates = sum(len(r) - 1 for r in answered.values() if len(r) > 1)
    ok = sum(1 for s in sent if s.status == 200)
    cited = sum(1 for r in answered.values() if r and "Al Otro Lado" in r[0].text)

    rows = [
        ("commands sent at once", f"{args.count}"),
        ("HTTP 200 acks", f"{ok}"),
        ("ack p50 / p95 / max", f"{pct(acks, 50) * 1000:.1f} / {pct(acks, 95) * 1000:.1f} / {max(acks) * 1000:.1f} ms"),
        ("answer p50 / p95 / max", f"{pct(answer_s, 50):.2f} / {pct(answer_s, 95):.2f} / {max(answer_s or [0]):.2f} s"),
        ("answered", f"{n_answered} / {args.count} ({cited} citing Al Otro Lado)"),
        ("duplicates", f"{duplicates}"),
        ("answering threads", f"{args.workers}"),
        ("wall time (burst to last answer + 1 s)", f"{wall:.2f} s"),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"\nSlack /rules burst ({os.cpu_count()} CPUs)")
    print("-" * (width + 40))
    for k, v in rows:
        print(f"{k:<{width}}  {v}")
    print("-" * (width + 40))
    good = ok == args.count and max(acks) < 3.0 and n_answered == args.count and duplicates == 0
    print("PASS: all acked < 3 s, all answered once" if good else "FAIL")
    return 0 if good else 1


if __name__ == "__main__":
    sys.exit(main())
