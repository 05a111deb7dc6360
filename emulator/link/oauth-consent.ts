import { randomBytes } from "node:crypto";
import { type IncomingMessage, type ServerResponse } from "node:http";
import { type Emulator } from "../context";
import { readBody, sendText } from "../http/io";
import { type RawRoute } from "../http/router";
import { findInstitution } from "../institutions";
import { decideOAuth } from "./api";
import { type OAuthState } from "./sessions";

// The bank's own consent page for OAuth institutions (Platypus OAuth Bank), on the emulator's
// origin. In a browser Link opens it in a popup (Plaid's default): Approve or Deny records the
// answer, the popup closes itself, and Link (polling in the original page) goes on. In a webview
// Link navigates the whole page here instead, and the answer sends the browser back to
// `<redirect_uri>?oauth_state_id=<id>`, where the app re-opens Link with `receivedRedirectUri`.

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[char] ?? char);
}

function page(res: ServerResponse, status: number, title: string, body: string, formAction: string, script = ""): void {
  const nonce = randomBytes(16).toString("base64");
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style nonce="${nonce}">
body { font-family: system-ui, sans-serif; margin: 0; padding: 2rem 1rem; color: #111827; background: #f3f4f6; }
main { max-width: 28rem; margin: 0 auto; background: #fff; border-radius: 1rem; padding: 1.5rem; box-shadow: 0 8px 24px rgba(0,0,0,.08); }
.buttons { display: flex; gap: .75rem; margin-top: 1.5rem; flex-wrap: wrap; }
button { font: inherit; font-weight: 600; padding: .75rem 1.25rem; border-radius: .6rem; cursor: pointer; border: 1px solid #0b7a75; }
button[value=approve] { background: #0b7a75; color: #fff; }
button[value=deny] { background: #fff; color: #0b7a75; }
button:focus-visible { outline: 3px solid #93c5fd; outline-offset: 2px; }
</style>
</head>
<body>
<main>${body}</main>
${script === "" ? "" : `<script nonce="${nonce}">${script}</script>`}
</body>
</html>`;
  // form-action must allow the redirect target too: browsers apply it to the redirect after a POST.
  const csp = `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; form-action 'self' ${formAction}; base-uri 'none'; frame-ancestors 'none'`;
  sendText(res, status, "text/html; charset=utf-8", html, { "Content-Security-Policy": csp });
}

function unknownState(res: ServerResponse): void {
  page(res, 404, "Consent request not found", "<h1>Consent request not found</h1><p>This link is not valid or has expired. Return to the app and start again.</p>", "'none'");
}

function redirectOrigin(uri: string): string {
  try {
    return new URL(uri).origin;
  } catch {
    return "'none'";
  }
}

/** The consent page exists only for a hand-off that leaves Link: a popup, or a redirect with a redirect_uri. */
function leavesLink(state: OAuthState, redirectUri: string | null): boolean {
  return state.via === "popup" || (state.via === "redirect" && redirectUri !== null);
}

export function oauthConsentRoutes(emu: Emulator): RawRoute[] {
  return [
    {
      method: "GET",
      path: "/link/oauth/consent",
      handle(_req, res, _params, url) {
        const state = emu.linkSessions.oauthState(url.searchParams.get("oauth_state_id") ?? "");
        const token = state === undefined ? undefined : emu.store.linkTokens.get(state.linkToken);
        if (state === undefined || token === undefined || !leavesLink(state, token.redirectUri) || state.decision !== "pending") return unknownState(res);
        const bank = findInstitution(state.institutionId)?.name ?? "your bank";
        page(
          res,
          200,
          `${bank} — consent`,
          `<h1>${escapeHtml(bank)}</h1>
<p><strong>${escapeHtml(token.clientName)}</strong> (through Plaid) asks to see your accounts and transactions at ${escapeHtml(bank)}.</p>
<p>This page is the emulator's stand-in for the bank's own login and consent screen.</p>
<form method="post" action="/link/oauth/consent">
<input type="hidden" name="oauth_state_id" value="${escapeHtml(state.id)}">
<div class="buttons">
<button type="submit" name="decision" value="approve">Approve</button>
<button type="submit" name="decision" value="deny">Deny</button>
</div>
</form>`,
          state.via === "redirect" && token.redirectUri !== null ? redirectOrigin(token.redirectUri) : "",
        );
      },
    },
    {
      method: "POST",
      path: "/link/oauth/consent",
      async handle(req: IncomingMessage, res: ServerResponse) {
        const form = new URLSearchParams(await readBody(req));
        const state = emu.linkSessions.oauthState(form.get("oauth_state_id") ?? "");
        const token = state === undefined ? undefined : emu.store.linkTokens.get(state.linkToken);
        const decision = form.get("decision");
        if (state === undefined || token === undefined || !leavesLink(state, token.redirectUri) || (decision !== "approve" && decision !== "deny")) return unknownState(res);
        if (!decideOAuth(state, decision)) return unknownState(res);
        if (state.via === "popup" || token.redirectUri === null) {
          // Link, polling in the page that opened this popup, takes it from here.
          const bank = findInstitution(state.institutionId)?.name ?? "your bank";
          return page(
            res,
            200,
            `${bank} — done`,
            `<h1>${escapeHtml(bank)}</h1><p role="status">${decision === "approve" ? "Approved" : "Denied"}. You can close this window and return to ${escapeHtml(token.clientName)}.</p>`,
            "'none'",
            "window.close();",
          );
        }
        const back = new URL(token.redirectUri);
        back.searchParams.set("oauth_state_id", state.id);
        res.writeHead(303, { Location: back.toString(), "Cache-Control": "no-store", "Content-Length": 0 });
        res.end();
      },
    },
  ];
}
