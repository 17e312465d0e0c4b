-- What bench/run measured as missing from sql/recommended-indexes.sql (bench/run applies
-- this file after that one). Proposed for sql/recommended-indexes.sql; same conventions:
-- run outside a transaction, as the tables' owner.

\set ON_ERROR_STOP on

-- check_schedule_failures: the runs that started within --window, read from the index
-- alone. Prisma's ("scheduleId", "startedAt") serves one schedule at a time; without an
-- index that leads with "startedAt" the planner scans the whole table in parallel, so the
-- check's cost grows with every run ever recorded (10 M runs: 4.4 s, see bench/README.md).
-- INCLUDE makes it an index-only scan (no heap visit per run); that needs the visibility
-- map to be current, hence the autovacuum setting below.
-- snake: job_run (started_at) INCLUDE (schedule_id, job_name, status)
CREATE INDEX CONCURRENTLY IF NOT EXISTS "JobRun_startedAt_scheduleId_jobName_status_idx"
    ON "JobRun" ("startedAt") INCLUDE ("scheduleId", "jobName", status);

-- An insert-only table is vacuumed after 20 % new rows by default (2 M rows on 10 M), so
-- the newest pages, the ones the window reads, are rarely all-visible. Vacuum sooner.
ALTER TABLE "JobRun" SET (autovacuum_vacuum_insert_scale_factor = 0.01);
