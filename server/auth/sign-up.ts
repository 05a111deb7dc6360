import type { Database } from "@/db/client";
import { users } from "@/db/schema";
import { isUniqueViolation } from "@/db/is-unique-violation";
import { hashPassword } from "./password";
import { signUpSchema } from "./credentials";

export type SignUpResult =
  | { ok: true; user: { id: string; email: string } }
  | { ok: false; field: "email" | "password"; message: string };

/**
 * Creates an email + password account. One insert, so a failure leaves nothing behind; a
 * concurrent sign-up with the same email loses on the unique index, not on a racy pre-check.
 */
export async function signUp(db: Database, input: unknown): Promise<SignUpResult> {
  const parsed = signUpSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path[0] === "password" ? "password" : "email";
    return { ok: false, field, message: issue?.message ?? "Check the form and try again." };
  }
  const { email, password } = parsed.data;
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
      return { ok: false, field: "email", message: "An account with this email already exists. Sign in instead." };
    }
    throw error;
  }
}
