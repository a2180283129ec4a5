"""The chat service's own steps, without a model or a server: back-pressure tickets, the secrets in a
shared-state URL, and what an admin's binding keeps of what was typed."""

from __future__ import annotations

import threading

import pytest

from bot.admin.feedback import FeedbackStore
from bot.chat.service import Chat, Drafting
from bot.chat.state import MemoryState
from bot.settings import Settings
from indexers.fetch import redact


class Notes:
    def __init__(self):
        self.said = []

    def notice(self, text):
        self.said.append(text)


def chat_for(tmp_path, **env):
    settings = Settings.load(env={"RULEBOT_HOME": str(tmp_path), **env})
    return Chat(settings, None, state=MemoryState(), feedback=FeedbackStore(tmp_path / "fb.sqlite3"),
                drafting=Drafting(kinds={}, parse_form=dict, compose=lambda *a: None, to_docx=bytes), sync=None)


def test_questions_queued_at_shutdown_free_their_pending_slots(tmp_path):
    chat = chat_for(tmp_path, RULEBOT_ANSWER_WORKERS="1", RULEBOT_MAX_PENDING="10")
    gate, busy = threading.Event(), Notes()
    for _ in range(5):
        assert chat.submit(lambda: gate.wait(5), on_busy=lambda: busy.notice("busy"))
    assert chat.state.pending() == 5
    chat.close(wait=False)  # four were still queued: cancelled, their tickets released
    gate.set()
    assert chat.workers.wait_idle(5)
    assert chat.state.pending() == 0 and busy.said == []


def test_past_the_limit_a_question_is_refused_not_queued(tmp_path):
    chat = chat_for(tmp_path, RULEBOT_ANSWER_WORKERS="1", RULEBOT_MAX_PENDING="1")
    gate, busy = threading.Event(), Notes()
    try:
        assert chat.submit(lambda: gate.wait(5), on_busy=lambda: busy.notice("busy"))
        assert not chat.submit(lambda: None, on_busy=lambda: busy.notice("busy"))
        assert busy.said == ["busy"]
    finally:
        gate.set()
        chat.close()
    assert chat.state.pending() == 0


def test_a_password_holding_an_at_sign_is_redacted_whole():
    assert redact("Redis at redis://default:p@ss@cache:6379/0 unreachable") == \
        "Redis at redis://***@cache:6379/0 unreachable"


# --- the chain every request passes (bot.chat.steps), one row per step ----------------------------------

from bot.chat import messages as CM  # noqa: E402
from bot.chat.steps import ADMIN, INLINE, STEPS, Request  # noqa: E402
from bot.chat.types import Asker  # noqa: E402
from bot.edges.ops import CALLER  # noqa: E402
from bot.errors import RulebotError  # noqa: E402

LAWYER = Asker("slack", "U0LAWYER", "C0LIT")
ADMIN_USER = Asker("slack", "U0ADMIN", "C0LIT")


def _boom():
    raise ValueError("secret detail")


def _refused():
    raise RulebotError("The question is empty.")


STEP_ROWS = [
    # (what the row shows, request options, work, taken?, ran?, said: a prefix of each notice)
    ("a new request runs", dict(), None, True, True, []),
    ("a repeat of a delivery is skipped", dict(delivery=("slack:event:Ev1",), repeat=True), None, False, False, []),
    ("an admin request from a lawyer is refused by name", dict(admin=True), None, False, False,
     [CM.ADMIN_REFUSED.format(command="reindex", user_id="U0LAWYER")]),
    ("an admin request from an admin runs", dict(admin=True, asker=ADMIN_USER, queue=ADMIN), None, True, True, []),
    ("a one-line error reaches the user as itself", dict(), _refused, True, True, ["The question is empty."]),
    ("anything else is an apology with a reference, never the detail", dict(), _boom, True, True,
     [CM.APOLOGY.split("{")[0]]),
]


@pytest.mark.parametrize("row", STEP_ROWS, ids=[r[0] for r in STEP_ROWS])
def test_each_step_of_the_chain(tmp_path, row):
    _, options, work, taken, ran, said = row
    chat = chat_for(tmp_path, RULEBOT_ADMINS="U0ADMIN")
    notes, done, seen = Notes(), threading.Event(), []
    repeat = options.pop("repeat", False)
    options.setdefault("asker", LAWYER)
    request = Request("reindex", notes, **options)

    def job():
        try:
            seen.append(CALLER.get())
            if work is not None:
                work()
        finally:
            done.set()

    try:
        if repeat:
            assert chat.handle(request, lambda: None)
        assert chat.handle(request, job) is taken
        if ran:
            assert done.wait(5)
        assert chat.workers.wait_idle(5) and chat.admin_workers.wait_idle(5)  # the chain has finished
        assert done.is_set() is ran  # a job handed to the workers would have run by now
        if ran:
            assert seen[0] is not None and (seen[0].user, seen[0].channel) == (request.asker.user, "C0LIT")
        assert len(notes.said) == len(said) and all(n.startswith(s) for n, s in zip(notes.said, said))
        assert all("secret detail" not in n for n in notes.said)
    finally:
        chat.close()


def test_busy_is_said_by_the_chain_and_inline_work_runs_on_the_caller_thread(tmp_path):
    chat = chat_for(tmp_path, RULEBOT_ANSWER_WORKERS="1", RULEBOT_MAX_PENDING="1")
    gate, notes = threading.Event(), Notes()
    try:
        assert chat.handle(Request("answer", notes, LAWYER), lambda: gate.wait(5))
        assert not chat.handle(Request("answer", notes, LAWYER), lambda: None)
        assert notes.said == [CM.BUSY]
        where = []
        assert chat.handle(Request("greeting", notes, queue=INLINE), lambda: where.append(threading.current_thread()))
        assert where == [threading.current_thread()]
    finally:
        gate.set()
        chat.close()


def test_the_chain_is_passed_in(tmp_path):
    """A deployment adds a step of its own (here: a quiet hour) without touching a surface."""
    def quiet(chat, request, nxt):
        request.reply.notice("Quiet hours.")
        return False

    settings = Settings.load(env={"RULEBOT_HOME": str(tmp_path)})
    chat = Chat(settings, None, state=MemoryState(), feedback=FeedbackStore(tmp_path / "fb.sqlite3"),
                drafting=Drafting(kinds={}, parse_form=dict, compose=lambda *a: None, to_docx=bytes), sync=None,
                steps=(quiet, *STEPS))
    notes = Notes()
    try:
        assert not chat.handle(Request("answer", notes, LAWYER), lambda: notes.notice("answered"))
        assert notes.said == ["Quiet hours."]
    finally:
        chat.close()


@pytest.mark.parametrize("entry,asker,admin", [
    ("U0ADMIN", Asker("slack", "U0ADMIN"), True),
    ("U0ADMIN", Asker("teams", "U0ADMIN"), False),  # a Slack admin's id sent as a Teams user (Teams auth off)
    ("slack:U0ADMIN", Asker("teams", "U0ADMIN"), False),
    ("6d0f6b7e-2c1a-4f7e-9a55-3b9e8c1d2a40", Asker("teams", "6d0f6b7e-2c1a-4f7e-9a55-3b9e8c1d2a40"), True),
    ("6d0f6b7e-2c1a-4f7e-9a55-3b9e8c1d2a40", Asker("slack", "6d0f6b7e-2c1a-4f7e-9a55-3b9e8c1d2a40"), False),
    ("teams:29:1abc", Asker("teams", "29:1abc"), True),
    ("", Asker("slack", ""), False),
])
def test_an_admin_id_counts_only_on_its_own_platform(entry, asker, admin):
    from bot.chat.admin import is_admin

    assert is_admin((entry,) if entry else (), asker) is admin
