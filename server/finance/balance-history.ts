import { and, asc, desc, eq, gte, lt, lte } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { accountBalanceSnapshots } from "@/db/schema";
import { utcDay } from "./overview-periods";

export interface BalancePoint {
  /** YYYY-MM-DD */
  day: string;
  current: string | null;
  available: string | null;
  /** False when the day had no snapshot and the previous one was carried forward. */
  recorded: boolean;
}

interface Snapshot {
  day: string;
  currentBalance: string | null;
  availableBalance: string | null;
}

const addDays = (day: string, days: number) => utcDay(new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000));

/**
 * One point per day from `start` to `end` (inclusive). A day without a snapshot carries the
 * last one forward; days before the first known snapshot are left out rather than shown as zero.
 */
export function fillBalanceDays(snapshots: Snapshot[], start: string, end: string): BalancePoint[] {
  const sorted = [...snapshots].sort((a, b) => a.day.localeCompare(b.day));
  const points: BalancePoint[] = [];
  let index = 0;
  let last: Snapshot | null = null;
  while (index < sorted.length && (sorted[index]?.day ?? "") < start) last = sorted[index++] ?? last;
  for (let day = start; day <= end; day = addDays(day, 1)) {
    let recorded = false;
    while (index < sorted.length && sorted[index]?.day === day) {
      last = sorted[index++] ?? last;
      recorded = true;
    }
    if (last) points.push({ day, current: last.currentBalance, available: last.availableBalance, recorded });
  }
  return points;
}

/** The daily balance of one of the user's accounts over the last `days` days (another user's account: empty). */
export async function readBalanceHistory(
  db: Queryable,
  scope: { userId: string; accountId: string },
  now: Date,
  days = 90,
): Promise<BalancePoint[]> {
  const s = accountBalanceSnapshots;
  const end = utcDay(now);
  const start = addDays(end, -(days - 1));
  const owned = and(eq(s.userId, scope.userId), eq(s.accountId, scope.accountId));
  const columns = { day: s.day, currentBalance: s.currentBalance, availableBalance: s.availableBalance };
  // The last snapshot before the window is carried into its first day.
  const before = await db.select(columns).from(s).where(and(owned, lt(s.day, start))).orderBy(desc(s.day)).limit(1);
  const inside = await db
    .select(columns)
    .from(s)
    .where(and(owned, gte(s.day, start), lte(s.day, end)))
    .orderBy(asc(s.day));
  return fillBalanceDays([...before, ...inside], start, end);
}
