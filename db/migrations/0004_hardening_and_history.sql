CREATE TABLE "account_balance_snapshots" (
	"account_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	"day" date NOT NULL,
	"current_balance" numeric,
	"available_balance" numeric,
	"credit_limit" numeric,
	"iso_currency_code" text,
	"unofficial_currency_code" text,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "account_balance_snapshots_account_id_day_pk" PRIMARY KEY("account_id","day")
);
--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "lease_expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "plaid_items" ADD COLUMN "initial_update_complete" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "plaid_items" ADD COLUMN "historical_update_complete" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "plaid_items" ADD COLUMN "sync_lease_owner" text;--> statement-breakpoint
ALTER TABLE "plaid_items" ADD COLUMN "sync_lease_expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "session_version" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "account_balance_snapshots" ADD CONSTRAINT "account_balance_snapshots_account_id_plaid_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."plaid_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_balance_snapshots" ADD CONSTRAINT "account_balance_snapshots_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "account_balance_snapshots_user_idx" ON "account_balance_snapshots" USING btree ("user_id","day");--> statement-breakpoint
CREATE INDEX "jobs_running_kind_key_idx" ON "jobs" USING btree ("kind","key") WHERE "jobs"."state" = 'running';--> statement-breakpoint
CREATE INDEX "jobs_running_lease_idx" ON "jobs" USING btree ("lease_expires_at") WHERE "jobs"."state" = 'running';--> statement-breakpoint
CREATE INDEX "jobs_finished_idx" ON "jobs" USING btree ("finished_at") WHERE "jobs"."state" in ('succeeded', 'failed');--> statement-breakpoint
CREATE INDEX "plaid_webhook_events_received_idx" ON "plaid_webhook_events" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "rate_limits_window_idx" ON "rate_limits" USING btree ("window_start");