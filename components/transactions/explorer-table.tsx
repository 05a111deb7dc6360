import type { RouterOutputs } from "@/components/trpc/react";
import { formatAmount, formatCategory, formatDate } from "./format-transaction";
import styles from "./explorer.module.css";

type Transaction = RouterOutputs["transactions"]["explore"]["items"][number];

interface Selection {
  selected: ReadonlySet<string>;
  onToggle: (id: string, selected: boolean) => void;
  onEdit: (id: string) => void;
}

function ExplorerRow({ transaction, selection }: { transaction: Transaction; selection: Selection }) {
  const amount = formatAmount(transaction.amount, transaction.currency);
  // The name the person gave it wins; Plaid's merchant, then its raw name, otherwise.
  const title = transaction.displayName ?? transaction.merchantName ?? transaction.name;
  const account = transaction.accountName ? `${transaction.accountName}${transaction.accountMask ? ` ••${transaction.accountMask}` : ""}` : "Unknown account";
  return (
    <tr data-testid="transaction-row" data-id={transaction.id} data-hidden={transaction.hidden} className={transaction.hidden ? styles.hiddenRow : undefined}>
      <td className={styles.select}>
        <input
          type="checkbox"
          checked={selection.selected.has(transaction.id)}
          onChange={(event) => selection.onToggle(transaction.id, event.target.checked)}
          aria-label={`Select ${title}, ${formatDate(transaction.date)}`}
        />
      </td>
      <td className={styles.date}>
        <time dateTime={transaction.date}>{formatDate(transaction.date)}</time>
      </td>
      <td className={styles.description}>
        <span className={styles.name}>{title}</span>
        {transaction.pending && <span className="badge warn">Pending</span>}
        {transaction.hidden && <span className="badge">Hidden from reports</span>}
        {transaction.split && <span className="badge ok">Split</span>}
        {title !== transaction.name && <span className={styles.sub}>{transaction.name}</span>}
        {transaction.tags.length > 0 && <span className={styles.sub}>{transaction.tags.map((tag) => `#${tag}`).join(" ")}</span>}
      </td>
      <td className={styles.category}>
        {transaction.categoryName ?? formatCategory(transaction.category)}
        {transaction.categoryDetailed && transaction.category && transaction.categoryDetailed.startsWith(`${transaction.category}_`) && (
          <span className={styles.sub}>{formatCategory(transaction.categoryDetailed.slice(transaction.category.length + 1))}</span>
        )}
      </td>
      <td className={styles.account}>
        {account}
        <span className={styles.sub}>{transaction.institutionName ?? "Unknown bank"}</span>
      </td>
      <td className={`${styles.amount} ${amount.direction === "in" ? styles.inflow : ""}`} data-testid="transaction-amount">
        {amount.text}
        <span className="sr-only">{amount.direction === "in" ? " in" : " out"}</span>
      </td>
      <td className={styles.edit}>
        <button type="button" className="button" onClick={() => selection.onEdit(transaction.id)} aria-label={`Edit ${title}, ${formatDate(transaction.date)}`}>
          Edit
        </button>
      </td>
    </tr>
  );
}

/** A table on wide screens; on a phone each row becomes a two-line card (CSS only). */
export function ExplorerTable({ items, busy, selection }: { items: Transaction[]; busy: boolean; selection: Selection }) {
  const allSelected = items.length > 0 && items.every((item) => selection.selected.has(item.id));
  return (
    <table className={styles.table} aria-labelledby="transactions-title" aria-busy={busy}>
      <thead>
        <tr>
          <th scope="col" className={styles.select}>
            <input type="checkbox" checked={allSelected} onChange={(event) => items.forEach((item) => selection.onToggle(item.id, event.target.checked))} aria-label="Select every transaction on this page" />
          </th>
          <th scope="col">Date</th>
          <th scope="col">Description</th>
          <th scope="col">Category</th>
          <th scope="col">Account</th>
          <th scope="col" className={styles.amountHead}>
            Amount
          </th>
          <th scope="col">
            <span className="sr-only">Edit</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {items.map((transaction) => (
          <ExplorerRow key={transaction.id} transaction={transaction} selection={selection} />
        ))}
      </tbody>
    </table>
  );
}
