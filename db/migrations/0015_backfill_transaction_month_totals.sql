-- Fills transaction_month_totals from the rows already there (the same GROUP BY as
-- rebuildMonthTotals in server/finance/month-totals-maintenance.ts).
INSERT INTO "transaction_month_totals" ("user_id", "item_id", "plaid_account_id", "month", "currency", "category_primary", "pending", "count", "money_in", "money_out")
SELECT "user_id", "item_id", "plaid_account_id", date_trunc('month', "date")::date, coalesce("iso_currency_code", "unofficial_currency_code"),
  "category_primary", "pending", count(*)::int, coalesce(-sum("amount") FILTER (WHERE "amount" < 0), 0), coalesce(sum("amount") FILTER (WHERE "amount" > 0), 0)
FROM "plaid_transactions"
GROUP BY 1, 2, 3, 4, 5, 6, 7;
