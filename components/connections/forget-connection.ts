import type { QueryClient } from "@tanstack/react-query";

interface HasAccount {
  accountId?: string | null;
  itemId?: string | null;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;

/** Drops rows of the removed connection from any cached list shape: `{ items }`, `{ pages: [{ items }] }` or an array. */
function withoutConnection(data: unknown, itemId: string, accountIds: Set<string>): unknown {
  const keep = (row: unknown) => {
    if (!isRecord(row)) return true;
    const { accountId, itemId: rowItem } = row as HasAccount;
    return !(rowItem === itemId || (typeof accountId === "string" && accountIds.has(accountId)));
  };
  if (Array.isArray(data)) return data.filter(keep);
  if (!isRecord(data)) return data;
  if (Array.isArray(data.items)) return { ...data, items: data.items.filter(keep) };
  if (Array.isArray(data.pages)) return { ...data, pages: data.pages.map((page) => withoutConnection(page, itemId, accountIds)) };
  return data;
}

/**
 * After *Remove and delete data*, the connection's rows vanish from every cached view at once
 * (the transactions lists, accounts, sync status) instead of waiting for the next poll; then
 * everything is refetched so totals are recomputed by the server.
 */
export async function forgetConnection(queryClient: QueryClient, itemId: string, accountIds: string[]): Promise<void> {
  const ids = new Set(accountIds);
  queryClient.setQueriesData({ predicate: (query) => query.state.data !== undefined && !isOverview(query.queryKey) }, (data: unknown) =>
    withoutConnection(data, itemId, ids),
  );
  // Items and sync status hold the connection itself under `id`.
  queryClient.setQueriesData({ predicate: (query) => isKey(query.queryKey, "items", "list") }, (data: unknown) =>
    Array.isArray(data) ? data.filter((row) => !(isRecord(row) && row.id === itemId)) : data,
  );
  queryClient.setQueriesData({ predicate: (query) => isKey(query.queryKey, "sync", "status") }, (data: unknown) =>
    isRecord(data) && Array.isArray(data.items) ? { ...data, items: data.items.filter((row) => !(isRecord(row) && row.id === itemId)) } : data,
  );
  await queryClient.invalidateQueries();
}

/** After *Remove and keep data*: the connection reads as disconnected everywhere right away. */
export async function markDisconnected(queryClient: QueryClient, itemId: string): Promise<void> {
  const now = new Date();
  const mark = (row: unknown) => (isRecord(row) && row.id === itemId ? { ...row, removedAt: now, status: "revoked" } : row);
  queryClient.setQueriesData({ predicate: (query) => isKey(query.queryKey, "items", "list") }, (data: unknown) => (Array.isArray(data) ? data.map(mark) : data));
  queryClient.setQueriesData({ predicate: (query) => isKey(query.queryKey, "sync", "status") }, (data: unknown) =>
    isRecord(data) && Array.isArray(data.items) ? { ...data, items: data.items.map(mark) } : data,
  );
  await queryClient.invalidateQueries();
}

// tRPC's query keys start with the procedure path as an array, e.g. [["items", "list"], {...}].
const isKey = (key: readonly unknown[], router: string, procedure: string) =>
  Array.isArray(key[0]) && key[0][0] === router && key[0][1] === procedure;
const isOverview = (key: readonly unknown[]) => Array.isArray(key[0]) && key[0][0] === "overview";
