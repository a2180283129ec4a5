"""The index status as Markdown text (the reply to `admin status`)."""

from __future__ import annotations

from typing import Any, Mapping



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
