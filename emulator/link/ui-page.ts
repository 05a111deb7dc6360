// `GET /link/ui`: the Link UI inside the iframe. Self-contained (inline CSS and JS, system fonts,
// no external requests) and locked down with a nonce CSP. Controls carry the accessible names tests
// drive: "Search institutions", institution buttons by name, "Username", "Password", "Submit",
// account checkboxes by account name, "Continue", "Close"; MFA: a button per device, "Security
// code", each question's text, a radio per option; OAuth: "Continue to <bank>", "Approve", "Deny".

const STYLE = `
:root { color-scheme: light; font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
* { box-sizing: border-box; }
body { margin: 0; background: #fff; color: #111827; font-size: 15px; line-height: 1.45; }
.card { display: flex; flex-direction: column; min-height: 100vh; padding: 20px 24px 24px; }
.top { display: flex; align-items: center; justify-content: space-between; margin-bottom: 12px; }
.brand { font-weight: 600; font-size: 13px; letter-spacing: .04em; text-transform: uppercase; color: #4b5563; }
.icon-button { border: 0; background: transparent; font-size: 22px; line-height: 1; padding: 6px 10px; border-radius: 8px; cursor: pointer; color: #374151; }
.icon-button:hover, .icon-button:focus-visible { background: #f3f4f6; }
h1 { font-size: 21px; margin: 8px 0 6px; }
p.lead { color: #4b5563; margin: 0 0 16px; }
label { display: block; font-weight: 600; margin: 12px 0 6px; font-size: 14px; }
input[type=search], input[type=text], input[type=password] { width: 100%; padding: 11px 12px; border: 1px solid #d1d5db; border-radius: 10px; font: inherit; }
input:focus-visible, button:focus-visible { outline: 3px solid #93c5fd; outline-offset: 1px; }
ul.list { list-style: none; margin: 12px 0 0; padding: 0; overflow-y: auto; }
ul.list li + li { margin-top: 8px; }
.institution { display: flex; align-items: center; gap: 12px; width: 100%; text-align: left; padding: 12px; border: 1px solid #e5e7eb; border-radius: 12px; background: #fff; font: inherit; cursor: pointer; }
.institution:hover { border-color: #9ca3af; background: #f9fafb; }
.logo { flex: none; width: 32px; height: 32px; border-radius: 50%; display: grid; place-items: center; color: #fff; font-weight: 700; font-size: 14px; }
.primary { margin-top: auto; width: 100%; padding: 13px; border: 0; border-radius: 10px; background: #111827; color: #fff; font: inherit; font-weight: 600; cursor: pointer; }
.primary:disabled { background: #9ca3af; cursor: not-allowed; }
.secondary { border: 0; background: none; color: #1d4ed8; font: inherit; cursor: pointer; padding: 4px 0; }
form { display: flex; flex-direction: column; flex: 1; }
.error { margin: 12px 0 0; padding: 10px 12px; border-radius: 10px; background: #fef2f2; color: #991b1b; font-size: 14px; }
.hint { margin-top: 12px; font-size: 13px; color: #6b7280; }
.account { display: flex; align-items: center; gap: 12px; padding: 12px; border: 1px solid #e5e7eb; border-radius: 12px; font-weight: 400; margin: 0; cursor: pointer; }
.account input { width: 18px; height: 18px; }
.account .mask { margin-left: auto; color: #6b7280; font-size: 13px; }
fieldset { border: 0; padding: 0; margin: 0 0 16px; }
legend { font-weight: 600; margin-bottom: 8px; }
.spacer { flex: 1; min-height: 16px; }
[hidden] { display: none !important; }
/* Phones: the frame is the whole screen; tighter padding, and 16px inputs so iOS does not zoom. */
@media (max-width: 480px) {
  .card { padding: 12px 16px 16px; }
  input[type=search], input[type=text], input[type=password] { font-size: 16px; }
  h1 { font-size: 19px; }
  .account { padding: 10px; }
  .account .mask { white-space: nowrap; }
}
`;

const SCRIPT = `
(function () {
  "use strict";
  var SOURCE = "plaid-emulator-link";
  var params = new URLSearchParams(window.location.search);
  var TOKEN = params.get("token") || "";
  var PARENT = params.get("parent_origin") || "*";
  var TARGET = PARENT === "null" ? "*" : PARENT;
  // Set when the page re-created Link after an OAuth bank sent the user back.
  var RECEIVED = params.get("received_redirect_uri");
  // How an OAuth bank is reached: the page (a test) may force "popup", "redirect" or "inline".
  var FORCED_OAUTH_MODE = params.get("oauth_mode");
  var main = document.getElementById("main");
  var state = { session: null, institution: null, error: null, view: "loading", requestId: null, query: "" };

  function send(message) { window.parent.postMessage(Object.assign({ source: SOURCE }, message), TARGET); }
  function metadata(extra) {
    var base = {
      error_type: state.error ? state.error.error_type : null,
      error_code: state.error ? state.error.error_code : null,
      error_message: state.error ? state.error.error_message : null,
      exit_status: null,
      institution_id: state.institution ? state.institution.institution_id : null,
      institution_name: state.institution ? state.institution.name : null,
      institution_search_query: state.query || null,
      link_session_id: state.session ? state.session.link_session_id : null,
      mfa_type: null,
      request_id: state.requestId,
      selection: null,
      timestamp: new Date().toISOString(),
      view_name: state.view
    };
    return Object.assign(base, extra || {});
  }
  function emit(name, extra) { send({ type: "event", eventName: name, metadata: metadata(extra) }); }
  function exitStatus() {
    return {
      select: "institution_not_found", credentials: "requires_credentials", accounts: "requires_account_selection", error: "institution_not_supported",
      oauth: "requires_oauth", consent: "requires_oauth", device: "choose_device", code: "requires_code", questions: "requires_questions", selections: "requires_selections"
    }[state.view] || null;
  }
  function exit() {
    var status = exitStatus();
    emit("EXIT", { exit_status: status });
    var error = state.error ? { error_type: state.error.error_type, error_code: state.error.error_code, error_message: state.error.error_message, display_message: state.error.display_message } : null;
    send({ type: "exit", error: error, metadata: {
      status: status,
      institution: state.institution ? { name: state.institution.name, institution_id: state.institution.institution_id } : null,
      link_session_id: state.session ? state.session.link_session_id : null,
      request_id: state.requestId
    } });
    reset();
  }
  /** Ends Link at once with this error (OAuth denied or a failed resume), as Plaid's onExit does. */
  function exitWithError(error) {
    state.error = error && error.error_code ? error : { error_type: "INTERNAL", error_code: "LINK_UI_ERROR", error_message: String(error), display_message: null };
    emit("ERROR");
    exit();
  }
  function reset() { state = { session: null, institution: null, error: null, view: "loading", requestId: null, query: "" }; clear(); }

  function api(path, body) {
    return fetch(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) })
      .then(function (response) {
        return response.json().then(function (json) {
          state.requestId = json.request_id || state.requestId;
          // 208 (OAUTH_STATE_ID_ALREADY_PROCESSED) is a 2xx with an error body.
          if (!response.ok || json.error_code) throw json;
          return json;
        });
      });
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") node.textContent = attrs[key];
      else if (key === "className") node.className = attrs[key];
      else if (key.slice(0, 2) === "on") node.addEventListener(key.slice(2), attrs[key]);
      else if (attrs[key] === true) node.setAttribute(key, "");
      else if (attrs[key] !== false && attrs[key] != null) node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }
  function clear() { while (main.firstChild) main.removeChild(main.firstChild); }
  function header() {
    return el("div", { className: "top" }, [
      el("span", { className: "brand", text: state.session ? state.session.client_name + " uses Plaid (emulator)" : "Plaid (emulator)" }),
      el("button", { type: "button", className: "icon-button", "aria-label": "Close", onclick: exit }, [document.createTextNode("\\u00d7")])
    ]);
  }
  function show(view, nodes, focusSelector) {
    state.view = view;
    clear();
    main.appendChild(header());
    nodes.forEach(function (node) { if (node) main.appendChild(node); });
    emit("TRANSITION_VIEW");
    var target = focusSelector ? main.querySelector(focusSelector) : main.querySelector("h1");
    if (target) target.focus();
  }
  function logo(institution) {
    var node = el("span", { className: "logo", "aria-hidden": "true", text: institution.name.charAt(0) });
    node.style.background = institution.primary_color || "#374151";
    return node;
  }

  function showError(error) {
    state.error = error;
    emit("ERROR");
    show("error", [
      el("h1", { tabindex: "-1", text: "Something went wrong" }),
      el("p", { className: "lead", role: "alert", text: error.display_message || error.error_message || "Link could not start." }),
      el("div", { className: "spacer" }),
      el("button", { type: "button", className: "primary", text: "Close", onclick: exit })
    ]);
  }

  function showSelect() {
    state.institution = null;
    var list = el("ul", { className: "list", "aria-label": "Institutions" });
    function fill() {
      var query = state.query.toLowerCase();
      while (list.firstChild) list.removeChild(list.firstChild);
      state.session.institutions
        .filter(function (institution) { return institution.name.toLowerCase().indexOf(query) !== -1; })
        .forEach(function (institution) {
          list.appendChild(el("li", {}, [el("button", { type: "button", className: "institution", onclick: function () { choose(institution); } }, [logo(institution), el("span", { text: institution.name })])]));
        });
      if (!list.firstChild) list.appendChild(el("li", { className: "hint", text: "No institutions match your search." }));
    }
    var search = el("input", { id: "search", type: "search", autocomplete: "off", oninput: function (event) { state.query = event.target.value; fill(); emit("SEARCH_INSTITUTION"); } });
    search.value = state.query;
    fill();
    show("select", [
      el("h1", { tabindex: "-1", text: "Select your bank" }),
      el("label", { for: "search", text: "Search institutions" }),
      search,
      list
    ], "#search");
  }

  function choose(institution) {
    state.institution = institution;
    state.error = null;
    emit("SELECT_INSTITUTION");
    if (institution.oauth) showOAuth(); else showCredentials();
  }

  /** After credentials, MFA or OAuth consent: done (update mode), another MFA step, or the accounts. */
  function handleStep(answer) {
    state.error = null;
    if (answer.done) return succeed(answer);
    if (answer.mfa) return showMfa(answer.mfa);
    showAccounts(answer.accounts);
  }

  // Plaid's Link detects webviews (Android's "; wv)", iOS without "Safari") and only there
  // leaves the page for the bank; in a browser, desktop or mobile, the bank opens in a popup.
  function isWebview() {
    var ua = navigator.userAgent || "";
    return /; wv[)]/.test(ua) || /(iPhone|iPod|iPad).*AppleWebKit(?!.*Safari)/i.test(ua);
  }
  function oauthMode() {
    if (FORCED_OAUTH_MODE === "popup" || FORCED_OAUTH_MODE === "redirect" || FORCED_OAUTH_MODE === "inline") return FORCED_OAUTH_MODE;
    return isWebview() && state.session.oauth_redirect ? "redirect" : "popup";
  }

  // OAuth banks: in a popup (the default), by a full-page redirect (webviews; the parent script
  // navigates), or, where no popup may open, with the consent shown here.
  function showOAuth(notice) {
    var bank = state.institution.name;
    var go = el("button", { type: "button", className: "primary", text: "Continue to " + bank, onclick: function () {
      go.disabled = true;
      var mode = oauthMode();
      // Opened now, inside the click, so no popup blocker stops it; pointed at the bank below.
      var popup = mode === "popup" ? window.open("", "plaid-emulator-oauth", "popup=yes,width=480,height=680") : null;
      if (mode === "popup" && !popup) mode = "inline";
      api("/link/ui/api/oauth/start", { link_session_id: state.session.link_session_id, institution_id: state.institution.institution_id, oauth_mode: mode })
        .then(function (answer) {
          emit("OPEN_OAUTH");
          if (answer.redirect_path) send({ type: "oauth_redirect", path: answer.redirect_path });
          else if (answer.popup_path && popup) { popup.location.replace(window.location.origin + answer.popup_path); waitForPopup(answer.oauth_state_id, popup); }
          else showConsent(answer.oauth_state_id);
        })
        .catch(function (error) { if (popup) popup.close(); showError(error); });
    } });
    var update = state.session.mode === "update";
    show("oauth", [
      update ? null : el("button", { type: "button", className: "secondary", text: "\\u2190 Back", onclick: showSelect }),
      el("h1", { tabindex: "-1", text: "Log in at " + bank }),
      el("p", { className: "lead", text: "You will log in at " + bank + " and choose what to share with " + state.session.client_name + ", then come back here." }),
      notice ? el("p", { className: "error", role: "alert", text: notice }) : null,
      el("div", { className: "spacer" }),
      go
    ]);
  }

  // The popup path: Link stays in this page and asks until the bank's answer is in (the popup
  // closes itself after Approve or Deny). A popup closed without an answer returns to the start.
  function waitForPopup(oauthStateId, popup) {
    var mine = state;
    var closedSeen = false;
    show("oauth", [
      el("h1", { tabindex: "-1", text: "Continue at " + state.institution.name }),
      el("p", { className: "lead", role: "status", text: "Finish in the " + state.institution.name + " window. This screen goes on by itself." })
    ]);
    function poll() {
      if (state !== mine) return;
      api("/link/ui/api/oauth/complete", { link_session_id: state.session.link_session_id, oauth_state_id: oauthStateId })
        .then(function (answer) {
          if (state !== mine) return;
          if (!answer.pending) { emit("CLOSE_OAUTH"); return handleStep(answer); }
          // Closed and still no answer on the next ask as well: the user gave up at the bank.
          if (popup.closed) {
            if (closedSeen) return showOAuth("The " + state.institution.name + " window was closed before you finished.");
            closedSeen = true;
          }
          setTimeout(poll, 300);
        })
        .catch(function (error) { if (state === mine) exitWithError(error); });
    }
    setTimeout(poll, 300);
  }

  function showConsent(oauthStateId) {
    var bank = state.institution.name;
    function decide(decision) {
      api("/link/ui/api/oauth/decide", { link_session_id: state.session.link_session_id, oauth_state_id: oauthStateId, decision: decision })
        .then(handleStep)
        .catch(exitWithError);
    }
    show("consent", [
      el("h1", { tabindex: "-1", text: bank }),
      el("p", { className: "lead", text: state.session.client_name + " (through Plaid) asks to see your accounts and transactions at " + bank + "." }),
      el("p", { className: "hint", text: "The emulator's stand-in for the bank's own consent screen." }),
      el("div", { className: "spacer" }),
      el("button", { type: "button", className: "primary", text: "Approve", onclick: function () { decide("approve"); } }),
      el("button", { type: "button", className: "secondary", text: "Deny", onclick: function () { decide("deny"); } })
    ]);
  }

  // Multi-factor steps (user_good with an mfa_* password). A wrong answer shows Plaid's
  // INVALID_MFA message and asks again; closing then reports it to onExit.
  function showMfa(challenge) {
    if (challenge.type === "device") {
      var devices = el("ul", { className: "list", "aria-label": "Devices" });
      challenge.devices.forEach(function (device) {
        devices.appendChild(el("li", {}, [el("button", { type: "button", className: "institution", text: device.label, onclick: function () {
          api("/link/ui/api/mfa", { link_session_id: state.session.link_session_id, device: device.id }).then(handleStep).catch(showError);
        } })]));
      });
      return show("device", [
        el("h1", { tabindex: "-1", text: "Verify your identity" }),
        el("p", { className: "lead", text: "Where should " + state.institution.name + " send your security code?" }),
        devices
      ]);
    }
    var alert = el("p", { className: "error", role: "alert", id: "mfa-error", hidden: true });
    var submit = el("button", { type: "submit", className: "primary", text: "Submit" });
    var fields = [];
    var inputs = [];
    var hint = "";
    if (challenge.type === "code") {
      var code = el("input", { id: "mfa-code", type: "text", inputmode: "numeric", autocomplete: "one-time-code", "aria-describedby": "mfa-error" });
      inputs.push(function () { return code.value; });
      fields.push(el("label", { for: "mfa-code", text: "Security code" }), code);
      hint = "Sandbox code: 1234.";
    } else if (challenge.type === "questions") {
      challenge.questions.forEach(function (question, i) {
        var input = el("input", { id: "mfa-answer-" + i, type: "text", autocomplete: "off", "aria-describedby": "mfa-error" });
        inputs.push(function () { return input.value; });
        fields.push(el("label", { for: "mfa-answer-" + i, text: question.text }), input);
      });
      hint = "Sandbox answers: answer_<round>_<question>, e.g. answer_" + challenge.round + "_1.";
    } else {
      challenge.questions.forEach(function (question, i) {
        var radios = question.options.map(function (option, k) {
          var id = "mfa-option-" + i + "-" + k;
          var radio = el("input", { type: "radio", id: id, name: "mfa-question-" + i, value: option });
          return el("label", { className: "account", for: id }, [radio, el("span", { text: option })]);
        });
        inputs.push(function () { var picked = main.querySelector("input[name=mfa-question-" + i + "]:checked"); return picked ? picked.value : ""; });
        fields.push(el("fieldset", {}, [el("legend", { text: question.text })].concat(radios)));
      });
      hint = 'Sandbox answer: "Yes", or answer_<round>_<question>_0.';
    }
    var form = el("form", { novalidate: true, onsubmit: function (event) {
      event.preventDefault();
      submit.disabled = true;
      emit("SUBMIT_MFA", { mfa_type: challenge.type });
      api("/link/ui/api/mfa", { link_session_id: state.session.link_session_id, answers: inputs.map(function (read) { return read(); }) })
        .then(handleStep)
        .catch(function (error) {
          state.error = error;
          emit("ERROR");
          submit.disabled = false;
          alert.textContent = error.display_message || error.error_message || "Something went wrong.";
          alert.hidden = false;
        });
    } }, fields.concat([alert, el("p", { className: "hint", text: hint }), el("div", { className: "spacer" }), submit]));
    show(challenge.type, [
      el("h1", { tabindex: "-1", text: challenge.type === "code" ? "Enter your security code" : "Answer your security " + (challenge.type === "questions" ? "questions" : "question" + (challenge.questions.length > 1 ? "s" : "")) }),
      el("p", { className: "lead", text: challenge.round ? "Round " + challenge.round + " of " + state.institution.name + "'s verification." : "We sent a code to your device." }),
      form
    ]);
  }

  function showCredentials() {
    var alert = el("p", { className: "error", role: "alert", id: "credentials-error", hidden: !state.error });
    if (state.error) alert.textContent = state.error.display_message || state.error.error_message;
    var username = el("input", { id: "username", type: "text", name: "username", autocomplete: "off", "aria-describedby": "credentials-error" });
    var password = el("input", { id: "password", type: "password", name: "password", autocomplete: "off", "aria-describedby": "credentials-error" });
    var submit = el("button", { type: "submit", className: "primary", text: "Submit" });
    var form = el("form", { novalidate: true, onsubmit: function (event) {
      event.preventDefault();
      submit.disabled = true;
      emit("SUBMIT_CREDENTIALS");
      api("/link/ui/api/login", { link_session_id: state.session.link_session_id, institution_id: state.institution.institution_id, username: username.value, password: password.value })
        .then(handleStep)
        .catch(function (error) {
          state.error = error;
          emit("ERROR");
          submit.disabled = false;
          alert.textContent = error.display_message || error.error_message || "Something went wrong.";
          alert.hidden = false;
          password.value = "";
          password.focus();
        });
    } }, [
      el("label", { for: "username", text: "Username" }), username,
      el("label", { for: "password", text: "Password" }), password,
      alert,
      el("p", { className: "hint", text: "Sandbox credentials: user_good / pass_good (or user_transactions_10k, user_transactions_100k); MFA: user_good / mfa_device, mfa_questions_1_1, mfa_selections." }),
      el("div", { className: "spacer" }),
      submit
    ]);
    var update = state.session.mode === "update";
    show("credentials", [
      update ? null : el("button", { type: "button", className: "secondary", text: "\\u2190 Back", onclick: showSelect }),
      el("h1", { tabindex: "-1", text: "Log in to " + state.institution.name }),
      el("p", { className: "lead", text: update ? "Your login needs to be refreshed to keep this connection working." : "Enter your online banking credentials." }),
      form
    ], "#username");
  }

  function showAccounts(accounts) {
    var continueButton = el("button", { type: "submit", className: "primary", text: "Continue" });
    var boxes = [];
    var items = accounts.map(function (account) {
      var id = "account-" + account.id;
      var box = el("input", { type: "checkbox", id: id, value: account.id, checked: true, "aria-describedby": id + "-mask", onchange: function () {
        continueButton.disabled = !boxes.some(function (candidate) { return candidate.checked; });
      } });
      boxes.push(box);
      return el("li", {}, [el("label", { className: "account", for: id }, [box, el("span", { text: account.name }), el("span", { className: "mask", id: id + "-mask", text: "\\u2022\\u2022\\u2022\\u2022 " + account.mask })])]);
    });
    var form = el("form", { onsubmit: function (event) {
      event.preventDefault();
      continueButton.disabled = true;
      var chosen = boxes.filter(function (box) { return box.checked; }).map(function (box) { return box.value; });
      api("/link/ui/api/finish", { link_session_id: state.session.link_session_id, account_ids: chosen })
        .then(succeed)
        .catch(function (error) { showError(error); });
    } }, [
      el("fieldset", {}, [el("legend", { text: "Accounts" }), el("ul", { className: "list" }, items)]),
      el("div", { className: "spacer" }),
      continueButton
    ]);
    show("accounts", [
      el("h1", { tabindex: "-1", text: "Select accounts" }),
      el("p", { className: "lead", text: "Choose the accounts " + state.session.client_name + " may access." }),
      form
    ]);
  }

  function succeed(answer) {
    emit("HANDOFF");
    send({ type: "success", publicToken: answer.public_token, metadata: answer.metadata });
    reset();
  }

  function start() {
    reset();
    emit("OPEN");
    if (RECEIVED) return resume();
    api("/link/ui/api/session", { link_token: TOKEN })
      .then(function (session) {
        state.session = session;
        if (session.mode === "update" && session.institution) {
          state.institution = session.institution;
          if (session.institution.oauth) showOAuth(); else showCredentials();
        } else {
          showSelect();
        }
      })
      .catch(function (error) {
        // A script error is not a Plaid error: show it, so it is never mistaken for one.
        showError(error && error.error_code ? error : { error_type: "INTERNAL", error_code: "LINK_UI_ERROR", error_message: String(error), display_message: null });
      });
  }

  // Back from the bank's consent page: the same link token and the oauth_state_id in the URI
  // continue the flow (accounts, or done in update mode); anything else ends Link with the error.
  function resume() {
    state.view = "oauth";
    api("/link/ui/api/oauth/resume", { link_token: TOKEN, received_redirect_uri: RECEIVED })
      .then(function (answer) {
        state.session = answer.session;
        state.institution = answer.institution;
        emit("CLOSE_OAUTH");
        handleStep(answer);
      })
      .catch(exitWithError);
  }

  window.addEventListener("message", function (event) {
    if (event.source !== window.parent || (TARGET !== "*" && event.origin !== PARENT)) return;
    var message = event.data;
    if (!message || message.source !== SOURCE) return;
    if (message.type === "open") start();
    else if (message.type === "reset") reset();
  });
  document.addEventListener("keydown", function (event) { if (event.key === "Escape" && state.view !== "loading") exit(); });
  send({ type: "loaded" });
})();
`;

export function linkUiPage(nonce: string): { html: string; csp: string } {
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Plaid Link (emulator)</title>
<style nonce="${nonce}">${STYLE}</style>
</head>
<body>
<main class="card" id="main"></main>
<script nonce="${nonce}">${SCRIPT}</script>
</body>
</html>`;
  const csp = `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors *`;
  return { html, csp };
}
