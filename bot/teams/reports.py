"""Admin replies as Markdown text: index status, reindex progress, sync results."""

from __future__ import annotations

from typing import Any, Mapping

from bot.teams import messages as say


def summary(report: Any) -> str:
    """A core report's one-line ``summary()`` (BuildReport, SyncReport), else its str()."""
    method = getattr(report, "summary", None)
    return str(method()) if callable(method) else str(report)


STAGES = {"load": "loading documents", "chunk": "cutting passages", "embed": "embedding passages",
          "store": "storing passages", "done": "finishing"}


def format_progress(p: Any) -> str:
    """One line for a reindex `Progress`.

    >>> from bot.types import Progress
    >>> format_progress(Progress("embed", 40, 200, 81.2))
    'Reindexing: embedding passages, 40 of 200 (81 chunks/s).'
    """
    rate = f" ({p.chunks_per_s:.0f} chunks/s)" if getattr(p, "chunks_per_s", 0) else ""
    text = say.REINDEX_PROGRESS.format(stage=STAGES.get(p.stage, p.stage), done=p.done, total=p.total, rate=rate)
    return f"{text} {p.message}".strip() if getattr(p, "message", "") else text


def format_sync(report: Any) -> str:
    """The sync summary, then each document that changed or failed."""
    lines = [say.SYNC_DONE.format(summary=summary(report))]
    for kind in ("added", "changed"):
        lines += [f"- {kind}: {doc_id}" for doc_id in getattr(report, kind, ())]
    lines += [f"- failed: {name}: {reason}" for name, reason in getattr(report, "failed", ())]
    return "\n".join(lines)


def format_status(status: Mapping[str, Any]) -> str:
    """The index status as a short Markdown list.

    >>> format_status({"documents": 3, "chunks": 120})
    '**Index status**\\n\\n- Documents: 3\\n- Chunks: 120'
    """
    lines = ["**Index status**", ""]
    for key, value in status.items():
        label = str(key).replace("_", " ").capitalize()
        if isinstance(value, (list, tuple)):
            value = ", ".join(str(v) for v in value) or "none"
        elif isinstance(value, Mapping):
            value = ", ".join(f"{k}: {v}" for k, v in value.items()) or "none"
        lines.append(f"- {label}: {value}")
    return "\n".join(lines)
