DROP INDEX "jobs_running_kind_key_idx";--> statement-breakpoint
CREATE INDEX "jobs_running_kind_key_idx" ON "jobs" USING btree ("kind","key","lease_expires_at") WHERE "jobs"."state" = 'running';