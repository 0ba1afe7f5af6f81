/* Qyzmet web chat: "erase our conversation". Loaded by chat.js from beside it; not embedded on its own.
 *
 * The menu item and its question, the erase on the server (POST /webhooks/rest/forget, web/forget.py),
 * and every open tab of this browser kept on the same side of it. The tabs share one sender id (in
 * localStorage), so an erase in one tab must stop the others from writing under the erased id:
 *  - a tab hears of it by the `storage` event and starts afresh under the new id, with a note saying so;
 *  - where the browser has Web Locks (secure contexts), a message holds its sender id's lock shared and
 *    an erase holds it exclusively: an erase waits for the messages in flight in every tab, a message
 *    waits for an erase under way, and the erased id's lock is never given back while the erasing tab
 *    lives, so no tab sends under it even before the `storage` event has reached it;
 *  - just before sending, a tab looks at the stored id once more (the whole guard without Web Locks,
 *    where a message already in flight when another tab erases can still land under the old id).
 */
(function () {
  "use strict";

  var WORDS = {
    kk: {
      menu: "Мәзір", forget: "Әңгімемізді өшіру",
      forgetAsk: "Әңгімемізді өшірейік пе? Хабарламаларыңыз, жауаптар және таңдаған тіліңіз серверден өшіріледі. " +
        "Мұны қайтару мүмкін емес.",
      forgetYes: "Өшіру", forgetNo: "Бас тарту", forgetting: "Өшіріліп жатыр…",
      forgetWaits: "Хабарламаңызға жауап келгеннен кейін әңгімемізді өшіреміз…",
      forgotten: "Әңгімеміз өшірілді. Жаңадан бастауға болады.",
      forgottenElsewhere: "Әңгімеміз басқа қойындыда өшірілді. Жаңадан бастауға болады.",
      forgetFailed: "Әңгімені өшіру мүмкін болмады. Қайталап көріңіз."
    },
    ru: {
      menu: "Меню", forget: "Стереть наш разговор",
      forgetAsk: "Стереть наш разговор? С сервера будут удалены ваши сообщения, ответы и выбранный язык. " +
        "Отменить это нельзя.",
      forgetYes: "Стереть", forgetNo: "Отмена", forgetting: "Стираем…",
      forgetWaits: "Сотрём разговор, как только придёт ответ на ваше сообщение…",
      forgotten: "Наш разговор стёрт. Можно начать заново.",
      forgottenElsewhere: "Наш разговор стёрт в другой вкладке. Можно начать заново.",
      forgetFailed: "Не удалось стереть разговор. Попробуйте ещё раз."
    }
  };
  var KEY_ERASED = "qyzmet-chat-erased";    // the id last erased in this browser: "erased", not "another tab's id"
  var ERASED = { erased: true };            // why a message was not sent: its conversation was erased meanwhile

  /* `chat` is what chat.js lends: its words, storage, DOM and a few of its functions (see there). */
  window.QyzmetChatForget = function (chat) {
    var el = chat.el, w = chat.w, local = chat.local;
    Object.keys(WORDS).forEach(function (code) {
      Object.keys(WORDS[code]).forEach(function (key) { chat.words[code][key] = WORDS[code][key]; });
    });
    var queued = false;                     // "erase" pressed while a message was in flight: erased after it
    var waiting = window.AbortController ? new AbortController() : null;    // lock requests still waiting

    // ------------------------------------------------------------------ the menu and the question

    var menuButton = el("button", "qz-menu-button");
    menuButton.type = "button";
    menuButton.setAttribute("aria-haspopup", "true");
    menuButton.setAttribute("aria-expanded", "false");
    menuButton.setAttribute("aria-controls", "qz-menu");
    menuButton.appendChild(el("span", null, "⋮")).setAttribute("aria-hidden", "true");
    var menu = el("div", "qz-menu");        // for now one item, "erase our conversation", which asks first
    menu.id = "qz-menu";
    menu.setAttribute("role", "menu");
    menu.hidden = true;
    var forgetItem = el("button", "qz-menuitem");
    forgetItem.type = "button";
    forgetItem.setAttribute("role", "menuitem");
    menu.appendChild(forgetItem);
    chat.header.insertBefore(menuButton, chat.closeButton);     // the close button stays in the corner
    chat.header.insertBefore(menu, chat.closeButton);

    // asked in the panel, above the input, before anything is erased
    var confirmBox = el("div", "qz-confirm");
    confirmBox.setAttribute("role", "alertdialog");
    confirmBox.setAttribute("aria-labelledby", "qz-confirm-text");
    confirmBox.hidden = true;
    var confirmText = el("p", "qz-confirm-text");
    confirmText.id = "qz-confirm-text";
    var confirmButtons = el("div", "qz-confirm-buttons");
    var forgetYes = el("button", "qz-confirm-yes");
    forgetYes.type = "button";
    var forgetNo = el("button", "qz-confirm-no");
    forgetNo.type = "button";
    confirmButtons.appendChild(forgetYes);
    confirmButtons.appendChild(forgetNo);
    confirmBox.appendChild(confirmText);
    confirmBox.appendChild(confirmButtons);
    chat.panel.insertBefore(confirmBox, chat.status);

    function applyLanguage() {
      menuButton.setAttribute("aria-label", w("menu"));
      menuButton.title = w("menu");
      forgetItem.textContent = w("forget");
      confirmText.textContent = w("forgetAsk");
      forgetYes.textContent = w("forgetYes");
      forgetNo.textContent = w("forgetNo");
    }

    function showMenu(open) {
      menu.hidden = !open;
      menuButton.setAttribute("aria-expanded", String(open));
      if (open) forgetItem.focus();
    }
    menuButton.addEventListener("click", function () { showMenu(menu.hidden); });
    chat.shell.addEventListener("click", function (e) {      // a click anywhere else closes the menu
      if (!menu.hidden && !menu.contains(e.target) && !menuButton.contains(e.target)) showMenu(false);
    });
    forgetItem.addEventListener("click", function () { showMenu(false); askForget(true); });
    forgetNo.addEventListener("click", function () { askForget(false); });
    forgetYes.addEventListener("click", forgetMe);

    function askForget(open) {
      confirmBox.hidden = !open;
      if (open) forgetNo.focus();           // the safe choice has the focus; erasing takes a deliberate press
      else chat.input.focus();
    }

    /* Escape: closes the menu or the question; false when neither was open. */
    function escape() {
      if (!menu.hidden) { showMenu(false); menuButton.focus(); return true; }
      if (!confirmBox.hidden) { askForget(false); return true; }
      return false;
    }

    // ------------------------------------------------------------------ one sender id for every tab

    /* `work` while holding the lock of sender `id` (shared for a message, exclusive for an erase). */
    function withLock(id, mode, work) {
      if (!navigator.locks || !waiting) return Promise.resolve().then(work);
      var granted = false;
      return navigator.locks.request("qyzmet-chat " + id, { mode: mode, signal: waiting.signal }, function () {
        granted = true;
        return work();
      }).catch(function (error) {
        if (granted) throw error;
        if (error && error.name === "AbortError") throw ERASED;    // given up: the id was erased elsewhere
        return work();                      // no locks for this page (an opaque origin): as without them
      });
    }

    /* After another tab changed the stored id: this tab takes it; true if its own id was erased there,
       and then the tab has started afresh, saying so. */
    function followStorage() {
      var stored = local.getItem(chat.KEY_SENDER), mine = chat.sender();
      if (!chat.isSender(stored) || stored === mine) return false;
      var erased = local.getItem(KEY_ERASED) === mine;
      chat.adopt(stored);
      if (!erased) return false;          // two tabs opened at once each made an id: one of them stays
      if (waiting) { waiting.abort(); waiting = new AbortController(); }
      queued = false;
      showMenu(false);
      confirmBox.hidden = true;
      chat.startAfresh();
      chat.drawSystem(w("forgottenElsewhere"), "forgotten-elsewhere");
      return true;
    }
    window.addEventListener("storage", function (e) {
      if (e.key === chat.KEY_SENDER || e.key === KEY_ERASED) followStorage();
    });

    /* A message goes out through here: never under an id erased in another tab (rejects with ERASED). */
    function whileSending(work) {
      return withLock(chat.sender(), "shared", function () {
        if (followStorage()) throw ERASED;
        return work();
      });
    }

    // ------------------------------------------------------------------ the erase

    function postForget(sender) {
      var controller = window.AbortController ? new AbortController() : null;
      var timer = controller ? setTimeout(function () { controller.abort(); }, chat.TIMEOUT_MS) : null;
      return fetch(chat.FORGET, { method: "POST", mode: "cors", credentials: "omit", cache: "no-store",
                                  headers: { "Content-Type": "application/json" },
                                  body: JSON.stringify({ sender: sender }),
                                  signal: controller ? controller.signal : undefined })
        .then(function (response) {
          if (!response.ok) throw new Error("HTTP " + response.status);
          return response.json();
        })
        .then(function (data) {
          if (!data || typeof data.forgotten !== "boolean") throw new Error("not an answer");
          return data;
        })
        .finally(function () { if (timer) clearTimeout(timer); });
    }

    /* Erased on the server first; only then does the page forget its id and its language, and start afresh.
       Pressed while a message of this tab is in flight: said so, and done once its answer is in. */
    function forgetMe() {
      confirmBox.hidden = true;
      if (chat.busy()) {
        queued = true;
        chat.setBusy(true, "forgetWaits");
        return;
      }
      var sender = chat.sender();
      chat.setBusy(true, "forgetting");
      withLock(sender, "exclusive", function () {
        if (followStorage()) throw ERASED;  // erased in another tab meanwhile: nothing left to erase
        return postForget(sender).then(function () {
          local.setItem(KEY_ERASED, sender);        // before the new id: other tabs read it when that comes
          chat.newSender();
          local.removeItem(chat.KEY_LANG);
          chat.startAfresh();
          chat.drawSystem(w("forgotten"), "forgotten");
          chat.input.value = "";
          chat.autosize();
          chat.input.focus();
          return new Promise(function () {});     // the erased id's lock is kept while this page lives
        });
      }).catch(function (error) {
        if (error === ERASED) return;
        chat.setBusy(false);
        var note = chat.drawSystem(w("forgetFailed"), "error");
        note.setAttribute("role", "alert");
        chat.scrollToEnd();
        chat.input.focus();
      });
    }

    /* chat.js calls this when a message of this tab has been answered or has failed. */
    function idle() {
      if (!queued) return;
      queued = false;
      forgetMe();
    }

    return { applyLanguage: applyLanguage, escape: escape, whileSending: whileSending, idle: idle, ERASED: ERASED };
  };
})();
