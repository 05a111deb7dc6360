-- Staged sync pages are transient: no WAL for them. A server crash empties the table; the sync's
-- apply counts its staged rows and retries rather than save a cursor without its data.
ALTER TABLE "sync_staged_transactions" SET UNLOGGED;
