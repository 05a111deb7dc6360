import { randomBytes, randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { CountryCode, Products } from "plaid";
import type { DatabaseHandle } from "@/db/client";
import { plaidItems, plaidTransactions, users } from "@/db/schema";
import { parseKeyRing } from "@/server/crypto/key-ring";
import { createTokenVault } from "@/server/crypto/token-vault";
import { createLogger } from "@/server/logger";
import { createPlaidClient } from "@/server/plaid/client";
import type { PlaidDeps } from "@/server/plaid/services";
import { syncTransactions } from "@/server/plaid/sync/sync-transactions";
import { timed } from "./measure";

export interface SyncFigures {
  transactions: number;
  syncMs: number;
  pages: number;
  insertMs: number;
  /** Row-by-row upserts are slow: measured on at most ROW_BY_ROW_CAP rows and scaled. */
  rowByRowRowsMeasured: number;
  rowByRowMs: number;
  peakRssMb: number;
}

const ROW_BY_ROW_CAP = 5_000;
const INSERT_CHUNK = 1_000;

function plaidDeps(emulatorUrl: string): PlaidDeps {
  return {
    client: createPlaidClient({ basePath: emulatorUrl, clientId: "emulator-client-id", secret: "emulator-secret", timeoutMs: 120_000 }),
    vault: createTokenVault(parseKeyRing(`bench:${randomBytes(32).toString("base64")}`)),
    config: { webhookUrl: "http://127.0.0.1:9/", products: [Products.Transactions], countryCodes: [CountryCode.Us], language: "en", clientName: "bench" },
    logger: createLogger({ level: "silent" }),
  };
}

async function control(emulatorUrl: string, path: string, body: unknown): Promise<unknown> {
  const response = await fetch(`${emulatorUrl}/__emulator/${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

/** An item at the emulator holding about `size` transactions, stored as the exchange would. */
async function connectItem(handle: DatabaseHandle, deps: PlaidDeps, emulatorUrl: string, size: number) {
  const username = size >= 100_000 ? "user_transactions_100k" : size >= 10_000 ? "user_transactions_10k" : "user_good";
  const created = await deps.client.sandboxPublicTokenCreate({
    institution_id: "ins_109508",
    initial_products: [Products.Transactions],
    options: { override_username: username },
  });
  const exchanged = await deps.client.itemPublicTokenExchange({ public_token: created.data.public_token });
  const { transaction_count: have } = (await (await fetch(`${emulatorUrl}/__emulator/items/${exchanged.data.item_id}`)).json()) as { transaction_count: number };
  if (have < size) {
    // user_good has ~320; top it up to the size asked for.
    const today = new Date().toISOString().slice(0, 10);
    await control(emulatorUrl, `items/${exchanged.data.item_id}/transactions/add`, {
      transactions: Array.from({ length: size - have }, (_, i) => ({ amount: (i % 500) + 0.99, name: `Bench purchase ${i}`, date: today })),
      webhook: false,
    });
  }
  const userId = randomUUID();
  await handle.db.insert(users).values({ id: userId, email: `${userId}@bench.test` });
  const id = randomUUID();
  const sealed = deps.vault.encrypt(exchanged.data.access_token, id);
  await handle.db.insert(plaidItems).values({ id, userId, plaidItemId: exchanged.data.item_id, accessTokenCiphertext: sealed.ciphertext, accessTokenKeyId: sealed.keyId });
  return { id, userId };
}

/**
 * Transactions per second from the emulator over HTTP into PostgreSQL for one item from an empty
 * cursor, next to two baselines on the same rows: a plain multi-row INSERT from memory (the
 * ceiling), and one upsert statement per row (what common reference apps do).
 */
export async function benchSync(
  handle: DatabaseHandle,
  emulatorUrl: string,
  size: number,
  // Runs while the synced rows are still there (e.g. to measure reads on them).
  afterSync?: (userId: string) => Promise<void>,
): Promise<SyncFigures> {
  const deps = plaidDeps(emulatorUrl);
  const item = await connectItem(handle, deps, emulatorUrl, size);
  const sync = await timed(() => syncTransactions({ handle, plaid: deps }, item.id));
  if (sync.value.status !== "synced") throw new Error(`sync ended ${sync.value.status}`);
  const pages = sync.value.pages;
  await afterSync?.(item.userId);

  const rows = await handle.db.select().from(plaidTransactions).where(eq(plaidTransactions.itemId, item.id));
  const fresh = rows.map((row) => ({ ...row, createdAt: undefined, updatedAt: undefined }));

  await handle.db.delete(plaidTransactions).where(eq(plaidTransactions.itemId, item.id));
  const insert = await timed(() =>
    handle.db.transaction(async (tx) => {
      for (let i = 0; i < fresh.length; i += INSERT_CHUNK) await tx.insert(plaidTransactions).values(fresh.slice(i, i + INSERT_CHUNK));
    }),
  );

  await handle.db.delete(plaidTransactions).where(eq(plaidTransactions.itemId, item.id));
  const sample = fresh.slice(0, ROW_BY_ROW_CAP);
  const rowByRow = await timed(async () => {
    for (const row of sample) {
      await handle.db
        .insert(plaidTransactions)
        .values(row)
        .onConflictDoUpdate({ target: plaidTransactions.plaidTransactionId, set: { amount: sql`excluded.amount`, name: sql`excluded.name`, pending: sql`excluded.pending` } });
    }
  });
  await handle.db.delete(plaidTransactions).where(eq(plaidTransactions.itemId, item.id));

  return {
    transactions: rows.length,
    syncMs: sync.ms,
    pages,
    insertMs: insert.ms,
    rowByRowRowsMeasured: sample.length,
    rowByRowMs: rowByRow.ms,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
}
