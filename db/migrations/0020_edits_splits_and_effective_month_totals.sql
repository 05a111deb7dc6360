CREATE TABLE "transaction_notices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" text NOT NULL,
	"kind" text NOT NULL,
	"message" text NOT NULL,
	"details" jsonb,
	"dismissed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "transaction_splits" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plaid_transaction_id" text NOT NULL,
	"user_id" text NOT NULL,
	"position" integer NOT NULL,
	"category_id" uuid,
	"amount" numeric NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "transaction_month_totals" DROP CONSTRAINT "transaction_month_totals_group_key";--> statement-breakpoint
ALTER TABLE "transaction_notices" ADD CONSTRAINT "transaction_notices_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transaction_splits" ADD CONSTRAINT "transaction_splits_plaid_transaction_id_plaid_transactions_plaid_transaction_id_fk" FOREIGN KEY ("plaid_transaction_id") REFERENCES "public"."plaid_transactions"("plaid_transaction_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transaction_splits" ADD CONSTRAINT "transaction_splits_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transaction_splits" ADD CONSTRAINT "transaction_splits_category_id_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."categories"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "transaction_notices_user_idx" ON "transaction_notices" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "transaction_splits_transaction_position_idx" ON "transaction_splits" USING btree ("plaid_transaction_id","position");--> statement-breakpoint
CREATE INDEX "transaction_splits_user_idx" ON "transaction_splits" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "transaction_splits_category_idx" ON "transaction_splits" USING btree ("category_id");--> statement-breakpoint
ALTER TABLE "transaction_month_totals" ADD CONSTRAINT "transaction_month_totals_group_key" UNIQUE NULLS NOT DISTINCT("item_id","month","plaid_account_id","currency","category_primary","category_id","pending","user_id");--> statement-breakpoint
-- Every existing user gets their categories seeded from Plaid's primaries (the known ones and any
-- other their transactions carry), named as server/edits/seed-categories.ts names them.
INSERT INTO "categories" ("user_id", "name", "plaid_primary")
SELECT u."id", upper(substr(v.p, 1, 1)) || lower(replace(substr(v.p, 2), '_', ' ')), v.p
FROM "users" u CROSS JOIN (VALUES ('INCOME'), ('TRANSFER_IN'), ('TRANSFER_OUT'), ('LOAN_PAYMENTS'), ('BANK_FEES'), ('ENTERTAINMENT'),
  ('FOOD_AND_DRINK'), ('GENERAL_MERCHANDISE'), ('HOME_IMPROVEMENT'), ('MEDICAL'), ('PERSONAL_CARE'), ('GENERAL_SERVICES'),
  ('GOVERNMENT_AND_NON_PROFIT'), ('TRANSPORTATION'), ('TRAVEL'), ('RENT_AND_UTILITIES')) AS v(p)
UNION
SELECT DISTINCT t."user_id", upper(substr(t."category_primary", 1, 1)) || lower(replace(substr(t."category_primary", 2), '_', ' ')), t."category_primary"
FROM "plaid_transactions" t WHERE t."category_primary" IS NOT NULL
ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- The month totals regrouped by effective category (the same statement as groupedTotals in
-- server/plaid/sync/refresh-month-totals.ts, over every row).
DELETE FROM "transaction_month_totals";
--> statement-breakpoint
INSERT INTO transaction_month_totals (user_id, item_id, plaid_account_id, month, currency, category_primary, category_id, pending, count, money_in, money_out)
WITH txn AS (
  SELECT t.plaid_transaction_id, t.user_id, t.item_id, t.plaid_account_id, date_trunc('month', t.date)::date AS month,
    coalesce(t.iso_currency_code, t.unofficial_currency_code) AS currency, t.pending, t.amount, t.category_primary,
    coalesce(o.category_id, o.rule_category_id, s.merged_into_id, s.id) AS category_id
  FROM plaid_transactions t
  LEFT JOIN transaction_overrides o ON o.plaid_transaction_id = t.plaid_transaction_id
  LEFT JOIN categories s ON s.user_id = t.user_id AND s.plaid_primary = t.category_primary
  WHERE NOT coalesce(o.hidden, o.rule_hidden, false)
),
parts AS (
  SELECT p.plaid_transaction_id, p.category_id, p.amount FROM transaction_splits p JOIN txn ON txn.plaid_transaction_id = p.plaid_transaction_id
),
split_totals AS (SELECT plaid_transaction_id, sum(amount) AS total FROM parts GROUP BY 1),
lines AS (
  SELECT txn.user_id, txn.item_id, txn.plaid_account_id, txn.month, txn.currency, txn.pending, txn.category_primary, txn.category_id,
    txn.amount - coalesce(st.total, 0) AS amount
  FROM txn LEFT JOIN split_totals st ON st.plaid_transaction_id = txn.plaid_transaction_id
  WHERE st.total IS NULL OR st.total <> txn.amount
  UNION ALL
  SELECT txn.user_id, txn.item_id, txn.plaid_account_id, txn.month, txn.currency, txn.pending, NULL, parts.category_id, parts.amount
  FROM parts JOIN txn ON txn.plaid_transaction_id = parts.plaid_transaction_id
)
SELECT l.user_id, l.item_id, l.plaid_account_id, l.month, l.currency,
  CASE WHEN l.category_id IS NULL THEN l.category_primary ELSE c.plaid_primary END, l.category_id, l.pending, count(*)::int,
  coalesce(-sum(l.amount) FILTER (WHERE l.amount < 0), 0), coalesce(sum(l.amount) FILTER (WHERE l.amount > 0), 0)
FROM lines l LEFT JOIN categories c ON c.id = l.category_id
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
