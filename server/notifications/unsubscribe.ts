import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { users } from "@/db/schema";
import { KIND_INFO, type UnsubscribeTarget } from "./kinds";
import { turnOffEmail } from "./preferences";
import { verifyUnsubscribeToken } from "./unsubscribe-token";

export type UnsubscribeCheck = { ok: true; userId: string; target: UnsubscribeTarget; what: string } | { ok: false };

/** What a link would turn off, in words, without changing anything (the GET confirm page). */
export async function describeUnsubscribe(db: Database, authSecret: string, token: string): Promise<UnsubscribeCheck> {
  const check = verifyUnsubscribeToken(authSecret, token);
  if (!check.ok) return { ok: false };
  // A deleted account's link is as invalid as a forged one.
  const [user] = await db.select({ id: users.id }).from(users).where(eq(users.id, check.userId));
  if (!user) return { ok: false };
  const what = check.target === "digest" ? "the daily digest email" : `“${KIND_INFO[check.target].label}” emails`;
  return { ok: true, userId: check.userId, target: check.target, what };
}

/** The POST: turns those emails off for the token's user only. A tampered token changes nothing. */
export async function applyUnsubscribe(db: Database, authSecret: string, token: string): Promise<UnsubscribeCheck> {
  const check = await describeUnsubscribe(db, authSecret, token);
  if (check.ok) await turnOffEmail(db, check.userId, check.target);
  return check;
}
