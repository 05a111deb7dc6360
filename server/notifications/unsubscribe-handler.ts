import { z } from "zod";
import type { Database } from "@/db/client";
import { applyUnsubscribe, describeUnsubscribe } from "./unsubscribe";

export interface UnsubscribeDeps {
  database: () => Promise<Database>;
  authSecret: () => string;
}

const tokenSchema = z.string().min(3).max(600).regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

// A page of its own (no app shell, no script): it must work from any mail client without a session.
function page(status: number, title: string, inner: string): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)} · Ledgerlink</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;line-height:1.5;color:#111;background:#fff}@media (prefers-color-scheme:dark){body{color:#eee;background:#111}a{color:#8ab4ff}}button{font:inherit;padding:.5rem 1rem;border-radius:.4rem;border:1px solid #888;cursor:pointer}</style></head>
<body><h1>${escapeHtml(title)}</h1>${inner}</body></html>`;
  return new Response(html, {
    status,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      "referrer-policy": "no-referrer",
      "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    },
  });
}

const invalid = () =>
  page(400, "This unsubscribe link is not valid", `<p>The link may have been cut short or changed. Nothing was changed. You can choose which emails you get in <a href="/settings">Settings</a> after signing in.</p>`);

/**
 * GET /api/notifications/unsubscribe?token=…: says what the link turns off and asks to confirm
 * (a GET changes nothing: mail scanners follow links). POST, from that page's button or a mail
 * client's one-click (RFC 8058, `List-Unsubscribe=One-Click`), turns it off. No sign-in: the
 * signed token is the authority, and it can only turn off its own user's emails of its own kind.
 */
export async function handleUnsubscribe(request: Request, deps: UnsubscribeDeps): Promise<Response> {
  const parsed = tokenSchema.safeParse(new URL(request.url).searchParams.get("token"));
  if (!parsed.success) return invalid();
  const token = parsed.data;
  const db = await deps.database();
  if (request.method === "POST") {
    const done = await applyUnsubscribe(db, deps.authSecret(), token);
    if (!done.ok) return invalid();
    return page(200, "You are unsubscribed", `<p>You will no longer get ${escapeHtml(done.what)}. Notifications in the app are unchanged; you can turn emails back on in <a href="/settings">Settings</a>.</p>`);
  }
  const check = await describeUnsubscribe(db, deps.authSecret(), token);
  if (!check.ok) return invalid();
  return page(
    200,
    "Unsubscribe",
    `<p>Stop getting ${escapeHtml(check.what)}?</p><form method="post" action="/api/notifications/unsubscribe?token=${encodeURIComponent(token)}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe</button></form>`,
  );
}
