import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { users } from "@/db/schema";
import { createTestDatabase } from "@/test/test-database";
import { listPreferences } from "./preferences";
import { applyUnsubscribe, describeUnsubscribe } from "./unsubscribe";
import { handleUnsubscribe } from "./unsubscribe-handler";
import { signUnsubscribeToken } from "./unsubscribe-token";

const SECRET = "unsubscribe-int-secret-0123456789abcdef";

describe("unsubscribing from an email link", () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterAll(() => handle.close());

  const newUser = async (email: string) => {
    const [row] = await handle.db.insert(users).values({ email }).returning({ id: users.id });
    if (!row) throw new Error("no user");
    return row.id;
  };
  const emailOf = async (userId: string) => Object.fromEntries((await listPreferences(handle.db, userId)).map((p) => [p.kind, p.email]));

  it("turns off that kind's emails for the token's user only, and leaves in-app notifications on", async () => {
    const alice = await newUser("unsub-alice@example.com");
    const bob = await newUser("unsub-bob@example.com");
    const token = signUnsubscribeToken(SECRET, alice, "reconnect_needed");
    expect(await describeUnsubscribe(handle.db, SECRET, token)).toMatchObject({ ok: true, what: "“Connection needs attention” emails" });
    expect(await emailOf(alice)).toMatchObject({ reconnect_needed: true }); // the GET changed nothing

    expect(await applyUnsubscribe(handle.db, SECRET, token)).toMatchObject({ ok: true });
    const after = await listPreferences(handle.db, alice);
    expect(after.find((p) => p.kind === "reconnect_needed")).toMatchObject({ email: false, inApp: true });
    expect(await emailOf(alice)).toMatchObject({ payment_overdue: true, sync_failing: true });
    expect(await emailOf(bob)).toMatchObject({ reconnect_needed: true });
  });

  it("changes nothing for a tampered token, nor for one pointed at another user", async () => {
    const carol = await newUser("unsub-carol@example.com");
    const dave = await newUser("unsub-dave@example.com");
    const token = signUnsubscribeToken(SECRET, carol, "payment_overdue");
    const [, mac] = token.split(".");
    const atDave = `${Buffer.from(`${dave}:payment_overdue`).toString("base64url")}.${mac}`;
    for (const forged of [atDave, `${token.slice(0, -1)}x`, "not-a-token"]) {
      expect(await applyUnsubscribe(handle.db, SECRET, forged)).toEqual({ ok: false });
    }
    expect(await emailOf(carol)).toMatchObject({ payment_overdue: true });
    expect(await emailOf(dave)).toMatchObject({ payment_overdue: true });
  });

  it("the digest link turns off email for the kinds that come as a digest", async () => {
    const erin = await newUser("unsub-erin@example.com");
    expect(await applyUnsubscribe(handle.db, SECRET, signUnsubscribeToken(SECRET, erin, "digest"))).toMatchObject({ ok: true });
    // bill_due is the one kind sent as a daily digest by default.
    expect(await emailOf(erin)).toMatchObject({ bill_due: false, reconnect_needed: true });
  });

  it("the route: GET asks and changes nothing, a one-click POST unsubscribes, a tampered token answers 400 and changes nothing", async () => {
    const frank = await newUser("unsub-frank@example.com");
    const deps = { database: async () => handle.db, authSecret: () => SECRET };
    const url = `http://localhost/api/notifications/unsubscribe?token=${signUnsubscribeToken(SECRET, frank, "sync_failing")}`;

    const asked = await handleUnsubscribe(new Request(url), deps);
    expect(asked.status).toBe(200);
    expect(await asked.text()).toContain("Stop getting “Updates failing” emails?");
    expect(await emailOf(frank)).toMatchObject({ sync_failing: true });

    const tampered = await handleUnsubscribe(new Request(`${url.slice(0, -3)}abc`, { method: "POST", body: "List-Unsubscribe=One-Click" }), deps);
    expect(tampered.status).toBe(400);
    expect(await tampered.text()).toContain("This unsubscribe link is not valid");
    expect(await emailOf(frank)).toMatchObject({ sync_failing: true });

    const done = await handleUnsubscribe(new Request(url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "List-Unsubscribe=One-Click" }), deps);
    expect(done.status).toBe(200);
    expect(await done.text()).toContain("You are unsubscribed");
    expect(await emailOf(frank)).toMatchObject({ sync_failing: false, reconnect_needed: true });
  });
});
