import type { RouterOutputs } from "@/components/trpc/react";
import { formatAmount, formatCategory, formatDate } from "./format-transaction";
import styles from "./transactions.module.css";

type Transaction = RouterOutputs["transactions"]["list"]["items"][number];

export function TransactionRow({ transaction }: { transaction: Transaction }) {
  const amount = formatAmount(transaction.amount, transaction.currency);
  const account = transaction.accountName ? `${transaction.accountName}${transaction.accountMask ? ` ••${transaction.accountMask}` : ""}` : "—";
  return (
    <tr>
      <td className={styles.date}>
        <time dateTime={transaction.date}>{formatDate(transaction.date)}</time>
      </td>
      <td>
        <span className={styles.name}>{transaction.merchantName ?? transaction.name}</span>
        {transaction.merchantName && transaction.merchantName !== transaction.name && <span className={styles.sub}>{transaction.name}</span>}
        {transaction.pending && <span className="badge warn">Pending</span>}
      </td>
      <td className={styles.category}>{formatCategory(transaction.category)}</td>
      <td className={styles.account}>{account}</td>
      <td className={`${styles.amount} ${amount.direction === "in" ? styles.inflow : ""}`}>{amount.text}</td>
    </tr>
  );
}
