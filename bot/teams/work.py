"""Calling the chat service from the Bot Framework's event loop.

The service blocks (it answers on worker threads and its replies wait for the loop), so the Teams
handlers call it on threads of their own (`in_thread`: never the loop's default executor, which the
Bot Framework needs for its HTTP calls), and hand slow work to its workers, waiting for it only as
long as a turn can (`submitted`, through the chain of `bot.chat.steps`).
"""

from __future__ import annotations

import asyncio
from concurrent.futures import Executor
from typing import Any, Callable


async def in_thread(pool: Executor | None, fn: Callable[[], Any]) -> Any:
    """`fn()` on `pool`, awaited from the loop."""
    return await asyncio.get_running_loop().run_in_executor(pool, fn)


async def submitted(chat: Any, pool: Executor | None, request: Any, job: Callable[[], Any], *,
                    deadline: float | None) -> bool | None:
    """Hand `request` and its `job` to the chat service (`chat.handle`: the steps, then its workers, which say
    "busy" when full) and wait up to `deadline` seconds for it (None: do not wait).  None when it was not
    taken (busy); True when it finished (or nobody waits); False when it is still running after the deadline."""
    loop = asyncio.get_running_loop()
    done = asyncio.Event()

    def run() -> None:
        try:
            job()
        finally:
            loop.call_soon_threadsafe(done.set)

    if not await in_thread(pool, lambda: chat.handle(request, run)):
        return None
    if deadline is None:
        return True
    try:
        await asyncio.wait_for(done.wait(), deadline)
        return True
    except asyncio.TimeoutError:
        return False
