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
-- snake_case names in the comments. Run it as the tables' owner, not as the monitoring
-- role (which is read-only).

\set ON_ERROR_STOP on

-- check_schedule_failures: runs of one schedule within --window, newest first.
-- snake: job_run (schedule_id, started_at)
CREATE INDEX CONCURRENTLY IF NOT EXISTS "JobRun_scheduleId_startedAt_idx"
    ON "JobRun" ("scheduleId", "startedAt");

-- check_daemon_restarts: workers of one type started within --window.
-- snake: worker_instance (worker_type, started_at)
CREATE INDEX CONCURRENTLY IF NOT EXISTS "WorkerInstance_workerType_startedAt_idx"
    ON "WorkerInstance" ("workerType", "startedAt");

-- check_schedule_daemon: the newest heartbeat of the running workers of one type.
-- snake: worker_instance (worker_type, status, last_heartbeat_at)
CREATE INDEX CONCURRENTLY IF NOT EXISTS "WorkerInstance_workerType_status_lastHeartbeatAt_idx"
    ON "WorkerInstance" ("workerType", status, "lastHeartbeatAt");

-- check_schedule_nextrun and check_schedule_failures: only enabled schedules count.
-- snake: job_schedule (next_run_at) WHERE enabled
CREATE INDEX CONCURRENTLY IF NOT EXISTS "JobSchedule_enabled_nextRunAt_partial_idx"
    ON "JobSchedule" ("nextRunAt") WHERE enabled;
