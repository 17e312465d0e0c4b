// check_schedule_runs: are jobs finishing, and in their usual time? Judges the oldest running
// and queued runs, runs far beyond their group's usual duration, and duration regressions.
#include "lib/column_type.hpp"
#include "lib/duration.hpp"
#include "lib/duration_baseline.hpp"
#include "lib/group_series.hpp"
#include "lib/number.hpp"
#include "lib/plugin.hpp"
#include "lib/run_group.hpp"
#include "lib/run_statement.hpp"
#include "lib/schedule_filter.hpp"
#include "lib/status_labels.hpp"
#include "lib/wording.hpp"

namespace po = boost::program_options;
using namespace mps;

namespace {

// $1/$2 include/exclude patterns, $3 include disabled (the CTE s of ScheduleFilter::selection),
// $4 window, $5 recent (s), $6 min runs, $7 overrun factor, $8 overrun min (s), $9 groups
// listed (-1: none, not even counted), $10 success, $11 running, $12 queued statuses,
// $13 include manual, $14 group by job.
// Durations in seconds, p95 by percentile_cont; every row carries the totals, the listed items
// are tagged by kind. Only the recent part of the window is read whole (rr); the rest only for
// the groups that need a baseline (need): --min-runs recent successes (a slowdown candidate) or
// a running run (overrun); the groups listed (k) need only their recent runs. While they are
// few (at most 100) each group's runs come through (schedule id, job name, started at), with
// the recommended covering index a range of a page or two; grouped by schedule (or a run
// without a job name), each schedule's runs through its schedule id; else one pass over the
// window. Groups that need no baseline and come along (that pass, the runs without a schedule)
// are harmless: a slowdown needs --min-runs recent runs, an overrun a running run.
// OFFSET 0 keeps the lateral a loop over the groups: flattened into a join, the planner
// would rather read the whole window.
// Running and queued runs are found by status, whatever their age. Groups join on
// coalesce() = coalesce() (hashable) and IS NOT DISTINCT FROM (exact); a schedule list inside
// an OR stays a hashed subplan, whatever the planner expects of its size.
const std::string sql = ScheduleFilter::selection() + R"(, rr AS MATERIALIZED (
    SELECT {run.schedule_id}::text AS schedule,
           CASE WHEN $14::boolean THEN {run.job_name}::text END AS job, {run.status} AS status,
           CASE WHEN {run.status} = ANY ($10) THEN coalesce({run.duration_ms}::float8 / 1000,
               date_part('epoch', {run.finished_at} - {run.started_at})) END AS d
    FROM {run} WHERE {run.started_at} >= now() - $5::float8 * interval '1 second'
      AND {run.schedule_id}::text IN (SELECT id FROM s)
    UNION ALL
    SELECT NULL, CASE WHEN $14::boolean THEN {run.job_name}::text END, {run.status},
           CASE WHEN {run.status} = ANY ($10) THEN coalesce({run.duration_ms}::float8 / 1000,
               date_part('epoch', {run.finished_at} - {run.started_at})) END
    FROM {run} WHERE {run.started_at} >= now() - $5::float8 * interval '1 second'
      AND $13::boolean AND $1::text[] IS NULL AND {run.schedule_id} IS NULL
), live AS MATERIALIZED (
    SELECT {run.id}::text AS id, {run.schedule_id}::text AS schedule,
           CASE WHEN $14::boolean THEN {run.job_name}::text END AS job,
           {run.status} = ANY ($11) AS running,
           floor(extract(epoch FROM now() - CASE WHEN {run.status} = ANY ($11) THEN {run.started_at}
               ELSE coalesce({run.created_at}, {run.started_at}) END))::float8 AS age
    FROM {run} WHERE ({run.status} = ANY ($11) OR {run.status} = ANY ($12))
      AND ({run.schedule_id}::text IN (SELECT id FROM s)
           OR ($13::boolean AND $1::text[] IS NULL AND {run.schedule_id} IS NULL))
), k AS MATERIALIZED (
    SELECT schedule, job, count(*) AS runs, count(d) AS n, round(sum(d)::numeric, 3)::float8 AS total
    FROM rr WHERE $9 > 0 GROUP BY 1, 2 ORDER BY 1, 2 LIMIT greatest($9, 0)
), need AS MATERIALIZED (
    SELECT schedule, job, bool_or(base) AS base FROM (
        SELECT schedule, job, true AS base FROM rr WHERE d IS NOT NULL
        GROUP BY schedule, job HAVING count(*) >= $6
        UNION ALL SELECT schedule, job, true FROM live WHERE running AND $7::float8 > 0
        UNION ALL SELECT schedule, job, false FROM k) x
    GROUP BY 1, 2
), base AS MATERIALIZED (
    SELECT n.schedule, n.job, x.ms, x.took
    FROM (SELECT schedule, job FROM need
          WHERE base AND schedule IS NOT NULL AND job IS NOT NULL) n
    CROSS JOIN LATERAL (
        SELECT {run.duration_ms} AS ms, {run.finished_at} - {run.started_at} AS took
        FROM {run} WHERE {run.schedule_id}::text = n.schedule AND {run.job_name}::text = n.job
           AND {run.started_at} >= now() - $4::float8 * interval '1 second'
           AND {run.started_at} < now() - $5::float8 * interval '1 second'
           AND {run.status} = ANY ($10) OFFSET 0) x
    WHERE (SELECT count(*) FROM need WHERE base AND schedule IS NOT NULL) <= 100
    UNION ALL
    SELECT ns.schedule, x.job, x.ms, x.took
    FROM (SELECT DISTINCT schedule FROM need
          WHERE base AND schedule IS NOT NULL AND job IS NULL) ns
    CROSS JOIN LATERAL (
        SELECT {run.job_name}::text AS job, {run.duration_ms} AS ms,
               {run.finished_at} - {run.started_at} AS took
        FROM {run} WHERE {run.schedule_id}::text = ns.schedule
           AND (NOT $14::boolean OR {run.job_name} IS NULL)
           AND {run.started_at} >= now() - $4::float8 * interval '1 second'
           AND {run.started_at} < now() - $5::float8 * interval '1 second'
           AND {run.status} = ANY ($10) OFFSET 0) x
    WHERE (SELECT count(*) FROM need WHERE base AND schedule IS NOT NULL) <= 100
    UNION ALL
    SELECT {run.schedule_id}::text, {run.job_name}::text, {run.duration_ms},
           {run.finished_at} - {run.started_at}
    FROM {run} WHERE {run.started_at} >= now() - $4::float8 * interval '1 second'
       AND {run.started_at} < now() - $5::float8 * interval '1 second'
       AND {run.status} = ANY ($10)
       AND {run.schedule_id}::text IN (SELECT schedule FROM need WHERE base)
       AND (SELECT count(*) FROM need WHERE base AND schedule IS NOT NULL) > 100
    UNION ALL
    SELECT NULL, {run.job_name}::text, {run.duration_ms}, {run.finished_at} - {run.started_at}
    FROM {run} WHERE {run.started_at} >= now() - $4::float8 * interval '1 second'
       AND {run.started_at} < now() - $5::float8 * interval '1 second'
       AND {run.status} = ANY ($10) AND {run.schedule_id} IS NULL
       AND EXISTS (SELECT FROM need WHERE base AND schedule IS NULL)
), g AS MATERIALIZED (
    SELECT *, CASE WHEN n_recent >= $6 AND n_base >= $6 AND p95_base > 0
                   THEN round((p95_recent / p95_base)::numeric, 2)::float8 END AS slowdown
    FROM (SELECT schedule, job, count(*) AS n, count(*) FILTER (WHERE recent) AS n_recent,
                 count(*) FILTER (WHERE NOT recent) AS n_base,
                 round(percentile_cont(0.95) WITHIN GROUP (ORDER BY d)::numeric, 3)::float8 AS p95,
                 round(percentile_cont(0.5) WITHIN GROUP (ORDER BY d) FILTER (WHERE recent)
                       ::numeric, 3)::float8 AS p50_recent,
                 round(percentile_cont(0.95) WITHIN GROUP (ORDER BY d) FILTER (WHERE recent)
                       ::numeric, 3)::float8 AS p95_recent,
                 round(percentile_cont(0.95) WITHIN GROUP (ORDER BY d) FILTER (WHERE NOT recent)
                       ::numeric, 3)::float8 AS p95_base
          FROM (SELECT schedule, job, true AS recent, d FROM rr WHERE d IS NOT NULL
                  AND EXISTS (SELECT FROM need
                      WHERE coalesce(need.schedule, '') = coalesce(rr.schedule, '')
                        AND coalesce(need.job, '') = coalesce(rr.job, '')
                        AND need.schedule IS NOT DISTINCT FROM rr.schedule
                        AND need.job IS NOT DISTINCT FROM rr.job)
                UNION ALL
                SELECT schedule, CASE WHEN $14::boolean THEN job END, false,
                       coalesce(ms::float8 / 1000, date_part('epoch', took)) FROM base) x
          WHERE d IS NOT NULL
          GROUP BY 1, 2) y
), l AS MATERIALIZED (
    SELECT live.*, g.p95, running AND $7::float8 > 0 AND g.n >= $6 AND age > $8::float8
                          AND age > $7::float8 * g.p95 AS overrun
    FROM live LEFT JOIN g ON coalesce(g.schedule, '') = coalesce(live.schedule, '')
        AND coalesce(g.job, '') = coalesce(live.job, '')
        AND g.schedule IS NOT DISTINCT FROM live.schedule AND g.job IS NOT DISTINCT FROM live.job
), t AS (
    SELECT count(*) FILTER (WHERE running) AS running, max(age) FILTER (WHERE running) AS oldest,
           count(*) FILTER (WHERE overrun) AS overrunning, count(*) FILTER (WHERE NOT running) AS queued,
           max(age) FILTER (WHERE NOT running) AS oldest_queued FROM l
), a AS (
    SELECT round(percentile_cont(0.5) WITHIN GROUP (ORDER BY d)::numeric, 3)::float8 AS p50,
           round(percentile_cont(0.95) WITHIN GROUP (ORDER BY d)::numeric, 3)::float8 AS p95
    FROM rr
)
SELECT r.*, t.*, a.p50, a.p95, (SELECT max(slowdown) FROM g),
       CASE WHEN $9 >= 0 THEN (SELECT count(*) FROM (SELECT DISTINCT schedule, job FROM rr) x) END
FROM t CROSS JOIN a LEFT JOIN LATERAL (
    (SELECT 'running' AS kind, id, schedule, job, NULL AS status, age AS a, p95 AS b,
            NULL::float8 AS c, NULL::float8 AS d FROM l WHERE running ORDER BY age DESC, id LIMIT 50)
    UNION ALL (SELECT 'overrun', id, schedule, job, NULL, age, p95, NULL, NULL FROM l
               WHERE overrun ORDER BY age / nullif(p95, 0) DESC NULLS FIRST, id LIMIT 50)
    UNION ALL (SELECT 'queued', id, schedule, job, NULL, age, NULL, NULL, NULL FROM l
               WHERE NOT running ORDER BY age DESC, id LIMIT 50)
    UNION ALL (SELECT 'slowdown', NULL, schedule, job, NULL, p95_recent, p95_base, slowdown, NULL
               FROM g WHERE slowdown IS NOT NULL ORDER BY slowdown DESC, schedule, job LIMIT 50)
    UNION ALL (SELECT 'group', NULL, k.schedule, k.job, NULL, k.n, g.p50_recent, g.p95_recent, k.total
               FROM k LEFT JOIN g ON coalesce(g.schedule, '') = coalesce(k.schedule, '')
                AND coalesce(g.job, '') = coalesce(k.job, '')
                AND g.schedule IS NOT DISTINCT FROM k.schedule AND g.job IS NOT DISTINCT FROM k.job)
    UNION ALL (SELECT 'runs', NULL, k.schedule, k.job, rr.status::text, count(*), NULL, NULL, NULL
               FROM k JOIN rr ON coalesce(rr.schedule, '') = coalesce(k.schedule, '')
                AND coalesce(rr.job, '') = coalesce(k.job, '')
                AND rr.schedule IS NOT DISTINCT FROM k.schedule AND rr.job IS NOT DISTINCT FROM k.job
               GROUP BY 3, 4, 5)
) r ON true
)";

struct Settings {
    DurationBaseline baseline;
    std::vector<std::string> running, queued;
    RunGroups groups;
    bool include_manual;
    ScheduleFilter filter;
    Thresholds age, queue, backlog, slowdown;
    std::vector<StatusOption> given; // the status options given, to check for typos
};

void check(const Settings& s, Context& ctx, CheckResult& result) {
    auto params = [&s](const StatusLabels& labels) {
        auto params = s.filter.selection_params(s.groups.include_disabled);
        auto baseline = s.baseline.params();
        params.insert(params.end(), baseline.begin(), baseline.end());
        params.insert(params.end(),
                      {status_array(s.groups.success, labels), status_array(s.running, labels),
                       status_array(s.queued, labels, s.running),
                       s.include_manual ? "true" : "false", s.groups.by_job_param()});
        return params;
    };
    auto answer = query_runs(
        ctx, result,
        {sql, params, s.filter, s.groups.include_disabled, s.given, s.baseline.window,
         numeric_column_check(ctx.schema(), "run.duration_ms", "a number of milliseconds")});
    if (!answer)
        return;
    const pg::Result& rows = *answer;
    long running = rows.count(0, 9), overrunning = rows.count(0, 11), queued = rows.count(0, 12),
         groups = rows.count(0, 17);
    double oldest = rows.number(0, 10).value_or(0), oldest_queued = rows.number(0, 13).value_or(0);
    auto max_slowdown = rows.number(0, 16);
    auto listed = rows.rows_by(0);
    auto group = [&](int i) {
        return group_name(rows.optional_item(i, 2), rows.optional_item(i, 3));
    };
    auto run = [&](int i) { return group(i) + " run " + rows.item(i, 1); };
    auto seconds = [&](int i, int column) {
        return human_duration(rows.number(i, column).value_or(0));
    };

    if (running == 0)
        result.add(s.age.evaluate(0), "no running runs");
    for (int i : listed["running"]) {
        State state = s.age.evaluate(rows.number(i, 5).value_or(0));
        std::string text = run(i) + " running for " + seconds(i, 5);
        if (i == listed["running"].front())
            result.add(state, plural(running, "run", "runs") + " running, oldest " + text);
        result.add_item_detail(state, text);
    }
    result.add_omitted(2, running - static_cast<long>(listed["running"].size()));
    for (int i : listed["overrun"]) {
        std::string text =
            run(i) + " running for " + seconds(i, 5) + ", usually " + seconds(i, 6) + " (p95)";
        if (i == listed["overrun"].front())
            result.add(State::Warning, (overrunning > 1 ? plural(overrunning, "run", "runs") +
                                                              " overrunning, worst "
                                                        : "overrunning: ") +
                                           text);
        result.add_detail(1, "overrunning: " + text);
    }
    State backlog = s.backlog.evaluate(static_cast<double>(queued));
    if (queued == 0)
        result.add(backlog, "no queued runs");
    for (int i : listed["queued"]) {
        State state = s.queue.evaluate(rows.number(i, 5).value_or(0));
        std::string text = run(i) + " waiting for " + seconds(i, 5);
        if (i == listed["queued"].front())
            result.add(worst(state, backlog),
                       plural(queued, "run", "runs") + " queued, oldest " + text);
        result.add_item_detail(state, "queued: " + text);
    }
    result.add_omitted(2, queued - static_cast<long>(listed["queued"].size()));
    for (int i : listed["slowdown"]) {
        State state = s.slowdown.evaluate(rows.number(i, 7).value_or(0));
        std::string text = group(i) + " p95 " + seconds(i, 5) + " in the last " +
                           human_duration(s.baseline.recent) + ", " +
                           format_number(*rows.number(i, 7)) + "x its " + seconds(i, 6) + " before";
        if (i == listed["slowdown"].front() && state != State::Ok)
            result.add(state, "slowdown: " + text);
        result.add_item_detail(state, "slowdown: " + text);
    }
    for (int i : listed["group"])
        result.add_detail(
            2, group(i) + ": " + plural(rows.count(i, 5), "successful run", "successful runs") +
                   " in the last " + human_duration(s.baseline.recent) +
                   (rows.count(i, 5) ? ", p50 " + seconds(i, 6) + ", p95 " + seconds(i, 7) : ""));

    result.add_metric(count_metric("running", running, {}, "Runs in a running status."));
    result.add_metric(
        seconds_metric("oldest_running", oldest, s.age, "Age of the oldest running run."));
    result.add_metric(count_metric("overrunning", overrunning, {},
                                   "Running runs far beyond their group's usual (p95) duration."));
    result.add_metric(
        count_metric("queued", queued, s.backlog, "Runs waiting in a queued status."));
    result.add_metric(
        seconds_metric("oldest_queued", oldest_queued, s.queue, "Wait of the oldest queued run."));
    result.add_metric(seconds_metric("duration_p50", rows.number(0, 14), {},
                                     "Median duration of the recent successful runs."));
    result.add_metric(seconds_metric("duration_p95", rows.number(0, 15), {},
                                     "95th percentile duration of the recent successful runs."));
    result.add_metric(
        count_metric("max_slowdown", max_slowdown, s.slowdown,
                     "Largest ratio of a group's recent p95 duration to its earlier p95."));
    auto at = [&](int i) { return RunGroup{rows.optional_text(i, 2), rows.optional_text(i, 3)}; };
    for (int i : listed["group"])
        add_duration_summary(result, at(i), rows.number(i, 6), rows.number(i, 7),
                             rows.number(i, 8).value_or(0), rows.count(i, 5));
    for (int i : listed["runs"])
        add_run_count(result, at(i), rows.optional_text(i, 4).value_or(""), rows.count(i, 5));
    add_series_omitted(result, "schedule_runs", groups - static_cast<long>(listed["group"].size()));
}

Check configure(const ParsedArguments& args) {
    Settings s{DurationBaseline::from(args),
               strings_option(args, "running-status"),
               strings_option(args, "queued-status"),
               RunGroups::from(args),
               flag_option(args, "include-manual"),
               ScheduleFilter::from(args),
               args.common.thresholds,
               thresholds_option(args, "queue", Range::Unit::Duration),
               thresholds_option(args, "backlog", Range::Unit::None),
               thresholds_option(args, "slowdown", Range::Unit::None),
               given_statuses(args, {"success-status", "running-status", "queued-status"})};
    return [s](Context& ctx, CheckResult& result) { check(s, ctx, result); };
}

} // namespace

int main(int argc, char** argv) {
    Plugin plugin{"SCHEDULE_RUNS", {}, configure};
    OptionsSpec& spec = plugin.options;
    spec.name = "check_schedule_runs";
    spec.purpose = "Checks that scheduled jobs finish, and in their usual time: the oldest "
                   "running run, runs far beyond their usual duration, the queue, and duration "
                   "regressions against each job's own history, on the database clock.";
    spec.threshold_subject = "age of the oldest running run";
    spec.threshold_unit = Range::Unit::Duration;
    spec.warning_default = "1h";
    ScheduleFilter::declare(spec.plugin_options);
    RunGroups::declare(spec.plugin_options, "compare durations");
    declare_thresholds(spec.plugin_options, "queue", "range on the oldest queued run's wait",
                       "10m");
    declare_thresholds(spec.plugin_options, "backlog", "range on the number of queued runs");
    declare_thresholds(spec.plugin_options, "slowdown",
                       "range on the largest ratio recent p95 / earlier p95, e.g. 2");
    DurationBaseline::declare(spec.plugin_options);
    // clang-format off
    spec.plugin_options.add_options()
        ("running-status", po::value<std::vector<std::string>>()->composing()
             ->default_value({"RUNNING"}, "RUNNING"), "a status of a running run (repeatable)")
        ("queued-status", po::value<std::vector<std::string>>()->composing()
             ->default_value({"QUEUED"}, "QUEUED"), "a status of a queued run (repeatable)")
        ("include-manual", po::bool_switch(), "also count runs without a schedule");
    // clang-format on
    return run(plugin, argc, argv);
}
