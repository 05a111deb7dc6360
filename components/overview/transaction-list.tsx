import { formatAmount, formatCategory, formatDate } from "@/components/transactions/format-transaction";
import type { RouterOutputs } from "@/components/trpc/react";
import styles from "./overview.module.css";

type Transaction = RouterOutputs["transactions"]["list"]["items"][number];

/**
 * A short list of transactions that reads well at any width (a list, not a table). Pending rows
 * are shown and marked: they are not in any total until they post.
 */
export function TransactionList({ transactions, showAccount = true }: { transactions: Transaction[]; showAccount?: boolean }) {
  return (
    <ul className={styles.list} aria-label="Transactions">
      {transactions.map((transaction) => {
        const amount = formatAmount(transaction.amount, transaction.currency);
        // The name and category the person chose (or a rule) win over Plaid's.
        const title = transaction.displayName ?? transaction.merchantName ?? transaction.name;
        return (
          <li key={transaction.id} className={styles.row} aria-label={`${title}${title === transaction.name ? "" : ` (${transaction.name})`}, ${amount.text}${transaction.pending ? ", pending" : ""}`}>
            <span className={styles.rowTitle}>{title}</span>
            <span className={styles.rowSub}>
              {formatDate(transaction.date)} · {transaction.categoryName ?? formatCategory(transaction.category)}
              {showAccount && transaction.accountName && ` · ${transaction.accountName}`}
              {transaction.pending && (
                <>
                  {" "}
                  <span className="badge warn">Pending</span>
                </>
              )}
            </span>
            <span className={`${styles.rowAmount} ${amount.direction === "in" ? "positive" : ""}`}>{amount.text}</span>
          </li>
        );
      })}
    </ul>
  );
}
