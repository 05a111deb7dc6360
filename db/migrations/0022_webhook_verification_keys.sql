CREATE TABLE "webhook_verification_keys" (
	"kid" text PRIMARY KEY NOT NULL,
	"jwk" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expired_at" timestamp with time zone,
	"fetched_at" timestamp with time zone NOT NULL
);
