-- A read-only PostgreSQL role for monitoring-plugins-schedule.
--
-- It may connect, see the daemon's schema and SELECT exactly the columns the plugins
-- read (see monitoring-plugins-schedule(7), "Privileges"); nothing else. Every session
-- of the role is read-only by default as well (the plugins also run each statement in
-- a READ ONLY transaction themselves).
--
-- Run it as the tables' owner or a superuser, in the daemon's database:
--
--   psql -d scheduler -f grant-monitoring-role.sql
--   psql -d scheduler -v role=icinga -v schema=app -v naming=snake -f grant-monitoring-role.sql
--
-- psql variables (all optional):
--   role    the role to create or update         (default: nagios_schedule)
--   schema  the schema that holds the tables     (default: public)
--   naming  prisma ("WorkerInstance", quoted camelCase columns) or snake
--           (worker_instance, snake_case columns) (default: prisma)
--
-- The role is created with LOGIN and no password: give it one (ALTER ROLE ... PASSWORD,
-- then ~/.pgpass on the monitoring host) or use peer/certificate authentication. If you
-- map tables or columns to other names with --table/--column, edit the GRANTs to match.
-- Running the script twice is harmless.

\set ON_ERROR_STOP on

\if :{?role}
\else
\set role nagios_schedule
\endif
\if :{?schema}
\else
\set schema public
\endif
\if :{?naming}
\else
\set naming prisma
\endif

SELECT :'naming' = 'snake' AS snake, :'naming' IN ('prisma', 'snake') AS naming_ok,
       NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = :'role') AS create_role
\gset

\if :naming_ok
\else
DO $$ BEGIN RAISE EXCEPTION 'grant-monitoring-role.sql: naming must be prisma or snake'; END $$;
\endif

BEGIN;

\if :create_role
CREATE ROLE :"role" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT;
\endif

GRANT CONNECT ON DATABASE :"DBNAME" TO :"role";
GRANT USAGE ON SCHEMA :"schema" TO :"role";

\if :snake
GRANT SELECT (id, worker_type, status, hostname, pid, started_at, last_heartbeat_at)
    ON TABLE :"schema".worker_instance TO :"role";
GRANT SELECT (id, enabled, next_run_at, last_run_at, locked_at, locked_by)
    ON TABLE :"schema".job_schedule TO :"role";
GRANT SELECT (id, schedule_id, job_name, status, started_at, finished_at, error)
    ON TABLE :"schema".job_run TO :"role";
\set run_table job_run
\set run_optional '{created_at,duration_ms}'
\else
GRANT SELECT (id, "workerType", status, hostname, pid, "startedAt", "lastHeartbeatAt")
    ON TABLE :"schema"."WorkerInstance" TO :"role";
GRANT SELECT (id, enabled, "nextRunAt", "lastRunAt", "lockedAt", "lockedBy")
    ON TABLE :"schema"."JobSchedule" TO :"role";
GRANT SELECT (id, "scheduleId", "jobName", status, "startedAt", "finishedAt", error)
    ON TABLE :"schema"."JobRun" TO :"role";
\set run_table JobRun
\set run_optional '{createdAt,durationMs}'
\endif

-- The optional run columns (when queued, duration), where the table has them.
SELECT string_agg(pg_catalog.quote_ident(attname), ', ') AS run_optional_columns,
       count(*) > 0 AS run_has_optional
FROM pg_catalog.pg_attribute
WHERE attrelid = pg_catalog.format('%I.%I', :'schema', :'run_table')::regclass
  AND attname = ANY (:'run_optional'::text[]) AND attnum > 0 AND NOT attisdropped
\gset
\if :run_has_optional
GRANT SELECT (:run_optional_columns) ON TABLE :"schema".:"run_table" TO :"role";
\endif

-- Belt and braces: even a hand-typed session of this role cannot write.
ALTER ROLE :"role" SET default_transaction_read_only = on;

COMMIT;
