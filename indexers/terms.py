"""Terms step: what each passage governs, in practitioners' words, kept beside its document.

A document ``frcp-2022.md`` may have a sidecar ``frcp-2022.terms.yaml`` mapping each passage's key to
one line of search terms: what the passage governs, its terms of art and their abbreviations, the
situations it decides, the deadlines and numbers it sets.  The line is written from the passage's own
text (by an editor, or by an LLM at `corpus add` when one is configured) and is indexed as one more
retrieval view of the passage, or a long line as windows of a few phrases (`indexers.chunk.passage_views`): it helps a question in a lawyer's own
words find the passage, and it is never quoted (only `Passage.text` is).

A passage's key is its section (``26(c)(1)``, ``§ II.A``); a section cut into several passages is keyed
``§ II.A #2``, ``§ II.A #3`` for the second and later ones.  A document indexes the same with or without
a sidecar; a key no passage has any more is reported, not fatal.

>>> from indexers.types import Passage
>>> ps = [Passage(id="d::1::0", doc_id="d", cite="R. 1", section="1", text="A."),
...       Passage(id="d::1::1", doc_id="d", cite="R. 1", section="1", text="B.")]
>>> [passage_key(ps, i) for i in range(2)]
['1', '1 #2']
>>> attached, stale = attach_terms(ps, {"1 #2": "second part; OC's rogs", "9": "gone"})
>>> [p.terms for p in attached], stale
(['', "second part; opposing counsel's interrogatories"], ('9',))
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Iterable, Mapping

import yaml

from indexers.errors import BadDocument
from indexers.shorthand import write_out
from indexers.types import Passage

SUFFIX = ".terms.yaml"
MAX_LINE = 1600  # characters of one passage's terms (a line, not an essay; the longest shipped line has 1,222)
_QUOTE_RUN = 12  # a generated line sharing this many consecutive words with its passage is a quote, not terms


def sidecar_path(document_path: str | Path) -> Path:
    """``corpus/frcp-2022.md`` -> ``corpus/frcp-2022.terms.yaml``."""
    p = Path(document_path)
    return p.with_name(p.name[: -len(p.suffix)] + SUFFIX if p.suffix else p.name + SUFFIX)


def load_terms(document_path: str | Path) -> dict[str, str]:
    """The sidecar of a document, or {} when it has none.  A sidecar that is not a mapping of keys to
    lines is refused with one line naming the file (the document then keeps its previous passages)."""
    path = sidecar_path(document_path)
    if not path.is_file():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise BadDocument(f"{path}: not a readable terms file ({str(exc).splitlines()[0][:120]}); fix it and reindex") from None
    if not isinstance(data, dict):
        raise BadDocument(f"{path}: must map each passage key (e.g. \"26(c)(1)\") to one line of terms")
    out: dict[str, str] = {}
    for key, value in data.items():
        if value is None:
            continue
        line = " ".join(str(value).split())
        if len(line) > MAX_LINE:
            raise BadDocument(f"{path}: the terms of {key!r} are {len(line)} characters (at most {MAX_LINE})")
        out[str(key).strip()] = line
    return out


def passage_key(passages: list[Passage], i: int) -> str:
    """The sidecar key of `passages[i]` (its section; ``section #n`` for the n-th passage of one section)."""
    section = passages[i].section
    n = 1 + sum(1 for p in passages[:i] if p.section == section)
    return section if n == 1 else f"{section} #{n}"


def attach_terms(passages: list[Passage], terms: Mapping[str, str]) -> tuple[list[Passage], tuple[str, ...]]:
    """Each passage with its terms line; and the keys of `terms` that match no passage (stale)."""
    if not terms:
        return passages, ()
    keys = [passage_key(passages, i) for i in range(len(passages))]
    # a line is indexed with its shorthand written out, as a question is searched ("OC served rogs" meets "OC
    # served rogs" as "opposing counsel served interrogatories"); the sidecar keeps what its editor typed
    out = [replace(p, terms=write_out(terms.get(k, ""))) for p, k in zip(passages, keys)]
    return out, tuple(k for k in terms if k not in set(keys))


def write_terms(document_path: str | Path, terms: Mapping[str, str], *, generated_for: str = "",
                model_keys: tuple[str, ...] = ()) -> Path:
    """Write a sidecar (keys in the order given), for `corpus add` with an LLM or an admin's edit.  With
    `generated_for` (the document's hash) the lines of `model_keys` are recorded as the model's: they are
    written again when the document changes; every other line is an admin's and is kept."""
    path = sidecar_path(document_path)
    lines = ["# What each passage governs, in practitioners' words: indexed for search, never quoted.",
             "# Written from each passage's own text; edit freely, then run `rulebot index`."]
    if generated_for:
        lines += ["# To keep a line the model wrote when the document changes, remove its key from model-keys.",
                  f"# generated-for: {generated_for}", f"# model-keys: {' | '.join(model_keys)}"]
    for key, value in terms.items():
        lines.append(f"{_yaml_str(key)}: {_yaml_str(' '.join(value.split()))}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def sidecar_meta(document_path: str | Path) -> tuple[str, tuple[str, ...]]:
    """(the document hash the model's lines were written for, their keys) from a sidecar's header."""
    path = sidecar_path(document_path)
    if not path.is_file():
        return "", ()
    made, keys = "", ()
    for line in path.read_text(encoding="utf-8").splitlines()[:8]:
        if line.startswith("# generated-for:"):
            made = line.split(":", 1)[1].strip()
        elif line.startswith("# model-keys:"):
            keys = tuple(k.strip() for k in line.split(":", 1)[1].split(" | ") if k.strip())
    return made, keys


def _yaml_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("’", "'"))


def shared_run(a: str, b: str, n: int) -> str:
    """The first run of `n` consecutive words that `a` and `b` share ("" when none)."""
    wa, wb = words(a), words(b)
    grams = {tuple(wb[i:i + n]) for i in range(len(wb) - n + 1)}
    for i in range(len(wa) - n + 1):
        if tuple(wa[i:i + n]) in grams:
            return " ".join(wa[i:i + n])
    return ""


def clean_generated(line: str, passage_text: str) -> str:
    """A generated terms line made safe to index: one line, no quotation marks, no long run of the
    passage's own words (terms, not quotes); "" when nothing usable is left."""
    line = " ".join(str(line).split()).strip().strip("-*• ")
    line = re.sub(r"[\"“”«»`]", "", line)[:MAX_LINE]
    phrases = [ph.strip() for ph in line.split(";")]
    kept = [ph for ph in phrases if ph and not shared_run(ph, passage_text, _QUOTE_RUN)]
    return "; ".join(kept)


def overlaps(lines: Iterable[tuple[str, str]], questions: Iterable[str], n: int = 6) -> list[tuple[str, str, str]]:
    """(key, question, shared words) for every terms line sharing `n` consecutive words with a question:
    the check that no terms were written from evaluation questions."""
    qgrams: dict[tuple[str, ...], str] = {}
    for q in questions:
        w = words(q)
        for i in range(len(w) - n + 1):
            qgrams.setdefault(tuple(w[i:i + n]), q)
    out = []
    for key, line in lines:
        w = words(line)
        for i in range(len(w) - n + 1):
            g = tuple(w[i:i + n])
            if g in qgrams:
                out.append((key, qgrams[g], " ".join(g)))
                break
    return out
