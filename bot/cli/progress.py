"""Progress display for the CLI: a rich progress bar on a terminal, plain lines otherwise."""

from __future__ import annotations

import contextlib
from typing import Iterator

from bot.types import Progress


@contextlib.contextmanager
def progress_printer(stream) -> Iterator:
    if not getattr(stream, "isatty", lambda: False)():
        yield lambda p: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress as Bar, TextColumn, TimeElapsedColumn

    console = Console(file=stream)
    with Bar(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
             TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), console=console, transient=True) as bar:
        tasks: dict[str, int] = {}

        def on_progress(p: Progress) -> None:
            if p.stage not in tasks:
                tasks[p.stage] = bar.add_task(p.stage, total=max(p.total, 1), rate="")
            rate = f"{p.chunks_per_s:,.0f} chunks/s" if p.chunks_per_s else ""
            bar.update(tasks[p.stage], completed=p.done, total=max(p.total, 1), rate=rate)

        yield on_progress
