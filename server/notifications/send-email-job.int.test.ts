import { createServer } from "node:net";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { emailOutbox, jobs, users } from "@/db/schema";
import { createWorker } from "@/server/jobs/worker";
import { createLogger } from "@/server/logger";
import { createTestDatabase } from "@/test/test-database";
import { createMailTransport } from "./create-mail-transport";
import type { MailSettings } from "./mail-settings";
import { notificationJobHandlers } from "./notification-jobs";
import { notify } from "./notify";
import { startLocalSmtpServer } from "./testing/local-smtp-server";

const settings: MailSettings = { enabled: true, publicUrl: "http://localhost:3000", authSecret: "job-test-secret-0123456789abcdef0123" };
const logger = createLogger({ level: "silent" });

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === "string") throw new Error("no port");
  return address.port;
}

describe("the send-email job", { timeout: 60_000 }, () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterAll(() => handle.close());

  it("is queued with the email, sends it through the worker, and while SMTP is down queues itself for when the retry is due", async () => {
    const port = await freePort();
    const transport = createMailTransport(`smtp://127.0.0.1:${port}`);
    const mailer = { transport, from: "Ledgerlink <test@localhost>", mail: settings, backoff: { baseMs: 60_000, capMs: 60_000 } };
    const worker = createWorker({ db: handle.db, handlers: notificationJobHandlers({ handle, mailer }), logger, pollMs: 20 });
    const [user] = await handle.db.insert(users).values({ email: "job-user@example.com" }).returning({ id: users.id });
    if (!user) throw new Error("no user");
    await handle.db.transaction((tx) =>
      notify(tx, { userId: user.id, kind: "payment_overdue", dedupeKey: "overdue:1", title: "Card payment is overdue", body: "Your bank reports a payment as overdue." }, settings),
    );

    // SMTP down: the job finishes, the email waits, and a new job is queued for the retry time.
    expect(await worker.drain()).toBe(1);
    const [waiting] = await handle.db.select().from(emailOutbox);
    expect(waiting).toMatchObject({ state: "pending", attempts: 1 });
    const [retry] = await handle.db.select().from(jobs).where(and(eq(jobs.kind, "send-email"), eq(jobs.state, "queued")));
    expect(Math.abs((retry?.runAfter.getTime() ?? 0) - (waiting?.nextAttemptAt.getTime() ?? 0))).toBeLessThan(1_000);

    // SMTP back and the retry due: the same job sends it.
    const smtp = await startLocalSmtpServer({ port });
    try {
      await handle.db.update(emailOutbox).set({ nextAttemptAt: sql`now()` });
      await handle.db.update(jobs).set({ runAfter: sql`now()` }).where(eq(jobs.state, "queued"));
      expect(await worker.drain()).toBe(1);
      expect(smtp.messages.map((m) => m.headers.subject)).toEqual(["Card payment is overdue"]);
      expect(await handle.db.select({ state: emailOutbox.state }).from(emailOutbox)).toEqual([{ state: "sent" }]);
      expect(await handle.db.select().from(jobs).where(and(eq(jobs.kind, "send-email"), eq(jobs.state, "queued")))).toEqual([]);
    } finally {
      transport.close();
      await smtp.stop();
    }
  });
});
