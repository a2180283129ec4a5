"""Server benchmark: query latency through a Chroma server vs the embedded store, and 2 replicas vs 1.

    .venv/bin/python bench/bench_server.py [--rounds 5] [--load 48] [--clients 4]

Starts a real `chroma run` on loopback, indexes the shipped corpus into an embedded
store and into the server (the vectors are computed once: the server build reads
them from the embedded build's embedding cache), then:

1. answers the same questions through each store in one process (p50/p95 of
   `Engine.answer`, and of the dense retrieval call alone, where the store is used);
2. runs 1 and then 2 replica processes (each its own `Engine` over the server and
   4 answer threads, as a bot has) under a bounded load: `--clients` questions in
   flight at any time, spread round-robin over the replicas as a load balancer would.

Prints Markdown tables.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import queue
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from benchstats import pct  # noqa: E402  (bench/ is the script's own folder)
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

QUESTIONS = [
    "Who has the burden of establishing the law enforcement privilege?",
    "Can the parties agree to file all confidential documents under seal?",
    "What must a motion for a protective order include?",
    "What standard governs sealing documents attached to a non-dispositive motion?",
    "What is good cause for a protective order under Rule 26(c)?",
    "How long does a party have to respond to interrogatories?",
    "Must the parties meet and confer before filing a discovery motion?",
    "What does Fed. R. Civ. P. 26(b)(1) say about the scope of discovery?",
    "Who may see documents designated highly confidential attorneys' eyes only?",
    "What happens to confidential material at the end of the case?",
    "Can a party claw back privileged documents produced inadvertently?",
    "What is the deadline for initial disclosures?",
]


def ms(x: float) -> str:
    return f"{x * 1000:.0f}"


# --- replicas (separate processes) ----------------------------------------------------------------

def replica_main(home: str, url: str, inbox, outbox, threads: int) -> None:
    from bot.answering.engine import Engine
    from bot.settings import Settings

    engine = Engine(Settings.load(env={"RULEBOT_HOME": home, "RULEBOT_CHROMA_URL": url}))
    engine.answer(QUESTIONS[0])  # load the model and the index version before reporting ready
    outbox.put(("ready", os.getpid(), 0.0, True))

    def work() -> None:
        while True:
            item = inbox.get()
            if item is None:
                return
            qid, question = item
            try:
                engine.answer(question)
                outbox.put((qid, os.getpid(), time.time(), True))
            except Exception:
                outbox.put((qid, os.getpid(), time.time(), False))

    pool = [threading.Thread(target=work, daemon=True) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()


def run_load(n_replicas: int, url: str, base: Path, total: int, clients: int) -> dict:
    ctx = mp.get_context("spawn")
    outbox = ctx.Queue()
    inboxes = [ctx.Queue() for _ in range(n_replicas)]
    procs = []
    for i in range(n_replicas):
        home = base / f"replica-{n_replicas}-{i}"
        procs.append(ctx.Process(target=replica_main, args=(str(home), url, inboxes[i], outbox, 4), daemon=True))
    for p in procs:
        p.start()
    for _ in procs:
        assert outbox.get(timeout=600)[0] == "ready"
    sent: dict[int, float] = {}
    lat: list[float] = []
    failed = 0
    nxt = 0
    t0 = time.time()
    while nxt < min(clients, total):  # `clients` requests in flight at any time
        sent[nxt] = time.time()
        inboxes[nxt % n_replicas].put((nxt, QUESTIONS[nxt % len(QUESTIONS)]))
        nxt += 1
    done = 0
    while done < total:
        qid, _pid, at, ok = outbox.get(timeout=600)
        done += 1
        lat.append(at - sent[qid])
        failed += 0 if ok else 1
        if nxt < total:
            sent[nxt] = time.time()
            inboxes[nxt % n_replicas].put((nxt, QUESTIONS[nxt % len(QUESTIONS)]))
            nxt += 1
    wall = time.time() - t0
    for q in inboxes:
        for _ in range(4):
            q.put(None)
    for p in procs:
        p.join(timeout=30)
        if p.is_alive():
            p.terminate()
    return {"replicas": n_replicas, "n": total, "failed": failed, "qps": total / wall,
            "p50": pct(lat, 50), "p95": pct(lat, 95)}


# --- in-process latency ----------------------------------------------------------------------------

def time_stores(engines: dict, rounds: int) -> dict[str, dict]:
    """p50/p95 per engine, the engines interleaved question by question (so that load from
    elsewhere on the machine falls on both alike)."""
    from bot.answering.query import parse_question
    from bot.types import Filters

    answer_t: dict[str, list[float]] = {name: [] for name in engines}
    dense_t: dict[str, list[float]] = {name: [] for name in engines}
    for engine in engines.values():
        engine.answer(QUESTIONS[0])  # warm: model, index version, connections
    for _ in range(rounds):
        for q in QUESTIONS:
            vec = next(iter(engines.values())).embedder.encode([parse_question(q).text])[0]
            for name, engine in engines.items():
                t = time.perf_counter()
                engine.answer(q)
                answer_t[name].append(time.perf_counter() - t)
                idx = engine.index()
                t = time.perf_counter()
                idx.dense(vec, Filters())
                dense_t[name].append(time.perf_counter() - t)
    return {name: {"n": len(answer_t[name]), "answer_p50": pct(answer_t[name], 50),
                   "answer_p95": pct(answer_t[name], 95), "dense_p50": pct(dense_t[name], 50),
                   "dense_p95": pct(dense_t[name], 95)} for name in engines}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5, help="times each question is asked per store")
    ap.add_argument("--load", type=int, default=48, help="questions per replica configuration")
    ap.add_argument("--clients", type=int, default=4, help="questions in flight at once")
    args = ap.parse_args()

    from chroma_support import ChromaServer

    from bot.answering.engine import Engine
    from bot.settings import Settings

    base = Path(tempfile.mkdtemp(prefix="rulebot-bench-server-"))
    try:
        with ChromaServer(base / "chroma") as server:
            emb = Settings.load(env={"RULEBOT_HOME": str(base / "embedded")})
            srv = Settings.load(env={"RULEBOT_HOME": str(base / "server"), "RULEBOT_CHROMA_URL": server.url})
            t = time.perf_counter()
            embedded = Engine(emb)
            r1 = embedded.reindex(who="bench")
            t_emb = time.perf_counter() - t
            (srv.index_dir).mkdir(parents=True, exist_ok=True)
            shutil.copy(emb.index_dir / "embeddings.sqlite", srv.index_dir / "embeddings.sqlite")
            t = time.perf_counter()
            served = Engine(srv, embedder=embedded.embedder)
            r2 = served.reindex(who="bench")
            t_srv = time.perf_counter() - t
            print(f"corpus: {r1.documents} documents, {r1.chunks} passages; index build (vectors cached for the "
                  f"server build): embedded {t_emb:.1f} s, server {t_srv:.1f} s ({r2.embedded} embedded)\n")

            rows = list(time_stores({"embedded (PersistentClient)": embedded,
                                     f"Chroma server ({server.url})": served}, args.rounds).items())
            print("### Query latency, one process, same corpus and questions (ms)\n")
            print("| store | queries | answer p50 | answer p95 | dense search p50 | dense search p95 |")
            print("|---|---:|---:|---:|---:|---:|")
            for name, r in rows:
                print(f"| {name} | {r['n']} | {ms(r['answer_p50'])} | {ms(r['answer_p95'])} | "
                      f"{ms(r['dense_p50'])} | {ms(r['dense_p95'])} |")

            print(f"\n### Replicas against one Chroma server, {args.clients} questions in flight, "
                  f"{args.load} questions (ms; {os.cpu_count()} CPU cores shared by everything)\n")
            print("| replicas | questions | failed | throughput (q/s) | latency p50 | latency p95 |")
            print("|---:|---:|---:|---:|---:|---:|")
            for n in (1, 2):
                r = run_load(n, server.url, base, args.load, args.clients)
                print(f"| {r['replicas']} | {r['n']} | {r['failed']} | {r['qps']:.2f} | {ms(r['p50'])} | "
                      f"{ms(r['p95'])} |", flush=True)
    finally:
        shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
