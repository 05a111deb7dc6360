-- Jobs claimed before 0004 have no lease expiry, and the reaper trusts only lease_expires_at:
-- give them the default 60 s lease from their last heartbeat so a crashed worker's job is reaped.
UPDATE "jobs" SET "lease_expires_at" = "locked_at" + interval '60 seconds'
WHERE "state" = 'running' AND "lease_expires_at" IS NULL AND "locked_at" IS NOT NULL;
