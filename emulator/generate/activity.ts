import { type TxnRecord } from "../state/schema";
import { type AccountRecord } from "./accounts";
import { makePurchase, purchaseTable, spendingAccounts } from "./transactions";
import { seededRng } from "./random";

export interface Changes {
  added: TxnRecord[];
  modified: TxnRecord[];
  removed: string[];
}

// One step of "time passing" at the bank, deterministic from the item key and step number:
// pending purchases post (the posted row is new and points at the pending one, which is removed,
// exactly as Plaid reports it), one older row is corrected, sometimes one disappears, and a few new
// purchases arrive, some of them pending.
export function activityChanges(key: string, step: number, date: string, txns: ReadonlyMap<string, TxnRecord>, accounts: readonly AccountRecord[]): Changes {
  const rng = seededRng(key, "advance", step);
  const changes: Changes = { added: [], modified: [], removed: [] };
  const settled: TxnRecord[] = [];
  for (const txn of txns.values()) {
    if (txn.pending) {
      // Restaurants add the tip when the charge settles, one reason posted amounts differ.
      const tip = txn.category === "FOOD_AND_DRINK_RESTAURANT" ? Math.round(txn.amountCents * 0.18) : 0;
      changes.added.push({ ...txn, id: rng.id(), pending: false, pendingTransactionId: txn.id, date: date > txn.date ? date : txn.date, amountCents: txn.amountCents + tip });
      changes.removed.push(txn.id);
    } else {
      settled.push(txn);
    }
  }
  if (settled.length > 0) {
    const target = rng.pick(settled);
    const cleaned = target.merchantName !== null && target.name !== target.merchantName ? target.merchantName : `${target.name} ADJ`;
    changes.modified.push({ ...target, name: cleaned });
    if (settled.length > 1 && rng.chance(0.5)) {
      const gone = rng.pick(settled);
      if (gone.id !== target.id) changes.removed.push(gone.id);
    }
  }
  const spend = spendingAccounts(accounts);
  const table = purchaseTable(spend.checking?.currency ?? "USD");
  const fresh = rng.int(2, 5);
  for (let i = 0; i < fresh; i++) {
    const purchase = makePurchase(rng, table, spend, date, rng.chance(0.5));
    if (purchase !== undefined) changes.added.push(purchase);
  }
  return changes;
}
