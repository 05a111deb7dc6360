import { describe, expect, it } from "vitest";
import { projectCashForecast, type ForecastInputs } from "./cash-forecast-math";

const TODAY = "2026-01-10";
const none: ForecastInputs = { accounts: [], streams: [], payments: [] };
const stream = (fields: Partial<ForecastInputs["streams"][number]>): ForecastInputs["streams"][number] => ({
  streamId: "s",
  description: "Stream",
  frequency: "MONTHLY",
  predictedNextDate: "2026-01-15",
  averageAmount: "10",
  currency: "USD",
  ...fields,
});

describe("the cash forecast", () => {
  it("adds today's balances per currency and never mixes currencies", () => {
    const result = projectCashForecast(
      {
        ...none,
        accounts: [
          { currency: "USD", balance: "100.10" },
          { currency: "USD", balance: "0.20" },
          { currency: "EUR", balance: "50" },
        ],
        streams: [stream({ currency: "EUR", averageAmount: "60", predictedNextDate: "2026-01-12" })],
      },
      TODAY,
      30,
    );
    expect(result.map((c) => [c.currency, c.startingBalance, c.accounts, c.endingBalance])).toEqual([
      ["EUR", "50.00", 1, "-10.00"],
      ["USD", "100.30", 2, "100.30"],
    ]);
    expect(result[0]?.lowest).toEqual({ date: "2026-01-12", balance: "-10.00" });
    expect(result[1]?.points).toHaveLength(31);
  });

  it("applies inflows and outflows at their frequency with exact decimals, and calls out the lowest point", () => {
    const [usd] = projectCashForecast(
      {
        ...none,
        accounts: [{ currency: "USD", balance: "1000.00" }],
        streams: [
          // Plaid's sign: inflows are negative.
          stream({ streamId: "pay", description: "Payroll", frequency: "BIWEEKLY", predictedNextDate: "2026-01-16", averageAmount: "-1200.10" }),
          stream({ streamId: "rent", description: "Rent", frequency: "MONTHLY", predictedNextDate: "2026-01-14", averageAmount: "1587.7" }),
          stream({ streamId: "coffee", description: "Coffee club", frequency: "WEEKLY", predictedNextDate: "2026-01-10", averageAmount: "0.1" }),
        ],
      },
      TODAY,
      30,
    );
    if (!usd) throw new Error("no USD forecast");
    expect(usd.events.map((e) => [e.date, e.description, e.amount, e.kind])).toEqual([
      ["2026-01-10", "Coffee club", "-0.10", "bill"],
      ["2026-01-14", "Rent", "-1587.70", "bill"],
      ["2026-01-16", "Payroll", "1200.10", "income"],
      ["2026-01-17", "Coffee club", "-0.10", "bill"],
      ["2026-01-24", "Coffee club", "-0.10", "bill"],
      ["2026-01-30", "Payroll", "1200.10", "income"],
      ["2026-01-31", "Coffee club", "-0.10", "bill"],
      ["2026-02-07", "Coffee club", "-0.10", "bill"],
    ]);
    // A bill due today is not in today's balance yet: day 0 includes it.
    expect(usd.points[0]).toEqual({ date: "2026-01-10", balance: "999.90" });
    expect(usd.lowest).toEqual({ date: "2026-01-14", balance: "-587.80" });
    // 1000 − 0.1 × 5 − 1587.70 + 1200.10 × 2, in exact decimals (floats give 1811.9999…).
    expect(usd.endingBalance).toBe("1812.00");
  });

  it("takes card and loan minimum payments on their due dates, monthly across month ends, and an overdue one today", () => {
    const [usd] = projectCashForecast(
      {
        ...none,
        accounts: [{ currency: "USD", balance: "500" }],
        payments: [
          { accountId: "card", description: "Plaid Credit Card", kind: "credit", minimumPayment: "35", nextPaymentDueDate: "2026-01-31", isOverdue: false, currency: "USD" },
          { accountId: "loan", description: "Plaid Student Loan", kind: "student", minimumPayment: "120.5", nextPaymentDueDate: "2026-01-02", isOverdue: true, currency: "USD" },
          { accountId: "eur-card", description: "Euro card", kind: "credit", minimumPayment: "20", nextPaymentDueDate: "2026-01-20", isOverdue: false, currency: "EUR" },
        ],
      },
      TODAY,
      60,
    );
    if (!usd) throw new Error("no USD forecast");
    expect(usd.events.map((e) => [e.date, e.description, e.amount, e.kind])).toEqual([
      ["2026-01-10", "Plaid Student Loan", "-120.50", "loan_payment"],
      ["2026-01-31", "Plaid Credit Card", "-35.00", "card_payment"],
      ["2026-02-02", "Plaid Student Loan", "-120.50", "loan_payment"],
      ["2026-02-28", "Plaid Credit Card", "-35.00", "card_payment"],
      ["2026-03-02", "Plaid Student Loan", "-120.50", "loan_payment"],
    ]);
    expect(usd.endingBalance).toBe("68.50");
    expect(usd.lowest).toEqual({ date: "2026-03-02", balance: "68.50" });
  });

  it("reaches further with a longer horizon and leaves out a currency with no account to pay from", () => {
    const inputs: ForecastInputs = {
      accounts: [{ currency: "USD", balance: "10" }],
      streams: [stream({ predictedNextDate: "2026-03-01", averageAmount: "5" }), stream({ currency: "GBP" })],
      payments: [],
    };
    expect(projectCashForecast(inputs, TODAY, 30)[0]?.events).toEqual([]);
    expect(projectCashForecast(inputs, TODAY, 60)[0]?.events.map((e) => e.date)).toEqual(["2026-03-01"]);
    expect(projectCashForecast(inputs, TODAY, 90)[0]?.points.at(-1)).toEqual({ date: "2026-04-10", balance: "0.00" });
    expect(projectCashForecast(inputs, TODAY, 90).map((c) => c.currency)).toEqual(["USD"]);
  });
});
