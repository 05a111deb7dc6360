CREATE TABLE "sync_staged_transactions" (
	"item_id" uuid NOT NULL,
	"attempt" uuid NOT NULL,
	"seq" integer NOT NULL,
	"plaid_transaction_id" text NOT NULL,
	"removed" boolean NOT NULL,
	"plaid_account_id" text,
	"amount" numeric,
	"iso_currency_code" text,
	"unofficial_currency_code" text,
	"date" date,
	"authorized_date" date,
	"name" text,
	"merchant_name" text,
	"category_primary" text,
	"category_detailed" text,
	"category_confidence" text,
	"pending" boolean,
	"pending_transaction_id" text,
	"payment_channel" text,
	"staged_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sync_staged_transactions_item_id_attempt_seq_pk" PRIMARY KEY("item_id","attempt","seq")
);
--> statement-breakpoint
DROP INDEX "plaid_webhook_events_sha_idx";--> statement-breakpoint
ALTER TABLE "sync_staged_transactions" ADD CONSTRAINT "sync_staged_transactions_item_id_plaid_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."plaid_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "plaid_webhook_events_queued_body_idx" ON "plaid_webhook_events" USING btree ("body_sha256","job_id") WHERE "plaid_webhook_events"."outcome" = 'queued';