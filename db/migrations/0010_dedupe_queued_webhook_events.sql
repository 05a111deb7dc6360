-- Before 0011's unique index (one queued event per body + job): any older twins become duplicates.
UPDATE "plaid_webhook_events" AS e SET "outcome" = 'duplicate'
WHERE e."outcome" = 'queued' AND e."job_id" IS NOT NULL AND EXISTS (
  SELECT 1 FROM "plaid_webhook_events" AS o
  WHERE o."outcome" = 'queued' AND o."body_sha256" = e."body_sha256" AND o."job_id" = e."job_id"
    AND (o."received_at", o."id") < (e."received_at", e."id")
);
