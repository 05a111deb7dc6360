import { sql } from "drizzle-orm";
import { plaidItems } from "@/db/schema";

/**
 * How far a connection's transaction history has arrived, from Plaid's SYNC_UPDATES_AVAILABLE
 * flags (recorded with the webhook, never set back): `initial` nothing yet, `recent` the last 30
 * days or so ("Importing your full history…"), `complete` everything Plaid will give.
 */
export type HistoryState = "initial" | "recent" | "complete";
export const HISTORY_STATES = ["initial", "recent", "complete"] as const satisfies readonly HistoryState[];

export const historyStateColumn = sql<HistoryState>`(case
  when ${plaidItems.historicalUpdateComplete} then 'complete'
  when ${plaidItems.initialUpdateComplete} then 'recent'
  else 'initial' end)`;
