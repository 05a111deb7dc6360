"use client";

import Link from "next/link";
import { formatMoney } from "@/components/connections/format-money";
import { EmptyState } from "@/components/shell/empty-state";
import { QueryError } from "@/components/shell/query-error";
import { Skeleton } from "@/components/shell/skeleton";
import { api } from "@/components/trpc/react";
import { bankNames } from "./format-recurring";
import { StreamList } from "./stream-list";
import styles from "./recurring.module.css";

// While a bank's streams are still on their way (they follow the full history), look again now
// and then: their arrival changes no sync status, so the live poll would not notice.
const PENDING_POLL_MS = 4_000;

const header = (
  <div className="page-header">
    <div>
      <h1>Recurring</h1>
      <p className="muted">Bills, subscriptions and income that repeat, as Plaid recognises them in your history.</p>
    </div>
  </div>
);

/** /recurring: bills and subscriptions (with the monthly total per currency), income, and what stopped. */
export function RecurringView() {
  const recurring = api.recurring.list.useQuery(undefined, {
    refetchInterval: (query) => ((query.state.data?.pendingHistory.length ?? 0) > 0 ? PENDING_POLL_MS : false),
  });
  const items = api.items.list.useQuery();

  if (recurring.isPending || items.isPending) {
    return (
      <>
        {header}
        <section className="card" aria-label="Loading recurring payments">
          <Skeleton lines={5} label="Loading recurring payments" />
        </section>
      </>
    );
  }
  if (recurring.error || items.error) {
    return (
      <>
        {header}
        <QueryError
          what="Recurring payments"
          message={(recurring.error ?? items.error)?.message ?? ""}
          onRetry={() => void Promise.all([recurring.refetch(), items.refetch()])}
        />
      </>
    );
  }

  const { outflows, inflows, tombstoned, monthlyOutflowTotal, unavailable, pendingHistory } = recurring.data;
  const live = items.data.filter((item) => item.removedAt === null);
  if (live.length === 0) {
    return (
      <>
        {header}
        <section className="card" aria-labelledby="recurring-empty-heading">
          <h2 id="recurring-empty-heading">Nothing to show yet</h2>
          <EmptyState
            title="No banks connected"
            action={
              <Link href="/settings" className="button primary">
                Connect a bank in Settings
              </Link>
            }
          >
            Connect a bank and Ledgerlink lists your bills, subscriptions and income here once its history is in.
          </EmptyState>
        </section>
      </>
    );
  }

  const nothingFound = outflows.length === 0 && inflows.length === 0 && tombstoned.length === 0;
  return (
    <>
      {header}
      {(pendingHistory.length > 0 || unavailable.length > 0) && (
        <div className={styles.notices}>
          {pendingHistory.length > 0 && (
            <div className="banner info" role="status">
              <p>
                <strong>Still importing {bankNames(pendingHistory)}.</strong> Recurring payments are recognised once the full history is in; they
                appear here by themselves.
              </p>
            </div>
          )}
          {unavailable.map((item) => (
            <div key={item.itemId} className="banner" role="status">
              <p>
                <strong>{item.institutionName ?? "Your bank"}:</strong> recurring payments are not available. {item.reason}
              </p>
            </div>
          ))}
        </div>
      )}

      {nothingFound ? (
        <section className="card" aria-labelledby="recurring-none-heading">
          <h2 id="recurring-none-heading">No recurring payments found</h2>
          <p className="muted">
            {pendingHistory.length > 0
              ? "Nothing yet: your banks are still sending their history."
              : "Plaid found no payments that repeat in your history. Bills and income appear here once they have repeated a few times."}
          </p>
        </section>
      ) : (
        <>
          <section className="card" aria-labelledby="recurring-total-heading">
            <h2 id="recurring-total-heading">Bills and subscriptions per month</h2>
            {monthlyOutflowTotal.length === 0 ? (
              <p className="muted">No active bills or subscriptions.</p>
            ) : (
              <dl className={styles.totals}>
                {monthlyOutflowTotal.map((total) => (
                  <div key={total.currency ?? "none"} className={styles.total} data-testid={`recurring-total-${total.currency ?? "none"}`}>
                    <dt>{total.currency ?? "No currency"}</dt>
                    <dd>{formatMoney(total.amount, total.currency)}</dd>
                  </div>
                ))}
              </dl>
            )}
            <p className={styles.note}>Each active bill or subscription at its average amount, converted to an average month. Currencies are never added together.</p>
          </section>

          <div className="grid-2">
            <section className="card" aria-labelledby="outflows-heading">
              <h2 id="outflows-heading">
                Bills and subscriptions <span className={styles.count}>({outflows.length})</span>
              </h2>
              {outflows.length === 0 ? <p className="muted">None active.</p> : <StreamList streams={outflows} label="Bills and subscriptions" kind="outflow" />}
            </section>
            <section className="card" aria-labelledby="inflows-heading">
              <h2 id="inflows-heading">
                Income <span className={styles.count}>({inflows.length})</span>
              </h2>
              {inflows.length === 0 ? <p className="muted">No regular income found.</p> : <StreamList streams={inflows} label="Income" kind="inflow" />}
            </section>
          </div>

          {tombstoned.length > 0 && (
            <section className="card" aria-labelledby="stopped-heading">
              <h2 id="stopped-heading">
                Stopped <span className={styles.count}>({tombstoned.length})</span>
              </h2>
              <p className="muted">Payments that used to repeat but have not come when expected.</p>
              <StreamList streams={tombstoned} label="Stopped" kind="stopped" />
            </section>
          )}
        </>
      )}
    </>
  );
}
