// `GET /__emulator/link-demo`: a bare page that loads the Link script and opens Link with a fresh
// link token (from `/__emulator/link-token`), writing onSuccess/onExit/onEvent into the page. The
// Playwright spec drives Link here; developers can use it to try the flow by hand.
// `?access_token=…` opens update mode for that item; `?webhook=…` sets the token's webhook;
// `?products=transactions,liabilities` sets the products; `?redirect=1` gives the token this page
// as its redirect_uri and forces the redirect path, so OAuth banks leave the page and come back
// here, where the page resumes Link with `receivedRedirectUri` and the same link token (kept in
// sessionStorage). Otherwise OAuth banks open in a popup; `?oauth_mode=inline` keeps them in Link.

export function linkDemoPage(nonce: string): { html: string; csp: string } {
  const script = `
(function () {
  "use strict";
  var params = new URLSearchParams(window.location.search);
  var status = document.getElementById("status");
  var result = document.getElementById("result");
  var events = document.getElementById("events");
  var handler = null;
  var STORED = "plaid-emulator-demo-link-token";
  function write(kind, payload) {
    status.textContent = kind;
    result.textContent = JSON.stringify(payload, null, 2);
  }
  // OAuth banks open in a popup unless told otherwise: ?redirect=1 leaves the page (a webview's
  // path), ?oauth_mode=inline shows the consent inside Link.
  // (?redirect=1&oauth_mode= keeps the redirect_uri but lets Link choose: a popup.)
  var forcedMode = params.get("oauth_mode");
  if (forcedMode === null && params.get("redirect") === "1") forcedMode = "redirect";
  if (forcedMode) window.PLAID_EMULATOR_OAUTH_MODE = forcedMode;
  function create(token, receivedRedirectUri) {
    if (handler) handler.destroy();
    handler = window.Plaid.create({
      token: token,
      receivedRedirectUri: receivedRedirectUri,
      onLoad: function () { document.body.setAttribute("data-link-loaded", "true"); },
      onSuccess: function (publicToken, metadata) { write("success", { public_token: publicToken, metadata: metadata }); },
      onExit: function (error, metadata) { write("exit", { error: error, metadata: metadata }); },
      onEvent: function (name) { var li = document.createElement("li"); li.textContent = name; events.appendChild(li); }
    });
    handler.open();
  }
  function open() {
    var body = {};
    if (params.get("access_token")) body.access_token = params.get("access_token");
    if (params.get("webhook")) body.webhook = params.get("webhook");
    if (params.get("products")) body.products = params.get("products").split(",");
    if (params.get("redirect") === "1") body.redirect_uri = window.location.origin + window.location.pathname;
    fetch("/__emulator/link-token", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) })
      .then(function (response) { return response.json(); })
      .then(function (answer) {
        if (!answer.link_token) { write("error", answer); return; }
        sessionStorage.setItem(STORED, answer.link_token);
        create(answer.link_token);
      });
  }
  document.getElementById("open").addEventListener("click", open);
  // Back from an OAuth bank: resume with the full URL and the token the flow started with.
  if (params.get("oauth_state_id")) create(params.get("token") || sessionStorage.getItem(STORED) || "", window.location.href);
})();
`;
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Plaid emulator — Link demo</title>
<style nonce="${nonce}">
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 46rem; padding: 0 1rem; color: #111827; }
button { font: inherit; padding: .6rem 1rem; border-radius: .5rem; border: 1px solid #111827; background: #111827; color: #fff; cursor: pointer; }
pre { background: #f3f4f6; padding: 1rem; border-radius: .5rem; overflow: auto; }
</style>
<script nonce="${nonce}" src="/link/link-initialize.js"></script>
</head>
<body>
<h1>Link demo</h1>
<p>Opens the emulator's Link with a fresh link token. Sandbox login: <code>user_good</code> / <code>pass_good</code>.</p>
<button type="button" id="open">Open Link</button>
<h2>Result</h2>
<p>Status: <output id="status" aria-label="Status">idle</output></p>
<pre id="result" aria-label="Result"></pre>
<h2>Events</h2>
<ol id="events" aria-label="Events"></ol>
<script nonce="${nonce}">${script}</script>
</body>
</html>`;
  const csp = `default-src 'self'; script-src 'self' 'nonce-${nonce}'; style-src 'nonce-${nonce}'; connect-src 'self'; frame-src 'self'; base-uri 'none'`;
  return { html, csp };
}
