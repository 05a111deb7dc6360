"use client";

import { formatDate } from "@/components/transactions/format-transaction";
import { QueryError } from "@/components/shell/query-error";
import { Skeleton } from "@/components/shell/skeleton";
import { api } from "@/components/trpc/react";
import { negate, toPlotNumber } from "@/components/overview/decimal";
import { formatSigned } from "@/components/overview/format";
import styles from "./accounts.module.css";

const WIDTH = 600;
const HEIGHT = 160;

/** The balance over the last 90 days, from one snapshot per day (missing days carry the last one). */
export function BalanceHistoryCard({ accountId, currency, debt }: { accountId: string; currency: string | null; debt: boolean }) {
  const history = api.accounts.balanceHistory.useQuery({ accountId, days: 90 });
  return (
    <section className="card" aria-labelledby="history-heading">
      <div className="section-header">
        <h2 id="history-heading">Balance history</h2>
        <span className="muted">Last 90 days</span>
      </div>
      {history.isPending ? (
        <Skeleton lines={3} label="Loading balance history" />
      ) : history.error ? (
        <QueryError what="Balance history" message={history.error.message} onRetry={() => void history.refetch()} />
      ) : history.data.filter((point) => point.current !== null).length < 2 ? (
        <p className="muted">Ledgerlink records this account&apos;s balance once a day from now on; the chart fills in as days pass.</p>
      ) : (
        <Chart points={history.data.flatMap((point) => (point.current === null ? [] : [{ day: point.day, value: debt ? negate(point.current) : point.current }]))} currency={currency} />
      )}
    </section>
  );
}

function Chart({ points, currency }: { points: { day: string; value: string }[]; currency: string | null }) {
  // Floats for pixels only; the labels use the exact strings.
  const values = points.map((point) => toPlotNumber(point.value));
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || 1;
  const x = (index: number) => (index / Math.max(1, points.length - 1)) * WIDTH;
  const y = (value: number) => HEIGHT - 8 - ((value - min) / span) * (HEIGHT - 16);
  const line = values.map((value, index) => `${index === 0 ? "M" : "L"}${x(index).toFixed(1)},${y(value).toFixed(1)}`).join(" ");
  const first = points[0];
  const last = points.at(-1);
  if (!first || !last) return null;
  return (
    <figure style={{ margin: 0 }}>
      <svg className={styles.chart} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} preserveAspectRatio="none" role="img" aria-label={`Balance from ${formatSigned(first.value, currency)} on ${formatDate(first.day)} to ${formatSigned(last.value, currency)} on ${formatDate(last.day)}`}>
        <path className={styles.area} d={`${line} L${WIDTH},${HEIGHT} L0,${HEIGHT} Z`} />
        <path className={styles.line} d={line} />
      </svg>
      <figcaption className={styles.chartLabels}>
        <span>
          {formatDate(first.day)}: {formatSigned(first.value, currency)}
        </span>
        <span>
          {formatDate(last.day)}: {formatSigned(last.value, currency)}
        </span>
      </figcaption>
    </figure>
  );
}
