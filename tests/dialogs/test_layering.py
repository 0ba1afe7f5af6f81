"""The engine knows no channel: what it says is meaning, each channel renders it under its own limits."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DIALOGS = sorted((ROOT / "dialogs").rglob("*.py"))
ABOVE = ("web", "bot", "ivr", "qyzmet", "aiogram", "twilio", "aiohttp")
# Channel limits: Telegram's message (4096) and callback data are the channel's business; so are a
# button's width on a phone (about 60 characters) and a voice menu's length.
LIMITS = re.compile(r"(?<![\d.])(4096|4000|3500|60)(?![\d.])")
# Words that assume one kind of screen or line.
CHANNEL_WORDS = re.compile(r"press|button|click|tap|keyboard|call 1414|\b1414\b|telegram|twilio|send (your|its)"
                           r"|voice line|the queue|\bcaller|webhook",
                           re.IGNORECASE)


def imported(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def strings_and_numbers(path: Path) -> tuple[list[str], list[str]]:
    """The string literals (not docstrings or comments) and the numbers in a module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                  if isinstance(n, ast.Module | ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef)
                  and n.body and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    strings = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
               and id(n) not in docstrings]
    numbers = [str(n.value) for n in ast.walk(tree) if isinstance(n, ast.Constant)
               and isinstance(n.value, int | float) and not isinstance(n.value, bool)]
    return strings, numbers


@pytest.mark.parametrize("path", DIALOGS, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_of_dialogs_imports_a_channel_or_the_wiring(path):
    assert not imported(path) & set(ABOVE)


@pytest.mark.parametrize("path", DIALOGS, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_of_dialogs_names_a_channels_limit_or_words(path):
    strings, numbers = strings_and_numbers(path)
    assert not [n for n in numbers if LIMITS.fullmatch(n)]
    said = [s for s in strings if CHANNEL_WORDS.search(s)]
    # a standard's own complaint route "through the 1414 call centre" is a fact from the source, and
    # "buttons" is the key under which the previous version stored answers (read back by messages.from_dict)
    assert not [s for s in said if s not in ("through the 1414 call centre", "buttons")], said


def test_the_check_would_catch_a_channel_limit_and_channel_words(tmp_path):
    """The two checks above are not vacuous."""
    sample = tmp_path / "sample.py"
    sample.write_text('from aiogram import Bot\nLIMIT = 4096\nt = _("Press a button or call 1414")\n', encoding="utf-8")
    strings, numbers = strings_and_numbers(sample)
    assert "aiogram" in imported(sample) and "4096" in numbers and CHANNEL_WORDS.search(strings[0])


def test_payloads_fit_the_smallest_channel(engine):
    """Every option the engine offers packs under its payload limit (as aiogram's CallbackData requires)."""
    from dialogs import payloads
    from dialogs.messages import Event, Reply

    conversation, seen = "layering-payloads", set()
    for text in ["нужна справка о несудимости", "сколько стоит паспорт", "әскери есепке тұру керек", "/office",
                 "Блаблаград", "/complain", "справка"]:
        for m in engine.handle(Event(conversation, "test", text=text)):
            if isinstance(m, Reply):
                seen |= {o.payload for o in m.options + m.actions}
    assert len(seen) > 30
    assert all(len(p.encode()) <= payloads.MAX_BYTES and payloads.unpack(p) is not None for p in seen)
