// `GET /link/link-initialize.js`: the emulator's stand-in for Plaid's Link loader. It defines
// `window.Plaid.create(config)` → `{ open, exit, submit, destroy }` like the real script, which is
// all react-plaid-link 5 uses. `config.receivedRedirectUri` resumes an OAuth flow. The UI lives in an iframe served by the emulator; the two talk with
// postMessage, each side checking the other's origin and window.
//
// The script embeds the emulator's absolute origin because the page may load it from elsewhere
// (in Playwright it is served at Plaid's CDN URL by a route), so relative URLs would be wrong.

export function linkScript(emulatorOrigin: string): string {
  return `/* Plaid Link, served by the Ledgerlink Plaid emulator. Not Plaid's code. */
(function () {
  "use strict";
  var ORIGIN = ${JSON.stringify(emulatorOrigin)};
  var SOURCE = "plaid-emulator-link";

  function create(config) {
    config = config || {};
    var destroyed = false;
    var isOpen = false;
    var loaded = false;
    var openWhenLoaded = false;
    var previousFocus = null;
    var lastMetadata = { status: null, institution: null, link_session_id: null, request_id: null };

    var overlay = document.createElement("div");
    overlay.setAttribute("data-plaid-emulator", "");
    overlay.setAttribute("role", "dialog");
    overlay.setAttribute("aria-modal", "true");
    overlay.setAttribute("aria-label", "Plaid Link");
    overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;display:none;align-items:center;justify-content:center;background:rgba(15,23,42,0.55)";
    var frame = document.createElement("iframe");
    frame.title = "Plaid Link";
    // After an OAuth bank, the page re-creates Link with the URI it came back to (?oauth_state_id=…).
    frame.src = ORIGIN + "/link/ui?token=" + encodeURIComponent(config.token || "") + "&parent_origin=" + encodeURIComponent(window.location.origin) +
      (config.receivedRedirectUri ? "&received_redirect_uri=" + encodeURIComponent(config.receivedRedirectUri) : "") +
      // Emulator-only: a test (or the demo page) may force how OAuth banks open: popup, redirect or inline.
      (typeof window.PLAID_EMULATOR_OAUTH_MODE === "string" ? "&oauth_mode=" + encodeURIComponent(window.PLAID_EMULATOR_OAUTH_MODE) : "");
    frame.style.cssText = "border:0;width:min(420px,100vw);height:min(640px,100vh);border-radius:16px;background:#fff;box-shadow:0 24px 64px rgba(0,0,0,0.35)";
    overlay.appendChild(frame);

    function post(message) {
      if (frame.contentWindow) frame.contentWindow.postMessage(Object.assign({ source: SOURCE }, message), ORIGIN);
    }
    function show() {
      previousFocus = document.activeElement;
      overlay.style.display = "flex";
      post({ type: "open" });
      frame.focus();
    }
    function hide() {
      overlay.style.display = "none";
      isOpen = false;
      if (previousFocus && typeof previousFocus.focus === "function") previousFocus.focus();
    }
    function onMessage(event) {
      if (event.origin !== ORIGIN || event.source !== frame.contentWindow) return;
      var message = event.data;
      if (!message || message.source !== SOURCE) return;
      if (message.type === "loaded") {
        loaded = true;
        if (typeof config.onLoad === "function") config.onLoad();
        if (openWhenLoaded) { openWhenLoaded = false; show(); }
      } else if (message.type === "event") {
        if (message.metadata) {
          lastMetadata = {
            status: message.metadata.exit_status || lastMetadata.status,
            institution: message.metadata.institution_id ? { name: message.metadata.institution_name, institution_id: message.metadata.institution_id } : lastMetadata.institution,
            link_session_id: message.metadata.link_session_id || lastMetadata.link_session_id,
            request_id: message.metadata.request_id || lastMetadata.request_id
          };
        }
        if (typeof config.onEvent === "function") config.onEvent(message.eventName, message.metadata);
      } else if (message.type === "oauth_redirect") {
        // An OAuth bank with a redirect_uri: the whole page goes to the bank's consent page (on
        // the emulator's origin) and comes back to redirect_uri with ?oauth_state_id=….
        if (typeof message.path === "string" && message.path.indexOf("/link/oauth/consent?") === 0) window.location.assign(ORIGIN + message.path);
      } else if (message.type === "success") {
        hide();
        if (typeof config.onSuccess === "function") config.onSuccess(message.publicToken, message.metadata);
      } else if (message.type === "exit") {
        hide();
        if (typeof config.onExit === "function") config.onExit(message.error || null, message.metadata);
      }
    }
    window.addEventListener("message", onMessage);
    function attach() { (document.body || document.documentElement).appendChild(overlay); }
    if (document.body) attach(); else document.addEventListener("DOMContentLoaded", attach);

    return {
      open: function () {
        if (destroyed) return;
        isOpen = true;
        if (loaded) show(); else openWhenLoaded = true;
      },
      exit: function () {
        openWhenLoaded = false;
        if (!isOpen || destroyed) return;
        hide();
        post({ type: "reset" });
        if (typeof config.onExit === "function") config.onExit(null, lastMetadata);
      },
      submit: function (data) { post({ type: "submit", data: data }); },
      destroy: function () {
        destroyed = true;
        window.removeEventListener("message", onMessage);
        if (overlay.parentNode) overlay.parentNode.removeChild(overlay);
      }
    };
  }

  window.Plaid = { create: create, version: "emulator" };
})();
`;
}
