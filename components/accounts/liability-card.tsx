"use client";

import type { ReactNode } from "react";
import { formatSigned } from "@/components/overview/format";
import { QueryError } from "@/components/shell/query-error";
import { Skeleton } from "@/components/shell/skeleton";
import { formatDate } from "@/components/transactions/format-transaction";
import { api, type RouterOutputs } from "@/components/trpc/react";
import { aprLabel, formatPercent, loanTermRows } from "./liability-format";
import styles from "./accounts.module.css";

type Liability = NonNullable<RouterOutputs["liabilities"]["forAccount"]["liability"]>;

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function LiabilityFacts({ liability }: { liability: Liability }) {
  const money = (amount: string | null) => (amount === null ? "—" : formatSigned(amount, liability.currency));
  const terms = loanTermRows(liability.loanTerms, money);
  return (
    <>
      <dl className={styles.facts}>
        <Fact label={liability.kind === "mortgage" ? "Next payment" : "Minimum payment"}>{money(liability.minimumPayment)}</Fact>
        <Fact label="Next payment due">{liability.nextPaymentDueDate ? formatDate(liability.nextPaymentDueDate) : "—"}</Fact>
        {liability.kind === "credit" && (
          <>
            <Fact label="Last statement balance">{money(liability.lastStatementBalance)}</Fact>
            <Fact label="Last statement date">{liability.lastStatementDate ? formatDate(liability.lastStatementDate) : "—"}</Fact>
          </>
        )}
        <Fact label="Last payment">
          {liability.lastPaymentAmount === null ? "—" : money(liability.lastPaymentAmount)}
          {liability.lastPaymentDate && <span className={styles.factNote}> on {formatDate(liability.lastPaymentDate)}</span>}
        </Fact>
        {liability.interestRatePercentage !== null && <Fact label="Interest rate">{formatPercent(liability.interestRatePercentage)}</Fact>}
      </dl>
      {liability.aprs.length > 0 && (
        <>
          <h3 className={styles.subheading}>APRs</h3>
          <ul className={styles.aprs}>
            {liability.aprs.map((apr) => (
              <li key={apr.type}>
                <span>{aprLabel(apr.type)}</span>
                <strong>{apr.percentage === null ? "—" : formatPercent(apr.percentage)}</strong>
                {apr.balanceSubjectToApr !== null && <span className={styles.factNote}>on {money(apr.balanceSubjectToApr)}</span>}
              </li>
            ))}
          </ul>
        </>
      )}
      {terms.length > 0 && (
        <>
          <h3 className={styles.subheading}>Loan terms</h3>
          <dl className={styles.terms}>
            {terms.map(([label, value]) => (
              <div key={label}>
                <dt>{label}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
        </>
      )}
    </>
  );
}

/** A card's or loan's details from Plaid Liabilities: payments, APRs, statement, terms, overdue. */
export function LiabilityCard({ accountId, accountType }: { accountId: string; accountType: string }) {
  const found = api.liabilities.forAccount.useQuery({ accountId });
  const isLiabilityType = accountType === "credit" || accountType === "loan";
  // A checking or savings account has nothing to show and no reason to give.
  if (!isLiabilityType && !found.data?.liability) return null;
  const title = accountType === "credit" ? "Card details" : "Loan details";
  const liability = found.data?.liability ?? null;
  return (
    <section className="card" aria-labelledby="liability-heading">
      <div className="section-header">
        <h2 id="liability-heading">{title}</h2>
        {liability?.isOverdue && <span className="badge bad">Overdue</span>}
      </div>
      {found.isPending ? (
        <Skeleton lines={3} label="Loading details" />
      ) : found.error ? (
        <QueryError what={title} message={found.error.message} onRetry={() => void found.refetch()} />
      ) : liability ? (
        <>
          {liability.isOverdue && (
            <p className="banner bad" role="status">
              Your bank reports this {liability.kind === "credit" ? "card" : "loan"} as overdue. Pay at least the minimum to avoid further fees.
            </p>
          )}
          <LiabilityFacts liability={liability} />
        </>
      ) : (
        <p className="muted">{found.data.unavailableReason ?? "Not available yet: your bank has not shared details for this account."}</p>
      )}
    </section>
  );
}
