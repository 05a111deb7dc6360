ALTER TABLE "plaid_accounts" ADD COLUMN "revoked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "plaid_items" ADD COLUMN "pending_disconnect_reason" text;--> statement-breakpoint
ALTER TABLE "plaid_items" ADD COLUMN "pending_disconnect_at" timestamp with time zone;