// `GET /link/ui`: the Link UI inside the iframe. Self-contained (inline CSS and JS, system fonts,
// no external requests) and locked down with a nonce CSP. Controls carry the accessible names tests
// drive: "Search institutions", institution buttons by name, "Username", "Password", "Submit",
// account checkboxes by account name, "Continue", "Close".

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
    return { select: "institution_not_found", credentials: "requires_credentials", accounts: "requires_account_selection", error: "institution_not_supported" }[state.view] || null;
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
  function reset() { state = { session: null, institution: null, error: null, view: "loading", requestId: null, query: "" }; clear(); }

  function api(path, body) {
    return fetch(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) })
      .then(function (response) {
        return response.json().then(function (json) {
          state.requestId = json.request_id || state.requestId;
          if (!response.ok) throw json;
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
    showCredentials();
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
        .then(function (answer) {
          state.error = null;
          if (answer.done) return succeed(answer);
          showAccounts(answer.accounts);
        })
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
      el("p", { className: "hint", text: "Sandbox credentials: user_good / pass_good (or user_transactions_10k, user_transactions_100k)." }),
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
    api("/link/ui/api/session", { link_token: TOKEN })
      .then(function (session) {
        state.session = session;
        if (session.mode === "update" && session.institution) {
          state.institution = session.institution;
          showCredentials();
        } else {
          showSelect();
        }
      })
      .catch(function (error) {
        // A script error is not a Plaid error: show it, so it is never mistaken for one.
        showError(error && error.error_code ? error : { error_type: "INTERNAL", error_code: "LINK_UI_ERROR", error_message: String(error), display_message: null });
      });
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
