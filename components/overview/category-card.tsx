"use client";

import { useState } from "react";
import type { RouterOutputs } from "@/components/trpc/react";
import { toPlotNumber } from "./decimal";
import { formatMoney, formatMonth } from "./format";
import { CurrencyTabs } from "./currency-tabs";
import { StillImporting, StillImportingNote } from "./importing-notice";
import styles from "./overview.module.css";

type Categories = RouterOutputs["overview"]["get"]["categories"];

/** This month's spending by the user's (effective) category, largest first, with a bar for its share. */
export function CategoryCard({ categories, month, importing = false }: { categories: Categories; month: string; importing?: boolean }) {
  const currencies = [...new Set(categories.map((row) => row.currency))];
  const [picked, setPicked] = useState<string | null>(null);
  const currency = currencies.includes(picked) ? picked : (currencies[0] ?? null);
  const rows = categories.filter((row) => row.currency === currency);
  const largest = Math.max(...rows.map((row) => toPlotNumber(row.amount)), 1);
  return (
    <section className="card" aria-labelledby="categories-heading">
      <div className="section-header">
        <h2 id="categories-heading">Spending by category</h2>
        <div className={styles.headerEnd}>
          {importing && <StillImporting />}
          <CurrencyTabs currencies={currencies} value={currency} onChange={setPicked} label="Category currency" />
        </div>
      </div>
      {rows.length === 0 ? (
        <p className="muted">No spending in {formatMonth(month)} yet.</p>
      ) : (
        <ul className={styles.categories}>
          {rows.map((row) => (
            <li key={row.categoryId ?? row.category ?? "none"} className={styles.categoryRow}>
              <span className={styles.categoryName}>{row.category ?? "Uncategorized"}</span>
              <span className="amount">{formatMoney(row.amount, row.currency)}</span>
              <span className={styles.bar} aria-hidden="true">
                <span className={styles.barFill} style={{ width: `${Math.max(2, (toPlotNumber(row.amount) / largest) * 100)}%` }} />
              </span>
            </li>
          ))}
        </ul>
      )}
      {importing && <StillImportingNote />}
    </section>
  );
}
