import { sql } from "drizzle-orm";
import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { emailOutbox, users } from "@/db/schema";
import { createTestDatabase } from "@/test/test-database";
import { deliverDueEmails, type MailTransport } from "./deliver-outbox";
import type { MailSettings } from "./mail-settings";
import { notify } from "./notify";
import { startLocalSmtpServer, type CaughtMail, type LocalSmtpServer } from "./testing/local-smtp-server";

const settings: MailSettings = { enabled: true, publicUrl: "http://localhost:3000", authSecret: "burst-test-secret-0123456789abcdef01" };
const BURST = 500;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("SMTP going away during a burst", { timeout: 180_000 }, () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterAll(() => handle.close());

  it(`delivers each of ${BURST} notifications exactly once after SMTP returns, with two senders running throughout`, async () => {
    const [user] = await handle.db.insert(users).values({ email: "burst@example.com" }).returning({ id: users.id });
    if (!user) throw new Error("no user");
    const received: CaughtMail[] = [];
    let smtp: LocalSmtpServer = await startLocalSmtpServer({ onMessage: (mail) => received.push(mail) });
    const port = smtp.port;

    // The burst is written while the senders run, as webhooks and jobs would.
    const writing = (async () => {
      for (let i = 0; i < BURST; i++) {
        await notify(handle.db, { userId: user.id, kind: "reconnect_needed", dedupeKey: `burst-${i}`, title: `Burst ${i}`, body: "Reconnect your bank." }, settings);
      }
    })();

    let running = true;
    const sender = async (name: string) => {
      // One connection per message: stopping the server refuses new ones while sends in flight finish.
      const transport = nodemailer.createTransport({ host: "127.0.0.1", port, connectionTimeout: 1_000, greetingTimeout: 1_000, socketTimeout: 5_000 }) as MailTransport & { close(): void };
      while (running) {
        await deliverDueEmails({ db: handle.db, transport, from: "t@localhost", settings, workerId: name, batchSize: 10, backoff: { baseMs: 100, capMs: 400 } });
        await sleep(25);
      }
      transport.close();
    };
    const senders = [sender("sender-a"), sender("sender-b")];

    // SMTP goes away once part of the burst is through, and comes back a while later on the same port.
    while (received.length < 100) await sleep(10);
    await smtp.stop();
    const atStop = received.length;
    await sleep(1_500);
    const failedMeanwhile = await handle.db.select({ n: sql<number>`count(*)::int` }).from(emailOutbox).where(sql`${emailOutbox.lastError} is not null`);
    smtp = await startLocalSmtpServer({ port, onMessage: (mail) => received.push(mail) });

    await writing;
    const deadline = Date.now() + 120_000;
    for (;;) {
      const [left] = await handle.db.select({ n: sql<number>`count(*)::int` }).from(emailOutbox).where(sql`${emailOutbox.state} <> 'sent'`);
      if (left?.n === 0 || Date.now() > deadline) break;
      await sleep(100);
    }
    running = false;
    await Promise.all(senders);
    await smtp.stop();

    expect(atStop).toBeLessThan(BURST);
    expect(failedMeanwhile[0]?.n).toBeGreaterThan(0); // SMTP really was down for some sends
    const ids = received.map((mail) => mail.headers["message-id"]);
    expect(ids).toHaveLength(BURST);
    expect(new Set(ids).size).toBe(BURST);
    const states = await handle.db.select({ state: emailOutbox.state, n: sql<number>`count(*)::int` }).from(emailOutbox).groupBy(emailOutbox.state);
    expect(states).toEqual([{ state: "sent", n: BURST }]);
  });
});
