import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/client";
import { queryRows } from "@/db/query-rows";
import { categories, rules } from "@/db/schema";
import type { RuleCondition } from "@/server/rules/rule-schemas";
import { benchPlaidDeps } from "./bench-plaid-deps";
import { connectItem, syncInChildProcess } from "./sync-throughput";

export interface RulesSyncFigures {
  transactions: number;
  rules: number;
  /** Mean of a sync before and one after the sync with rules (each sync lands in a bigger table). */
  withoutRulesMs: number;
  withoutRulesRunsMs: [number, number];
  withRulesMs: number;
  /** Transactions some rule gave a value. */
  marked: number;
}

const MERCHANTS = ["Starbucks", "Chipotle", "McDonald's", "Sweetgreen", "Olive Garden", "DoorDash", "Whole Foods Market", "Trader Joe's", "Safeway", "Uber", "Lyft", "Shell", "Amazon", "Target", "Costco", "Apple"];
const DETAILED = ["FOOD_AND_DRINK_COFFEE", "FOOD_AND_DRINK_GROCERIES", "TRANSPORTATION_GAS", "GENERAL_MERCHANDISE_SUPERSTORES", "GENERAL_MERCHANDISE_ONLINE_MARKETPLACES"];

/**
 * 50 rules of every condition and action kind, as a person accumulates them: merchant equals and
 * name contains, amount ranges with a direction, Plaid categories, an account, money in; setting
 * categories, names and tags, hiding; a few with `stop`.
 */
export function benchRulesFor(userId: string, categoryIds: string[], accountId: string | null = null) {
  return Array.from({ length: 50 }, (_, i) => {
    const merchant = MERCHANTS[i % MERCHANTS.length] ?? "Starbucks";
    const kind = i % 6;
    const conditions: RuleCondition[] =
      kind === 0
        ? [{ type: "text", field: "merchant", op: "equals", value: merchant }]
        : kind === 1
          ? [{ type: "text", field: "name", op: "contains", value: merchant.slice(0, 5).toUpperCase() }]
          : kind === 2
            ? [{ type: "amount", min: String(10 + i), max: String(40 + i * 3), direction: "out" }]
            : kind === 3
              ? [{ type: "plaidCategory", level: "detailed", value: DETAILED[i % DETAILED.length] ?? "FOOD_AND_DRINK_COFFEE" }, { type: "amount", min: "20", direction: "any" }]
              : kind === 4 && accountId
                ? [{ type: "account", accountId }, { type: "text", field: "merchant", op: "contains", value: merchant.slice(1, 4) }]
                : [{ type: "direction", value: "in" }, { type: "text", field: "name", op: "contains", value: "payroll" }];
    return {
      userId,
      position: i,
      name: `Bench rule ${i}`,
      stop: i % 17 === 16,
      conditions,
      setCategoryId: i % 2 === 0 ? (categoryIds[i % categoryIds.length] ?? null) : null,
      setDisplayName: i % 5 === 1 ? `${merchant} (renamed)` : null,
      addTags: i % 3 === 0 ? [`tag-${i % 7}`] : [],
      hide: i % 13 === 12 ? true : null,
    };
  });
}

/**
 * A 100k first sync three times, each for its own user and item at the emulator: without rules,
 * with 50 enabled rules (evaluated inside the sync's write transaction), and without rules again. The same
 * child process as the sync throughput bench, so the figures compare.
 */
export async function benchSyncWithRules(handle: DatabaseHandle, databaseUrl: string, emulatorUrl: string, size: number): Promise<RulesSyncFigures> {
  const keys = `bench:${randomBytes(32).toString("base64")}`;
  const deps = benchPlaidDeps(emulatorUrl, keys);
  const env = (itemId: string) => ({ BENCH_SYNC_DATABASE_URL: databaseUrl, BENCH_SYNC_EMULATOR_URL: emulatorUrl, BENCH_SYNC_ITEM_ID: itemId, BENCH_SYNC_KEYS: keys });

  const plain = await connectItem(handle, deps, emulatorUrl, size);
  const withoutRules = await syncInChildProcess(env(plain.id));
  if (withoutRules.status !== "synced") throw new Error(`sync without rules ended ${withoutRules.status}`);

  const ruled = await connectItem(handle, deps, emulatorUrl, size);
  const made = await handle.db
    .insert(categories)
    .values(Array.from({ length: 8 }, (_, i) => ({ userId: ruled.userId, name: `Bench category ${i}` })))
    .returning({ id: categories.id });
  // Accounts arrive with the sync, so no account conditions here (their SQL is one equality).
  await handle.db.insert(rules).values(benchRulesFor(ruled.userId, made.map((c) => c.id), null));
  const withRules = await syncInChildProcess(env(ruled.id));
  if (withRules.status !== "synced") throw new Error(`sync with rules ended ${withRules.status}`);

  // Each sync adds 100k rows to the same tables, so a later sync writes into bigger indexes: a
  // second sync without rules after the one with rules, and their mean as the baseline.
  const after = await connectItem(handle, deps, emulatorUrl, size);
  const withoutRulesAfter = await syncInChildProcess(env(after.id));
  if (withoutRulesAfter.status !== "synced") throw new Error(`sync without rules ended ${withoutRulesAfter.status}`);

  const [marked] = await queryRows<{ n: number }>(handle.db, sql`select count(*)::int as n from transaction_overrides where user_id = ${ruled.userId}`);
  return { transactions: size, rules: 50, withoutRulesMs: (withoutRules.syncMs + withoutRulesAfter.syncMs) / 2,
    withoutRulesRunsMs: [withoutRules.syncMs, withoutRulesAfter.syncMs],
    withRulesMs: withRules.syncMs, marked: Number(marked?.n ?? 0) };
}
