CREATE TABLE "categories" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" text NOT NULL,
	"name" text NOT NULL,
	"plaid_primary" text,
	"merged_into_id" uuid,
	"deleted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "transaction_overrides" (
	"plaid_transaction_id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"category_id" uuid,
	"display_name" text,
	"note" text,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"hidden" boolean,
	"rule_category_id" uuid,
	"rule_display_name" text,
	"rule_tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"rule_hidden" boolean,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "transaction_month_totals" ADD COLUMN "category_id" uuid;--> statement-breakpoint
ALTER TABLE "categories" ADD CONSTRAINT "categories_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "categories" ADD CONSTRAINT "categories_merged_into_id_categories_id_fk" FOREIGN KEY ("merged_into_id") REFERENCES "public"."categories"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transaction_overrides" ADD CONSTRAINT "transaction_overrides_plaid_transaction_id_plaid_transactions_plaid_transaction_id_fk" FOREIGN KEY ("plaid_transaction_id") REFERENCES "public"."plaid_transactions"("plaid_transaction_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transaction_overrides" ADD CONSTRAINT "transaction_overrides_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transaction_overrides" ADD CONSTRAINT "transaction_overrides_category_id_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."categories"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transaction_overrides" ADD CONSTRAINT "transaction_overrides_rule_category_id_categories_id_fk" FOREIGN KEY ("rule_category_id") REFERENCES "public"."categories"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "categories_user_plaid_primary_idx" ON "categories" USING btree ("user_id","plaid_primary") WHERE "categories"."plaid_primary" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "categories_user_name_idx" ON "categories" USING btree ("user_id",lower("name")) WHERE "categories"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "transaction_overrides_user_idx" ON "transaction_overrides" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "transaction_overrides_category_idx" ON "transaction_overrides" USING btree ("category_id");