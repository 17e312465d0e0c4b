-- Sample data for tools/demo, on prisma.sql: a healthy system as of the real clock.
-- Times are UTC wall-clock values, as Prisma stores them.
\set utc '(now() AT TIME ZONE ''UTC'')'
-- The most recent 02:00 and hh:05 that have passed.
\set daily '(date_trunc(''day'', :utc - interval ''2 hours'') + interval ''2 hours'')'
\set hourly '(date_trunc(''hour'', :utc - interval ''5 minutes'') + interval ''5 minutes'')'

INSERT INTO "WorkerInstance" ("id", "workerType", "status", "hostname", "pid", "startedAt", "lastHeartbeatAt") VALUES
    ('w-5', 'schedule_daemon', 'STOPPED', 'app-2', 3101, :utc - interval '3 days', :utc - interval '26 hours'),
    ('w-6', 'schedule_daemon', 'STOPPED', 'app-1', 3870, :utc - interval '26 hours', :utc - interval '6 hours'),
    ('w-7', 'schedule_daemon', 'RUNNING', 'app-1', 4242, :utc - interval '6 hours', :utc - interval '12 seconds'),
    ('jw-1', 'job_worker', 'RUNNING', 'app-1', 4250, :utc - interval '6 hours', :utc - interval '3 seconds'),
    ('jw-2', 'job_worker', 'RUNNING', 'app-2', 1733, :utc - interval '6 hours', :utc - interval '8 seconds');

INSERT INTO "JobSchedule" ("id", "cron", "enabled", "nextRunAt", "lastRunAt", "lockedAt", "lockedBy") VALUES
    ('daily-full-sync', '0 2 * * *', true, :daily + interval '1 day', :daily, NULL, NULL),
    ('hourly-feed-import', '5 * * * *', true, :hourly + interval '1 hour', :hourly, NULL, NULL),
    ('feed-cleanup', '*/15 * * * *', true, :utc + interval '7 minutes', :utc - interval '8 minutes', NULL, NULL),
    ('legacy-export', '0 4 * * 1', false, NULL, :utc - interval '40 days', NULL, NULL);

INSERT INTO "JobRun" ("id", "scheduleId", "jobName", "status", "startedAt", "finishedAt", "error")
SELECT 'run-sync-' || d, 'daily-full-sync', 'full-sync', 'SUCCESS',
       :daily - d * interval '1 day',
       :daily - d * interval '1 day' + interval '14 minutes', NULL
FROM generate_series(0, 6) AS d;

INSERT INTO "JobRun" ("id", "scheduleId", "jobName", "status", "startedAt", "finishedAt", "error")
SELECT 'run-feed-' || h, 'hourly-feed-import', 'feed-import', 'COMPLETED',
       :hourly - h * interval '1 hour', :hourly - h * interval '1 hour' + interval '1 minute', NULL
FROM generate_series(0, 47) AS h
WHERE h <> 30;

INSERT INTO "JobRun" ("id", "scheduleId", "jobName", "status", "startedAt", "finishedAt", "error") VALUES
    ('run-feed-30', 'hourly-feed-import', 'feed-import', 'FAILED', :hourly - interval '30 hours', :hourly - interval '30 hours' + interval '2 minutes', E'upstream returned 503\nretry scheduled'),
    ('run-manual-1', NULL, 'reindex', 'SUCCESS', :utc - interval '2 days', :utc - interval '2 days' + interval '3 minutes', NULL);
