CREATE TABLE "account_liabilities" (
	"account_id" uuid PRIMARY KEY NOT NULL,
	"item_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	"kind" text NOT NULL,
	"aprs" jsonb,
	"interest_rate_percentage" numeric,
	"minimum_payment" numeric,
	"next_payment_due_date" date,
	"last_payment_amount" numeric,
	"last_payment_date" date,
	"last_statement_balance" numeric,
	"last_statement_date" date,
	"is_overdue" boolean,
	"loan_terms" jsonb,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "plaid_item_products" (
	"item_id" uuid NOT NULL,
	"product" text NOT NULL,
	"user_id" text NOT NULL,
	"unavailable_code" text,
	"unavailable_reason" text,
	"fetched_at" timestamp with time zone,
	"checked_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plaid_item_products_item_id_product_pk" PRIMARY KEY("item_id","product")
);
--> statement-breakpoint
CREATE TABLE "recurring_streams" (
	"stream_id" text PRIMARY KEY NOT NULL,
	"item_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	"plaid_account_id" text NOT NULL,
	"direction" text NOT NULL,
	"description" text NOT NULL,
	"merchant_name" text,
	"category_primary" text,
	"category_detailed" text,
	"frequency" text NOT NULL,
	"first_date" date,
	"last_date" date,
	"predicted_next_date" date,
	"average_amount" numeric NOT NULL,
	"last_amount" numeric NOT NULL,
	"iso_currency_code" text,
	"unofficial_currency_code" text,
	"is_active" boolean NOT NULL,
	"status" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "account_liabilities" ADD CONSTRAINT "account_liabilities_account_id_plaid_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."plaid_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_liabilities" ADD CONSTRAINT "account_liabilities_item_id_plaid_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."plaid_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_liabilities" ADD CONSTRAINT "account_liabilities_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plaid_item_products" ADD CONSTRAINT "plaid_item_products_item_id_plaid_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."plaid_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plaid_item_products" ADD CONSTRAINT "plaid_item_products_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recurring_streams" ADD CONSTRAINT "recurring_streams_item_id_plaid_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."plaid_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recurring_streams" ADD CONSTRAINT "recurring_streams_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "account_liabilities_user_idx" ON "account_liabilities" USING btree ("user_id","next_payment_due_date");--> statement-breakpoint
CREATE INDEX "account_liabilities_item_idx" ON "account_liabilities" USING btree ("item_id");--> statement-breakpoint
CREATE INDEX "plaid_item_products_user_idx" ON "plaid_item_products" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "recurring_streams_user_idx" ON "recurring_streams" USING btree ("user_id","predicted_next_date");--> statement-breakpoint
CREATE INDEX "recurring_streams_item_idx" ON "recurring_streams" USING btree ("item_id");