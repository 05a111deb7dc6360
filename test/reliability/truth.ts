import type { Cluster } from "./cluster";
import { callTrpc } from "./app-client";

export interface EmulatorItem {
  item_id: string;
  access_token: string;
  transaction_count: number;
}

export interface EmulatorTransaction {
  transaction_id: string;
  account_id: string;
  amount: number;
  pending: boolean;
  date: string;
  name: string;
}

export async function emulatorJson<T>(cluster: Cluster, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${cluster.emulatorUrl}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`emulator ${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

export async function emulatorItems(cluster: Cluster): Promise<EmulatorItem[]> {
  return (await emulatorJson<{ items: EmulatorItem[] }>(cluster, "/__emulator/items")).items;
}

/** How one item's rows in the database compare with the emulator's current transactions. */
export interface ItemComparison {
  plaidItemId: string;
  expected: number;
  rows: number;
  /** At the emulator, but missing or different in the database. */
  lost: number;
  /** In the database, but not (or no longer) at the emulator: written twice, or a removal missed. */
  duplicates: number;
  examples: string[];
}

export async function compareItem(cluster: Cluster, plaidItemId: string): Promise<ItemComparison> {
  const { transactions } = await emulatorJson<{ transactions: EmulatorTransaction[] }>(cluster, `/__emulator/items/${plaidItemId}/transactions`);
  const rows = await cluster.sql<{ plaid_transaction_id: string; plaid_account_id: string; amount: string; pending: boolean; date: string; name: string }[]>`
    select t.plaid_transaction_id, t.plaid_account_id, t.amount::text as amount, t.pending, t.date::text as date, t.name
    from plaid_transactions t join plaid_items i on i.id = t.item_id where i.plaid_item_id = ${plaidItemId}`;
  const stored = new Map(rows.map((row) => [row.plaid_transaction_id, row]));
  const truth = new Map(transactions.map((txn) => [txn.transaction_id, txn]));
  const examples: string[] = [];
  let lost = 0;
  for (const txn of transactions) {
    const row = stored.get(txn.transaction_id);
    const same = row && Number(row.amount) === txn.amount && row.pending === txn.pending && row.date === txn.date && row.name === txn.name && row.plaid_account_id === txn.account_id;
    if (!same) {
      lost += 1;
      if (examples.length < 3) examples.push(`lost/different ${txn.transaction_id}: emulator ${JSON.stringify(txn)} db ${JSON.stringify(row ?? null)}`);
    }
  }
  let duplicates = rows.length - stored.size;
  for (const row of rows) {
    if (!truth.has(row.plaid_transaction_id)) {
      duplicates += 1;
      if (examples.length < 6) examples.push(`extra ${row.plaid_transaction_id} (${row.name} ${row.amount} pending=${row.pending})`);
    }
  }
  return { plaidItemId, expected: transactions.length, rows: rows.length, lost, duplicates, examples };
}

export async function compareItems(cluster: Cluster, plaidItemIds: string[]): Promise<ItemComparison> {
  const all = await Promise.all(plaidItemIds.map((id) => compareItem(cluster, id)));
  return all.reduce(
    (sum, one) => ({
      plaidItemId: "all",
      expected: sum.expected + one.expected,
      rows: sum.rows + one.rows,
      lost: sum.lost + one.lost,
      duplicates: sum.duplicates + one.duplicates,
      examples: [...sum.examples, ...one.examples].slice(0, 6),
    }),
    { plaidItemId: "all", expected: 0, rows: 0, lost: 0, duplicates: 0, examples: [] as string[] },
  );
}

/**
 * The jobs Plaid work makes. The worker's own schedules (retention, the notifications scan, the
 * email sender's minute sweep) are always queued a while ahead, so they never count as work left.
 */
export const PLAID_JOB_KINDS = ["sync-transactions", "refresh-item", "fetch-recurring", "fetch-liabilities"];

/** Jobs still to do for Plaid work. */
export async function pendingJobs(cluster: Cluster): Promise<number> {
  const [row] = await cluster.sql<{ n: number }[]>`select count(*)::int as n from jobs where state in ('queued', 'running') and kind in ${cluster.sql(PLAID_JOB_KINDS)}`;
  return row?.n ?? 0;
}

async function pendingDeliveries(cluster: Cluster): Promise<number> {
  const { deliveries } = await emulatorJson<{ deliveries: { state: string }[] }>(cluster, "/__emulator/webhooks/deliveries");
  return deliveries.filter((delivery) => delivery.state === "pending" || delivery.state === "held").length;
}

/**
 * Waits until nothing is left to do (no webhook waiting for a retry, no Plaid job queued or
 * running) and the items' rows equal the emulator's. Answers the last comparison either way.
 */
export async function waitForConvergence(cluster: Cluster, plaidItemIds: string[], timeoutMs: number): Promise<ItemComparison & { converged: boolean; waitedMs: number }> {
  const started = Date.now();
  let last: ItemComparison | undefined;
  for (;;) {
    try {
      const quiet = (await pendingDeliveries(cluster)) === 0 && (await pendingJobs(cluster)) === 0;
      last = await compareItems(cluster, plaidItemIds);
      if (quiet && last.lost === 0 && last.duplicates === 0) return { ...last, converged: true, waitedMs: Date.now() - started };
    } catch {
      // The database may be coming back; ask again.
    }
    if (Date.now() - started > timeoutMs) {
      last ??= await compareItems(cluster, plaidItemIds);
      return { ...last, converged: false, waitedMs: Date.now() - started };
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

/** The cursor a full /transactions/sync from "" ends with: what the item's stored cursor must equal. */
export async function emulatorFinalCursor(cluster: Cluster, accessToken: string): Promise<string> {
  let cursor = "";
  for (let page = 0; page < 1000; page++) {
    const body = await emulatorJson<{ next_cursor: string; has_more: boolean }>(cluster, "/transactions/sync", {
      client_id: "emulator-client-id",
      secret: cluster.secrets.plaidSecret,
      access_token: accessToken,
      cursor,
      count: 500,
    });
    cursor = body.next_cursor;
    if (!body.has_more) return cursor;
  }
  throw new Error("the emulator's sync never ended");
}

export interface ConnectedItem {
  id: string;
  plaidItemId: string;
  accessToken: string;
  publicToken: string;
}

/** A bank connection made as the app makes it: a sandbox public token, exchanged through tRPC. */
export async function connectItem(cluster: Cluster, cookie: string, institution: { id: string; name: string }, username: string): Promise<ConnectedItem> {
  const { public_token: publicToken } = await emulatorJson<{ public_token: string }>(cluster, "/sandbox/public_token/create", {
    client_id: "emulator-client-id",
    secret: cluster.secrets.plaidSecret,
    institution_id: institution.id,
    initial_products: ["transactions"],
    options: { override_username: username, webhook: `${cluster.front.url}/api/plaid/webhook` },
  });
  const answer = await callTrpc(cluster.front.url, "plaid.exchangePublicToken", "mutation", { publicToken, metadata: { institution: { institution_id: institution.id, name: institution.name }, accounts: [] } }, cookie);
  const result = answer.data as { status?: string; item?: { id: string } } | undefined;
  if (result?.status !== "connected" || !result.item) throw new Error(`exchange failed: ${answer.status} ${answer.text.slice(0, 300)}`);
  const [row] = await cluster.sql<{ plaid_item_id: string }[]>`select plaid_item_id from plaid_items where id = ${result.item.id}`;
  if (!row) throw new Error("the connected item is not in the database");
  const item = (await emulatorItems(cluster)).find((candidate) => candidate.item_id === row.plaid_item_id);
  if (!item) throw new Error("the emulator does not know the connected item");
  return { id: result.item.id, plaidItemId: row.plaid_item_id, accessToken: item.access_token, publicToken };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
