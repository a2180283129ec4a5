"""A Slack thread's earlier questions, read from the thread itself (`conversations.replies`).

The chat service remembers the questions of each thread (shared across
replicas with Redis); for a thread it has no memory of (older than the window,
or from before a restart without Redis) the Slack adapter hands it this
reading: the human messages before the follow-up, without the bot's answers.

>>> history_from_replies([{"ts": "1.0", "user": "U1", "text": "<@UBOT> Who bears the burden?"},
...                       {"ts": "1.1", "user": "UBOT", "bot_id": "B1", "text": "The party asserting..."},
...                       {"ts": "1.2", "user": "U1", "text": "<@UBOT> what about under seal?"}],
...                      bot_user="UBOT", before_ts="1.2")
('Who bears the burden?',)
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping

from bot.slack.inbound import clean_text

MAX_HISTORY = 3  # earlier questions passed to the engine


def history_from_replies(messages: Iterable[Mapping[str, Any]], *, bot_user: str, before_ts: str,
                         limit: int = MAX_HISTORY) -> tuple[str, ...]:
    """The human questions of a thread that come before `before_ts` (at most `limit`, oldest first)."""
    out: list[str] = []
    for m in messages:
        if _ts(m.get("ts")) >= _ts(before_ts):
            continue
        if m.get("bot_id") or m.get("subtype") or not m.get("user") or m.get("user") == bot_user:
            continue
        text = clean_text(str(m.get("text", "")), bot_user=bot_user)
        if text:
            out.append(text)
    return tuple(out[-limit:])


def _ts(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


def thread_reader(out: Any, channel: str, thread_ts: str, *, before_ts: str, bot_user: str):
    """A `History` for the chat service: the thread's earlier human questions, read when it has none in
    memory (`out` is the `Outbox`; a Web API error is raised as a one-line RuntimeError)."""
    from slack_sdk.errors import SlackApiError

    def history() -> tuple[str, ...]:
        try:
            replies = out.replies(channel, thread_ts)
        except SlackApiError as e:
            raise RuntimeError(e.response.get("error")) from None
        return history_from_replies(replies, bot_user=bot_user, before_ts=before_ts)

    return history
