-- Custom SQL migration file, put your code below! ---- Trigram indexes make the dashboard's "contains" search an index lookup instead of a scan.
-- pg_trgm is a trusted extension (PostgreSQL 13+): a database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
