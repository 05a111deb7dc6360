import { createServer } from "node:net";
import { and, eq, sql } from "drizzle-orm";
import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { emailOutbox, jobs, notifications, users } from "@/db/schema";
import { createTestDatabase } from "@/test/test-database";
import { queueDailyDigests } from "./daily-digest";
import { deliverDueEmails, type MailTransport } from "./deliver-outbox";
import type { MailSettings } from "./mail-settings";
import { notify, type NotificationEvent } from "./notify";
import { startLocalSmtpServer } from "./testing/local-smtp-server";
import { verifyUnsubscribeToken } from "./unsubscribe-token";

const settings: MailSettings = { enabled: true, publicUrl: "http://localhost:3000", authSecret: "outbox-test-secret-0123456789abcdef" };
const FAST = { baseMs: 2_000, capMs: 60_000 };

/** A port that nothing listens on (taken, then freed). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === "string") throw new Error("no port");
  return address.port;
}

const transportTo = (url: string) =>
  nodemailer.createTransport({ url, connectionTimeout: 2_000, greetingTimeout: 2_000, socketTimeout: 5_000 }) as MailTransport & { close(): void };

describe("email outbox", { timeout: 60_000 }, () => {
  let handle: DatabaseHandle;
  let userCount = 0;
  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterAll(() => handle.close());

  async function newUser(): Promise<string> {
    userCount += 1;
    const [row] = await handle.db.insert(users).values({ email: `outbox-${userCount}@example.com` }).returning({ id: users.id });
    if (!row) throw new Error("no user");
    return row.id;
  }
  const event = (userId: string, key: string): NotificationEvent => ({
    userId,
    kind: "reconnect_needed",
    dedupeKey: key,
    title: "Reconnect First Platypus Bank",
    body: "First Platypus Bank needs you to sign in again.",
    linkPath: "/accounts",
  });
  // Delivery takes every due row: earlier tests' rows are set aside so each test sees only its own.
  const setAsideOthers = () => handle.db.update(emailOutbox).set({ state: "failed" }).where(sql`${emailOutbox.state} in ('pending', 'sending')`);
  const outboxOf = (userId: string) => handle.db.select().from(emailOutbox).where(eq(emailOutbox.userId, userId)).orderBy(emailOutbox.id);
  const deliver = (transport: MailTransport, workerId: string) =>
    deliverDueEmails({ db: handle.db, transport, from: "Ledgerlink <test@localhost>", settings, workerId, backoff: FAST, random: () => 0.5 });

  it("writes the notification and its email in the caller's transaction: a rolled-back event leaves neither", async () => {
    const userId = await newUser();
    await expect(
      handle.db.transaction(async (tx) => {
        await notify(tx, event(userId, "rolled-back"), settings);
        throw new Error("the event failed after notifying");
      }),
    ).rejects.toThrow("the event failed");
    expect(await handle.db.select().from(notifications).where(eq(notifications.userId, userId))).toEqual([]);
    expect(await outboxOf(userId)).toEqual([]);

    await handle.db.transaction((tx) => notify(tx, event(userId, "committed"), settings));
    expect(await handle.db.select({ title: notifications.title }).from(notifications).where(eq(notifications.userId, userId))).toHaveLength(1);
    expect(await outboxOf(userId)).toMatchObject([{ state: "pending", toAddress: `outbox-${userCount}@example.com`, unsubscribeKind: "reconnect_needed" }]);
    // The sender job is queued with the email, in the same transaction.
    expect(await handle.db.select({ kind: jobs.kind }).from(jobs).where(and(eq(jobs.kind, "send-email"), eq(jobs.state, "queued")))).toHaveLength(1);
  });

  it("never notifies twice for the same event: a repeated dedupe key writes nothing", async () => {
    const userId = await newUser();
    expect(await notify(handle.db, event(userId, "item-1:login_required:2026-12-04"), settings)).toMatchObject({ status: "written", email: "queued" });
    expect(await notify(handle.db, event(userId, "item-1:login_required:2026-12-04"), settings)).toEqual({ status: "duplicate" });
    expect(await handle.db.select().from(notifications).where(eq(notifications.userId, userId))).toHaveLength(1);
    expect(await outboxOf(userId)).toHaveLength(1);
  });

  it("keeps an email while SMTP is down, retries it with growing backoff, and sends it once SMTP is back", async () => {
    await setAsideOthers();
    const userId = await newUser();
    await notify(handle.db, event(userId, "smtp-down"), settings);
    const port = await freePort();
    const down = transportTo(`smtp://127.0.0.1:${port}`);

    expect(await deliver(down, "w1")).toMatchObject({ sent: 0, retried: 1 });
    let [row] = await outboxOf(userId);
    expect(row).toMatchObject({ state: "pending", attempts: 1, lastError: "ESOCKET CONN", sentAt: null });
    const firstWaitMs = (row?.nextAttemptAt.getTime() ?? 0) - Date.now();
    expect(firstWaitMs).toBeGreaterThan(500);
    // Not due yet: a second run leaves it alone.
    expect(await deliver(down, "w1")).toMatchObject({ sent: 0, retried: 0 });

    await handle.db.update(emailOutbox).set({ nextAttemptAt: sql`now()` }).where(eq(emailOutbox.userId, userId));
    expect(await deliver(down, "w1")).toMatchObject({ retried: 1 });
    [row] = await outboxOf(userId);
    expect(row).toMatchObject({ state: "pending", attempts: 2 });
    // Exponential: the second wait is about twice the first (jitter fixed at the middle).
    expect((row?.nextAttemptAt.getTime() ?? 0) - Date.now()).toBeGreaterThan(firstWaitMs * 1.5);
    down.close();

    const smtp = await startLocalSmtpServer({ port });
    try {
      await handle.db.update(emailOutbox).set({ nextAttemptAt: sql`now()` }).where(eq(emailOutbox.userId, userId));
      const up = transportTo(smtp.url);
      expect(await deliver(up, "w1")).toMatchObject({ sent: 1 });
      up.close();
      [row] = await outboxOf(userId);
      expect(row).toMatchObject({ state: "sent", attempts: 3, lastError: null });
      expect(smtp.messages).toHaveLength(1);
      const mail = smtp.messages[0];
      expect(mail?.to).toEqual([`outbox-${userCount}@example.com`]);
      expect(mail?.headers["message-id"]).toBe(`<notification-${row?.notificationId}@localhost>`);
      expect(mail?.headers["list-unsubscribe"]).toMatch(/^<http:\/\/localhost:3000\/api\/notifications\/unsubscribe\?token=[\w.-]+>$/);
      expect(mail?.headers["list-unsubscribe-post"]).toBe("List-Unsubscribe=One-Click");
      // Sent is final: another run sends nothing more.
      expect(await deliver(transportTo(smtp.url), "w2")).toMatchObject({ sent: 0 });
      expect(smtp.messages).toHaveLength(1);
    } finally {
      await smtp.stop();
    }
  });

  it("two workers sending at once deliver each message exactly once", async () => {
    const smtp = await startLocalSmtpServer();
    try {
      await setAsideOthers();
      const userId = await newUser();
      for (let i = 0; i < 40; i++) await notify(handle.db, event(userId, `burst-${i}`), settings);
      const [a, b] = [transportTo(smtp.url), transportTo(smtp.url)];
      const [first, second] = await Promise.all([
        deliverDueEmails({ db: handle.db, transport: a, from: "t@localhost", settings, workerId: "worker-a", batchSize: 3 }),
        deliverDueEmails({ db: handle.db, transport: b, from: "t@localhost", settings, workerId: "worker-b", batchSize: 3 }),
      ]);
      a.close();
      b.close();
      expect(first.sent + second.sent).toBe(40);
      const ids = smtp.messages.map((m) => m.headers["message-id"]);
      expect(ids).toHaveLength(40);
      expect(new Set(ids).size).toBe(40);
      expect((await outboxOf(userId)).every((row) => row.state === "sent" && row.attempts === 1)).toBe(true);
    } finally {
      await smtp.stop();
    }
  });

  it("takes over a row whose sender died mid-send once its lease has run out, not before", async () => {
    const smtp = await startLocalSmtpServer();
    try {
      await setAsideOthers();
      const userId = await newUser();
      await notify(handle.db, event(userId, "lease"), settings);
      // A worker claimed it and died: state sending, lease still running.
      await handle.db
        .update(emailOutbox)
        .set({ state: "sending", claimedBy: "dead-worker", leaseExpiresAt: sql`now() + interval '1 minute'`, attempts: 1 })
        .where(eq(emailOutbox.userId, userId));
      const up = transportTo(smtp.url);
      expect(await deliver(up, "w3")).toMatchObject({ sent: 0 });
      await handle.db.update(emailOutbox).set({ leaseExpiresAt: sql`now() - interval '1 second'` }).where(eq(emailOutbox.userId, userId));
      expect(await deliver(up, "w3")).toMatchObject({ sent: 1 });
      up.close();
      expect(await outboxOf(userId)).toMatchObject([{ state: "sent", attempts: 2 }]);
    } finally {
      await smtp.stop();
    }
  });

  it("sends digest kinds as one email per user per day, once, with a digest unsubscribe link", async () => {
    await setAsideOthers();
    const userId = await newUser();
    const bill = (key: string) => ({ userId, kind: "bill_due" as const, dedupeKey: key, title: `Rent due ${key}`, body: "Rent is due soon.", linkPath: "/recurring" });
    // bill_due comes as a daily digest by default: no email of its own.
    expect(await notify(handle.db, bill("a"), settings)).toMatchObject({ status: "written", email: "digest" });
    await notify(handle.db, bill("b"), settings);
    await notify(handle.db, event(userId, "not-a-digest-kind"), settings);
    expect(await outboxOf(userId)).toHaveLength(1);
    await handle.db.update(notifications).set({ createdAt: sql`now() - interval '1 day'` }).where(eq(notifications.userId, userId));
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

    expect(await queueDailyDigests(handle.db, yesterday, settings)).toBe(1);
    expect(await queueDailyDigests(handle.db, yesterday, settings)).toBe(0);
    const digest = (await outboxOf(userId)).find((row) => row.digestDay === yesterday);
    expect(digest).toMatchObject({ idempotencyKey: `digest:${userId}:${yesterday}`, subject: `Your Ledgerlink digest for ${yesterday}: 2 updates`, unsubscribeKind: "digest" });
    expect(digest?.textBody).toContain("Rent due a");
    expect(digest?.textBody).toContain("Rent due b");
    expect(digest?.textBody).not.toContain("Reconnect First Platypus Bank");

    const smtp = await startLocalSmtpServer();
    try {
      const up = transportTo(smtp.url);
      expect(await deliver(up, "w4")).toMatchObject({ sent: 2 });
      up.close();
      const mail = smtp.messages.find((m) => m.headers.subject?.startsWith("Your Ledgerlink digest"));
      const token = mail?.headers["list-unsubscribe"]?.match(/token=([\w.-]+)>/)?.[1] ?? "";
      expect(verifyUnsubscribeToken(settings.authSecret, token)).toEqual({ ok: true, userId, target: "digest" });
    } finally {
      await smtp.stop();
    }
  });
});
