import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "@/db/client";
import { transactionNotices } from "@/db/schema";

/** Marks one of the user's notices read; false when it is not theirs (or already dismissed). */
export async function dismissNotice(db: Database, userId: string, id: string): Promise<boolean> {
  const rows = await db
    .update(transactionNotices)
    .set({ dismissedAt: new Date() })
    .where(and(eq(transactionNotices.id, id), eq(transactionNotices.userId, userId), isNull(transactionNotices.dismissedAt)))
    .returning({ id: transactionNotices.id });
  return rows.length > 0;
}
