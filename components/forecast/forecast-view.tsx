"use client";

import Link from "next/link";
import { useState } from "react";
import { CurrencyTabs } from "@/components/overview/currency-tabs";
import { QueryError } from "@/components/shell/query-error";
import { Skeleton } from "@/components/shell/skeleton";
import { api } from "@/components/trpc/react";
import { formatDate } from "@/components/transactions/format-transaction";
import { ForecastChart } from "./forecast-chart";
import { formatSigned, KIND_TEXT, lowestText } from "./forecast-format";
import styles from "./forecast.module.css";

const HORIZONS = [30, 60, 90] as const;
type Horizon = (typeof HORIZONS)[number];

const header = (
  <div className="page-header">
    <div>
      <h1>Forecast</h1>
      <p className="muted">Your cash over the coming weeks: today&apos;s balances, your regular income and bills, and card and loan payments.</p>
    </div>
  </div>
);

/** /forecast: projected balance per currency for 30, 60 or 90 days, its lowest point and the expected events. */
export function ForecastView() {
  const [days, setDays] = useState<Horizon>(30);
  const [picked, setPicked] = useState<string | null>(null);
  const forecast = api.forecast.get.useQuery({ days }, { placeholderData: (previous) => previous });

  if (forecast.isPending) {
    return (
      <>
        {header}
        <section className="card" aria-label="Loading the forecast">
          <Skeleton lines={6} label="Loading the forecast" />
        </section>
      </>
    );
  }
  if (forecast.error) {
    return (
      <>
        {header}
        <QueryError what="The forecast" message={forecast.error.message} onRetry={() => void forecast.refetch()} />
      </>
    );
  }

  const currencies = forecast.data.currencies;
  const current = currencies.find((entry) => entry.currency === picked) ?? currencies[0];
  if (!current) {
    return (
      <>
        {header}
        <section className="card" aria-labelledby="forecast-empty-heading">
          <h2 id="forecast-empty-heading">Nothing to forecast yet</h2>
          <p className="muted">
            The forecast starts from your checking and savings balances. <Link href="/settings">Connect a bank</Link> with a checking or savings account to see it.
          </p>
        </section>
      </>
    );
  }

  const negative = current.lowest.balance.startsWith("-");
  return (
    <>
      {header}
      <section className="card" aria-labelledby="forecast-heading">
        <div className="section-header">
          <h2 id="forecast-heading">Projected balance, next {days} days</h2>
          <div className="actions-row">
            <div role="group" aria-label="Forecast length" className={styles.horizons}>
              {HORIZONS.map((option) => (
                <button key={option} type="button" className="button" aria-pressed={option === days} onClick={() => setDays(option)}>
                  {option} days
                </button>
              ))}
            </div>
            <CurrencyTabs currencies={currencies.map((entry) => entry.currency)} value={current.currency} onChange={setPicked} label="Forecast currency" />
          </div>
        </div>
        <p className={styles.lowestCallout} data-negative={negative || undefined} data-testid="forecast-lowest">
          {lowestText(current.lowest, current.currency)}
        </p>
        <dl className={styles.figures}>
          <div>
            <dt>Today</dt>
            <dd>{formatSigned(current.startingBalance, current.currency)}</dd>
          </div>
          <div>
            <dt>In {days} days</dt>
            <dd>{formatSigned(current.endingBalance, current.currency)}</dd>
          </div>
          <div>
            <dt>Accounts</dt>
            <dd>{current.accounts}</dd>
          </div>
        </dl>
        <ForecastChart points={current.points} lowest={current.lowest} currency={current.currency} />
        <p className="muted" style={{ fontSize: "var(--font-sm)", marginBottom: 0 }}>
          From the available balances of your checking and savings accounts, with each <Link href="/recurring">recurring</Link> payment at its average amount and each card or
          loan minimum payment on its due date. A projection, not a promise.
        </p>
      </section>
      <section className="card" aria-labelledby="forecast-events-heading">
        <h2 id="forecast-events-heading">Expected in the next {days} days</h2>
        {current.events.length === 0 ? (
          <p className="muted">No regular income, bills or card payments expected in this period.</p>
        ) : (
          <ul className={styles.events} aria-label="Expected income and payments">
            {current.events.map((event, index) => (
              <li key={`${event.sourceId}-${event.date}-${index}`} className={styles.event}>
                <span className={styles.eventTitle}>{event.description}</span>
                <span className={styles.eventSub}>
                  {formatDate(event.date)} · {KIND_TEXT[event.kind]}
                </span>
                <span className={`${styles.eventAmount} ${event.amount.startsWith("-") ? "" : "positive"}`}>
                  {event.amount.startsWith("-") ? formatSigned(event.amount, current.currency) : `+${formatSigned(event.amount, current.currency)}`}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
