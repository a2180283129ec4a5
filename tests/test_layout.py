"""The architecture as a test: the document side never imports the question side; no first-party
import is hidden behind `except ImportError`; secrets never appear in a repr."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _modules(package: str):
    return sorted((ROOT / package).rglob("*.py"))


def _imports(path: Path):
    tree = ast.parse(path.read_text(), str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node, node.module


@pytest.mark.parametrize("path", _modules("indexers"), ids=lambda p: p.name)
def test_indexers_never_import_bot(path):
    bad = [(node.lineno, name) for node, name in _imports(path) if name == "bot" or name.startswith("bot.")]
    assert not bad, f"{path.relative_to(ROOT)} imports the question side: {bad}"


@pytest.mark.parametrize("path", _modules("bot") + _modules("indexers"), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_first_party_import_is_optional(path):
    tree = ast.parse(path.read_text(), str(path))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Try):
            continue
        catches = {ast.unparse(h.type) for h in node.handlers if h.type is not None}
        if not catches & {"ImportError", "ModuleNotFoundError"}:
            continue
        for inner in node.body:
            for sub in ast.walk(inner):
                names = ([a.name for a in sub.names] if isinstance(sub, ast.Import)
                         else [sub.module or ""] if isinstance(sub, ast.ImportFrom) else [])
                for name in names:
                    assert not name.startswith(("bot", "indexers")), (
                        f"{path.relative_to(ROOT)}:{sub.lineno} hides a failed import of {name}")


def test_secrets_never_in_repr():
    from bot.settings import Settings

    s = Settings.load(env={"RULEBOT_HOME": "/tmp/rb", "SLACK_BOT_TOKEN": "xoxb-secret-1", "SLACK_SIGNING_SECRET":
                           "sign-secret-2", "SLACK_APP_TOKEN": "xapp-secret-3", "MicrosoftAppPassword": "ms-secret-4",
                           "RULEBOT_CHROMA_TOKEN": "chroma-secret-5",
                           "RULEBOT_REDIS_URL": "redis://:redis-secret-6@127.0.0.1:6379/0"})
    text = repr(s) + str(s)
    for secret in ("xoxb-secret-1", "sign-secret-2", "xapp-secret-3", "ms-secret-4", "chroma-secret-5", "redis-secret-6"):
        assert secret not in text


def test_no_import_cycle_between_the_packages_of_bot():
    """bot/'s packages (admin, chat, cli, draft, slack, teams) and its top-level modules import one another one
    way only: the shared Redis link is bot/edges/redis_link.py, not the chat package's."""
    import collections

    graph: dict[str, set[str]] = collections.defaultdict(set)
    bot = ROOT / "bot"
    for path in _modules("bot"):
        rel = path.relative_to(bot).parts
        here = rel[0] if len(rel) > 1 else "bot"
        for _, name in _imports(path):
            parts = name.split(".")
            if parts[0] != "bot":
                continue
            there = parts[1] if len(parts) > 2 and (bot / parts[1]).is_dir() else "bot"
            if there != here:
                graph[here].add(there)

    def reaches(a: str, b: str, seen: set[str]) -> bool:
        return a == b or any(n not in seen and reaches(n, b, seen | {n}) for n in graph.get(a, ()))

    cycles = sorted((a, b) for a in graph for b in graph[a] if reaches(b, a, {b}))
    assert not cycles, f"package import cycles: {cycles}"


def test_serve_names_no_surface_each_surface_mounts_itself():
    """`rulebot serve` runs what `bot.surfaces` finds (every bot/<name>/surface.py): no surface is an if-branch."""
    import ast

    from bot.surfaces import registered

    names = {s.name for s in registered()}
    assert names >= {"slack", "teams"}
    tree = ast.parse((ROOT / "bot" / "cli" / "serve.py").read_text())
    constants = {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)}
    assert not names & constants, f"serve.py names a surface: {names & constants}"
    for s in registered():
        assert s.needs and s.default_port and callable(s.start) and callable(s.prepare)


def test_every_chat_request_passes_the_chain():
    """Surfaces hand work to `Chat.handle` (bot.chat.steps): none calls the de-duplication, back-pressure or
    admin check by hand."""
    import re

    for path in [*(ROOT / "bot" / "slack").glob("*.py"), *(ROOT / "bot" / "teams").glob("*.py")]:
        text = path.read_text()
        found = re.findall(r"chat\.(first|submit|submit_lane|is_admin|guard)\(", text)
        allowed = {"is_admin"} if path.name == "home.py" else set()  # App Home shows admins their panel
        assert set(found) <= allowed, f"{path.relative_to(ROOT)} calls chat.{found} by hand"
