CREATE TABLE "transaction_month_totals" (
	"user_id" text NOT NULL,
	"item_id" uuid NOT NULL,
	"plaid_account_id" text NOT NULL,
	"month" date NOT NULL,
	"currency" text,
	"category_primary" text,
	"pending" boolean NOT NULL,
	"count" integer NOT NULL,
	"money_in" numeric NOT NULL,
	"money_out" numeric NOT NULL,
	CONSTRAINT "transaction_month_totals_group_key" UNIQUE NULLS NOT DISTINCT("item_id","month","plaid_account_id","currency","category_primary","pending","user_id")
);
--> statement-breakpoint
ALTER TABLE "transaction_month_totals" ADD CONSTRAINT "transaction_month_totals_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transaction_month_totals" ADD CONSTRAINT "transaction_month_totals_item_id_plaid_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."plaid_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "transaction_month_totals_user_month_idx" ON "transaction_month_totals" USING btree ("user_id","month");