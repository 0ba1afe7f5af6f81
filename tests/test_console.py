"""`qyzmet chat` as a newcomer meets it: a greeting in both languages, each option once with its number."""

from __future__ import annotations

import io
import re
import sys

import pytest

from qyzmet import console
from qyzmet.cli import main


@pytest.fixture
def chat(db_url, nlu_parser, monkeypatch, capsys):
    """chat(*lines) -> what the console printed for them."""
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("NLU_BACKEND", "builtin")

    def run(*lines: str, args: tuple[str, ...] = ()) -> str:
        monkeypatch.setattr(sys, "stdin", io.StringIO("".join(line + "\n" for line in lines)))
        assert main(["chat", *args]) == 0
        return capsys.readouterr().out
    return run


def test_the_console_greets_in_both_languages_and_says_how_to_switch(chat):
    out = chat()
    first = out.split("\n\n")[0]
    assert "Сұрағыңызды жазыңыз" in first and "Напишите ваш вопрос" in first
    assert "/lang kk" in first and "/lang ru" in first


def test_each_option_is_shown_once_with_its_number_and_a_number_chooses_it(chat, engine):
    out = chat("нужна справка о несудимости", "2")
    question, answer = out.split("📄", 1)
    assert re.findall(r"^2\. (.+)$", question, re.M) == ["В центре обслуживания населения (ЦОН)"]
    assert question.count("В центре обслуживания населения (ЦОН)") == 1          # not again as a "button"
    # 002:2381 (1486-02 §11, at a ЦОН): the identity card; the application (2361) is the committee's list only
    assert "• Удостоверение личности" in answer and "Заявление" not in answer


def test_the_console_says_in_its_own_words_how_to_choose_again(chat):
    out = chat("нужна справка о несудимости", "9", args=("--lang", "ru"))
    assert "введите его номер" in out and "нажмите кнопку" not in out


def test_offices_show_how_precisely_their_place_is_known(chat):
    out = chat("где ЦОН в Актобе")
    assert "📍 1." in out and "settlement" in out


def test_render_of_every_kind_of_message_is_text():
    from dialogs.messages import Handoff, HandoffReason, Notice, NoticeKind, Relay
    assert console.render(Handoff("c-1", HandoffReason.ASKED, "ru")) == "→ asked: c-1"
    assert console.render(Relay("c-1", "алло")) == "→ (operator) алло"
    assert console.render(Notice("c-1", NoticeKind.OPERATOR_JOINED)) == "[operator_joined]"
