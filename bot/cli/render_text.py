"""Pure rendering of answers for a terminal (the CLI's edge).

>>> from bot.types import Answer
>>> render_answer(Answer(question="q", text="No.", abstained=True)).splitlines()[0]
'No.'
"""

from __future__ import annotations

import textwrap

from bot.cli.terminal import terminal
from bot.currency import currency
from bot.types import Answer


def _context(c, quoted_above: bool, n: int = 400) -> str:
    """The passage around its quote; when the answer's text already shows the quote, the quote is marked, not
    printed again."""
    text = " ".join(c.passage.text.split())
    quote = " ".join(c.quote.split())
    i = text.find(quote)
    if not quoted_above or i < 0:
        return text
    before, after = text[:i].strip(), text[i + len(quote):].strip()
    before = before if len(before) <= n else "… " + before[-n:].split(" ", 1)[-1]
    after = after if len(after) <= n else after[:n].rsplit(" ", 1)[0] + " …"
    return " ".join(x for x in (before, f"[{c.n}: quoted above]", after) if x)


def render_answer(ans: Answer, *, width: int = 100, full: bool = True) -> str:
    """The answer (its quotes, numbered), then each cited passage: pin cite with its document's date, a
    warning when a later amendment touches the cited part, the passage around the quote and its source;
    then, apart and lighter, "See also" passages the answer does not quote.  No quote is printed twice."""
    out = [terminal(ans.text)]
    if ans.citations:
        out.append("")
        out.append("Citations:")
        for c in ans.citations:
            cur = currency(c)
            label = cur.beside(c.cite)
            out.append(f"[{c.n}] {c.cite}" + (f" ({label})" if label else ""))
            if cur.warning:
                out.append(textwrap.fill(f"! {cur.notice}", width,
                                         initial_indent="    ", subsequent_indent="      "))
            if not ans.quotes_in_text(c):
                out.append(textwrap.indent(textwrap.fill(f"“{c.quote}”", width - 4), "    "))
            if full and c.passage.text.strip() != c.quote.strip():
                out.append(textwrap.indent(textwrap.fill("Passage: " + _context(c, ans.quotes_in_text(c)),
                                                         width - 4), "    "))
            out.append(f"    Source: {c.passage.title}")  # its date is beside the pin cite
    if ans.see_also:
        out.append("")
        out.append(ans.see_also_line())
    for f in ans.flags:
        out.append(f"! {f}")
    return "\n".join(out)
