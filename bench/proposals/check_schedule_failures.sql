-- Proposed statement for check_schedule_failures (rendered with the Prisma names; in
-- plugins/check_schedule_failures.cpp write {run.schedule_id} etc. as today). Same
-- parameters, same result columns and rows as the current statement.
--   $1 window (s), $2 failed and $3 success statuses, $4 include disabled schedules,
--   $5/$6 include/exclude patterns, $7 group by job.
-- What changes, and why (measurements in bench/README.md):
--   * s selects the raw schedule id, and runs compare "scheduleId" with it uncast:
--     "scheduleId"::text IN (…) works but hides the column's type from the planner.
--   * groups are aggregated in one hash pass: no sort of every run in the window for a
--     window function (the current statement spills that sort to disk at 190k runs).
--   * the streak is counted only for the groups whose newest terminal run failed (a
--     handful), each from the index ("scheduleId", "startedAt"), after that group's
--     newest success.
--   * with the index of bench/recommended-indexes.sql ("startedAt" INCLUDE
--     ("scheduleId", "jobName", status)) the window is one index-only range scan, so the
--     cost follows the runs inside --window, not all runs ever recorded.
-- Measured and rejected: a per-schedule LATERAL scan of ("scheduleId", "startedAt")
-- (NOTES.md's idea; needs OFFSET 0 or the planner flattens it back into a hash join over
-- a parallel seq scan): 2.5 s at 10 M runs, because consecutive runs belong to different
-- schedules and every run of one schedule sits on its own heap page (190k page visits).
WITH s AS MATERIALIZED (
    SELECT "id" AS raw_id FROM "JobSchedule"
    WHERE ($4::boolean OR "enabled")
      AND ($5::text[] IS NULL OR "id"::text LIKE ANY ($5::text[]))
      AND NOT ("id"::text LIKE ANY ($6::text[]))
), runs AS MATERIALIZED (
    SELECT r."scheduleId"::text AS schedule_id,
           CASE WHEN $7::boolean THEN r."jobName"::text END AS job,
           r."status"::text = ANY ($2::text[]) AS failed, r."startedAt" AS started_at
    FROM "JobRun" r
    WHERE r."startedAt" >= now() - $1::float8 * interval '1 second'
      AND r."status"::text = ANY ($2::text[] || $3::text[])
      AND r."scheduleId" IN (SELECT raw_id FROM s)
), groups AS MATERIALIZED (
    SELECT schedule_id, job, count(*) AS runs, count(*) FILTER (WHERE NOT failed) AS ok,
           max(started_at) FILTER (WHERE NOT failed) AS last_ok,
           max(started_at) FILTER (WHERE failed) AS last_failed
    FROM runs GROUP BY schedule_id, job
), failing AS (
    -- Only groups whose newest terminal run failed have a streak: count it from the index.
    SELECT g.schedule_id, g.job, (
               SELECT count(*) FROM "JobRun"
               WHERE "scheduleId"::text = g.schedule_id
                 AND "startedAt" >= now() - $1::float8 * interval '1 second'
                 AND (g.last_ok IS NULL OR "startedAt" > g.last_ok)
                 AND (NOT $7::boolean OR "jobName"::text = g.job)
                 AND "status"::text = ANY ($2::text[])) AS streak
    FROM groups g
    WHERE g.last_failed IS NOT NULL AND (g.last_ok IS NULL OR g.last_failed > g.last_ok)
), totals AS (
    SELECT coalesce((SELECT max(streak) FROM failing), 0) AS worst,
           (SELECT count(*) FROM failing) AS failing,
           coalesce(sum(runs), 0) AS runs, coalesce(sum(ok), 0) AS ok
    FROM groups
)
SELECT t.worst, t.failing, t.runs, t.ok, g.schedule_id, g.job, g.streak, e.error
FROM totals t
LEFT JOIN LATERAL (SELECT * FROM failing
                   ORDER BY streak DESC, schedule_id, job LIMIT 50) g ON true
LEFT JOIN LATERAL (SELECT "error"::text AS error FROM "JobRun"
                   WHERE "scheduleId"::text = g.schedule_id
                     AND "startedAt" >= now() - $1::float8 * interval '1 second'
                     AND (NOT $7::boolean OR "jobName"::text = g.job)
                     AND "status"::text = ANY ($2::text[])
                   ORDER BY "startedAt" DESC LIMIT 1) e ON true
