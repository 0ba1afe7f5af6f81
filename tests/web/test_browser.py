"""The web chat in a real browser (Debian's headless Chromium, driven by Playwright).

Our app serves the chat; a "portal" of another origin embeds it with one <script> tag, as
a government site would. A citizen types, presses buttons, switches language, on a desktop
and on a phone-sized screen; CORS is refused and allowed; a third-party Rasa widget
(@scalableminds/chatroom, test-only, fetched by scripts/install-test-widgets.sh) talks to
the same REST channel. Screenshots land in pytest's temporary directory.
"""

from __future__ import annotations

import html
import json
import logging
import os
import re
import shutil
import subprocess
import time
from pathlib import Path
from urllib.parse import quote

import aiohttp
import pytest
from aiohttp import web

from qyzmet.app import make_web_app
from qyzmet.settings import Settings

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed: pip install -e '.[test]'")
expect = sync_api.expect
expect.set_options(timeout=10_000)

ROOT = Path(__file__).resolve().parents[2]
WEBHOOK = "/webhooks/rest/webhook"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
KAZAKH_LETTERS = re.compile("[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")
WAIT_MS = 15_000


def _chromium() -> str | None:
    """Debian's Chromium (QYZMET_CHROMIUM names another); Playwright downloads no browser here."""
    for found in (os.environ.get("QYZMET_CHROMIUM"), shutil.which("chromium"), shutil.which("chromium-browser"),
                  "/usr/bin/chromium"):
        if found and Path(found).is_file():
            return found
    return None


def _chatroom_dir() -> Path:
    """Where scripts/install-test-widgets.sh puts @scalableminds/chatroom."""
    try:
        out = subprocess.run(["bash", str(ROOT / "scripts/install-test-widgets.sh"), "--path"],
                             capture_output=True, text=True, check=True, timeout=10).stdout.strip()
        return Path(out)
    except (OSError, subprocess.SubprocessError):
        cache = os.environ.get("QYZMET_CACHE") or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache",
                                                       "qyzmet")
        return Path(cache, "npm", "scalableminds-chatroom-0.12.0", "package")


CHATROOM = _chatroom_dir()
CHATROOM_READY = (CHATROOM.parent / ".complete").exists() and (CHATROOM / "dist/Chatroom.js").exists()


# ---------------------------------------------------------------- the portal: a host page of another origin

PORTAL_PAGE = """<!DOCTYPE html>
<html lang="ru">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Портал услуг (тест)</title>
<style>
  /* a host site's own styles, some of them rude: none may reach the chat */
  body {{ margin: 0; padding: 24px; font: 18px Georgia, serif; background: #fbf7ef; }}
  button {{ background: #c00000 !important; color: yellow !important; padding: 30px !important; }}
  p, li, div {{ font-size: 22px; }}
  h1 {{ font-size: 28px; overflow-wrap: anywhere; }}
</style>
</head>
<body>
<h1>Портал государственных услуг</h1>
<p>Страница другого сайта. Чат Qyzmet встроен в неё одним тегом script.</p>
<script src="{script}"{attrs} defer></script>
</body>
</html>
"""

CHATROOM_PAGE = """<!DOCTYPE html>
<html lang="ru">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/chatroom/dist/Chatroom.css">
<title>Chatroom (test)</title>
</head>
<body>
<div class="chat-container"></div>
<script src="/chatroom/dist/Chatroom.js"></script>
<script>
  window.chatroom = new window.Chatroom({{
    host: {host}, title: "Qyzmet", container: document.querySelector(".chat-container"),
    welcomeMessage: "Сәлеметсіз бе! Здравствуйте!"
  }});
  window.chatroom.openChat();
</script>
</body>
</html>
"""

# what the portal's own test endpoint answers: everything a server may send, some of it hostile
FAKE_TEXT = '<img src=x onerror="window.__pwned = 1">\nвторая строка\n\n• первый пункт\n• второй пункт'


def _fake_answer(sender: str) -> list[dict]:
    def office(**kw):
        base = {"name": "ЦОН <script>window.__pwned = 2</script>", "address": "г. Тестовый, ул. Точная, 1",
                "phones": ["+7 (7172) 55-00-00", "нет номера"], "hours": "пн–пт 9:00–18:00", "lat": 51.1,
                "lon": 71.4, "distance_km": 1.25, "precision": "office", "located_at": None, "position": 1}
        return {"recipient_id": sender, "custom": {"office": {**base, **kw}}}
    return [
        {"recipient_id": sender, "text": FAKE_TEXT, "buttons": [{"title": "<b>жирный</b>", "payload": "/x"}]},
        office(),
        office(name="ЦОН в райцентре", precision="settlement", located_at="Тестовый", distance_km=12.5, position=2),
        {"recipient_id": sender, "custom": {"handoff": {"reason": "asked"}}},
        {"recipient_id": sender, "custom": {"event": "operator_joined"}},
        {"recipient_id": sender, "custom": {"unknown": {"anything": 1}}},
    ]


def _portal(calls: list[dict]) -> web.Application:
    async def embed(request: web.Request) -> web.Response:
        script = request.query["script"]
        attrs = "".join(f' data-{k}="{html.escape(v)}"' for k, v in request.query.items() if k in ("host", "lang"))
        return web.Response(text=PORTAL_PAGE.format(script=html.escape(script), attrs=attrs),
                            content_type="text/html")

    async def chatroom(request: web.Request) -> web.Response:
        return web.Response(text=CHATROOM_PAGE.format(host=json.dumps(request.query["api"])),
                            content_type="text/html")

    async def fake_webhook(request: web.Request) -> web.Response:
        body = await request.json()
        calls.append(body)
        if body["message"] == "сбой" and sum(c.get("message_id") == body.get("message_id") for c in calls) == 1:
            return web.json_response({"error": "try again"}, status=503)
        return web.json_response(_fake_answer(body["sender"]))

    app = web.Application()
    app.router.add_get("/embed", embed)
    app.router.add_get("/chatroom", chatroom)
    app.router.add_post("/fake" + WEBHOOK, fake_webhook)
    if CHATROOM_READY:
        app.router.add_static("/chatroom/dist/", CHATROOM / "dist", follow_symlinks=False)
    return app


@pytest.fixture(scope="module")
def site(servers, engine):
    """The portal, our app allowing the portal's origin, and our app allowing only another origin."""
    calls: list[dict] = []
    portal = servers.start(_portal(calls))
    api = servers.start(make_web_app(engine, Settings(cors_origins=(portal,))))
    closed = servers.start(make_web_app(engine, Settings(cors_origins=("https://egov.example.kz",))))
    return {"portal": portal, "api": api, "closed": closed, "calls": calls}


def embed_url(site, api: str | None = None, **attrs) -> str:
    query = "&".join(f"{k}={quote(v)}" for k, v in {"script": (api or site["api"]) + "/chat/static/chat.js",
                                                    **attrs}.items())
    return f"{site['portal']}/embed?{query}"


@pytest.fixture(scope="module")
def browser():
    executable = _chromium()
    if executable is None:
        pytest.skip("Chromium is not installed (scripts/install-system-packages.sh installs Debian's chromium)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("screenshots")


@pytest.fixture
def new_page(browser):
    """A page in a fresh context (its own localStorage: a new citizen), closed after the test."""
    contexts = []

    def make(**options):
        options.setdefault("locale", "ru-RU")
        options.setdefault("viewport", {"width": 1280, "height": 800})
        context = browser.new_context(**options)
        context.set_default_timeout(WAIT_MS)
        contexts.append(context)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.js_errors = errors
        return page
    yield make
    for context in contexts:
        context.close()


def open_chat(page):
    page.get_by_role("button", name=re.compile("Открыть чат|Чатты ашу")).click()
    box = page.get_by_role("textbox", name=re.compile("Сообщение|Хабарлама"))
    expect(box).to_be_focused()
    return box


def say(page, text: str):
    """Type as a citizen and press Enter; the bubble count it waits past."""
    box = page.get_by_role("textbox", name=re.compile("Сообщение|Хабарлама"))
    answered = page.locator(".qz-msg.qz-bot, .qz-card, .qz-system").count()
    box.fill(text)
    box.press("Enter")
    expect(page.locator(".qz-msg.qz-user").last).to_contain_text(text)
    expect(page.locator(".qz-msg.qz-bot, .qz-card, .qz-system")).not_to_have_count(answered)
    expect(page.locator(".qz-status")).to_be_empty()
    return box


def first_document(kb, language: str = "ru") -> str:
    """The first document of the "through a centre" scenario of 1486-02, as the knowledge base exports it."""
    item = kb["1486-02"]["documents"]["scenarios"][1]["items"][0]
    return item["text_ru"] if language == "ru" else item["text"]


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("""() => {
        const log = document.querySelector('#qyzmet-chat-widget, #qyzmet-chat').shadowRoot.querySelector('.qz-log');
        return document.documentElement.scrollWidth <= innerWidth && log.scrollWidth <= log.clientWidth;
    }""")


def in_viewport(page, locator, whole: bool = True) -> bool:
    box = locator.bounding_box()
    size = page.viewport_size
    if box is None:
        return False
    inside_x = box["x"] >= 0 and box["x"] + box["width"] <= size["width"] + 0.5
    if whole:
        return inside_x and box["y"] >= 0 and box["y"] + box["height"] <= size["height"] + 0.5
    return inside_x and 0 <= box["y"] < size["height"]


# ---------------------------------------------------------------- a citizen on the portal

def test_a_citizen_on_another_site_finds_an_office_gets_documents_and_switches_to_kazakh(new_page, site, kb, shots):
    page = new_page()
    page.goto(embed_url(site))
    expect(page.get_by_role("button", name="Qyzmet — Открыть чат")).to_be_visible()
    box = open_chat(page)
    expect(box).to_have_attribute("placeholder", "Напишите вопрос…")

    say(page, "где ЦОН в Актобе")
    card = page.locator(".qz-card").first
    expect(card.locator(".qz-card-address")).to_contain_text("Актобе")
    expect(card.locator("a[href^='tel:+7']").first).to_be_visible()
    # the sources give a town, not the office's own position: said so, and no map pin
    if card.get_attribute("data-precision") != "office":
        expect(card.locator(".qz-card-approx")).to_be_visible()
        expect(card.locator(".qz-card-map")).to_have_count(0)

    say(page, "нужна справка о несудимости")
    hqo = page.locator(".qz-buttons").last.locator("button[data-payload='/answer channel hqo']")
    title = hqo.inner_text()
    hqo.click()
    expect(page.locator(".qz-msg.qz-user").last).to_contain_text(title)
    answer = page.locator(".qz-msg.qz-bot").last
    expect(answer).to_contain_text(first_document(kb))
    expect(answer.locator("li").first).to_be_visible()          # "• …" lines drawn as a list

    page.get_by_role("button", name="Қаз", exact=True).click()
    expect(page.locator(".qz-msg.qz-user").last).to_contain_text("Қазақша")
    expect(box).to_have_attribute("placeholder", "Сұрағыңызды жазыңыз…")
    expect(page.get_by_role("button", name="Қаз", exact=True)).to_have_attribute("aria-pressed", "true")
    expect(page.locator(".qz-status")).to_be_empty()
    reply = page.locator(".qz-msg.qz-bot").last
    expect(reply).to_contain_text(KAZAKH_LETTERS)
    assert no_horizontal_scroll(page)
    # the portal's rude button style did not reach the chat
    send = page.locator(".qz-send")
    assert send.evaluate("b => getComputedStyle(b).backgroundColor") != "rgb(192, 0, 0)"
    page.screenshot(path=shots / "desktop-embedded.png")
    assert page.js_errors == []


def test_on_a_phone_the_chat_fills_the_screen_and_nothing_scrolls_sideways(new_page, site, kb, shots):
    page = new_page(viewport={"width": 360, "height": 640}, is_mobile=True, has_touch=True, device_scale_factor=2)
    page.goto(embed_url(site))
    open_chat(page)
    panel = page.locator(".qz-panel").bounding_box()
    assert (panel["x"], panel["y"], panel["width"], panel["height"]) == (0, 0, 360, 640)

    say(page, "нужна справка о несудимости")
    buttons = page.locator(".qz-buttons").last.locator("button")
    for i in range(buttons.count()):
        assert in_viewport(page, buttons.nth(i), whole=False), buttons.nth(i).inner_text()
    page.locator(".qz-buttons").last.locator("button[data-payload='/answer channel hqo']").tap()
    answer = page.locator(".qz-msg.qz-bot").last
    expect(answer).to_contain_text(first_document(kb))
    expect(page.locator(".qz-status")).to_be_empty()
    # a long answer is shown from its start; the input stays on screen
    assert in_viewport(page, answer, whole=False)
    assert in_viewport(page, page.locator(".qz-input"))
    assert in_viewport(page, page.locator(".qz-send"))
    assert no_horizontal_scroll(page)
    page.screenshot(path=shots / "phone-360x640-long-answer.png")

    say(page, "привет")
    last = page.locator(".qz-log > *").last
    assert in_viewport(page, page.locator(".qz-msg.qz-bot").last)
    assert in_viewport(page, last)
    assert in_viewport(page, page.locator(".qz-input"))
    assert no_horizontal_scroll(page)
    page.screenshot(path=shots / "phone-360x640.png")
    assert page.js_errors == []


def test_the_chat_page_itself_in_kazakh_by_default(new_page, site, shots):
    page = new_page(locale="kk-KZ")
    page.goto(site["api"] + "/chat")
    box = page.locator(".qz-input")
    expect(page.get_by_role("textbox", name="Хабарлама")).to_have_attribute("placeholder", "Сұрағыңызды жазыңыз…")
    expect(page.get_by_role("button", name=re.compile("Чатты ашу"))).to_have_count(0)    # the page is the chat
    assert page.evaluate("document.documentElement.lang") == "kk"
    say(page, "где ЦОН в Актобе")
    expect(page.locator(".qz-card").first).to_be_visible()
    page.get_by_role("button", name="Рус", exact=True).click()
    expect(box).to_have_attribute("placeholder", "Напишите вопрос…")
    assert page.evaluate("document.documentElement.lang") == "ru"
    assert no_horizontal_scroll(page)
    page.screenshot(path=shots / "desktop-chat-page.png")
    assert page.js_errors == []


# ---------------------------------------------------------------- CORS in the browser

def test_cors_refused_shows_no_connection_and_keeps_the_typed_text(new_page, site, caplog):
    caplog.set_level(logging.INFO, logger="aiohttp.access")
    page = new_page()
    page.goto(embed_url(site, api=site["closed"]))
    box = open_chat(page)
    box.fill("где ЦОН в Актобе")
    box.press("Enter")
    error = page.locator(".qz-error")
    expect(error).to_contain_text("Нет связи. Попробуйте ещё раз.")
    expect(error.get_by_role("button", name="Повторить")).to_be_visible()
    expect(box).to_have_value("где ЦОН в Актобе")                # nothing typed is lost
    expect(page.locator(".qz-msg.qz-bot:not(.qz-welcome)")).to_have_count(0)
    # the server's access log says why: the preflight was refused (logged just after it was answered)
    deadline = time.monotonic() + 5
    while not ([r.getMessage() for r in caplog.records if r.name == "aiohttp.access" and
                           f'"OPTIONS {WEBHOOK} ' in r.getMessage() and '" 403 ' in r.getMessage()]):
        assert time.monotonic() < deadline, [r.getMessage() for r in caplog.records]
        time.sleep(0.05)


def test_cors_allowed_for_the_portal_origin(new_page, site):
    page = new_page()
    page.goto(embed_url(site))
    open_chat(page)
    say(page, "привет")
    expect(page.locator(".qz-error")).to_have_count(0)
    expect(page.locator(".qz-msg.qz-bot").last).not_to_have_class(re.compile("qz-welcome"))


# ---------------------------------------------------------------- what a server may send, and a retry

def test_server_text_is_never_html_and_every_kind_of_message_is_drawn(new_page, site):
    page = new_page()
    page.goto(embed_url(site, host=site["portal"] + "/fake"))
    open_chat(page)
    say(page, "покажи всё")
    text = page.locator(".qz-msg.qz-bot").last
    expect(text).to_contain_text('<img src=x onerror="window.__pwned = 1">')
    expect(text.locator("img")).to_have_count(0)
    expect(text.locator("li")).to_have_text(["первый пункт", "второй пункт"])
    expect(page.locator(".qz-button", has_text="<b>жирный</b>")).to_be_visible()
    precise, approximate = page.locator(".qz-card").nth(0), page.locator(".qz-card").nth(1)
    expect(precise.locator(".qz-card-name")).to_have_text("1. ЦОН <script>window.__pwned = 2</script>")
    expect(precise.locator("a[href='tel:+77172550000']")).to_have_text("+7 (7172) 55-00-00")
    expect(precise.locator(".qz-card-map")).to_be_visible()
    expect(precise.locator(".qz-card-approx")).to_have_count(0)
    expect(approximate.locator(".qz-card-approx")).to_contain_text("12,5")
    expect(approximate.locator(".qz-card-approx")).to_contain_text("Тестовый")
    expect(approximate.locator(".qz-card-map")).to_have_count(0)
    expect(page.locator(".qz-system")).to_have_text(["Подключаем оператора…", "Оператор подключился"])
    # the buttons come after the offices the reply lists
    order = page.evaluate("""() => [...document.querySelector('#qyzmet-chat-widget').shadowRoot
        .querySelector('.qz-log').children].map(n => n.className)""")
    assert [c.split()[0] for c in order[-6:]] == ["qz-msg", "qz-card", "qz-card", "qz-buttons", "qz-system",
                                                  "qz-system"], order
    assert page.evaluate("window.__pwned") is None
    sent = site["calls"][-1]
    assert sent["metadata"] == {"office_cards": True} and sent["message_id"] and sent["sender"].startswith("web-")
    assert page.js_errors == []


def test_a_failed_message_is_retried_with_the_same_message_id_and_the_sender_is_stable(new_page, site):
    page = new_page()
    url = embed_url(site, host=site["portal"] + "/fake")
    page.goto(url)
    box = open_chat(page)
    before = len(site["calls"])
    box.fill("сбой")
    box.press("Enter")
    error = page.locator(".qz-error")
    expect(error).to_contain_text("Сообщение не обработано")
    expect(box).to_have_value("сбой")
    error.get_by_role("button", name="Повторить").click()
    expect(page.locator(".qz-card")).to_have_count(2)
    expect(error).to_have_count(0)
    expect(box).to_have_value("")
    expect(page.locator(".qz-msg.qz-user")).to_have_count(1)
    first, again = site["calls"][before:before + 2]
    assert first["message_id"] == again["message_id"] and first["sender"] == again["sender"]

    page.reload()                                   # the same browser: the same sender
    open_chat(page)
    say(page, "ещё раз")
    assert site["calls"][-1]["sender"] == first["sender"]
    assert site["calls"][-1]["message_id"] != first["message_id"]


# ---------------------------------------------------------------- a third-party Rasa widget

async def _buttons(api: str, sender: str, message: str) -> list[dict]:
    async with aiohttp.ClientSession() as http:
        async with http.post(api + WEBHOOK, json={"sender": sender, "message": message}) as r:
            return [b for m in await r.json() for b in m.get("buttons", [])]


@pytest.mark.skipif(not CHATROOM_READY, reason=f"@scalableminds/chatroom 0.12.0 is not in {CHATROOM}: "
                    "run scripts/install-test-widgets.sh (needs npm; scripts/install-system-packages.sh runs it)")
def test_the_scalableminds_chatroom_widget_talks_to_our_rest_channel(new_page, site, servers, kb, shots):
    buttons = servers.call(_buttons(site["api"], "chatroom-probe", "нужна справка о несудимости"))
    hqo = next(b["title"] for b in buttons if b["payload"] == "/answer channel hqo")
    page = new_page()
    page.goto(f"{site['portal']}/chatroom?api={quote(site['api'])}")
    box = page.locator(".chatroom form.input input[type=text]")
    box.fill("нужна справка о несудимости")
    box.press("Enter")
    expect(page.locator(".chatroom .chat.left").last).to_contain_text("несудимости")
    button = page.locator(".chatroom .chat-button:not(.chat-button-disabled)", has_text=hqo)
    expect(button).to_be_visible()
    button.click()
    expect(page.locator(".chatroom .chats")).to_contain_text(first_document(kb), timeout=20_000)
    page.screenshot(path=shots / "chatroom-widget.png")
    assert page.js_errors == []
