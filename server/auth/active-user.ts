import { and, eq, isNull } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { users } from "@/db/schema";

/**
 * Whether `userId` still exists and is not being deleted. Read from the database on every call,
 * never cached: an account deleted by another process must stop working on its very next request
 * (the session-version cache may trust a token for a few seconds more). One primary-key lookup.
 */
export async function isActiveUser(db: Queryable, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, userId), isNull(users.deletingAt)))
    .limit(1);
  return row !== undefined;
}
