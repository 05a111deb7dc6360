// ── Account security (issue 17, sections 1 and 2) ────────────────────────────────────────────
// Two-factor sign-in (TOTP and its recovery codes) and the list of a user's signed-in sessions.
import { bigint, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "../schema";

/**
 * One TOTP authenticator per user. A row with `enabledAt` null is an enrolment in progress (the
 * QR code was shown, no code confirmed yet): sign-in ignores it.
 */
export const userTotp = pgTable("user_totp", {
  userId: text("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  // The base32 secret sealed by the token vault (AES-256-GCM, AAD = `totp:<user id>`), so a
  // secret copied onto another user's row fails to decrypt.
  secretCiphertext: text("secret_ciphertext").notNull(),
  enabledAt: timestamp("enabled_at", { withTimezone: true, mode: "date" }),
  // The last RFC 6238 time step a code was accepted for: a code is good once, so a step at or
  // below this one is refused (no replay inside the ±1 step window).
  lastUsedStep: bigint("last_used_step", { mode: "number" }),
  createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
});

/** Ten single-use codes per set; a new set (regenerate, re-enrol) deletes the old one. */
export const userRecoveryCodes = pgTable(
  "user_recovery_codes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    // SHA-256 hex of the normalised code (80 random bits each; see server/auth/recovery-codes.ts).
    codeHash: text("code_hash").notNull(),
    usedAt: timestamp("used_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [uniqueIndex("user_recovery_codes_user_hash_idx").on(t.userId, t.codeHash)],
);

/**
 * One row per sign-in; its id travels in the JWT (`sid`). A session is active while `revokedAt`
 * is null and `sessionVersion` equals the user's current one (a password change ends the rest).
 */
export const userSessions = pgTable(
  "user_sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    sessionVersion: integer("session_version").notNull(),
    // "Firefox on Linux": parsed from User-Agent at sign-in, short, never the raw header.
    device: text("device").notNull(),
    // The client's network (/24 for IPv4, /48 for IPv6), only when TRUSTED_PROXY_HOPS vouches for
    // the address; null otherwise. No geo database, so no city.
    network: text("network"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    // Moved forward at most once a minute (server/auth/user-sessions.ts).
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    revokedAt: timestamp("revoked_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [index("user_sessions_user_idx").on(t.userId, t.lastSeenAt)],
);
