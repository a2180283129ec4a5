"""Admin jobs in chat: `reindex`, `status`, `sync`, `channel` and `feedback` (the 👎 to review and verify:
`bot.chat.review`), admins only, on their own workers, with one progress message.  Part of `bot.chat.service.Chat`."""

from __future__ import annotations

import logging
import re
import time
from typing import TYPE_CHECKING, Any, Callable, Sequence

from bot.chat import messages as M
from bot.chat.state import StateStore
from bot.chat.steps import ADMIN, INLINE, Request
from bot.chat.types import Asker, Reply
from bot.chat.workers import Throttle
from bot.errors import ReindexBusy
from bot.settings import Settings
from bot.types import Progress

if TYPE_CHECKING:
    from bot.chat.service import Engine

log = logging.getLogger("rulebot.chat")

ADMIN_COMMANDS = ("reindex", "status", "sync", "channel", "feedback")

Sync = Callable[[Settings], Any]  # fetch what changed among the official sources; returns a SyncReport

def default_sync(settings: Settings) -> Any:
    """`bot.admin.corpus.sync` over the admin's ``sources.toml`` (as ``rulebot corpus sync`` reads it)."""
    from bot.admin.corpus import sync

    return sync(settings, settings.corpus_dir / "sources.toml")

def summary(report: Any) -> str:
    """A core report's one-line ``summary()`` (BuildReport, SyncReport), else its str()."""
    method = getattr(report, "summary", None)
    return str(method()) if callable(method) else str(report)

def progress_text(p: Progress) -> str:
    """One line for a reindex `Progress`, the same on every surface.

    >>> progress_text(Progress("embed", 40, 200, 81.2))
    'Reindexing: embedding passages, 40 of 200 (81 passages/s).'
    """
    rate = M.REINDEX_RATE.format(rate=p.chunks_per_s) if p.chunks_per_s else ""
    text = M.REINDEX_PROGRESS.format(stage=M.STAGES.get(p.stage, p.stage), done=p.done, total=p.total or "?",
                                     rate=rate)
    return f"{text} {p.message}".strip() if p.message else text

def sync_text(report: Any) -> str:
    """The sync summary, then each source that could not be synced."""
    lines = [M.SYNC_DONE.format(summary=summary(report))]
    lines += [M.SYNC_FAILED_SOURCE.format(name=name, reason=reason) for name, reason in getattr(report, "failed", ())]
    return "\n".join(lines)

_SLACK_ID = re.compile(r"^[UW][A-Z0-9]{6,}$")


def admin_surface(entry: str) -> tuple[str, str]:
    """(surface, user id) of a `RULEBOT_ADMINS` entry: "slack:U0ADMIN" and "teams:<object id>" say it; an entry
    without a prefix belongs to the platform whose ids look like it (Slack's U…/W… ids; anything else is a
    Teams id), so that an id of one platform never makes an admin on the other.

    >>> admin_surface("U0ADMIN1"), admin_surface("teams:29:1abc"), admin_surface("6d0f6b7e-2c1a-4f7e-9a55-3b9e8c1d2a40")
    (('slack', 'U0ADMIN1'), ('teams', '29:1abc'), ('teams', '6d0f6b7e-2c1a-4f7e-9a55-3b9e8c1d2a40'))
    """
    surface, sep, user = entry.partition(":")
    if sep and surface in ("slack", "teams"):
        return surface, user
    return ("slack" if _SLACK_ID.match(entry) else "teams"), entry  # Teams ids: object ids, "29:…" ids


def is_admin(admins: Sequence[str], asker: Asker) -> bool:
    """Whether `asker` is listed in `admins` for the platform they are on."""
    return bool(asker.user) and (asker.surface, asker.user) in {admin_surface(a) for a in admins}


def parse_admin(text: str) -> str:
    """The admin command named by a message ("" when none).

    >>> parse_admin("  Reindex now"), parse_admin(""), parse_admin("status")
    ('reindex', '', 'status')
    """
    words = text.split()
    return words[0].lower() if words else ""


class AdminJobs:
    """Admin commands (see the module docstring)."""

    settings: Settings
    engine: "Engine"
    state: StateStore
    sync: Sync | None
    progress_interval: float
    _feedback_job: Callable[[Asker, Reply, str], None]  # bot.chat.review




    def is_admin(self, asker: Asker) -> bool:
        return is_admin(self.settings.admins, asker)

    def admin(self, asker: Asker, text: str, reply: Reply, *, command_name: str = "admin",
              done: Callable[[], Any] | None = None) -> bool:
        """An admin command ("reindex", "status", "sync"): refused for non-admins (logged by size, never
        by content), usage for anything else; the job itself runs on the admin workers, and `done` is
        called when it has finished.  True when a job was started."""
        command = parse_admin(text)
        started: list[bool] = []

        def start() -> None:
            if command not in ADMIN_COMMANDS:
                reply.notice(M.ADMIN_USAGE)
            elif command == "sync" and self.sync is None:
                reply.notice(M.SYNC_UNAVAILABLE)
            elif command == "channel":
                started.append(True)
                try:
                    reply.notice(self.bind(asker, text.split(None, 1)[1:]))
                finally:
                    if done is not None:
                        done()
            else:
                log.info("admin %s by %s:%s", command, asker.surface, asker.user)
                job = {"status": self._status, "reindex": self._reindex_job, "sync": self._sync_job,
                       "feedback": lambda who, to: self._feedback_job(who, to, text)}[command]

                def run() -> None:
                    try:
                        job(asker, reply)
                    finally:
                        if done is not None:
                            done()

                started.append(self.handle(Request(command, reply, asker, queue=ADMIN, apology=M.ADMIN_APOLOGY), run))

        self.handle(Request(command_name, reply, asker, admin=True, queue=INLINE, size=len(text)), start)
        return bool(started and started[0])

    def _status(self, asker: Asker, reply: Reply) -> None:
        def work() -> None:
            status = dict(self.engine.status())
            job = self.state.job()
            if job:
                status["last_admin_job"] = f"{job.get('what', '?')} by {job.get('who', '?')}: {job.get('text', '')}"
            reply.status(status)

        self.guard("status", reply, work)

    def _job(self, what: str, asker: Asker, reply: Reply) -> Callable[[str], None]:
        """Show a job's line in its one message and in the shared state (any replica's `status` shows it)."""
        started = time.time()

        def show(text: str) -> None:
            self.state.put_job({"what": what, "who": f"{asker.surface}:{asker.user}", "text": text,
                                "started": started, "at": time.time()})
            reply.progress(text)

        return show

    def _reindex_into(self, asker: Asker, show: Callable[[str], None], *, before: str = "") -> None:
        throttle = Throttle(self.progress_interval)
        prefix = before + "\n" if before else ""

        def progress(p: Progress) -> None:
            if p.stage == "done" or not throttle.ready():
                return
            try:
                show(prefix + progress_text(p))
            except Exception:  # progress is best effort; the reindex goes on
                log.warning("could not update reindex progress", exc_info=True)

        try:
            report = self.engine.reindex(progress=progress, who=f"{asker.surface}:{asker.user}")
        except ReindexBusy as e:
            show(prefix + str(e))
            return
        log.info("reindex by %s:%s finished: %s", asker.surface, asker.user, summary(report))
        show(prefix + M.REINDEX_DONE.format(summary=summary(report)))

    def _reindex_job(self, asker: Asker, reply: Reply) -> None:
        show = self._job("reindex", asker, reply)

        def work() -> None:
            show(M.REINDEX_STARTED.format(user=asker.label))
            self._reindex_into(asker, show)

        self.guard("reindex", _Progressing(reply), work, apology=M.ADMIN_APOLOGY)

    def _sync_job(self, asker: Asker, reply: Reply) -> None:
        assert self.sync is not None
        show = self._job("sync", asker, reply)

        def work() -> None:
            show(M.SYNC_STARTED.format(user=asker.label))
            report = self.sync(self.settings)
            text = sync_text(report)
            log.info("sync by %s:%s finished: %s", asker.surface, asker.user, summary(report))
            if getattr(report, "touched", False):
                self._reindex_into(asker, show, before=text)
            else:
                show(text + "\n" + M.SYNC_NOTHING_NEW)

        self.guard("sync", _Progressing(reply), work, apology=M.ADMIN_APOLOGY)


class _Progressing:
    """A reply whose notices (an admin job's errors) land in the job's one progress message."""

    def __init__(self, reply: Reply):
        self._reply = reply

    def notice(self, text: str) -> None:
        self._reply.progress(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._reply, name)
