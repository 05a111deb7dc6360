import type { RouterOutputs } from "@/components/trpc/react";
import { formatAmount, formatCategory, formatDate } from "./format-transaction";
import styles from "./explorer.module.css";

type Transaction = RouterOutputs["transactions"]["explore"]["items"][number];

function ExplorerRow({ transaction }: { transaction: Transaction }) {
  const amount = formatAmount(transaction.amount, transaction.currency);
  const title = transaction.merchantName ?? transaction.name;
  const account = transaction.accountName ? `${transaction.accountName}${transaction.accountMask ? ` ••${transaction.accountMask}` : ""}` : "Unknown account";
  return (
    <tr data-testid="transaction-row" data-id={transaction.id}>
      <td className={styles.date}>
        <time dateTime={transaction.date}>{formatDate(transaction.date)}</time>
      </td>
      <td className={styles.description}>
        <span className={styles.name}>{title}</span>
        {transaction.pending && <span className="badge warn">Pending</span>}
        {title !== transaction.name && <span className={styles.sub}>{transaction.name}</span>}
      </td>
      <td className={styles.category}>
        {formatCategory(transaction.category)}
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
    </tr>
  );
}

/** A table on wide screens; on a phone each row becomes a two-line card (CSS only). */
export function ExplorerTable({ items, busy }: { items: Transaction[]; busy: boolean }) {
  return (
    <table className={styles.table} aria-labelledby="transactions-title" aria-busy={busy}>
      <thead>
        <tr>
          <th scope="col">Date</th>
          <th scope="col">Description</th>
          <th scope="col">Category</th>
          <th scope="col">Account</th>
          <th scope="col" className={styles.amountHead}>
            Amount
          </th>
        </tr>
      </thead>
      <tbody>
        {items.map((transaction) => (
          <ExplorerRow key={transaction.id} transaction={transaction} />
        ))}
      </tbody>
    </table>
  );
}
