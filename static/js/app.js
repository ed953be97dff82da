// sitecard's client script: floating buttons, windows and theme. Everything here enhances
// links that already work without JavaScript.
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("js");

  function ready(fn) {
    if (document.readyState !== "loading") fn(); else document.addEventListener("DOMContentLoaded", fn);
  }

  ready(function () {
    // Scroll-to-top appears after 80 px, as on the original site.
    var top = document.getElementById("to-top");
    function onScroll() { if (top) top.classList.toggle("show", window.scrollY > 80); }
    window.addEventListener("scroll", onScroll, { passive: true });
    onScroll();
    if (top) top.addEventListener("click", function (e) {
      e.preventDefault();
      window.scrollTo({ top: 0, behavior: "smooth" });
    });

    // A click on a profile link goes straight to the profile (its real address, which
    // rel=me verification needs) and is counted by a beacon. The ping attribute does the
    // same without JavaScript where the browser sends it; here the beacon replaces it, so
    // that no click is counted twice.
    document.querySelectorAll("a[ping][data-count]").forEach(function (a) { a.removeAttribute("ping"); });
    document.addEventListener("click", function (e) {
      var a = e.target.closest && e.target.closest("a[data-count]");
      if (a && navigator.sendBeacon) navigator.sendBeacon(a.getAttribute("data-count"));
    });

    // In a messenger's browser: copy the card's address, to paste into the phone's browser.
    document.querySelectorAll("[data-copy]").forEach(function (b) { b.hidden = !navigator.clipboard; });
    document.addEventListener("click", function (e) {
      var b = e.target.closest && e.target.closest("[data-copy]");
      if (!b) return;
      var field = document.getElementById(b.getAttribute("data-copy"));
      var done = function () { b.textContent = b.getAttribute("data-copied") || b.textContent; };
      // data-copy-html copies the field's HTML as formatted text (what a mail program's
      // signature settings paste), with the markup as the plain-text fallback.
      if (b.hasAttribute("data-copy-html") && window.ClipboardItem && navigator.clipboard.write) {
        navigator.clipboard.write([new ClipboardItem({
          "text/html": new Blob([field.value], { type: "text/html" }),
          "text/plain": new Blob([field.value], { type: "text/plain" })
        })]).then(done);
        return;
      }
      navigator.clipboard.writeText(field.value).then(done);
    });

    // The chat and message windows. On a phone each is a full-height sheet (CSS): the page
    // behind stops scrolling and the floating buttons hide (html.window-open), the sheet
    // follows the visual viewport so the input stays above the on-screen keyboard, and
    // Escape or the back gesture closes it, giving the focus back to what opened it.
    var opener = null;
    function setOpen(win, open) {
      win.classList.toggle("open", open);
      var button = document.querySelector('[data-window="' + win.id + '"]');
      if (button) button.setAttribute("aria-expanded", open ? "true" : "false");
      root.classList.toggle("window-open", !!document.querySelector(".window.open"));
      if (open) {
        var field = win.querySelector("input, textarea, button");
        if (field) field.focus();
      }
    }
    function openWindow(win, by) {
      document.querySelectorAll(".window.open").forEach(function (w) { setOpen(w, false); });
      opener = by || opener;
      setOpen(win, true);
      // One history entry per opening: the back gesture closes the window, not the page.
      if (!(history.state && history.state.win)) history.pushState({ win: win.id }, "");
      else history.replaceState({ win: win.id }, "");
    }
    function closeWindow(win) {
      if (!win || !win.classList.contains("open")) return;
      if (history.state && history.state.win === win.id) { history.back(); return; } // popstate closes it
      finishClose(win);
    }
    function finishClose(win) {
      setOpen(win, false);
      if (location.hash) history.replaceState(null, "", location.pathname + location.search);
      var back = opener || document.querySelector('[data-window="' + win.id + '"]');
      opener = null;
      if (back && document.contains(back)) back.focus({ preventScroll: true });
    }
    window.addEventListener("popstate", function () {
      document.querySelectorAll(".window.open").forEach(function (w) {
        if (!(history.state && history.state.win === w.id)) finishClose(w);
      });
    });
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape") closeWindow(document.querySelector(".window.open"));
    });
    var vv = window.visualViewport;
    function fitViewport() {
      root.style.setProperty("--vvh", vv.height + "px");
      root.style.setProperty("--vvtop", vv.offsetTop + "px");
    }
    if (vv) { vv.addEventListener("resize", fitViewport); vv.addEventListener("scroll", fitViewport); fitViewport(); }
    // A window opened through a plain #link (no-JS path, or a shared URL) counts as open.
    if (location.hash) {
      var targeted = document.getElementById(location.hash.slice(1));
      if (targeted && targeted.classList.contains("window")) setOpen(targeted, true);
    }

    document.addEventListener("click", function (e) {
      var by = e.target.closest("[data-window]");
      if (by) {
        e.preventDefault();
        var win = document.getElementById(by.getAttribute("data-window"));
        if (win.classList.contains("open")) closeWindow(win); else openWindow(win, by);
        return;
      }
      var closer = e.target.closest("[data-close]");
      if (closer) {
        e.preventDefault();
        closeWindow(document.getElementById(closer.getAttribute("data-close")));
        return;
      }
      var themeLink = e.target.closest("[data-theme-set]");
      if (themeLink) {
        e.preventDefault();
        var theme = themeLink.getAttribute("data-theme-set");
        root.setAttribute("data-theme", theme);
        document.cookie = "theme=" + theme + "; path=/; max-age=31536000; samesite=lax";
        document.querySelectorAll("[data-theme-set]").forEach(function (a) {
          var cur = a.getAttribute("data-theme-set") === theme;
          a.classList.toggle("current", cur);
          if (cur) a.setAttribute("aria-current", "true"); else a.removeAttribute("aria-current");
        });
      }
    });
    // Form checks: the server's rules arrive as HTML attributes (required, maxlength,
    // pattern, min/max, type) with their messages in data-msg-*; the same messages show
    // inline here before the request, and come back from the server when it refuses.
    function messageFor(el) {
      var v = el.validity;
      if (el.type === "file" && el.files && el.files[0] && el.dataset.maxBytes && el.files[0].size > +el.dataset.maxBytes) {
        return el.dataset.msgTooBig || "";
      }
      if (v.valid) return "";
      if (v.valueMissing) return el.dataset.msgRequired || el.validationMessage;
      if (v.tooLong) return el.dataset.msgTooLong || el.validationMessage;
      if (v.tooShort) return el.dataset.msgTooShort || el.validationMessage;
      if (v.typeMismatch) return el.dataset.msgType || el.validationMessage;
      if (v.patternMismatch) return el.dataset.msgPattern || el.validationMessage;
      if (v.rangeUnderflow || v.rangeOverflow || v.badInput || v.stepMismatch) return el.dataset.msgRange || el.validationMessage;
      return el.validationMessage;
    }
    function show(el) {
      var msg = messageFor(el);
      var field = el.closest(".field");
      var slot = field && field.querySelector(".field-error");
      if (slot) slot.textContent = msg;
      if (field) field.classList.toggle("invalid", msg !== "");
      if (msg) el.setAttribute("aria-invalid", "true"); else el.removeAttribute("aria-invalid");
      return msg === "";
    }
    function checkForm(form) {
      var ok = true, first = null;
      form.querySelectorAll("input, select, textarea").forEach(function (el) {
        if (el.type === "hidden" || el.type === "submit") return;
        if (!show(el)) { ok = false; first = first || el; }
      });
      if (first) first.focus();
      return ok;
    }
    // Plain forms: stop the submit. htmx forms: cancel the request before it leaves, so
    // htmx's own submit handling is never interrupted half-way.
    document.addEventListener("submit", function (e) {
      if (!checkForm(e.target)) e.preventDefault();
    }, true);
    document.body.addEventListener("htmx:beforeRequest", function (e) {
      var form = e.detail.elt.closest ? e.detail.elt.closest("form") : null;
      if (form && e.detail.requestConfig && e.detail.requestConfig.verb !== "get" && !checkForm(form)) e.preventDefault();
    });
    // The editor answers a save with itself, swapped in place. The owner stays where they
    // were: once htmx has made the new editor live, the button they pressed (found again by
    // its form's address, which follows a moved item) gets the focus back, without scrolling.
    var pressed = null;
    document.addEventListener("submit", function (e) {
      var form = e.target, by = e.submitter;
      if (!form.closest || !form.closest("#editor")) return;
      pressed = { action: form.getAttribute("action"), move: by && by.getAttribute("data-move") };
    }, true);
    document.body.addEventListener("htmx:load", function (e) {
      if (!pressed || e.detail.elt.id !== "editor") return;
      var sel = 'form[action="' + pressed.action + '"] ' + (pressed.move ? '[data-move="' + pressed.move + '"]' : '[type="submit"]');
      var again = document.querySelector("#editor " + sel);
      if (again) again.focus({ preventScroll: true });
      pressed = null;
    });
    // Re-check while typing, not on blur: a message vanishing on blur would move the
    // submit button from under the pointer that is clicking it.
    document.addEventListener("input", function (e) {
      var field = e.target.closest && e.target.closest(".field");
      if (field && field.classList.contains("invalid")) show(e.target);
    });
    document.addEventListener("change", function (e) {
      if (e.target.type === "file") show(e.target);
    });
    // The chat: Enter sends and Shift+Enter makes a new line (not while an IME such as the
    // Korean one is still composing); new bubbles scroll into view and the box empties.
    function chatLog() { return document.getElementById("chat-log"); }
    function scrollChat() { var log = chatLog(); if (log) log.scrollTop = log.scrollHeight; }
    document.addEventListener("keydown", function (e) {
      if (e.key !== "Enter" || e.shiftKey || e.isComposing || e.keyCode === 229) return;
      var box = e.target.closest && e.target.closest("#chat-form textarea");
      if (!box) return;
      e.preventDefault();
      var form = box.form;
      if (form.requestSubmit) form.requestSubmit(); else form.submit();
    });
    // A suggested question is a link (it fills the form without JavaScript); here it is
    // asked at once, and the suggestions go.
    document.addEventListener("click", function (e) {
      var a = e.target.closest && e.target.closest(".chat-suggest a[data-question]");
      var form = document.getElementById("chat-form");
      if (!a || !form) return;
      e.preventDefault();
      form.querySelector("textarea").value = a.getAttribute("data-question");
      a.closest(".chat-suggest").remove();
      if (form.requestSubmit) form.requestSubmit(); else form.submit();
    });
    document.body.addEventListener("htmx:afterSwap", function (e) {
      var target = e.detail.target;
      if (!target) return;
      if (target.id === "chat-log") {
        var form = document.getElementById("chat-form");
        if (form) { form.reset(); var box = form.querySelector("textarea"); if (box) box.focus(); }
        // The suggestions were for the first question: the conversation takes their room.
        var suggest = document.querySelector(".chat-suggest");
        if (suggest) suggest.remove();
      }
      if (target.id === "chat-log") scrollChat();
    });
    // The chat panel is ready once htmx has processed it: only then does the cursor go
    // into the box, so a question typed at once goes through htmx, not a page load.
    document.body.addEventListener("htmx:load", function (e) {
      if (e.detail.elt.id !== "chat") return;
      scrollChat();
      var q = e.detail.elt.querySelector("textarea");
      if (q) q.focus();
    });
    scrollChat();
  });
})();
