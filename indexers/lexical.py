"""The lexical side of the index: a BM25 index (bm25s) over the same passages.

Tokens are lower-cased, English-stemmed words plus rule numbers kept whole
(`37-1`, `79-5.2.2`, `26(c)(1)`), so that a question naming a rule matches it.

>>> tokenize("Under L.R. 37-1 and Rule 26(c)(1), parties confer")
['l.r.', '37-1', 'rule', '26(c)(1)', '26', 'parti', 'confer']
>>> tokenize("depose her; the deposition; a deposit")
['depos', 'depos', 'deposit']
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import logging

import numpy as np


def _bm25s():
    import bm25s

    logging.getLogger("bm25s").setLevel(logging.WARNING)  # bm25s sets its own logger to DEBUG on import
    return bm25s


_TOKEN = re.compile(r"\d+(?:[.-]\d+)*(?:\([a-zA-Z0-9]{1,4}\))+|\d+(?:[.-]\d+)+|[a-z]\.[a-z]\.?|\w\w+", re.I)
STOPWORDS = frozenset("""a about above after again against all am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had has have having he her
here hers herself him himself his how i if in into is it its itself just me more most my myself no nor not now of off
on once only or other our ours ourselves out over own same she should so some such than that the their theirs them
themselves then there these they this those through to too under until up very was we were what when where which while
who whom why will with would you your yours yourself yourselves may must shall
re ve ll don didn doesn isn wasn aren weren hasn haven hadn couldn shouldn wouldn""".split())  # "we're", "don't"


# The English stemmer keeps a verb and the noun of its act apart ("depose" -> depos, "deposition" -> deposit, the
# stem of a money "deposit"; "admit" / "admission", "produce" / "production"): in procedure they are one subject, so
# the noun is read as its verb.  (Stems a question and a passage share are what BM25 and the sentence picker match.)
DERIVED = {
    "deposition": "depose", "depositions": "depose", "admission": "admit", "admissions": "admit",
    "production": "produce", "productions": "produce", "disclosure": "disclose", "disclosures": "disclose",
    "intervention": "intervene", "compliance": "comply", "testimony": "testify", "service": "serve",
    "inspection": "inspect", "redaction": "redact", "redactions": "redact", "stricken": "strike",
    "substitution": "substitute", "perpetuation": "perpetuate", "extension": "extend", "extensions": "extend",
    "expiration": "expire", "verification": "verify", "certification": "certify", "withdrawal": "withdraw",
    "opposition": "oppose", "oppositions": "oppose",
    "response": "respond", "responses": "respond", "responsive": "respond",
    "defraud": "fraud", "defrauded": "fraud", "defrauding": "fraud", "fraudulent": "fraud", "fraudulently": "fraud",
    # irregular past forms the stemmer leaves apart from their verb ("withdrawn within 21 days" / "withdraw")
    "withdrawn": "withdraw", "withdrew": "withdraw", "taken": "take", "took": "take", "given": "give",
    "gave": "give", "made": "make", "brought": "bring", "sought": "seek", "held": "hold", "written": "write",
    "wrote": "write", "struck": "strike", "chosen": "choose", "chose": "choose", "drawn": "draw", "drew": "draw",
    "shown": "show", "begun": "begin", "began": "begin", "paid": "pay", "sent": "send", "kept": "keep",
    "met": "meet", "heard": "hear", "bound": "bind", "sold": "sell", "lost": "lose", "told": "tell",
    "forgone": "forgo", "undertaken": "undertake", "overridden": "override", "arisen": "arise", "arose": "arise",
}


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer  # PyStemmer

    return Stemmer.Stemmer("english")


def tokenize(text: str) -> list[str]:
    stem = _stemmer().stemWord
    out: list[str] = []
    for m in _TOKEN.finditer(text):
        tok = m.group(0).lower()
        if tok[0].isdigit():
            out.append(tok)
            base = re.match(r"\d+(?:\.\d+)?", tok)
            if "(" in tok and base:
                out.append(base.group(0))  # "26(c)(1)" also matches plain "26"
            continue
        if tok in STOPWORDS:
            continue
        out.append(stem(DERIVED.get(tok, tok)) if tok.isalpha() else tok)
    return out


def build_bm25(directory: Path, views) -> None:
    """Index the passages' retrieval views (`indexers.chunk.View`) with BM25 and save to `directory`."""
    bm25s = _bm25s()
    corpus_tokens = [tokenize(v.text) or ["__empty__"] for v in views]
    retriever = bm25s.BM25(k1=1.2, b=0.75)
    retriever.index(corpus_tokens, show_progress=False)
    directory.mkdir(parents=True, exist_ok=True)
    retriever.save(str(directory), show_progress=False)
    (directory / "ids.json").write_text(json.dumps([v.id for v in views]))


class LexicalIndex:
    """A loaded BM25 index; `scores(question)` gives one score per passage (index order)."""

    def __init__(self, directory: Path):
        bm25s = _bm25s()
        self.bm25 = bm25s.BM25.load(str(directory), show_progress=False, verbosity=0)
        self.ids: list[str] = json.loads((directory / "ids.json").read_text())
        self.vocab = self.bm25.vocab_dict
        self.n_docs = len(self.ids)
        self._idf_cache: dict[str, float] = {}

    def scores(self, tokens: list[str]) -> np.ndarray:
        known = [t for t in tokens if t in self.vocab]
        if not known:
            return np.zeros(self.n_docs, dtype=np.float32)
        return np.asarray(self.bm25.get_scores(known), dtype=np.float32)

    def idf(self, token: str) -> float:
        """Inverse document frequency of a token (unknown tokens get the highest weight)."""
        if token in self._idf_cache:
            return self._idf_cache[token]
        tid = self.vocab.get(token)
        if tid is None:
            value = float(np.log(1 + self.n_docs))
        else:
            df = self._df()[tid]
            value = float(np.log(1 + (self.n_docs - df + 0.5) / (df + 0.5)))
        self._idf_cache[token] = value
        return value

    def views_with(self, token: str) -> np.ndarray:
        """The rows (index order) of the views that hold `token`; empty when the index does not know it."""
        tid = self.vocab.get(token)
        if tid is None:
            return np.zeros(0, dtype=np.int64)
        indptr, indices = self.bm25.scores["indptr"], self.bm25.scores["indices"]
        return np.asarray(indices[indptr[tid]:indptr[tid + 1]], dtype=np.int64)

    @lru_cache(maxsize=1)
    def _df(self) -> np.ndarray:
        # bm25s keeps a CSC matrix docs x vocab: count nonzeros per column
        indptr = np.asarray(self.bm25.scores["indptr"])
        return np.diff(indptr)
