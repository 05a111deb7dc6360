import { and, desc, eq, isNull } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { transactionNotices } from "@/db/schema";

export interface TransactionNotice {
  id: string;
  kind: "split_removed";
  message: string;
  createdAt: Date;
}

/** The user's notices not yet dismissed, newest first (a split transaction the bank removed). */
export async function listNotices(db: Queryable, userId: string): Promise<TransactionNotice[]> {
  const n = transactionNotices;
  return db
    .select({ id: n.id, kind: n.kind, message: n.message, createdAt: n.createdAt })
    .from(n)
    .where(and(eq(n.userId, userId), isNull(n.dismissedAt)))
    .orderBy(desc(n.createdAt))
    .limit(20);
}
