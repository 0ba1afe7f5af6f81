"""The web chat's "erase our conversation" in a real browser (headless Chromium, as tests/web/test_browser.py):
a menu item in both languages, asked first, erased on the server, then the page forgets its id and starts fresh."""

from __future__ import annotations

import re

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dialogs.models import Conversation, Turn, UserSettings
from tests.web.test_browser import (browser, embed_url, expect, new_page, no_horizontal_scroll, open_chat,  # noqa: F401
                                    say, shots, site)

SENDER = re.compile(r"^web-[0-9a-f]{32}$")


def stored(page) -> dict:
    """What the chat keeps in the browser, and the id it talks under."""
    return page.evaluate("""() => ({sender: localStorage.getItem('qyzmet-chat-sender'),
                                   lang: localStorage.getItem('qyzmet-chat-lang'),
                                   current: window.QyzmetChat.sender})""")


def on_server(engine, sender: str) -> tuple[int, int, int]:
    """(conversations, transcript lines, language choices) kept for the sender."""
    conversation = f"rest:{sender}"
    with Session(engine.db) as s:
        return (s.scalar(select(func.count()).select_from(Conversation).where(Conversation.id == conversation)),
                s.scalar(select(func.count()).select_from(Turn).where(Turn.conversation_id == conversation)),
                s.scalar(select(func.count()).select_from(UserSettings).where(UserSettings.user == conversation)))


def test_a_citizen_erases_the_conversation_after_saying_yes_and_starts_afresh(new_page, site, engine, shots):
    page = new_page()
    page.goto(site["api"] + "/chat")
    page.get_by_role("button", name="Рус", exact=True).click()          # a language chosen: kept on both sides
    expect(page.locator(".qz-status")).to_be_empty()
    say(page, "нужна справка о несудимости")
    before = stored(page)
    assert SENDER.match(before["sender"]) and before["lang"] == "ru" and before["current"] == before["sender"]
    conversations, lines, languages = on_server(engine, before["sender"])
    assert (conversations, languages) == (1, 1) and lines >= 4

    menu = page.get_by_role("button", name="Меню")
    expect(menu).to_have_attribute("aria-expanded", "false")
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    item = page.get_by_role("menuitem", name="Стереть наш разговор")
    expect(item).to_be_focused()
    item.click()
    ask = page.get_by_role("alertdialog")
    expect(ask).to_contain_text("Стереть наш разговор? С сервера будут удалены ваши сообщения, ответы и выбранный язык.")
    expect(ask.get_by_role("button", name="Отмена")).to_be_focused()   # the safe choice has the focus
    assert no_horizontal_scroll(page)
    page.screenshot(path=shots / "forget-asked.png")
    ask.get_by_role("button", name="Отмена").click()                     # changed their mind: nothing happens
    expect(ask).to_be_hidden()
    assert stored(page) == before and on_server(engine, before["sender"])[0] == 1

    menu.click()
    page.get_by_role("menuitem", name="Стереть наш разговор").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Стереть", exact=True).click()
    expect(page.locator(".qz-system-forgotten")).to_have_text("Наш разговор стёрт. Можно начать заново.")
    expect(page.locator(".qz-msg.qz-user")).to_have_count(0)             # the page starts fresh
    expect(page.locator(".qz-welcome")).to_be_visible()
    assert on_server(engine, before["sender"]) == (0, 0, 0)
    after = stored(page)
    assert SENDER.match(after["sender"]) and after["sender"] != before["sender"]
    assert after["lang"] is None and after["current"] == after["sender"]
    page.screenshot(path=shots / "forget-done.png")

    say(page, "привет")                                                  # and goes on under its new id
    assert on_server(engine, after["sender"])[0] == 1 and on_server(engine, before["sender"]) == (0, 0, 0)
    page.reload()
    assert stored(page)["sender"] == after["sender"]
    assert page.js_errors == []


def test_in_kazakh_on_a_phone_a_failure_keeps_everything(new_page, site, engine, shots):
    page = new_page(locale="kk-KZ", viewport={"width": 360, "height": 640}, is_mobile=True, has_touch=True)
    page.goto(embed_url(site))
    open_chat(page)
    say(page, "анықтама керек")
    before = stored(page)
    page.route("**/webhooks/rest/forget", lambda route: route.fulfill(
        status=503, content_type="application/json", body='{"error": "try again"}'))
    page.get_by_role("button", name="Мәзір").tap()
    page.screenshot(path=shots / "forget-menu-phone-kk.png")
    page.get_by_role("menuitem", name="Әңгімемізді өшіру").tap()
    ask = page.get_by_role("alertdialog")
    expect(ask).to_contain_text("Әңгімемізді өшірейік пе?")
    assert no_horizontal_scroll(page)
    ask.get_by_role("button", name="Өшіру", exact=True).tap()
    expect(page.get_by_role("alert")).to_have_text("Әңгімені өшіру мүмкін болмады. Қайталап көріңіз.")
    expect(page.locator(".qz-msg.qz-user")).to_have_count(1)            # nothing on the page was dropped
    assert stored(page) == before and on_server(engine, before["sender"])[0] == 1
    # Escape closes the menu without choosing
    page.get_by_role("button", name="Мәзір").click()
    expect(page.get_by_role("menuitem", name="Әңгімемізді өшіру")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.get_by_role("menuitem", name="Әңгімемізді өшіру")).to_be_hidden()
    expect(page.get_by_role("button", name="Мәзір")).to_be_focused()
    assert page.js_errors == []
