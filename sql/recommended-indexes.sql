-- Indexes that keep the monitoring-plugins-schedule queries cheap on large tables.
--
-- Prisma's schema for the daemon usually has most of them already (the names below are
-- the ones its migrations would give); IF NOT EXISTS skips those. CONCURRENTLY builds
-- them without blocking the daemon's writes, so run this file outside a transaction
-- (psql's default autocommit does; do not use psql --single-transaction):
--
--   psql -d scheduler -f recommended-indexes.sql
--
-- Written for the default Prisma names in the search_path; for --naming=snake use the
-- snake_case names in the "snake:" comments. Run it as the tables' owner, not as the
-- monitoring role (which is read-only).

\set ON_ERROR_STOP on

-- check_schedule_failures: the successful runs within --window, counted for the success
-- rate from an index that holds only them and only their start time (20 bytes a run, the
-- smallest entry PostgreSQL has), so the count reads as few pages as it can. PostgreSQL
-- uses it where the run table has a validated foreign key to the schedule table (Prisma's
-- schema has "JobRun_scheduleId_fkey"): then every run with a schedule counts but those of
-- the schedules left out (disabled ones, -x); without the key each run is matched to the
-- selected schedules, from "JobRun_startedAt_durations_idx" below. As with the failed runs'
-- index, keep the WHERE clause exactly as written: it matches the default --success-status
-- (SUCCESS and COMPLETED, in that order); an enum without COMPLETED needs '{SUCCESS}'.
-- Cost on insert: one entry per successful run at the index's right edge (some 200 MB on
-- 10 M runs).
-- snake: job_run (started_at)
--        WHERE (status = ANY ('{SUCCESS,COMPLETED}')) IS TRUE AND schedule_id IS NOT NULL
CREATE INDEX CONCURRENTLY IF NOT EXISTS "JobRun_startedAt_success_idx"
    ON "JobRun" ("startedAt")
    WHERE (status = ANY ('{SUCCESS,COMPLETED}')) IS TRUE AND "scheduleId" IS NOT NULL;

-- check_schedule_failures: the failed runs within --window, from an index that holds
-- only them, a few pages however long the window. PostgreSQL uses a partial index only where it can prove that the statement's condition
-- implies the index's WHERE clause, and here it proves it by the two being the same
-- expression: keep the clause exactly as written. It matches the default --failed-status
-- (FAILED); for other statuses list them in the order the command line gives them,
-- e.g. '{FAILED,TIMED_OUT}' for --failed-status=FAILED --failed-status=TIMED_OUT.
-- snake: job_run (started_at) INCLUDE (schedule_id, job_name)
--        WHERE (status = ANY ('{FAILED}')) IS TRUE
CREATE INDEX CONCURRENTLY IF NOT EXISTS "JobRun_startedAt_failed_idx"
    ON "JobRun" ("startedAt") INCLUDE ("scheduleId", "jobName")
    WHERE (status = ANY ('{FAILED}')) IS TRUE;

-- check_schedule_runs: the runs that started within --recent with what a duration needs,
-- read from the index alone (visibility map permitting); the rest of --window too where more
-- than 100 jobs need a baseline (else those come job by job through the per-job index
-- below). check_schedule_failures reads from it the successes of the
-- last day (matched to the jobs with a failure) and, without the foreign key above, the
-- window's successes to count. An earlier version of this file also created
-- "JobRun_startedAt_scheduleId_jobName_status_idx", a narrower copy that this index
-- supersedes; where it exists, dropping it frees its space (some 470 MB on 10 M runs):
--   DROP INDEX CONCURRENTLY IF EXISTS "JobRun_startedAt_scheduleId_jobName_status_idx";
-- Built with "durationMs" where
-- the table has that optional column, so that the scan stays index-only. Cost on insert:
-- one more B-tree entry per run, about 66 bytes (19 MB per 300,000 runs, some 630 MB on
-- 10 M); appended at the index's right edge, as runs arrive in start order, and lost in the
-- noise of 300,000 time-ordered inserts (3.3-4.8 s either way, see bench/README.md).
-- snake: job_run (started_at) INCLUDE (schedule_id, job_name, status, finished_at[, duration_ms])
SELECT EXISTS (SELECT FROM pg_catalog.pg_attribute
               WHERE attrelid = '"JobRun"'::regclass AND attname = 'durationMs'
                 AND attnum > 0 AND NOT attisdropped) AS run_has_duration_ms
\gset
\if :run_has_duration_ms
CREATE INDEX CONCURRENTLY IF NOT EXISTS "JobRun_startedAt_durations_idx"
    ON "JobRun" ("startedAt") INCLUDE ("scheduleId", "jobName", status, "finishedAt", "durationMs");
\else
CREATE INDEX CONCURRENTLY IF NOT EXISTS "JobRun_startedAt_durations_idx"
    ON "JobRun" ("startedAt") INCLUDE ("scheduleId", "jobName", status, "finishedAt");
\endif

-- check_schedule_runs: the baseline of each job that needs one (a running run, or enough
-- recent successes to judge a slowdown), its runs of --window read from the index alone, a
-- page or two per job, where Prisma's ("scheduleId", "startedAt") below fetches one table
-- page per run (20 jobs: 83 pages instead of some 1,900, see bench/README.md);
-- check_schedule_failures: the newest success of a job whose newest failure is older than
-- the last day. Built with "durationMs" where the table has that optional column. Cost on
-- insert: one entry per run, about 80 bytes (some 730 MB on 10 M runs), placed among its
-- job's runs rather than at the right edge, like Prisma's own per-schedule index.
-- snake: job_run (schedule_id, job_name, started_at) INCLUDE (status, finished_at[, duration_ms])
\if :run_has_duration_ms
CREATE INDEX CONCURRENTLY IF NOT EXISTS "JobRun_scheduleId_jobName_startedAt_idx"
    ON "JobRun" ("scheduleId", "jobName", "startedAt") INCLUDE (status, "finishedAt", "durationMs");
\else
CREATE INDEX CONCURRENTLY IF NOT EXISTS "JobRun_scheduleId_jobName_startedAt_idx"
    ON "JobRun" ("scheduleId", "jobName", "startedAt") INCLUDE (status, "finishedAt");
\endif

-- check_schedule_runs: the running and queued runs, whatever their age, by status (the
-- Prisma schema's own index; no cost beyond what the daemon's schema already pays).
-- snake: job_run (status)
CREATE INDEX CONCURRENTLY IF NOT EXISTS "JobRun_status_idx" ON "JobRun" (status);

-- check_schedule_failures: the newest error of a failing group; check_schedule_runs with
-- --group-by=schedule: the baselines of a few schedules; without the indexes above, the
-- runs of each schedule within --window. Prisma's schema has it.
-- snake: job_run (schedule_id, started_at)
CREATE INDEX CONCURRENTLY IF NOT EXISTS "JobRun_scheduleId_startedAt_idx"
    ON "JobRun" ("scheduleId", "startedAt");

-- An insert-only table is vacuumed after 20 % new rows by default (2 M rows on 10 M), so
-- the newest pages, the ones the window reads, are rarely all-visible and the index-only
-- scan above falls back to the table. Vacuum it after 1 % instead. Setting it again is
-- harmless; it takes a lock that does not block the daemon's reads or writes.
-- snake: ALTER TABLE job_run SET (autovacuum_vacuum_insert_scale_factor = 0.01);
ALTER TABLE "JobRun" SET (autovacuum_vacuum_insert_scale_factor = 0.01);

-- check_daemon_restarts: workers of one type started within --window.
-- snake: worker_instance (worker_type, started_at)
CREATE INDEX CONCURRENTLY IF NOT EXISTS "WorkerInstance_workerType_startedAt_idx"
    ON "WorkerInstance" ("workerType", "startedAt");

-- check_schedule_daemon: the newest heartbeat of the running workers of one type.
-- snake: worker_instance (worker_type, status, last_heartbeat_at)
CREATE INDEX CONCURRENTLY IF NOT EXISTS "WorkerInstance_workerType_status_lastHeartbeatAt_idx"
    ON "WorkerInstance" ("workerType", status, "lastHeartbeatAt");

-- check_schedule_nextrun and check_schedule_failures: only enabled schedules count; where
-- most schedules are disabled this lets PostgreSQL skip them.
-- snake: job_schedule (next_run_at) WHERE enabled
CREATE INDEX CONCURRENTLY IF NOT EXISTS "JobSchedule_enabled_nextRunAt_partial_idx"
    ON "JobSchedule" ("nextRunAt") WHERE enabled;
