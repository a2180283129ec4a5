"""`rulebot serve` as a user runs it: a real process, a loopback Bot Connector stand-in and a loopback
Slack Web API stand-in.

With Slack credentials set and ``rulebot serve --port P --no-auth`` running, ONE port answers a signed
`/rules` (at /slack/events) and a Teams message (at /api/messages) with the Al Otro Lado passage; a
malformed Activity gets a 4xx while the next message is still answered.  The process reads a copy of the
session's index (built once by the `engine` fixture), so it only loads the model."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import sys
import time

from teams_support import Bot, Connector, message, texts

QUESTION = "Who has the burden of establishing the law enforcement privilege?"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def env_for(home) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("Microsoft", "RULEBOT_"))}
    env.update(RULEBOT_HOME=str(home), HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    return env


def rulebot(*args: str) -> list[str]:
    return [sys.executable, "-m", "bot.cli", *args]


def test_serve_answers_slack_and_teams_on_one_port(engine, session_settings, tmp_path):
    from slack_standin import SlackAPIStandIn, SlackSender

    home = tmp_path / "serve-home"  # a copy of the session's index: the server process has its own store
    shutil.copytree(session_settings.index_dir, home / "index")
    port = free_port()
    log = (tmp_path / "serve.log").open("w+")
    slack = SlackAPIStandIn().start()
    env = {**env_for(home), "SLACK_BOT_TOKEN": slack.token, "SLACK_SIGNING_SECRET": "serve-secret",
           "SLACK_API_URL": slack.api_url}
    proc = subprocess.Popen(rulebot("serve", "--port", str(port), "--no-auth"),
                            env=env, stdout=log, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 120
        while True:
            log.seek(0)
            out = log.read()
            if "listening on" in out:
                break
            assert proc.poll() is None, f"rulebot serve teams exited:\n{out}"
            assert time.monotonic() < deadline, f"the server did not start:\n{out}"
            time.sleep(0.2)
        assert "WARNING: --no-auth" in out, "no-auth mode is announced loudly"
        assert "serving slack, teams" in out and f"127.0.0.1:{port}" in out
        sent = SlackSender(f"http://127.0.0.1:{port}/slack/events", "serve-secret").command(
            "/rules", QUESTION, response_url=slack.response_url("serve-1"))
        assert sent.status == 200
        (slack_answer,) = slack.wait_for(lambda calls: slack.responses("serve-1"), 60)
        assert "have the burden of establishing that the privilege applies" in slack_answer.text
        forged = SlackSender(f"http://127.0.0.1:{port}/slack/events", "not-the-secret").command("/rules", QUESTION)
        assert forged.status == 401, "--no-auth never turns off Slack's signature check"

        async def scenario():
            connector = await Connector().start()
            bot = Bot(app=None)
            bot.url = f"http://127.0.0.1:{port}/api/messages"
            from aiohttp import ClientSession

            bot.session = ClientSession()
            try:
                bad = await bot.post(None, raw=b'{"type": "message", "text": ')
                good = message(connector.url, QUESTION)
                status, _ = await bot.post(good)
                cid = good["conversation"]["id"]
                await connector.wait_for(lambda calls: any(c.conversation_id == cid and c.cards for c in calls), 60)
                return connector, bad[0], good, status
            finally:
                await bot.session.close()
                await connector.stop()

        connector, bad_status, good, status = asyncio.run(scenario())
        assert 400 <= bad_status < 500
        assert status == 200
        cards = [c for call in connector.for_conversation(good["conversation"]["id"]) for c in call.cards]
        assert len(cards) == 1
        body = texts(cards[0])
        assert "Al Otro Lado, Inc. v. Wolf" in body and "§ II.A" in body
        assert "have the burden of establishing that the privilege applies" in body
    finally:
        slack.stop()
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def test_serve_teams_without_credentials_refuses_in_one_line(session_settings):
    done = subprocess.run(rulebot("serve", "teams", "--port", str(free_port())), env=env_for(session_settings.home),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert "MicrosoftAppId" in done.stderr and "--no-auth" in done.stderr
    assert "Traceback" not in done.stderr
