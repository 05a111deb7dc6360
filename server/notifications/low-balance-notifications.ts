import type { Queryable } from "@/db/client";
import { readCashForecast } from "@/server/finance/cash-forecast";
import { notify } from "./notify";

/** How far ahead the scan looks for the cash forecast to dip below zero. */
export const LOW_BALANCE_HORIZON_DAYS = 30;

const isBelowZero = (balance: string) => /^-\s*\d*[1-9]/.test(balance.trim()) || /^-0*\.\d*[1-9]/.test(balance.trim());

/** The Monday of `day`'s week (UTC): one low-balance notice per currency per week at most. */
function weekOf(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  const back = (date.getUTCDay() + 6) % 7;
  return new Date(date.getTime() - back * 86_400_000).toISOString().slice(0, 10);
}

const shortDate = (day: string) => new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", timeZone: "UTC" }).format(new Date(`${day}T00:00:00Z`));

/**
 * The cash forecast (server/finance/cash-forecast.ts) says a currency's cash falls below zero within
 * LOW_BALANCE_HORIZON_DAYS: tell the user when, not by how much. At most once a week per currency
 * while it stays so (the date moves as bills and balances change; the week does not).
 */
export async function notifyLowBalance(db: Queryable, userId: string, today: string): Promise<number> {
  let written = 0;
  for (const forecast of await readCashForecast(db, userId, { today, days: LOW_BALANCE_HORIZON_DAYS })) {
    const first = forecast.points.find((point) => isBelowZero(point.balance));
    if (!first) continue;
    const outcome = await notify(db, {
      userId,
      kind: "low_balance",
      dedupeKey: `low_balance:${forecast.currency}:${weekOf(today)}`,
      title: `Your ${forecast.currency} cash may run out around ${shortDate(first.date)}`,
      body: `With the bills and payments we expect, your ${forecast.currency} accounts are projected to fall below zero around ${shortDate(first.date)}. See the forecast for what is due.`,
      linkPath: "/forecast",
    });
    if (outcome.status === "written") written += 1;
  }
  return written;
}
