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

    function setOpen(win, open) {
      win.classList.toggle("open", open);
      var opener = document.querySelector('[data-window="' + win.id + '"]');
      if (opener) opener.setAttribute("aria-expanded", open ? "true" : "false");
      if (open) {
        var field = win.querySelector("input, textarea, button");
        if (field) field.focus();
      }
    }
    // A window opened through a plain #link (no-JS path, or a shared URL) counts as open.
    if (location.hash) {
      var targeted = document.getElementById(location.hash.slice(1));
      if (targeted && targeted.classList.contains("window")) setOpen(targeted, true);
    }

    document.addEventListener("click", function (e) {
      var opener = e.target.closest("[data-window]");
      if (opener) {
        e.preventDefault();
        var win = document.getElementById(opener.getAttribute("data-window"));
        var wasOpen = win.classList.contains("open");
        document.querySelectorAll(".window.open").forEach(function (w) { setOpen(w, false); });
        setOpen(win, !wasOpen);
        return;
      }
      var closer = e.target.closest("[data-close]");
      if (closer) {
        e.preventDefault();
        setOpen(document.getElementById(closer.getAttribute("data-close")), false);
        if (location.hash) history.replaceState(null, "", location.pathname + location.search);
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
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape") document.querySelectorAll(".window.open").forEach(function (w) { setOpen(w, false); });
    });
  });
})();
