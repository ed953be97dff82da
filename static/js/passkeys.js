// sitecard's passkeys: the WebAuthn ceremonies of the sign-in page (sign in with a
// passkey) and the account page (add one). The server sends the options and checks the
// answers; this only carries them between it and navigator.credentials, with the page's
// CSRF token. Without WebAuthn the buttons stay hidden and the password works as before.
(function () {
  "use strict";
  if (window.sitecardPasskeys) return; // htmx may load the page's scripts again
  window.sitecardPasskeys = true;
  if (!window.PublicKeyCredential || !navigator.credentials) return;

  function b64urlToBuf(s) {
    s = s.replace(/-/g, "+").replace(/_/g, "/");
    while (s.length % 4) s += "=";
    var bin = atob(s), out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out.buffer;
  }
  function bufToB64url(buf) {
    var bytes = new Uint8Array(buf), bin = "";
    for (var i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]);
    return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }
  function csrf() {
    var m = document.querySelector('meta[name="csrf-token"]');
    return m ? m.getAttribute("content") : "";
  }
  function post(url, body) {
    return fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRF-Token": csrf() },
      body: body === undefined ? "{}" : JSON.stringify(body)
    }).then(function (r) {
      return r.json().then(function (j) {
        if (!r.ok) throw new Error((j.status && j.status.message) || r.statusText);
        return j;
      });
    });
  }
  function show(id, text) {
    var el = document.getElementById(id);
    if (el) { el.textContent = text; el.hidden = false; }
  }
  function reveal() {
    document.querySelectorAll("[data-passkey]").forEach(function (el) { el.hidden = false; });
  }

  function signIn(button) {
    post("/login/passkey/begin").then(function (opts) {
      var pk = opts.publicKey;
      pk.challenge = b64urlToBuf(pk.challenge);
      (pk.allowCredentials || []).forEach(function (c) { c.id = b64urlToBuf(c.id); });
      return navigator.credentials.get({ publicKey: pk, mediation: opts.mediation || undefined });
    }).then(function (cred) {
      var r = cred.response;
      var next = button.getAttribute("data-next") || "/admin";
      return post("/login/passkey/finish?next=" + encodeURIComponent(next), {
        id: cred.id, rawId: bufToB64url(cred.rawId), type: cred.type,
        response: {
          clientDataJSON: bufToB64url(r.clientDataJSON), authenticatorData: bufToB64url(r.authenticatorData),
          signature: bufToB64url(r.signature), userHandle: r.userHandle ? bufToB64url(r.userHandle) : null
        }
      });
    }).then(function (j) {
      window.location.assign(j.redirect);
    }).catch(function (e) {
      show("passkey-error", button.getAttribute("data-refused") + (e && e.message ? " (" + e.message + ")" : ""));
    });
  }

  function add(form) {
    var name = form.querySelector('input[name="name"]').value;
    post("/admin/account/passkeys/begin").then(function (opts) {
      var pk = opts.publicKey;
      pk.challenge = b64urlToBuf(pk.challenge);
      pk.user.id = b64urlToBuf(pk.user.id);
      (pk.excludeCredentials || []).forEach(function (c) { c.id = b64urlToBuf(c.id); });
      return navigator.credentials.create({ publicKey: pk });
    }).then(function (cred) {
      var r = cred.response;
      return post("/admin/account/passkeys/finish", {
        name: name,
        credential: {
          id: cred.id, rawId: bufToB64url(cred.rawId), type: cred.type,
          response: {
            clientDataJSON: bufToB64url(r.clientDataJSON), attestationObject: bufToB64url(r.attestationObject),
            transports: r.getTransports ? r.getTransports() : []
          }
        }
      });
    }).then(function (j) {
      window.location.assign(j.redirect);
    }).catch(function (e) {
      show("passkey-add-error", form.getAttribute("data-refused") + (e && e.message ? " (" + e.message + ")" : ""));
    });
  }

  document.addEventListener("click", function (e) {
    var b = e.target.closest && e.target.closest("#passkey-login");
    if (b) { e.preventDefault(); signIn(b); }
  });
  document.addEventListener("submit", function (e) {
    if (e.target.id === "passkey-add") { e.preventDefault(); add(e.target); }
  });
  if (document.readyState !== "loading") reveal(); else document.addEventListener("DOMContentLoaded", reveal);
  document.addEventListener("htmx:afterSwap", reveal);
})();
