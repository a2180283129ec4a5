"""The chat service's own steps, without a model or a server: back-pressure tickets, the secrets in a
shared-state URL, and what an admin's binding keeps of what was typed."""

from __future__ import annotations

import threading

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
