import type { Database } from "@/db/client";
import { users } from "@/db/schema";
import { isUniqueViolation } from "@/db/is-unique-violation";
import { admitInWindow, releaseAdmission, type RateLimitRule } from "@/server/rate-limit";
import { seedCategories } from "@/server/edits/seed-categories";
import { hashPassword } from "./password";
import { signUpSchema } from "./credentials";

/**
 * Each sign-up costs an argon2 hash; these bound that cost and the pace of email probing. Both are
 * counted when a sign-up is admitted, in the statement that checks them, so concurrent sign-ups
 * cannot all pass while the counters still read below the limit.
 */
export const SIGN_UP_LIMITS = {
  /**
   * Across every client: the ceiling when the app cannot see a trustworthy address. Past it a
   * sign-up is refused with the seconds to wait (a flood can close sign-up for the rest of the
   * minute, but cannot make the server hash without bound or hold requests open).
   */
  global: { limit: 30, windowMs: 60_000 } satisfies RateLimitRule,
  /** Only when a trusted proxy gives a real address (TRUSTED_PROXY_HOPS > 0). */
  perAddress: { limit: 5, windowMs: 60 * 60_000 } satisfies RateLimitRule,
};

export type SignUpResult =
  | { ok: true; user: { id: string; email: string } }
  | { ok: false; field: "email" | "password" | "form"; message: string };

export interface SignUpContext {
  /** From clientAddress(); null when no trusted proxy vouches for one. */
  address: string | null;
  now?: Date;
}

const tooMany = (seconds: number): SignUpResult => ({
  ok: false,
  field: "form",
  message: `Too many new accounts are being created right now. Try again in ${seconds} s.`,
});

/**
 * Creates an email + password account. One insert, so a failure leaves nothing behind; a
 * concurrent sign-up with the same email loses on the unique index, not on a racy pre-check.
 */
export async function signUp(db: Database, input: unknown, context: SignUpContext): Promise<SignUpResult> {
  const parsed = signUpSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path[0] === "password" ? "password" : "email";
    return { ok: false, field, message: issue?.message ?? "Check the form and try again." };
  }
  const { email, password } = parsed.data;
  const now = context.now ?? new Date();
  const addressKey = context.address === null ? null : `sign-up:address:${context.address}`;
  if (addressKey) {
    const byAddress = await admitInWindow(db, addressKey, SIGN_UP_LIMITS.perAddress, now);
    if (!byAddress.allowed) return tooMany(byAddress.retryAfterSeconds);
  }
  const global = await admitInWindow(db, "sign-up:global", SIGN_UP_LIMITS.global, now);
  if (!global.allowed) {
    // Refused before any work: the address keeps its allowance.
    if (addressKey) await releaseAdmission(db, addressKey);
    return tooMany(global.retryAfterSeconds);
  }

  const passwordHash = await hashPassword(password);
  try {
    const [user] = await db
      .insert(users)
      .values({ email, passwordHash })
      .returning({ id: users.id, email: users.email });
    if (!user) throw new Error("insert returned no row");
    // Their category list starts as Plaid's primaries, ready to recategorise into before any sync.
    await seedCategories(db, user.id);
    return { ok: true, user };
  } catch (error) {
    if (isUniqueViolation(error)) {
      // Says so on purpose: sign-up signs the new account in at once, so it cannot pretend to
      // succeed. The limits above bound how fast anyone can probe emails this way.
      return { ok: false, field: "email", message: "An account with this email already exists. Sign in instead." };
    }
    throw error;
  }
}
