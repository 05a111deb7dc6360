import Link from "next/link";
import { formatDate } from "@/components/transactions/format-transaction";
import type { RouterOutputs } from "@/components/trpc/react";
import { formatMoney } from "./format";
import styles from "./overview.module.css";

type Upcoming = RouterOutputs["upcoming"]["list"][number];

const KIND: Record<string, string> = { credit: "Card payment", student: "Student loan payment", mortgage: "Mortgage payment" };

/** A bill's frequency ("SEMI_MONTHLY" → "Semi monthly"); a liability's kind → what the payment is. */
function detailText(payment: Upcoming): string {
  if (payment.source === "liability") return KIND[payment.detail] ?? "Payment";
  const frequency = payment.detail.toLowerCase().replace(/_/g, " ");
  return frequency === "unknown" ? "Bill" : frequency.charAt(0).toUpperCase() + frequency.slice(1);
}

/**
 * Bills (recurring outflows) and card or loan payments (liabilities) due from today through the
 * next 7 days, soonest first (upcoming.list). Props only, so it renders on the server or the client.
 */
export function UpcomingCard({ payments, importing }: { payments: Upcoming[]; importing: boolean }) {
  return (
    <section className="card" aria-labelledby="upcoming-heading">
      <div className="section-header">
        <h2 id="upcoming-heading">Upcoming in the next 7 days</h2>
        <Link href="/recurring">All recurring</Link>
      </div>
      {payments.length === 0 ? (
        <p className="muted">{importing ? "Nothing found yet: bills are recognised once your full history is in." : "Nothing due in the next 7 days."}</p>
      ) : (
        <ul className={styles.list} aria-label="Upcoming payments">
          {payments.map((payment) => (
            <li key={`${payment.source}-${payment.sourceId}-${payment.date}`} className={styles.row}>
              <span className={styles.rowTitle}>
                {payment.accountId && payment.source === "liability" ? <Link href={`/accounts/${payment.accountId}`}>{payment.description}</Link> : payment.description}
              </span>
              <span className={styles.rowSub}>
                <span className={styles.upcomingDate}>{formatDate(payment.date)}</span> · {detailText(payment)}
                {payment.accountName && payment.source === "recurring" && ` · ${payment.accountName}`}
                {payment.isOverdue && (
                  <>
                    {" "}
                    <span className="badge bad">Overdue</span>
                  </>
                )}
              </span>
              <span className={styles.rowAmount}>{payment.amount === null ? "—" : formatMoney(payment.amount, payment.currency)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
