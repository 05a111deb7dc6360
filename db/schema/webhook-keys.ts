// ── Plaid webhook verification keys (issue 15, item 1) ─────────────────────────────────────────
// Every key Plaid's /webhook_verification_key/get returned, by kid, so a freshly started or
// scaled-out process verifies deliveries signed with a known key without asking Plaid (and
// without spending the budget for unknown kids, which forged traffic competes for). Only keys Plaid
// returned are written here; forged kids are never stored.
import { jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

export const webhookVerificationKeys = pgTable("webhook_verification_keys", {
  kid: text("kid").primaryKey(),
  /** The key exactly as Plaid returned it (JWK fields plus its created_at/expired_at seconds); parsed with zod on read. */
  jwk: jsonb("jwk").notNull(),
  /** When Plaid created the key. */
  createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
  /** Set once Plaid has rotated the key away; a delivery signed with it is refused. */
  expiredAt: timestamp("expired_at", { withTimezone: true, mode: "date" }),
  /** When we last read it from Plaid: a process trusts the row until this plus the key TTL. */
  fetchedAt: timestamp("fetched_at", { withTimezone: true, mode: "date" }).notNull(),
});
