"""Terms for an added document, written by the configured LLM (`RULEBOT_LLM`) at `corpus add`.

Each passage of the document gets one line saying what it governs in practitioners' words (see
`indexers/terms.py`): the model sees only the passage's own text, a batch at a time, and answers
``KEY: terms``.  What it writes is checked like every model output, for what terms may be: one line, no
quotation marks, no run of the passage's own words long enough to be a quote (`clean_generated`), keys
that are the document's own.  Lines an admin wrote in the sidecar are kept as written; the model's own lines
are recorded as such in the sidecar's header and written again when the document changes.  The result is
the sidecar file beside the document, which the admin may edit and reindex.  Without an LLM nothing is
generated, and the document indexes as before.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

from indexers.build import chunk_all
from indexers.load import load_file
from indexers.terms import clean_generated, load_terms, passage_key, sidecar_meta, sidecar_path, write_terms
from indexers.types import content_hash

log = logging.getLogger("rulebot.terms")
BATCH = 12  # passages per model call
PASSAGE_CHARS = 2500  # of each passage shown to the model

SYSTEM = ("You index court rules and orders for US litigation associates. For each passage, write ONE line of "
          "semicolon-separated search terms (15 to 60 words): what the passage governs in plain words, its terms "
          "of art and their common abbreviations, the situations it decides as a practitioner would describe them, "
          "and the deadlines and numbers it sets. For a court order, say whether the passage is the court's "
          "holding, its reasoning, a party's argument, or background. Never copy sentences from the passage and "
          "never use quotation marks. Answer with exactly one line per passage: KEY: terms")


@dataclass(frozen=True)
class TermsReport:
    path: Path
    written: int  # passages given generated terms
    kept: int  # passages whose terms an admin had written (kept as they are)
    dropped: int  # lines the model returned that failed the checks (no key of ours, nothing left after cleaning)

    def summary(self) -> str:
        return (f"terms: {self.written} passage(s) described by the model, {self.kept} kept as written by an admin, "
                f"{self.dropped} model line(s) refused; edit {self.path.name} and run `rulebot index` to change them")


def generate_terms(document_path: str | Path, chat_model) -> TermsReport:
    """Write (or complete) the sidecar of the document at `document_path` with the model's terms."""
    from langchain_core.messages import HumanMessage, SystemMessage

    doc = load_file(Path(document_path))
    by_doc, skipped = chunk_all([doc])
    if skipped:
        raise ValueError(skipped[0][1])
    passages = by_doc[doc.id]
    written_for, model_keys = sidecar_meta(document_path)
    digest = content_hash(doc.text)
    existing = load_terms(document_path)
    if written_for != digest:  # the document changed since the model wrote its lines: they are written again
        existing = {k: v for k, v in existing.items() if k not in model_keys}
    keys = [passage_key(passages, i) for i in range(len(passages))]
    todo = [(k, p) for k, p in zip(keys, passages) if not existing.get(k)]
    if not todo and written_for == digest:
        return TermsReport(sidecar_path(document_path), written=0, kept=len(existing), dropped=0)
    generated: dict[str, str] = {}
    dropped = 0
    for start in range(0, len(todo), BATCH):
        batch = todo[start:start + BATCH]
        listing = "\n\n".join(f"KEY: {k}\nHEADING: {p.heading}\nTEXT: {p.text[:PASSAGE_CHARS]}" for k, p in batch)
        reply = chat_model.invoke([SystemMessage(SYSTEM), HumanMessage(listing)])
        lines, bad = parse_reply(str(getattr(reply, "content", reply)), {k: p.text for k, p in batch})
        generated.update(lines)
        dropped += bad
    merged = {k: existing.get(k) or generated.get(k, "") for k in keys}
    merged = {k: v for k, v in merged.items() if v}
    kept_model = tuple(k for k in model_keys if k in existing) if written_for == digest else ()
    path = write_terms(document_path, merged, generated_for=digest,
                       model_keys=kept_model + tuple(k for k in generated if k not in kept_model))
    admin = [k for k in keys if existing.get(k) and k not in kept_model]
    return TermsReport(path, written=len(generated), kept=len(admin), dropped=dropped)


_LINE = re.compile(r"^\s*(?:KEY:\s*)?(?P<key>.+?)\s*:\s+(?P<terms>.+)$")


def parse_reply(text: str, passages: dict[str, str]) -> tuple[dict[str, str], int]:
    """The model's ``KEY: terms`` lines for the keys asked about, cleaned (`clean_generated`); and how many
    lines were refused (an unknown key, or nothing left once quotes are removed).

    >>> parse_reply('KEY: 1: scope of the rules; purpose\\n2: ok\\nfoo: bar', {"1": "These rules govern.", "2": "These rules govern."})
    ({'1': 'scope of the rules; purpose'}, 2)
    """
    out: dict[str, str] = {}
    bad = 0
    for line in text.splitlines():
        m = _LINE.match(line)
        if not m:
            continue
        key = m.group("key").strip().strip("*` ")
        if key.upper().startswith("KEY:"):
            key = key[4:].strip()
        if key not in passages:
            bad += 1
            continue
        cleaned = clean_generated(m.group("terms"), passages[key])
        if len(cleaned.split()) < 3:
            bad += 1
            continue
        out[key] = cleaned
    return out, bad
