import { KIND_INFO, type NotificationKind, type UnsubscribeTarget } from "./kinds";
import type { MailSettings } from "./mail-settings";
import { signUnsubscribeToken } from "./unsubscribe-token";

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

export interface EmailItem {
  kind: NotificationKind;
  title: string;
  body: string;
  linkPath: string | null;
}

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

export function unsubscribeUrl(settings: Pick<MailSettings, "publicUrl" | "authSecret">, userId: string, target: UnsubscribeTarget): string {
  return `${settings.publicUrl}/api/notifications/unsubscribe?token=${signUnsubscribeToken(settings.authSecret, userId, target)}`;
}

function itemParts(settings: MailSettings, item: EmailItem) {
  const link = item.linkPath ? `${settings.publicUrl}${item.linkPath}` : settings.publicUrl;
  return {
    text: `${item.title}\n${item.body}\n${link}`,
    html: `<h2 style="font-size:16px;margin:16px 0 4px">${escapeHtml(item.title)}</h2><p style="margin:0 0 4px">${escapeHtml(item.body)}</p><p style="margin:0"><a href="${escapeHtml(link)}">Open Ledgerlink</a></p>`,
  };
}

function footer(settings: MailSettings, userId: string, target: UnsubscribeTarget) {
  const url = unsubscribeUrl(settings, userId, target);
  const what = target === "digest" ? "the daily digest" : `“${KIND_INFO[target].label}” emails`;
  return {
    text: `\n--\nStop ${what}: ${url}\nOr choose what you get in Settings: ${settings.publicUrl}/settings`,
    html: `<hr style="margin-top:24px"><p style="font-size:12px;color:#555">You get this because of your notification settings. <a href="${escapeHtml(url)}">Stop ${escapeHtml(what)}</a> or <a href="${escapeHtml(settings.publicUrl)}/settings">choose what you get</a>.</p>`,
  };
}

const wrap = (inner: string) => `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#111">${inner}</body></html>`;

/** One notification as one email; the text is the notification's own (no account numbers, no amounts). */
export function renderNotificationEmail(settings: MailSettings, userId: string, item: EmailItem): EmailContent {
  const parts = itemParts(settings, item);
  const end = footer(settings, userId, item.kind);
  return { subject: item.title, text: parts.text + end.text, html: wrap(parts.html + end.html) };
}

/** A day's digest-kind notifications as one email. */
export function renderDigestEmail(settings: MailSettings, userId: string, day: string, items: EmailItem[]): EmailContent {
  const parts = items.map((item) => itemParts(settings, item));
  const end = footer(settings, userId, "digest");
  const subject = `Your Ledgerlink digest for ${day}: ${items.length} ${items.length === 1 ? "update" : "updates"}`;
  return {
    subject,
    text: parts.map((p) => p.text).join("\n\n") + end.text,
    html: wrap(`<h1 style="font-size:18px">${escapeHtml(subject)}</h1>${parts.map((p) => p.html).join("")}${end.html}`),
  };
}
