"use client";

import { useState } from "react";
import type { RouterOutputs } from "@/components/trpc/react";
import { CashFlowChart } from "./cash-flow-chart";
import { CurrencyTabs } from "./currency-tabs";
import { StillImporting, StillImportingNote } from "./importing-notice";
import styles from "./overview.module.css";

type CashFlow = RouterOutputs["overview"]["get"]["cashFlow"];

/** Twelve months of money in and out, one currency at a time. */
export function CashFlowCard({ cashFlow, importing = false }: { cashFlow: CashFlow; importing?: boolean }) {
  const currencies = cashFlow.map((flow) => flow.currency);
  const [picked, setPicked] = useState<string | null>(null);
  const flow = cashFlow.find((entry) => entry.currency === picked) ?? cashFlow[0];
  return (
    <section className="card" aria-labelledby="cash-flow-heading">
      <div className="section-header">
        <h2 id="cash-flow-heading">Cash flow, 12 months</h2>
        <div className={styles.headerEnd}>
          {importing && <StillImporting />}
          <CurrencyTabs currencies={currencies} value={flow?.currency ?? null} onChange={setPicked} label="Cash flow currency" />
        </div>
      </div>
      {flow ? (
        <>
          <CashFlowChart months={flow.months} currency={flow.currency} />
          <ul className={styles.legend}>
            <li>
              <span className={`${styles.swatch} ${styles.swatchIncome}`} aria-hidden="true" />
              Income
            </li>
            <li>
              <span className={`${styles.swatch} ${styles.swatchSpending}`} aria-hidden="true" />
              Spending
            </li>
          </ul>
        </>
      ) : (
        <p className="muted">No spending or income in the last 12 months yet.</p>
      )}
      {importing && <StillImportingNote />}
    </section>
  );
}
