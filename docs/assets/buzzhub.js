/* AI Buzz Hub widgets: progressive enhancement only. Every control also works (or stays hidden) without
 * this file: share links are plain links, the subscribe form is a plain POST. No third-party code. */
(function () {
  "use strict";
  var MASTODON_KEY = "buzzhub.mastodon.server";

  function say(root, text) {
    var status = root.querySelector("[data-bh-status]");
    if (!status) return;
    status.textContent = "";            // re-announce identical messages
    window.setTimeout(function () { status.textContent = text; }, 30);
  }

  function store(get, value) {          // localStorage can throw (privacy modes, disabled storage)
    try {
      if (get) return window.localStorage.getItem(MASTODON_KEY);
      window.localStorage.setItem(MASTODON_KEY, value);
    } catch (e) { return null; }
    return null;
  }

  /* ---- Copy link: Clipboard API, with a selection fallback for insecure contexts. */
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.left = "-9999px";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(area);
      if (ok) { resolve(); } else { reject(new Error("copy failed")); }
    });
  }

  /* ---- Mastodon: ask for the reader's server once, remember it, open its share page. */
  function mastodonServer(input) {
    var v = String(input || "").trim().toLowerCase().replace(/^https?:\/\//, "");
    if (v.indexOf("@") !== -1) v = v.split("@").pop();   // "@me@example.social" -> "example.social"
    v = v.split("/")[0];
    return /^[a-z0-9-]+(\.[a-z0-9-]+)+(:[0-9]{1,5})?$/.test(v) ? v : null;
  }

  function openMastodon(root, link, server) {
    var text = new URL(link.href).searchParams.get("text") || "";
    var url = "https://" + server + "/share?text=" + encodeURIComponent(text);
    window.open(url, "_blank", "noopener,noreferrer");
    say(root, "Opened Mastodon on " + server + ".");
  }

  function initMastodon(root) {
    var link = root.querySelector('[data-bh-net="mastodon"]');
    var form = root.querySelector("[data-bh-mastodon-form]");
    if (!link || !form) return;
    var input = form.querySelector("input");
    link.addEventListener("click", function (ev) {
      var saved = mastodonServer(store(true));
      if (ev.shiftKey || ev.altKey) saved = null;           // Shift/Alt+click: choose another server
      ev.preventDefault();
      if (saved) { openMastodon(root, link, saved); return; }
      form.hidden = false;
      input.focus();
    });
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var server = mastodonServer(input.value);
      if (!server) {
        input.setAttribute("aria-invalid", "true");
        say(root, "Enter your server's address, for example mastodon.social.");
        return;
      }
      input.removeAttribute("aria-invalid");
      store(false, server);
      form.hidden = true;
      openMastodon(root, link, server);
      link.focus();
    });
    form.querySelector("[data-bh-mastodon-cancel]").addEventListener("click", function () {
      form.hidden = true;
      link.focus();
    });
  }

  function initShare(root) {
    root.querySelectorAll('[data-bh-when="js"]').forEach(function (el) { el.hidden = false; });
    if (typeof navigator.share === "function") {
      root.querySelectorAll('[data-bh-when="native"]').forEach(function (el) { el.hidden = false; });
    }
    var copy = root.querySelector("[data-bh-copy]");
    if (copy) copy.addEventListener("click", function () {
      copyText(copy.getAttribute("data-bh-copy")).then(
        function () { say(root, "Link copied to the clipboard."); },
        function () { say(root, "Could not copy. The link is " + copy.getAttribute("data-bh-copy")); });
    });
    var native = root.querySelector("[data-bh-native]");
    if (native) native.addEventListener("click", function () {
      navigator.share({ title: native.getAttribute("data-title"), url: native.getAttribute("data-url") })
        .catch(function () { /* the reader closed the share sheet: nothing to report */ });
    });
    initMastodon(root);
  }

  /* ---- Subscribe: POST in place. Hosted providers send no CORS headers, so their forms use
   * mode "no-cors" and an opaque response counts as sent; "cors" endpoints report real errors. */
  function initSubscribe(form) {
    var button = form.querySelector('button[type="submit"]');
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var trap = form.getAttribute("data-bh-honeypot");
      var data = new URLSearchParams(new FormData(form));
      if (trap && data.get(trap)) { say(form, "Thanks! Check your inbox to confirm."); return; }
      var mode = form.getAttribute("data-bh-mode") === "cors" ? "cors" : "no-cors";
      button.disabled = true;
      say(form, "Subscribing…");
      fetch(form.action, { method: "POST", mode: mode, body: data, credentials: "omit" })
        .then(function (res) {
          if (res.type === "opaque" || res.ok) {
            form.reset();
            say(form, "Thanks! Check your inbox to confirm your subscription.");
          } else {
            say(form, "Sorry, the newsletter service refused the sign-up (error " + res.status +
              "). Please check the address and try again.");
          }
        }, function () {
          say(form, "Sorry, we could not reach the newsletter service. Check your connection and try again.");
        })
        .then(function () { button.disabled = false; });
    });
  }

  function init() {
    // Material's search overlay is a role=dialog without a name; search needs JS anyway, so name it here.
    document.querySelectorAll('.md-search[role="dialog"]:not([aria-label])').forEach(function (el) {
      el.setAttribute("aria-label", "Search");
    });
    document.querySelectorAll("[data-bh-share]").forEach(initShare);
    document.querySelectorAll("form[data-bh-subscribe]").forEach(initSubscribe);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
