"""The web chat's "erase our conversation" in a real browser (headless Chromium, as tests/web/test_browser.py):
a menu item in both languages, asked first, erased on the server, then the page forgets its id and starts fresh."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dialogs.models import Conversation, Turn, UserSettings
from tests.web.test_browser import (WAIT_MS, browser, embed_url, expect, new_page,  # noqa: F401
                                    no_horizontal_scroll, open_chat, say, shots, site)

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


# ---------------------------------------------------------------- two tabs of one browser (one sender id)

RU = {"menu": "Меню", "item": "Стереть наш разговор", "yes": "Стереть", "typing": "Готовим ответ…",
      "forgotten": "Наш разговор стёрт. Можно начать заново.",
      "elsewhere": "Наш разговор стёрт в другой вкладке. Можно начать заново.",
      "waits": "Сотрём разговор, как только придёт ответ на ваше сообщение…"}
KK = {"menu": "Мәзір", "item": "Әңгімемізді өшіру", "yes": "Өшіру", "typing": "Жауап дайындалып жатыр…",
      "forgotten": "Әңгімеміз өшірілді. Жаңадан бастауға болады.",
      "elsewhere": "Әңгімеміз басқа қойындыда өшірілді. Жаңадан бастауға болады.",
      "waits": "Хабарламаңызға жауап келгеннен кейін әңгімемізді өшіреміз…"}


@pytest.fixture
def tabs(browser, site):
    """Two tabs of one browser (one context: one localStorage) with the chat page open in both."""
    contexts = []

    def make(locale: str = "ru-RU"):
        context = browser.new_context(locale=locale, viewport={"width": 900, "height": 700})
        context.set_default_timeout(WAIT_MS)
        contexts.append(context)
        pages = []
        for _ in range(2):
            page = context.new_page()
            page.js_errors = []
            page.on("pageerror", lambda exc, errors=page.js_errors: errors.append(str(exc)))
            page.goto(site["api"] + "/chat")
            expect(page.get_by_role("button", name=re.compile("Меню|Мәзір"))).to_be_visible()
            pages.append(page)
        return pages
    yield make
    for context in contexts:
        context.close()


def erase(page, words: dict) -> None:
    page.get_by_role("button", name=words["menu"]).click()
    page.get_by_role("menuitem", name=words["item"]).click()
    page.get_by_role("alertdialog").get_by_role("button", name=words["yes"], exact=True).click()


def hold_messages(page) -> list:
    """Keeps the page's messages on their way (not yet at the server) until each is let go: route.continue_()."""
    held: list = []
    page.route("**/webhooks/rest/webhook", lambda route: held.append(route))
    return held


def type_and_send(page, text: str, held: list) -> None:
    box = page.get_by_role("textbox", name=re.compile("Сообщение|Хабарлама"))
    box.fill(text)
    box.press("Enter")
    for _ in range(200):                # the route handler runs while Playwright waits
        if held:
            return
        page.wait_for_timeout(25)
    raise AssertionError("the message never left the page")


def forget_requests(page) -> list:
    sent: list = []
    page.on("request", lambda r: sent.append(r) if r.url.endswith("/webhooks/rest/forget") else None)
    return sent


def test_erasing_in_one_tab_starts_the_other_afresh_in_its_language_and_it_never_writes_under_the_old_id(
        tabs, engine, shots):
    a, b = tabs()
    assert a.evaluate("!!navigator.locks")             # a secure context: the tabs coordinate by Web Locks
    say(a, "нужна справка о несудимости")
    b.get_by_role("button", name="Қаз", exact=True).click()                # tab B talks in Kazakh
    expect(b.locator(".qz-status")).to_be_empty()
    say(b, "анықтама керек")
    old = stored(a)["sender"]
    assert stored(b)["current"] == old and on_server(engine, old)[1] >= 6

    erase(a, RU)
    expect(a.locator(".qz-system-forgotten")).to_have_text(RU["forgotten"])
    expect(b.locator(".qz-system-forgotten-elsewhere")).to_have_text(KK["elsewhere"])
    expect(b.locator(".qz-msg.qz-user")).to_have_count(0)                  # B's view is cleared too
    expect(b.locator(".qz-welcome")).to_be_visible()
    new = stored(a)["sender"]
    assert SENDER.match(new) and new != old
    assert stored(b) == {"sender": new, "lang": None, "current": new}
    assert on_server(engine, old) == (0, 0, 0)
    b.screenshot(path=shots / "forget-other-tab.png")

    say(b, "меня зовут Айгерим, мой телефон 87011234567")
    assert on_server(engine, old) == (0, 0, 0)                             # nothing under the erased id
    assert on_server(engine, new)[:2] == (1, 2)                            # B's message went under the new one
    assert a.js_errors == [] and b.js_errors == []


def test_an_erase_waits_for_a_message_still_on_its_way_from_the_other_tab(tabs, engine):
    a, b = tabs()
    say(a, "нужна справка о несудимости")
    old = stored(a)["sender"]
    held = hold_messages(b)
    type_and_send(b, "где ЦОН в Актобе", held)
    asked = forget_requests(a)
    erase(a, RU)
    expect(a.locator(".qz-status")).to_have_text("Стираем…")
    a.wait_for_timeout(300)
    assert asked == []                  # not erased while B's message could still land after the erase
    held[0].continue_()                 # B's message reaches the server, is answered; then A erases it all
    expect(a.locator(".qz-system-forgotten")).to_have_text(RU["forgotten"])
    expect(b.locator(".qz-system-forgotten-elsewhere")).to_have_text(RU["elsewhere"])
    expect(b.locator(".qz-status")).to_be_empty()
    assert on_server(engine, old) == (0, 0, 0) and len(asked) == 1
    assert a.js_errors == [] and b.js_errors == []


def test_a_tab_that_has_not_yet_heard_of_the_erase_waits_instead_of_writing_under_the_old_id(tabs, engine):
    a, b = tabs()
    say(b, "нужна справка о несудимости")
    old = stored(a)["sender"]
    # B's copy of the storage is behind: it still reads the old id, whatever its `storage` events say
    b.evaluate("""() => {
        const getItem = Storage.prototype.getItem, old = localStorage.getItem('qyzmet-chat-sender');
        window.__behind = true;
        Storage.prototype.getItem = function (key) {
            return window.__behind && /^qyzmet-chat-(sender|erased)$/.test(key) ?
                (key === 'qyzmet-chat-sender' ? old : null) : getItem.call(this, key);
        };
    }""")
    erase(a, RU)
    expect(a.locator(".qz-system-forgotten")).to_be_visible()
    sent = []
    b.on("request", lambda r: sent.append(r) if r.url.endswith("/webhooks/rest/webhook") else None)
    box = b.get_by_role("textbox", name="Сообщение")
    box.fill("мой ИИН 900104300126")
    box.press("Enter")
    expect(b.locator(".qz-status")).to_have_text(RU["typing"])
    b.wait_for_timeout(500)
    assert sent == [] and on_server(engine, old) == (0, 0, 0)              # it waits: the erased id is locked
    # the news arrives: B starts afresh under the new id, and what was typed is back in the box, unsent
    b.evaluate("""() => { window.__behind = false;
                          dispatchEvent(new StorageEvent('storage', {key: 'qyzmet-chat-sender'})); }""")
    expect(b.locator(".qz-system-forgotten-elsewhere")).to_have_text(RU["elsewhere"])
    expect(box).to_have_value("мой ИИН 900104300126")
    expect(b.locator(".qz-status")).to_be_empty()
    assert stored(b)["current"] == stored(a)["sender"] != old
    assert sent == [] and on_server(engine, old) == (0, 0, 0)
    assert a.js_errors == [] and b.js_errors == []


@pytest.mark.parametrize("locale, words", [("kk-KZ", KK), ("ru-RU", RU)], ids=["kk", "ru"])
def test_erase_pressed_while_a_message_is_on_its_way_says_it_waits_then_erases_that_message_too(
        new_page, site, engine, locale, words):
    page = new_page(locale=locale)
    page.goto(site["api"] + "/chat")
    say(page, "анықтама керек")
    old = stored(page)["sender"]
    held = hold_messages(page)
    type_and_send(page, "где ЦОН в Актобе", held)
    asked = forget_requests(page)
    erase(page, words)
    expect(page.locator(".qz-status")).to_have_text(words["waits"])       # said, not silently ignored
    page.wait_for_timeout(200)
    assert asked == []
    held[0].continue_()
    expect(page.locator(".qz-system-forgotten")).to_have_text(words["forgotten"])
    expect(page.locator(".qz-msg.qz-user")).to_have_count(0)
    expect(page.locator(".qz-status")).to_be_empty()
    assert on_server(engine, old) == (0, 0, 0) and len(asked) == 1
    assert SENDER.match(stored(page)["sender"]) and stored(page)["sender"] != old
    assert page.js_errors == []


def test_without_web_locks_a_tab_looks_at_the_stored_id_before_it_sends(tabs, engine):
    a, b = tabs()
    # no Web Locks, as over plain http; and (from window.__late on) `storage` events that come late
    b.add_init_script("""delete Navigator.prototype.locks;
                         addEventListener('storage', e => { if (window.__late) e.stopImmediatePropagation(); })""")
    b.reload()
    assert b.evaluate("!navigator.locks")
    say(b, "нужна справка о несудимости")
    old = stored(a)["sender"]
    b.evaluate("window.__late = true")
    erase(a, RU)
    expect(a.locator(".qz-system-forgotten")).to_be_visible()
    box = b.get_by_role("textbox", name="Сообщение")
    box.fill("где ЦОН в Актобе")
    box.press("Enter")
    expect(b.locator(".qz-system-forgotten-elsewhere")).to_have_text(RU["elsewhere"])
    expect(box).to_have_value("где ЦОН в Актобе")                          # back in the box, unsent
    assert on_server(engine, old) == (0, 0, 0)
    say(b, "где ЦОН в Актобе")
    assert on_server(engine, old) == (0, 0, 0) and on_server(engine, stored(a)["sender"])[0] == 1
    assert a.js_errors == [] and b.js_errors == []
