import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { users } from "@/db/schema";
import { createCaller } from "@/server/api/root";
import { notify } from "@/server/notifications/notify";
import { createTestDatabase } from "@/test/test-database";

const OFF = { enabled: false, publicUrl: "http://localhost:3000", authSecret: "router-test-secret-0123456789abcdef" };

describe("notifications router", () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterAll(() => handle.close());

  async function newUser(email: string) {
    const [row] = await handle.db.insert(users).values({ email }).returning({ id: users.id, email: users.email });
    if (!row) throw new Error("no user");
    const api = createCaller({ db: handle.db, session: { user: row, expires: new Date(Date.now() + 3_600_000).toISOString() }, headers: new Headers() });
    return { ...row, api };
  }
  const bill = (userId: string, key: string) => ({ userId, kind: "bill_due" as const, dedupeKey: key, title: `Bill ${key}`, body: "Due Thursday.", linkPath: "/recurring" });

  it("lists the user's own notifications newest first with the unread count, and marks one or all read", async () => {
    const alice = await newUser("router-alice@example.com");
    for (const key of ["one", "two", "three"]) await notify(handle.db, bill(alice.id, key), OFF);
    const listed = await alice.api.notifications.list();
    expect(listed.unread).toBe(3);
    expect(listed.notifications.map((n) => n.title)).toEqual(["Bill three", "Bill two", "Bill one"]);
    const next = await alice.api.notifications.list({ limit: 2 });
    expect((await alice.api.notifications.list({ before: next.notifications[1]?.id })).notifications.map((n) => n.title)).toEqual(["Bill one"]);

    await alice.api.notifications.markRead({ id: listed.notifications[0]?.id ?? 0 });
    expect(await alice.api.notifications.unreadCount()).toEqual({ unread: 2 });
    expect(await alice.api.notifications.markAllRead()).toEqual({ marked: 2 });
    expect(await alice.api.notifications.unreadCount()).toEqual({ unread: 0 });
  });

  it("answers NOT_FOUND for another user's notification, exactly as for a missing one, and leaves it unread", async () => {
    const bob = await newUser("router-bob@example.com");
    const carol = await newUser("router-carol@example.com");
    const written = await notify(handle.db, bill(bob.id, "bobs"), OFF);
    if (written.status !== "written") throw new Error("not written");
    for (const id of [written.notificationId, 987_654_321]) {
      const error = await carol.api.notifications.markRead({ id }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(TRPCError);
      expect(error).toMatchObject({ code: "NOT_FOUND", message: "That notification was not found." });
    }
    expect(await bob.api.notifications.unreadCount()).toEqual({ unread: 1 });
    expect((await carol.api.notifications.list()).notifications).toEqual([]);
    await carol.api.notifications.markAllRead();
    expect(await bob.api.notifications.unreadCount()).toEqual({ unread: 1 });
  });

  it("keeps per-kind choices: in-app off writes the notification as read, both off writes nothing", async () => {
    const dave = await newUser("router-dave@example.com");
    const before = await dave.api.notifications.preferences();
    expect(before.kinds.find((k) => k.kind === "bill_due")).toMatchObject({ inApp: true, email: true, dailyDigest: true });
    await dave.api.notifications.setPreference({ kind: "bill_due", inApp: false, email: true, dailyDigest: false });
    await notify(handle.db, bill(dave.id, "quiet"), OFF);
    expect(await dave.api.notifications.unreadCount()).toEqual({ unread: 0 });
    await dave.api.notifications.setPreference({ kind: "bill_due", inApp: false, email: false, dailyDigest: false });
    expect(await notify(handle.db, bill(dave.id, "muted"), OFF)).toEqual({ status: "muted" });
    expect((await dave.api.notifications.list()).notifications.map((n) => n.title)).toEqual(["Bill quiet"]);
  });
});
