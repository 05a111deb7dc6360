import Link from "next/link";
import { formatDate } from "@/components/transactions/format-transaction";
import type { RouterOutputs } from "@/components/trpc/react";
import { formatMoney } from "./format";
import styles from "./overview.module.css";

type Overdue = RouterOutputs["liabilities"]["overdue"];

/** One banner per card or loan the bank reports overdue (liabilities.overdue), in the overview's banner area. */
export function OverdueBanners({ overdue }: { overdue: Overdue }) {
  if (overdue.length === 0) return null;
  return (
    <section aria-label="Overdue payments" className={styles.banners}>
      {overdue.map((account) => (
        <div key={account.accountId} className="banner bad" role="status">
          <p>
            <strong>
              {account.accountName}
              {account.mask && ` ••${account.mask}`}
            </strong>{" "}
            at {account.institutionName ?? "your bank"} is overdue
            {account.minimumPayment !== null && `: minimum payment ${formatMoney(account.minimumPayment, account.currency)}`}
            {account.nextPaymentDueDate && `, due ${formatDate(account.nextPaymentDueDate)}`}.
          </p>
          <Link href={`/accounts/${account.accountId}`} className="button" aria-label={`View ${account.accountName}`}>
            View account
          </Link>
        </div>
      ))}
    </section>
  );
}
