import { findInstitution } from "../institutions";
import { findSandboxUser, SANDBOX_USERS } from "../sandbox-users";
import { generateAccounts, itemKey, type AccountRecord } from "../generate/accounts";
import { activityChanges, type Changes } from "../generate/activity";
import { addDays, isoDate } from "../generate/dates";
import { generateOwner, type OwnerRecord } from "../generate/identity";
import { generateTransactions } from "../generate/transactions";
import { type ItemOp, type ItemRecord, type TxnRecord } from "./schema";

/** One change-log entry; `/transactions/sync` cursors are positions in this list. */
export type LogEntry = { kind: "added" | "modified"; txn: TxnRecord } | { kind: "removed"; txn: TxnRecord };

export interface ItemData {
  accounts: AccountRecord[];
  owner: OwnerRecord;
  /** Current transactions by id. */
  txns: Map<string, TxnRecord>;
  /** Every change since the item was created, oldest first. Never rewritten, only appended. */
  log: LogEntry[];
  /** Older history not delivered yet (split items before their `history` op). */
  heldHistory: TxnRecord[];
}

/** How many recent days the initial update delivers before the older history follows. */
export const RECENT_DAYS = 30;

export function institutionOf(item: ItemRecord): NonNullable<ReturnType<typeof findInstitution>> {
  const institution = findInstitution(item.institutionId);
  if (institution === undefined) throw new Error(`unknown institution ${item.institutionId}`);
  return institution;
}

/** Accounts as generated for an item, before the Link account selection narrows them. */
export function allAccounts(seed: string, ordinal: number, institutionId: string, options: { mortgage?: boolean } = {}): AccountRecord[] {
  const institution = findInstitution(institutionId);
  if (institution === undefined) throw new Error(`unknown institution ${institutionId}`);
  return generateAccounts(itemKey(seed, ordinal), institution, options);
}

export function buildItemData(item: ItemRecord): ItemData {
  const key = itemKey(item.seed, item.ordinal);
  const institution = institutionOf(item);
  const generatedAccounts = generateAccounts(key, institution, { mortgage: item.mortgage });
  const selected = item.selectedAccountIds;
  const accounts = (selected === null ? generatedAccounts : generatedAccounts.filter((account) => selected.includes(account.accountId))).filter(
    (account) => !item.revokedAccountIds.includes(account.accountId),
  );
  const visible = new Set(accounts.map((account) => account.accountId));
  const user = findSandboxUser(item.username) ?? SANDBOX_USERS[0];
  if (user === undefined) throw new Error("no sandbox users defined");
  const data: ItemData = { accounts, owner: generateOwner(key, institution.countryCodes[0] ?? "US"), txns: new Map(), log: [], heldHistory: [] };
  const endDate = isoDate(item.createdAt);
  const generated = generateTransactions(key, user, generatedAccounts, endDate).filter((txn) => visible.has(txn.accountId));
  let initial = generated;
  if (item.splitHistory) {
    // The initial update carries the last RECENT_DAYS days; the rest waits for the `history` op.
    const recentFrom = addDays(endDate, -(RECENT_DAYS - 1));
    initial = generated.filter((txn) => txn.date >= recentFrom);
    data.heldHistory = generated.filter((txn) => txn.date < recentFrom);
  }
  applyChanges(data, { added: initial, modified: [], removed: [] });
  for (const op of item.ops) applyChanges(data, opChanges(item, data, op));
  return data;
}

/** What an op does to the data; `advance` is computed from the state it is applied to. */
export function opChanges(item: ItemRecord, data: ItemData, op: ItemOp): Changes {
  switch (op.type) {
    case "add":
      return { added: op.txns, modified: [], removed: [] };
    case "modify":
      return { added: [], modified: [op.txn], removed: [] };
    case "remove":
      return { added: [], modified: [], removed: op.ids };
    case "advance":
      return activityChanges(itemKey(item.seed, item.ordinal), op.step, op.date, data.txns, data.accounts);
    case "history":
      return { added: data.heldHistory, modified: [], removed: [] };
  }
}

/** Applies changes to the current rows and appends them to the log; unknown ids are skipped. */
export function applyChanges(data: ItemData, changes: Changes): number {
  let applied = 0;
  for (const txn of changes.added) {
    if (data.txns.has(txn.id)) continue;
    data.txns.set(txn.id, txn);
    data.log.push({ kind: "added", txn });
    applied++;
  }
  for (const txn of changes.modified) {
    if (!data.txns.has(txn.id)) continue;
    data.txns.set(txn.id, txn);
    data.log.push({ kind: "modified", txn });
    applied++;
  }
  for (const id of changes.removed) {
    const txn = data.txns.get(id);
    if (txn === undefined) continue;
    data.txns.delete(id);
    data.log.push({ kind: "removed", txn });
    applied++;
  }
  return applied;
}
