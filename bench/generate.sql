-- A Prisma-shaped dataset for bench/run: fills the tables of tests/sql/prisma.sql, which
-- must exist and be empty. Everything is made by generate_series inside the server (10 M
-- runs load in a few minutes); create the indexes afterwards, it is much faster.
--
--   psql -v schedules=1000 -v jobs=20 -v runs=10000000 -v workers=100000 -v days=365 \
--        -f bench/generate.sql
--
-- Shape:
--   "JobSchedule"    :schedules enabled (sched-00001 …) plus a tenth as many disabled
--   "JobRun"         :runs runs, evenly spread over :days days up to now, round-robin over
--                    the (schedule, job) groups, :jobs jobs per schedule; 1 % manual runs
--                    (no schedule), 2 % failed and 0.5 % cancelled at random (only every
--                    other run of a group may fail or be cancelled: never two in a row),
--                    the newest 20 still RUNNING; three failing
--                    streaks planted, at the default size sched-00007/job-03 (4 in a
--                    row), sched-00042/job-11 (5) and sched-00100/job-00 (6); with fewer
--                    schedules or jobs the numbers wrap (modulo), so tiny sizes have them too
--   "WorkerInstance" :workers workers over the same days; every tenth a schedule_daemon;
--                    all STOPPED except the newest schedule_daemon and ten job_workers
-- "Random" choices come from a multiplicative hash of the row number (0..999, spread over
-- every group alike): the same arguments give the same data. Times are UTC wall-clock values, as Prisma stores them.
\set ON_ERROR_STOP on
SET synchronous_commit = off;
-- The generation itself is serial; parallel workers would only compete with the load.
SET max_parallel_workers_per_gather = 0;

CREATE TEMP TABLE bench_params AS
SELECT :schedules::int AS schedules, :jobs::int AS jobs, :runs::bigint AS runs,
       :workers::int AS workers, :days::int AS days,
       date_trunc('second', now() AT TIME ZONE 'UTC') AS t0;

INSERT INTO "JobSchedule" ("id", "cron", "enabled", "nextRunAt", "lastRunAt", "lockedAt", "lockedBy")
SELECT 'sched-' || lpad(s::text, 5, '0'),
       (s % 60) || ' * * * *',
       s <= p.schedules,
       CASE WHEN s <= p.schedules THEN p.t0 + ((s * 7) % 3600) * interval '1 second' END,
       p.t0 - ((s * 13) % 3600) * interval '1 second',
       -- A few schedules are running right now: recent locks, not stuck.
       CASE WHEN s % 97 = 0 THEN p.t0 - interval '20 seconds' END,
       CASE WHEN s % 97 = 0 THEN 'w-daemon' END
FROM bench_params p, generate_series(1, p.schedules + greatest(p.schedules / 10, 1)) AS s;

-- g: the (schedule, job) group of run i; k: its position in the group, newest = kmax.
INSERT INTO "JobRun" ("id", "scheduleId", "jobName", "status", "startedAt", "finishedAt", "error")
SELECT 'c' || substr(md5(i::text), 1, 24),
       CASE WHEN manual THEN NULL ELSE 'sched-' || lpad((g % p.schedules + 1)::text, 5, '0') END,
       CASE WHEN manual THEN 'manual-reindex' ELSE 'job-' || lpad((g / p.schedules)::text, 2, '0') END,
       status::"JobStatus",
       started,
       CASE WHEN status NOT IN ('RUNNING', 'QUEUED')
            THEN started + (30 + h % 600) * interval '1 second' END,
       CASE WHEN status = 'FAILED'
            THEN E'Error: upstream returned 503 (attempt ' || (h % 5 + 1) || E')\n    at Job.run (worker.js:42:13)' END
FROM bench_params p,
     generate_series(0, p.runs - 1) AS i,
     LATERAL (SELECT i % (p.schedules * p.jobs) AS g, i / (p.schedules * p.jobs) AS k,
                     (p.runs - 1 - i % (p.schedules * p.jobs)) / (p.schedules * p.jobs) AS kmax,
                     -- Knuth's multiplicative hash, high bits: the low digits of
                     -- i * 2654435761 would repeat with every 1,000th row, i.e. by group.
                     (i * 2654435761) % 4294967296 / 4294968 AS h,
                     p.t0 - (p.days * 86400.0 * (p.runs - 1 - i) / p.runs) * interval '1 second'
                       AS started) a,
     LATERAL (SELECT CASE
                       WHEN (g = 6 % p.schedules + (3 % p.jobs) * p.schedules AND kmax - k < 4)
                         OR (g = 41 % p.schedules + (11 % p.jobs) * p.schedules AND kmax - k < 5)
                         OR (g = 99 % p.schedules AND kmax - k < 6) THEN 'planted'
                     END AS planted) pl,
     LATERAL (SELECT planted IS NULL AND (h * 7) % 100 = 3 AS manual) m,
     LATERAL (SELECT CASE
                       WHEN planted IS NOT NULL THEN 'FAILED'
                       WHEN i >= p.runs - 20 THEN 'RUNNING'
                       WHEN k % 2 = 0 AND h < 40 THEN 'FAILED'
                       WHEN k % 2 = 0 AND h < 50 THEN 'CANCELLED'
                       WHEN h % 10 = 0 THEN 'COMPLETED'
                       ELSE 'SUCCESS'
                     END AS status) st;

INSERT INTO "WorkerInstance" ("id", "workerType", "status", "hostname", "pid", "startedAt", "lastHeartbeatAt")
SELECT 'w-' || w,
       CASE WHEN w % 10 = 0 THEN 'schedule_daemon' ELSE 'job_worker' END,
       (CASE WHEN w = p.workers - p.workers % 10 OR (w % 10 <> 0 AND w > p.workers - 11)
             THEN 'RUNNING' ELSE 'STOPPED' END)::"WorkerStatus",
       'app-' || (w % 8 + 1),
       1000 + (w * 7919) % 60000,
       started,
       CASE WHEN w = p.workers - p.workers % 10 OR (w % 10 <> 0 AND w > p.workers - 11)
            THEN p.t0 - interval '5 seconds'
            ELSE least(started + interval '20 minutes', p.t0 - interval '1 hour') END
FROM bench_params p, generate_series(1, p.workers) AS w,
     LATERAL (SELECT p.t0 - interval '1 hour'
                     - (p.days * 86400.0 * (p.workers - w) / p.workers) * interval '1 second'
                     AS started) a;
