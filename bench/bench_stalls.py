"""Connection-slot starvation: signed Slack requests while many connections stall.

    .venv/bin/python bench/bench_stalls.py [--signed 40] [--reopening-signed 150]

For each row, a fresh server process runs what `rulebot serve` runs for Slack (the one aiohttp
server, `bot.edges.server`, with its default limits, and a real Bolt app that acks ``/ping``; its Web
API is the loopback stand-in from tests/).  This process then opens the stalled connections (each
sends a request head with ``Content-Length: 1000`` and never the body), from one loopback address or
spread over eight (127.0.0.2-9), and sends signed ``/ping`` commands one after another from
127.0.0.1, each on a new connection, as Slack does.  The last row is a client that keeps 300 stalled
connections open, re-opening each one the server closes.  Linux only (loopback source addresses,
/proc).

Prints a Markdown table: how many signed requests were acked (200) and their latency, how many stalled
connections the server still held at the end, and the server process's threads and resident memory
while the connections stalled.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import selectors
import socket
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from benchstats import pct  # noqa: E402  (bench/ is the script's own folder)

STALL = b"POST /slack/events HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
ROWS = (("none", 0, 1), ("300 stalled", 300, 1), ("2,000 stalled", 2000, 1), ("2,000 stalled", 2000, 8))
REOPENING = 300


def server_main(home: str, ports, stop) -> None:
    """The server process: the Slack stand-in, a Bolt app acking /ping, and the one HTTP server."""
    from concurrent.futures import ThreadPoolExecutor

    from slack_standin import SlackAPIStandIn
    from test_server import SECRET, ping_app

    from bot.edges.server import Background, Mount, build_app
    from bot.settings import Settings
    from bot.slack.http import EVENTS_PATH, slack_events_handler

    settings = Settings.load(env={"RULEBOT_HOME": home, "SLACK_SIGNING_SECRET": SECRET})
    with SlackAPIStandIn() as slack, ThreadPoolExecutor(4, thread_name_prefix="slack-ack") as pool:
        mounts = [Mount(routes=(("POST", EVENTS_PATH, slack_events_handler(ping_app(slack), executor=pool)),))]
        with Background(build_app(settings, mounts, probes=None)) as srv:
            ports.put(srv.port)
            stop.wait()


def proc_status(pid: int) -> tuple[int, float]:
    """(threads, resident MB) of process `pid`."""
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    return int(fields["Threads"]), int(fields["VmRSS"].split()[0]) / 1024


def stall(port: int, source: str) -> socket.socket | None:
    """One connection that sends a request head and never its body (None when the server refused it)."""
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=10, source_address=(source, 0))
        s.sendall(STALL)
    except OSError:
        return None
    s.setblocking(False)
    return s


def closed(s: socket.socket) -> bool:
    try:
        while s.recv(65536):
            pass
        return True
    except BlockingIOError:
        return False
    except OSError:
        return True


def signed(sender, n: int) -> tuple[int, list[float]]:
    """Send `n` signed /ping commands one after another: (how many were acked, the acked ones' seconds).
    A refusal (503) or a connection the server dropped is not acked."""
    seconds = []
    for _ in range(n):
        try:
            sent = sender.command("/ping", "")
        except OSError:
            continue
        if sent.status == 200 and sent.body == "pong":
            seconds.append(sent.seconds)
    return len(seconds), seconds


def run_row(port: int, pid: int, sender, n_stalled: int, n_addresses: int, n_signed: int) -> dict:
    socks = [stall(port, f"127.0.0.{2 + i % n_addresses}") for i in range(n_stalled)]
    time.sleep(0.5)  # let the server take them in (nothing to poll from outside the server)
    acked, seconds = signed(sender, n_signed)
    threads, rss = proc_status(pid)
    held = sum(1 for s in socks if s is not None and not closed(s))
    for s in socks:
        if s is not None:
            s.close()
    return {"acked": acked, "n": n_signed, "seconds": seconds, "held": held, "threads": threads, "rss": rss}


def run_reopening(port: int, pid: int, sender, n_signed: int) -> dict:
    """One client keeping `REOPENING` stalled connections open, re-opening each the server closes."""
    stop = threading.Event()
    opened = [0]

    def attack() -> None:
        sel = selectors.DefaultSelector()
        while not stop.is_set():
            while len(sel.get_map()) < REOPENING and not stop.is_set():
                s = stall(port, "127.0.0.2")
                opened[0] += 1
                if s is not None:
                    sel.register(s, selectors.EVENT_READ)
            for key, _ in sel.select(timeout=0.05):
                if closed(key.fileobj):
                    sel.unregister(key.fileobj)
                    key.fileobj.close()
        for key in list(sel.get_map().values()):
            key.fileobj.close()

    attacker = threading.Thread(target=attack, daemon=True)
    attacker.start()
    time.sleep(0.5)
    acked, seconds = signed(sender, n_signed)
    threads, rss = proc_status(pid)
    stop.set()
    attacker.join(30)
    return {"acked": acked, "n": n_signed, "seconds": seconds, "held": f"{opened[0]:,} opened", "threads": threads,
            "rss": rss}


def with_server(base: Path, name: str, work) -> dict:
    from slack_standin import SlackSender
    from test_server import SECRET

    from bot.slack.http import EVENTS_PATH

    ctx = mp.get_context("spawn")
    ports, stop = ctx.Queue(), ctx.Event()
    proc = ctx.Process(target=server_main, args=(str(base / name), ports, stop), daemon=True)
    proc.start()
    try:
        port = ports.get(timeout=120)
        sender = SlackSender(f"http://127.0.0.1:{port}{EVENTS_PATH}", SECRET)
        signed(sender, 3)  # warm: Bolt's first dispatch, the executor's threads
        return work(port, proc.pid, sender)
    finally:
        stop.set()
        proc.join(30)
        if proc.is_alive():
            proc.terminate()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--signed", type=int, default=40, help="signed requests per row")
    ap.add_argument("--reopening-signed", type=int, default=150, help="signed requests against the re-opening client")
    args = ap.parse_args()

    import resource
    import tempfile

    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))  # this process holds the 2,000 client ends
    base = Path(tempfile.mkdtemp(prefix="rulebot-bench-stalls-"))
    print("| stalled connections | from | signed acked | acked p50 (ms) | p95 (ms) | max (ms) "
          "| still held at the end | server threads | server RSS (MB) |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    rows = [(label, f"{addresses} address{'es' if addresses > 1 else ''}",
             lambda port, pid, sender, n=n, a=addresses: run_row(port, pid, sender, n, a, args.signed))
            for label, n, addresses in ROWS]
    rows.append((f"{REOPENING} re-opened as closed", "1 address",
                 lambda port, pid, sender: run_reopening(port, pid, sender, args.reopening_signed)))
    for i, (label, source, work) in enumerate(rows):
        r = with_server(base, f"row-{i}", work)
        ms = [x * 1000 for x in r["seconds"]]
        p50, p95, top = (f"{pct(ms, 50):.0f}", f"{pct(ms, 95):.0f}", f"{max(ms):.0f}") if ms else ("-", "-", "-")
        print(f"| {label} | {source} | {r['acked']} of {r['n']} | {p50} | {p95} | {top} | {r['held']} | "
              f"{r['threads']} | {r['rss']:.0f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
