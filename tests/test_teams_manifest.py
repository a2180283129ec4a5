"""deploy/teams/manifest.json: the fields Teams requires to upload the app, its icons, and
commands that match what the handlers actually do."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

from PIL import Image

from bot.draft.kinds import KINDS
from bot.chat.service import ADMIN_COMMANDS, find_kind
from bot.teams.commands import parse_command

DEPLOY = Path(__file__).resolve().parent.parent / "deploy" / "teams"
GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def manifest() -> dict:
    return json.loads((DEPLOY / "manifest.json").read_text(encoding="utf-8"))


def test_required_fields_and_limits():
    m = manifest()
    assert float(m["manifestVersion"]) >= 1.16
    assert m["$schema"].endswith(f"/v{m['manifestVersion']}/MicrosoftTeams.schema.json")
    assert re.fullmatch(r"\d+\.\d+\.\d+", m["version"])
    assert GUID.match(m["id"])
    for key in ("name", "websiteUrl", "privacyUrl", "termsOfUseUrl"):
        assert m["developer"][key]
        if key != "name":
            assert m["developer"][key].startswith("https://")
    assert 0 < len(m["name"]["short"]) <= 30 and len(m["name"].get("full", "")) <= 100
    assert 0 < len(m["description"]["short"]) <= 80 and 0 < len(m["description"]["full"]) <= 4000
    assert re.fullmatch(r"#[0-9A-Fa-f]{6}", m["accentColor"])
    (bot,) = m["bots"]
    assert GUID.match(bot["botId"])
    assert set(bot["scopes"]) <= {"personal", "team", "groupChat"}
    for domain in m.get("validDomains", []):
        assert "/" not in domain and " " not in domain


def test_icons_are_the_sizes_teams_requires():
    m = manifest()
    color = Image.open(DEPLOY / m["icons"]["color"])
    outline = Image.open(DEPLOY / m["icons"]["outline"]).convert("RGBA")
    assert (color.format, color.size) == ("PNG", (192, 192))
    assert outline.size == (32, 32)
    pixels = [outline.getpixel((x, y)) for x in range(32) for y in range(32)]
    # outline icons are white on transparent: every visible pixel is white, and some are transparent
    assert all(a == 0 or (r, g, b) == (255, 255, 255) for r, g, b, a in pixels)
    assert any(a == 0 for *_, a in pixels) and any(a == 255 for *_, a in pixels)


def test_commands_match_the_handlers():
    (bot,) = manifest()["bots"]
    titles = []
    for command_list in bot["commandLists"]:
        assert len(command_list["commands"]) <= 10
        for c in command_list["commands"]:
            if c.get("type") == "prompt":  # a prompt starter (below): a question, not a command
                continue
            assert 0 < len(c["title"]) <= 32 and 0 < len(c["description"]) <= 128
            titles.append(c["title"])
    drafted, admin = set(), set()
    for title in titles:
        command = parse_command(title)
        assert command.name in ("help", "draft", "admin"), title
        if command.name == "draft" and command.arg:
            kind = find_kind(KINDS, command.arg)
            assert kind is not None, f"{title!r} names no draft kind"
            drafted.add(kind)
        if command.name == "admin":
            assert command.arg in ADMIN_COMMANDS, title
            admin.add(command.arg)
    assert drafted == set(KINDS), "every draft kind is listed"
    assert admin == set(ADMIN_COMMANDS), "every admin command is listed"
    assert "help" in titles and "draft" in titles


def test_the_compose_box_search_matches_the_handler():
    from bot.teams.native import SEARCH_COMMAND

    m = manifest()
    (bot,) = m["bots"]
    (extension,) = m["composeExtensions"]
    assert extension["botId"] == bot["botId"], "the search is answered by the same bot"
    (command,) = extension["commands"]
    assert (command["id"], command["type"]) == (SEARCH_COMMAND, "query")
    assert 0 < len(command["title"]) <= 32 and 0 < len(command["description"]) <= 128
    assert set(command["context"]) <= {"compose", "commandBox", "message"}
    (parameter,) = command["parameters"]
    assert parameter["name"] and parameter["inputType"] == "text" and len(parameter["title"]) <= 32


def test_personal_chats_accept_files_for_the_word_drafts():
    (bot,) = manifest()["bots"]
    assert bot["supportsFiles"] is True and "personal" in bot["scopes"]


def test_app_package_zips_with_manifest_at_the_root():
    m = manifest()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name in ("manifest.json", m["icons"]["color"], m["icons"]["outline"]):
            z.write(DEPLOY / name, arcname=name)
    with zipfile.ZipFile(buf) as z:
        assert sorted(z.namelist()) == sorted(["manifest.json", "color.png", "outline.png"])
        assert json.loads(z.read("manifest.json"))["icons"] == m["icons"]


def test_prompt_starters_ask_what_the_shipped_corpus_answers_in_personal_chats():
    """`rulebot teams-manifest` drew them from the shipped index (bot/teams/manifest.py); each names a document or
    a pin cite of the shipped corpus, and they are offered where Teams shows them: personal chats."""
    from bot.settings import Settings
    from indexers.chunk import chunk_document
    from indexers.clean import clean_document
    from indexers.load import load_corpus

    (bot,) = manifest()["bots"]
    by_scope = {tuple(cl["scopes"]): cl["commands"] for cl in bot["commandLists"]}
    starters = [c for c in by_scope[("personal",)] if c.get("type") == "prompt"]
    assert 1 <= len(starters) <= 4
    assert not any(c.get("type") == "prompt" for scope, cs in by_scope.items() if scope != ("personal",) for c in cs)
    docs = load_corpus((Settings.load(env={}).corpus_dir,)).documents
    passages = [p for d in docs for p in chunk_document(d, clean_document(d))]
    for c in starters:
        assert c["prompt"].endswith("?") and 0 < len(c["title"]) <= 128 and 0 < len(c["description"]) <= 128
        assert any(p.cite in c["prompt"] or p.title in c["prompt"] for p in passages), c["prompt"]
    assert float(manifest()["manifestVersion"]) >= 1.22  # commands of type "prompt"
