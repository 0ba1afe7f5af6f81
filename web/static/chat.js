/* Qyzmet web chat: a client of the Rasa-compatible REST channel (POST /webhooks/rest/webhook).
 *
 * Embedded on any site with one tag:
 *   <script src="https://HOST/chat/static/chat.js" defer></script>
 * Optional attributes of that tag:
 *   data-host="https://…"        the server (default: the origin the script came from)
 *   data-container="#selector"   draw the chat inside that element instead of a button + panel
 *   data-lang="kk" | "ru"        the first language of its own words (default: the browser's)
 *
 * Plain JavaScript, no dependencies. Everything is drawn in a shadow root, so the host
 * page's styles and ours do not meet. Server text is only ever set as textContent.
 */
(function () {
  "use strict";
  if (window.QyzmetChat) return;           // the tag twice on one page: one chat

  var script = document.currentScript || Array.prototype.slice.call(document.querySelectorAll("script[src]"))
    .filter(function (s) { return /\/chat\.js(?:[?#]|$)/.test(s.src); })[0];
  var scriptUrl = new URL(script ? script.src : location.href, location.href);
  var attr = function (name) { return script ? (script.getAttribute("data-" + name) || "").trim() : ""; };
  var HOST = (attr("host") || scriptUrl.origin).replace(/\/+$/, "");
  var WEBHOOK = HOST + "/webhooks/rest/webhook";
  var FORGET = HOST + "/webhooks/rest/forget";
  var CSS = new URL("chat.css", scriptUrl).href;
  var FORGET_JS = new URL("chat-forget.js", scriptUrl).href;      // "erase our conversation", in a file of its own
  var TIMEOUT_MS = 30000;
  var MAX_LENGTH = 4000;
  var KEY_SENDER = "qyzmet-chat-sender", KEY_LANG = "qyzmet-chat-lang";

  var WORDS = {
    kk: {
      title: "Qyzmet", subtitle: "Мемлекеттік қызметтер көмекшісі",
      open: "Чатты ашу", close: "Чатты жабу", language: "Тіл", log: "Хабарламалар",
      input: "Хабарлама", placeholder: "Сұрағыңызды жазыңыз…", send: "Жіберу",
      you: "Сіз:", bot: "Qyzmet:",
      welcome: "Сәлеметсіз бе! Мемлекеттік қызмет туралы сұраңыз: қандай құжаттар керек, " +
        "мерзімі, құны және қайда бару керек.",
      typing: "Жауап дайындалып жатыр…",
      offline: "Байланыс жоқ. Қайталап көріңіз.",
      failed: "Хабарлама өңделмеді. Қайталап көріңіз.",
      tooLong: "Хабарлама тым ұзын. Қысқартып, қайта жіберіңіз.",
      retry: "Қайталау",
      operator_joined: "Оператор қосылды", operator_left: "Оператор чаттан шықты", closed: "Өтініш жабылды",
      handoff: "Операторға қосылып жатыр…",
      phone: "Телефон", hours: "Жұмыс уақыты", map: "Картада көру", office: "Мекеме",
      approx: "Орны шамамен көрсетілген: мекеменің нақты орны белгісіз.",
      distance: function (km) { return "Сізден шамамен " + km + " км."; },
      distanceApprox: function (km, place) {
        return "Сізден " + place + " орталығына дейін шамамен " + km + " км (мекеменің нақты орны белгісіз).";
      },
      langName: "Қазақша"
    },
    ru: {
      title: "Qyzmet", subtitle: "Помощник по государственным услугам",
      open: "Открыть чат", close: "Закрыть чат", language: "Язык", log: "Сообщения",
      input: "Сообщение", placeholder: "Напишите вопрос…", send: "Отправить",
      you: "Вы:", bot: "Qyzmet:",
      welcome: "Здравствуйте! Спросите о государственной услуге: какие нужны документы, " +
        "сроки, стоимость и куда обращаться.",
      typing: "Готовим ответ…",
      offline: "Нет связи. Попробуйте ещё раз.",
      failed: "Сообщение не обработано. Попробуйте ещё раз.",
      tooLong: "Сообщение слишком длинное. Сократите его и отправьте снова.",
      retry: "Повторить",
      operator_joined: "Оператор подключился", operator_left: "Оператор вышел из чата", closed: "Обращение закрыто",
      handoff: "Подключаем оператора…",
      phone: "Телефон", hours: "Часы работы", map: "Показать на карте", office: "Офис",
      approx: "Местоположение приблизительное: точное расположение офиса неизвестно.",
      distance: function (km) { return "Примерно " + km + " км от вас."; },
      distanceApprox: function (km, place) {
        return "Около " + km + " км от вас до центра: " + place + " (точное расположение офиса неизвестно).";
      },
      langName: "Русский"
    }
  };   // chat-forget.js adds the words of "erase our conversation"
  var LANG_BUTTONS = { kk: "Қаз", ru: "Рус" };
  var EVENTS = ["operator_joined", "operator_left", "closed"];     // what the citizen's side is told

  // ------------------------------------------------------------------ small helpers

  function store(kind) {        // localStorage may be missing or refuse (private mode, sandboxed frames)
    try { var s = window[kind]; s.setItem("qyzmet-probe", "1"); s.removeItem("qyzmet-probe"); return s; }
    catch (e) { var m = {}; return { getItem: function (k) { return k in m ? m[k] : null; },
                                     setItem: function (k, v) { m[k] = String(v); },
                                     removeItem: function (k) { delete m[k]; } }; }
  }
  var local = store("localStorage");

  function randomId() {         // crypto.randomUUID needs a secure context; getRandomValues does not
    var bytes = new Uint8Array(16);
    (window.crypto || window.msCrypto).getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text != null) node.textContent = String(text);
    return node;
  }

  function firstLang() {
    var chosen = local.getItem(KEY_LANG) || attr("lang");
    if (chosen === "kk" || chosen === "ru") return chosen;
    var browser = (navigator.languages && navigator.languages[0]) || navigator.language || "";
    return /^ru\b/i.test(browser) ? "ru" : "kk";
  }

  /* The sender id: "web-" and 128 random bits, kept in this browser. It is the only proof of being this
     sender: the server erases a conversation for whoever posts its id (web/forget.py). */
  function isSender(id) { return typeof id === "string" && /^web-[0-9a-f]{32}$/.test(id); }
  function adopt(id) {          // another tab's new id (chat-forget.js): every tab talks under the stored one
    sender = id;
    if (window.QyzmetChat) window.QyzmetChat.sender = sender;
  }
  function newSender() {
    adopt("web-" + randomId());
    local.setItem(KEY_SENDER, sender);
  }
  var sender = local.getItem(KEY_SENDER);
  if (!isSender(sender)) newSender();

  var lang = firstLang();
  function w(key) { return WORDS[lang][key]; }
  var busy = false;
  var busyWord = "typing";      // what the status line says while busy
  var failed = null;            // the last typed message that did not go through: {text, shown, id, bubble, note}
  var conversation = 0;         // counts fresh starts: an answer to a message of an erased conversation is dropped

  window.QyzmetChat = { host: HOST, sender: sender };

  /* Starts once the page is ready and chat-forget.js has loaded (or failed to: then there is no menu). */
  var waitingFor = 2;
  function ready() { if (--waitingFor === 0) start(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
  if (window.QyzmetChatForget) ready();
  else {
    var forgetScript = document.createElement("script");
    forgetScript.src = FORGET_JS;
    forgetScript.async = true;
    forgetScript.onload = forgetScript.onerror = ready;
    (document.head || document.documentElement).appendChild(forgetScript);
  }

  function start() {
    // ------------------------------------------------------------------ the widget's DOM

    var containerSelector = attr("container");
    var container = containerSelector ? document.querySelector(containerSelector) : null;
    var inline = !!container;
    var hostEl = inline ? container : el("div");
    if (!inline) {
      hostEl.id = "qyzmet-chat-widget";
      // no rule of the host page (`div { … !important }`) reaches the element we hang from its body
      hostEl.setAttribute("style", "all: initial !important; display: block !important");
    }
    var root = hostEl.attachShadow ? hostEl.attachShadow({ mode: "open" }) : hostEl;

    var sheet = el("link");
    sheet.rel = "stylesheet";
    sheet.href = CSS;
    var shell = el("div", "qz " + (inline ? "qz-inline" : "qz-floating"));
    shell.hidden = true;          // until the styles are in: no flash of an unstyled chat
    var showShell = function () { shell.hidden = false; };
    sheet.addEventListener("load", showShell);
    sheet.addEventListener("error", showShell);
    root.appendChild(sheet);
    root.appendChild(shell);

    var launcher = null;
    if (!inline) {
      launcher = el("button", "qz-launcher");
      launcher.type = "button";
      launcher.setAttribute("aria-expanded", "false");
      launcher.setAttribute("aria-controls", "qz-panel");
      var icon = el("span", "qz-launcher-icon");
      icon.setAttribute("aria-hidden", "true");
      launcher.appendChild(icon);
      launcher.appendChild(el("span", "qz-launcher-text"));
      shell.appendChild(launcher);
    }

    var panel = el("section", "qz-panel");
    panel.id = "qz-panel";
    panel.hidden = !inline;
    var header = el("header", "qz-header");
    var heading = el("div", "qz-heading");
    var titleEl = el("h2", "qz-title");
    titleEl.id = "qz-title";
    var subtitleEl = el("p", "qz-subtitle");
    heading.appendChild(titleEl);
    heading.appendChild(subtitleEl);
    panel.setAttribute("aria-labelledby", "qz-title");
    var langGroup = el("div", "qz-langs");
    langGroup.setAttribute("role", "group");
    var langButtons = {};
    ["kk", "ru"].forEach(function (code) {
      var b = el("button", "qz-lang", LANG_BUTTONS[code]);
      b.type = "button";
      b.lang = code;
      b.setAttribute("data-lang", code);
      b.addEventListener("click", function () { chooseLanguage(code); });
      langButtons[code] = b;
      langGroup.appendChild(b);
    });
    header.appendChild(heading);
    header.appendChild(langGroup);
    var closeButton = null;
    if (!inline) {
      closeButton = el("button", "qz-close");
      closeButton.type = "button";
      closeButton.appendChild(el("span", null, "×")).setAttribute("aria-hidden", "true");
      closeButton.addEventListener("click", function () { setOpen(false); });
      header.appendChild(closeButton);
    }

    var log = el("div", "qz-log");
    log.setAttribute("role", "log");
    log.setAttribute("aria-live", "polite");
    log.setAttribute("aria-relevant", "additions text");
    log.tabIndex = 0;             // scrollable with the keyboard
    var status = el("div", "qz-status");
    status.setAttribute("role", "status");

    var form = el("form", "qz-form");
    form.noValidate = true;
    var inputLabel = el("label", "qz-visually-hidden");
    inputLabel.htmlFor = "qz-input";
    var input = el("textarea", "qz-input");
    input.id = "qz-input";
    input.rows = 1;
    input.maxLength = MAX_LENGTH;
    input.autocomplete = "off";
    input.setAttribute("enterkeyhint", "send");
    var sendButton = el("button", "qz-send");
    sendButton.type = "submit";
    var sendText = el("span", "qz-send-text");
    sendButton.appendChild(sendText);
    form.appendChild(inputLabel);
    form.appendChild(input);
    form.appendChild(sendButton);

    panel.appendChild(header);
    panel.appendChild(log);
    panel.appendChild(status);
    panel.appendChild(form);
    shell.appendChild(panel);

    var welcome = el("div", "qz-msg qz-bot qz-welcome");
    var welcomeText = el("p");
    welcome.appendChild(welcomeText);
    log.appendChild(welcome);

    // ------------------------------------------------------------------ language

    function applyLanguage() {
      hostEl.lang = lang;
      shell.lang = lang;
      if (script && script.hasAttribute("data-page")) document.documentElement.lang = lang;   // our own /chat
      titleEl.textContent = w("title");
      subtitleEl.textContent = w("subtitle");
      langGroup.setAttribute("aria-label", w("language"));
      Object.keys(langButtons).forEach(function (code) {
        langButtons[code].setAttribute("aria-pressed", String(code === lang));
        langButtons[code].title = WORDS[code].langName;
      });
      if (launcher) {
        launcher.setAttribute("aria-label", w("title") + " — " + w("open"));
        launcher.querySelector(".qz-launcher-text").textContent = w("title");
      }
      if (closeButton) closeButton.setAttribute("aria-label", w("close"));
      log.setAttribute("aria-label", w("log"));
      inputLabel.textContent = w("input");
      input.placeholder = w("placeholder");
      sendText.textContent = w("send");
      welcomeText.textContent = w("welcome");
      if (forget) forget.applyLanguage();
      if (busy) status.textContent = w(busyWord);
      Array.prototype.forEach.call(log.querySelectorAll(".qz-who-you"), function (n) { n.textContent = w("you"); });
      Array.prototype.forEach.call(log.querySelectorAll(".qz-who-bot"), function (n) { n.textContent = w("bot"); });
      Array.prototype.forEach.call(log.querySelectorAll(".qz-retry"), function (n) { n.textContent = w("retry"); });
      Array.prototype.forEach.call(log.querySelectorAll(".qz-error-text"), function (n) {
        n.textContent = w(n.getAttribute("data-word"));
      });
    }

    function setLanguage(code) {
      if (code !== "kk" && code !== "ru") return;
      lang = code;
      local.setItem(KEY_LANG, code);
      applyLanguage();
    }

    function chooseLanguage(code) {
      if (busy) return;
      setLanguage(code);
      send("/lang " + code, WORDS[code].langName);
    }

    // ------------------------------------------------------------------ open and close (the floating panel)

    function setOpen(open) {
      if (inline) return;
      panel.hidden = !open;
      shell.classList.toggle("qz-open", open);
      launcher.setAttribute("aria-expanded", String(open));
      if (open) { input.focus(); scrollToEnd(); }
      else launcher.focus();
    }
    if (launcher) launcher.addEventListener("click", function () { setOpen(panel.hidden); });
    panel.addEventListener("keydown", function (e) {
      if (e.key !== "Escape") return;
      if (forget && forget.escape()) e.preventDefault();      // the menu or the question closes first
      else if (!inline) { e.preventDefault(); setOpen(false); }
    });

    // ------------------------------------------------------------------ "erase our conversation" (chat-forget.js)

    /* The view of a conversation that is no more (erased here or in another tab): the welcome, nothing else. */
    function startAfresh() {
      conversation += 1;
      setBusy(false);
      failed = null;
      while (log.firstChild) log.removeChild(log.firstChild);
      log.appendChild(welcome);
    }

    var forget = window.QyzmetChatForget ? window.QyzmetChatForget({
      words: WORDS, w: w, el: el, local: local, KEY_SENDER: KEY_SENDER, KEY_LANG: KEY_LANG, FORGET: FORGET,
      TIMEOUT_MS: TIMEOUT_MS, shell: shell, header: header, closeButton: closeButton, panel: panel, status: status,
      input: input, autosize: autosize, drawSystem: drawSystem, scrollToEnd: scrollToEnd, setBusy: setBusy,
      startAfresh: startAfresh, busy: function () { return busy; }, sender: function () { return sender; },
      isSender: isSender, adopt: adopt, newSender: newSender
    }) : null;

    // ------------------------------------------------------------------ drawing messages

    function who(kind) {
      var n = el("span", "qz-visually-hidden qz-who-" + kind, w(kind));
      return n;
    }

    function scrollToEnd() { log.scrollTop = log.scrollHeight; }

    /* After an answer: all of it when it fits, else from its start (a long answer is read from the top). */
    function showAnswer(first) {
      if (!first) return scrollToEnd();
      var top = first.offsetTop - log.offsetTop - 8;
      if (log.scrollHeight - top <= log.clientHeight) scrollToEnd();
      else log.scrollTop = top;
    }

    /* Text as paragraphs (line breaks kept) and "• " lines as a list. Only textContent. */
    function drawText(parent, text) {
      String(text).split(/\n{2,}/).forEach(function (block) {
        var list = null, para = null;
        block.split("\n").forEach(function (line) {
          var bullet = /^\s*•\s?(.*)$/.exec(line);
          if (bullet) {
            if (!list) { list = el("ul"); parent.appendChild(list); para = null; }
            list.appendChild(el("li", null, bullet[1]));
          } else {
            if (!para) { para = el("p"); parent.appendChild(para); list = null; }
            else para.appendChild(document.createTextNode("\n"));
            para.appendChild(document.createTextNode(line));
          }
        });
      });
    }

    function drawUser(text) {
      var bubble = el("div", "qz-msg qz-user");
      bubble.appendChild(who("you"));
      var p = el("p", null, text);
      bubble.appendChild(p);
      log.appendChild(bubble);
      scrollToEnd();
      return bubble;
    }

    function drawBotText(text) {
      var bubble = el("div", "qz-msg qz-bot");
      bubble.appendChild(who("bot"));
      drawText(bubble, text);
      log.appendChild(bubble);
      return bubble;
    }

    function drawButtons(buttons) {
      var group = el("div", "qz-buttons");
      group.setAttribute("role", "group");
      buttons.forEach(function (b) {
        if (!b || typeof b.payload !== "string") return;
        var title = typeof b.title === "string" && b.title ? b.title : b.payload;
        var button = el("button", "qz-button", title);
        button.type = "button";
        button.setAttribute("data-payload", b.payload);
        button.addEventListener("click", function () {
          if (busy || group.classList.contains("qz-used")) return;
          group.classList.add("qz-used");
          button.setAttribute("aria-pressed", "true");
          Array.prototype.forEach.call(group.querySelectorAll("button"), function (x) { x.disabled = true; });
          send(b.payload, title, function () {           // failed: the buttons may be pressed again
            group.classList.remove("qz-used");
            button.removeAttribute("aria-pressed");
            Array.prototype.forEach.call(group.querySelectorAll("button"), function (x) { x.disabled = false; });
          });
        });
        group.appendChild(button);
      });
      if (group.childNodes.length) log.appendChild(group);
      return group;
    }

    /* The language an answer is in (the server may answer Russian words in Russian whatever the switch says). */
    function languageOf(text) {
      var cyrillic = (text.match(/[а-яёәғқңөұүһі]/gi) || []).length;
      if (!cyrillic) return null;
      var kazakh = (text.match(/[әғқңөұүһі]/gi) || []).length;     // a Kazakh name in Russian words is not enough
      return kazakh / cyrillic >= 0.04 ? "kk" : "ru";
    }

    function formatKm(km, code) {
      try { return Number(km).toLocaleString(code === "ru" ? "ru-RU" : "kk-KZ", { maximumFractionDigits: 1 }); }
      catch (e) { return String(Math.round(km * 10) / 10); }
    }

    function telHref(phone) {
      var digits = String(phone).split(/доб|вн|ext|ішкі/i)[0].replace(/[^\d+]/g, "");
      return digits.replace(/\D/g, "").length >= 5 ? "tel:" + digits : null;
    }

    /* An office card, in the words of the answer it belongs to (`code`). */
    function drawOffice(o, code) {
      var words = WORDS[code] || WORDS[lang];
      var card = el("article", "qz-card");
      card.setAttribute("data-precision", typeof o.precision === "string" ? o.precision : "unknown");
      var name = typeof o.name === "string" && o.name ? o.name : words.office;
      var h = el("h3", "qz-card-name", (typeof o.position === "number" ? o.position + ". " : "") + name);
      card.appendChild(h);
      if (typeof o.address === "string" && o.address) card.appendChild(el("p", "qz-card-address", o.address));
      var precise = o.precision === "office";
      var hasKm = typeof o.distance_km === "number" && isFinite(o.distance_km);
      if (!precise) {
        var note = hasKm && typeof o.located_at === "string" && o.located_at ? words.distanceApprox(formatKm(o.distance_km, code), o.located_at)
          : words.approx;
        card.appendChild(el("p", "qz-card-approx", note));
      } else if (hasKm) {
        card.appendChild(el("p", "qz-card-distance", words.distance(formatKm(o.distance_km, code))));
      }
      var phones = Array.isArray(o.phones) ? o.phones.filter(function (p) { return typeof p === "string" && p; }) : [];
      if (phones.length) {
        var line = el("p", "qz-card-phones");
        line.appendChild(el("span", "qz-card-label", words.phone + ": "));
        phones.forEach(function (phone, i) {
          if (i) line.appendChild(document.createTextNode(", "));
          var href = telHref(phone);
          if (href) { var a = el("a", null, phone); a.href = href; line.appendChild(a); }
          else line.appendChild(document.createTextNode(phone));
        });
        card.appendChild(line);
      }
      if (typeof o.hours === "string" && o.hours) {
        var hours = el("p", "qz-card-hours");
        hours.appendChild(el("span", "qz-card-label", words.hours + ": "));
        hours.appendChild(document.createTextNode(o.hours));
        card.appendChild(hours);
      }
      // a pin only where the office's own position is known: never a precise-looking one for a town's centre
      if (precise && typeof o.lat === "number" && typeof o.lon === "number" && isFinite(o.lat) && isFinite(o.lon)) {
        var map = el("a", "qz-card-map", words.map);
        map.href = "https://www.openstreetmap.org/?mlat=" + o.lat + "&mlon=" + o.lon + "#map=17/" + o.lat + "/" + o.lon;
        map.target = "_blank";
        map.rel = "noopener noreferrer";
        card.appendChild(map);
      }
      log.appendChild(card);
      return card;
    }

    function drawSystem(text, kind) {
      var line = el("p", "qz-system" + (kind ? " qz-system-" + kind : ""), text);
      log.appendChild(line);
      return line;
    }

    /* Rasa's REST answer: texts with buttons, and custom office / handoff / event messages. */
    function drawAnswer(messages) {
      var first = null;
      var pendingButtons = null;
      var said = messages.filter(function (m) { return m && typeof m.text === "string"; })
        .map(function (m) { return m.text; }).join("\n");
      var code = languageOf(said) || lang;
      var flush = function () {
        if (pendingButtons) { drawButtons(pendingButtons); pendingButtons = null; }
      };
      messages.forEach(function (m) {
        if (!m || typeof m !== "object") return;
        var custom = m.custom && typeof m.custom === "object" ? m.custom : null;
        var node = null;
        if (custom && custom.office && typeof custom.office === "object") {
          node = drawOffice(custom.office, code);          // a reply's buttons go after the offices it lists
        } else {
          flush();
          if (typeof m.text === "string" && m.text) node = drawBotText(m.text);
          if (custom && custom.handoff) node = drawSystem(w("handoff"), "handoff");
          if (custom && EVENTS.indexOf(custom.event) >= 0) {
            node = drawSystem(w(custom.event), "event");
          }
          if (Array.isArray(m.buttons) && m.buttons.length) pendingButtons = m.buttons;
        }
        if (node && !first) first = node;
      });
      flush();
      showAnswer(first);
    }

    // ------------------------------------------------------------------ sending

    function setBusy(on, word) {
      busy = on;
      busyWord = word || "typing";
      shell.classList.toggle("qz-busy", on);
      sendButton.setAttribute("aria-disabled", String(on));
      status.textContent = on ? w(busyWord) : "";
      log.setAttribute("aria-busy", String(on));
    }

    function post(message) {
      var controller = window.AbortController ? new AbortController() : null;
      var timer = controller ? setTimeout(function () { controller.abort(); }, TIMEOUT_MS) : null;
      var body = JSON.stringify({ sender: sender, message: message.text, message_id: message.id,
                                  metadata: { office_cards: true } });
      return fetch(WEBHOOK, { method: "POST", mode: "cors", credentials: "omit", cache: "no-store",
                              headers: { "Content-Type": "application/json" }, body: body,
                              signal: controller ? controller.signal : undefined })
        .then(function (response) {
          if (response.status === 413) throw { word: "tooLong", final: true };
          if (!response.ok) throw { word: "failed" };
          return response.json().catch(function () { throw { word: "failed" }; });
        }, function () { throw { word: "offline" }; })
        .then(function (data) {
          if (!Array.isArray(data)) throw { word: "failed" };
          return data;
        })
        .finally(function () { if (timer) clearTimeout(timer); });
    }

    function clearFailure(message) {
      if (message.note) { message.note.remove(); message.note = null; }
      message.bubble.classList.remove("qz-failed");
      if (failed === message) failed = null;
    }

    function showFailure(message, word, onFail) {
      message.bubble.classList.add("qz-failed");
      var note = el("div", "qz-error");
      note.setAttribute("role", "alert");
      var text = el("span", "qz-error-text", w(word));
      text.setAttribute("data-word", word);
      note.appendChild(text);
      if (word !== "tooLong") {
        var retry = el("button", "qz-retry", w("retry"));
        retry.type = "button";
        retry.addEventListener("click", function () { deliver(message, onFail); });
        note.appendChild(retry);
        if (!message.shown) failed = message;
      }
      message.note = note;
      message.bubble.insertAdjacentElement("afterend", note);
      scrollToEnd();
      // never lose what was typed: it comes back to the box unless something else is there now
      if (!message.shown && !input.value) { input.value = message.text; autosize(); }
    }

    function deliver(message, onFail) {
      if (busy) return;
      clearFailure(message);
      if (!message.shown && input.value === message.text) { input.value = ""; autosize(); }
      setBusy(true);
      var mine = conversation;
      var sent = forget ? forget.whileSending(function () { return post(message); }) : post(message);
      sent.then(function (answer) {
        if (mine !== conversation) return;        // its conversation was erased meanwhile
        setBusy(false);
        drawAnswer(answer);
        if (forget) forget.idle();
      }, function (error) {
        if (forget && error === forget.ERASED) {  // erased in another tab before it went: back to the box, unsent
          if (!message.shown && !input.value) { input.value = message.text; autosize(); }
          return;
        }
        if (mine !== conversation) return;
        setBusy(false);
        showFailure(message, (error && error.word) || "offline", onFail);
        if (onFail) onFail();
        if (forget) forget.idle();
      });
    }

    /* `text` goes to the server; `shown` (a button's title) is what the citizen sees as theirs. */
    function send(text, shown, onFail) {
      if (busy) return;
      var lang_ = /^\/lang\s+(kk|ru)\s*$/i.exec(text);
      if (lang_) setLanguage(lang_[1].toLowerCase());
      if (failed && !shown && !failed.shown && failed.text === text) return deliver(failed, null);   // a retry
      failed = null;              // other words: the failed one keeps its own retry button
      var message = { text: text, shown: shown || null, id: randomId(), bubble: drawUser(shown || text), note: null };
      deliver(message, onFail);
    }

    function autosize() {
      input.style.height = "auto";
      input.style.height = Math.min(input.scrollHeight, 160) + "px";
    }

    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var text = input.value.trim();
      if (!text || busy) return;
      input.value = "";
      autosize();
      send(text);
      input.focus();
    });
    input.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
        e.preventDefault();
        if (form.requestSubmit) form.requestSubmit();
        else form.dispatchEvent(new Event("submit", { cancelable: true }));
      }
    });
    input.addEventListener("input", autosize);

    applyLanguage();
    if (!inline) document.body.appendChild(hostEl);
    window.QyzmetChat.open = function () { setOpen(true); };
    window.QyzmetChat.close = function () { setOpen(false); };
  }
})();
