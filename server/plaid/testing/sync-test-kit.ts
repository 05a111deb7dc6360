/**
 * Test support for the sync engine and the worker: the emulator over HTTP, a fresh database, a
 * real vault, and helpers that compare what the database holds with what the emulator holds.
 */
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { Products } from "plaid";
import { startEmulator, type EmulatorOptions } from "@/emulator/server";
import type { DatabaseHandle } from "@/db/client";
import { plaidItems, plaidTransactions, users } from "@/db/schema";
import { createLogger } from "@/server/logger";
import { createTestDatabase } from "@/test/test-database";
import type { PlaidDeps } from "../services";
import { emulatorControl, emulatorPlaidDeps } from "./emulator-plaid-deps";

export interface SyncTestKit {
  emulatorUrl: string;
  handle: DatabaseHandle;
  plaid: PlaidDeps;
  encryptionKeys: string;
  /** A user with one item at the emulator, stored as the exchange would store it. */
  connect(options?: { username?: string; webhook?: string }): Promise<ConnectedTestItem>;
  control(path: string, body?: unknown): Promise<unknown>;
  /** The emulator's current transactions of an item, in the shape we compare on. */
  emulatorRows(plaidItemId: string): Promise<ComparableRow[]>;
  databaseRows(itemId: string): Promise<ComparableRow[]>;
  close(): Promise<void>;
}

export interface ConnectedTestItem {
  id: string;
  userId: string;
  plaidItemId: string;
  accessToken: string;
}

export interface ComparableRow {
  id: string;
  account: string;
  amount: string;
  date: string;
  name: string;
  pending: boolean;
}

const comparable = (row: ComparableRow) => `${row.id}|${row.account}|${Number(row.amount).toFixed(2)}|${row.date}|${row.name}|${String(row.pending)}`;

/** Sorted text lines: a set comparison with a readable diff when it fails. */
export function asSet(rows: ComparableRow[]): string[] {
  return rows.map(comparable).sort();
}

export async function createSyncTestKit(options: { emulator?: EmulatorOptions; plaidTimeoutMs?: number } = {}): Promise<SyncTestKit> {
  const [emulator, handle] = await Promise.all([
    startEmulator({ port: 0, timeScale: 0.001, readyDelayMs: 0, ...options.emulator }),
    createTestDatabase(),
  ]);
  const { deps: plaid, encryptionKeys } = emulatorPlaidDeps({
    emulatorUrl: emulator.url,
    logger: createLogger({ level: process.env.TEST_LOG_LEVEL ?? "silent" }),
    timeoutMs: options.plaidTimeoutMs,
  });
  const control = emulatorControl(emulator.url);

  return {
    emulatorUrl: emulator.url,
    handle,
    plaid,
    encryptionKeys,
    control,
    async connect(connectOptions = {}) {
      const created = await plaid.client.sandboxPublicTokenCreate({
        institution_id: "ins_109508",
        initial_products: [Products.Transactions],
        options: { override_username: connectOptions.username ?? "user_good", webhook: connectOptions.webhook },
      });
      const exchanged = await plaid.client.itemPublicTokenExchange({ public_token: created.data.public_token });
      const userId = randomUUID();
      await handle.db.insert(users).values({ id: userId, email: `${userId}@example.test` });
      const id = randomUUID();
      const sealed = plaid.vault.encrypt(exchanged.data.access_token, id);
      await handle.db.insert(plaidItems).values({
        id,
        userId,
        plaidItemId: exchanged.data.item_id,
        institutionId: "ins_109508",
        institutionName: "First Platypus Bank",
        accessTokenCiphertext: sealed.ciphertext,
        accessTokenKeyId: sealed.keyId,
      });
      return { id, userId, plaidItemId: exchanged.data.item_id, accessToken: exchanged.data.access_token };
    },
    async emulatorRows(plaidItemId) {
      const body = (await control(`items/${plaidItemId}/transactions`)) as {
        transactions: { transaction_id: string; account_id: string; amount: number; date: string; name: string; pending: boolean }[];
      };
      return body.transactions.map((t) => ({ id: t.transaction_id, account: t.account_id, amount: String(t.amount), date: t.date, name: t.name, pending: t.pending }));
    },
    async databaseRows(itemId) {
      const rows = await handle.db
        .select({
          id: plaidTransactions.plaidTransactionId,
          account: plaidTransactions.plaidAccountId,
          amount: plaidTransactions.amount,
          date: plaidTransactions.date,
          name: plaidTransactions.name,
          pending: plaidTransactions.pending,
        })
        .from(plaidTransactions)
        .where(eq(plaidTransactions.itemId, itemId));
      return rows;
    },
    async close() {
      await Promise.all([emulator.close(), handle.close()]);
    },
  };
}
