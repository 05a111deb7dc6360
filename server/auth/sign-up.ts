import type { Database } from "@/db/client";
import { users } from "@/db/schema";
import { isUniqueViolation } from "@/db/is-unique-violation";
import { countInWindow, hitRateLimit, type RateLimitRule } from "@/server/rate-limit";
import { hashPassword } from "./password";
import { signUpSchema } from "./credentials";

/** Each sign-up costs an argon2 hash; these bound that cost and the pace of email probing. */
export const SIGN_UP_LIMITS = {
  /**
   * Across every client: the ceiling when the app cannot see a trustworthy address. Past the
   * budget each sign-up waits (growing with the excess) instead of being refused, so a flood
   * slows everyone a little but can never close sign-up to real people.
   */
  global: { budget: 20, windowMs: 60_000, delayPerExcessMs: 250, maxDelayMs: 5_000 },
  /** Only when a trusted proxy gives a real address (TRUSTED_PROXY_HOPS > 0). */
  perAddress: { limit: 5, windowMs: 60 * 60_000 } satisfies RateLimitRule,
};

/** The wait a sign-up serves while the global budget is exceeded. */
export function signUpDelayMs(signUpsThisWindow: number): number {
  const { budget, delayPerExcessMs, maxDelayMs } = SIGN_UP_LIMITS.global;
  return Math.min(maxDelayMs, Math.max(0, signUpsThisWindow - budget) * delayPerExcessMs);
}

export type SignUpResult =
  | { ok: true; user: { id: string; email: string } }
  | { ok: false; field: "email" | "password" | "form"; message: string };

export interface SignUpContext {
  /** From clientAddress(); null when no trusted proxy vouches for one. */
  address: string | null;
  now?: Date;
  /** Server-side wait; tests pass one that records instead of sleeping. */
  sleep?: (ms: number) => Promise<void>;
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

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
  if (context.address !== null) {
    const byAddress = await hitRateLimit(db, `sign-up:address:${context.address}`, SIGN_UP_LIMITS.perAddress, now);
    if (!byAddress.allowed) return tooMany(byAddress.retryAfterSeconds);
  }
  const global = await countInWindow(db, "sign-up:global", SIGN_UP_LIMITS.global.windowMs, now);
  const delay = signUpDelayMs(global.count);
  if (delay > 0) await (context.sleep ?? sleepFor)(delay);

  const passwordHash = await hashPassword(password);
  try {
    const [user] = await db
      .insert(users)
      .values({ email, passwordHash })
      .returning({ id: users.id, email: users.email });
    if (!user) throw new Error("insert returned no row");
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
