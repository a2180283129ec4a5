"""Pure rendering of answers for a terminal (the CLI's edge).

>>> from bot.types import Answer
>>> render_answer(Answer(question="q", text="No.", abstained=True)).splitlines()[0]
'No.'
"""

from __future__ import annotations

import textwrap

from bot.types import Answer


def render_answer(ans: Answer, *, width: int = 100, full: bool = True) -> str:
    out = [ans.text]
    if ans.citations:
        out.append("")
        out.append("Citations:")
        for c in ans.citations:
            out.append(f"[{c.n}] {c.cite}")
            out.append(textwrap.indent(textwrap.fill(f"“{c.quote}”", width - 4), "    "))
            if full and c.passage.text.strip() != c.quote.strip():
                out.append(textwrap.indent(textwrap.fill("Passage: " + c.passage.text, width - 4), "    "))
            src = c.passage.title + (f" ({c.passage.date})" if c.passage.date and c.passage.date != "unknown" else "")
            out.append(f"    Source: {src}")
    for f in ans.flags:
        out.append(f"! {f}")
    return "\n".join(out)
