// check_schedule_failures: are scheduled jobs failing in a row? Counts, per job or per
// schedule, the failed runs since the newest success, and the success rate of the window.
#include "lib/duration.hpp"
#include "lib/number.hpp"
#include "lib/plugin.hpp"
#include "lib/run_group.hpp"
#include "lib/run_statement.hpp"
#include "lib/sanitize.hpp"
#include "lib/schedule_filter.hpp"
#include "lib/status_labels.hpp"
#include "lib/wording.hpp"

#include <cmath>

namespace po = boost::program_options;
using namespace mps;

namespace {

// $1/$2 include/exclude patterns, $3 include disabled schedules (the CTE s of
// ScheduleFilter::selection), $4 window (s), $5 failed and $6 success statuses (untyped: see
// lib/status_labels.hpp), $7 group by job, $8/$9/$10 the names of the run's schedule id, the
// schedule's id and the run's start time columns. Totals on every row, then at most 50
// failing groups with the newest error of each.
// The failed runs of the window come first (few while all is well; IS TRUE is, verbatim,
// the WHERE of the recommended partial index of failed runs); a group with a failure is
// failing unless a success started at or after its newest failure. The successes of the
// last day (at most the window) are matched to those groups alone: a group that ran since
// has its newest success there, and only the groups without one after their newest failure
// go on (pending). Those without any look up their newest success in the window:
// one by one while they are few (at most 100; per job through (schedule id, job name,
// started at), so that the recommended index answers it alone), else in one pass.
// The window's successes are counted, for the rate, where a validated foreign key vouches
// that every run's schedule exists, an index leads with the start time (without one that
// count would read the whole table) and at most 100 schedules are left out: all successes
// with a schedule (the recommended index of successes' start times; the statuses again as
// its WHERE clause) less those of the schedules left out, one look each. Else each success
// is matched to the selection, a hash probe per run. Window bounds take the start column's own
// type ({run.started_at: ...}), so that no scan converts each entry it reads.
const std::string sql = ScheduleFilter::selection() + R"(, failed AS MATERIALIZED (
    SELECT {run.schedule_id}::text AS schedule, {run.started_at} AS at,
           CASE WHEN $7::boolean THEN {run.job_name}::text END AS job
    FROM {run} WHERE ({run.status} = ANY ($5)) IS TRUE
      AND {run.started_at} >= {run.started_at: now() - $4::float8 * interval '1 second'}
      AND {run.schedule_id}::text IN (SELECT id FROM s)
), groups AS MATERIALIZED (
    SELECT schedule, job, max(at) AS at FROM failed GROUP BY 1, 2
), recent AS MATERIALIZED (
    SELECT g.schedule, g.job, max(r.at) AS at
    FROM (SELECT {run.schedule_id}::text AS schedule, {run.started_at} AS at,
                 CASE WHEN $7::boolean THEN {run.job_name}::text END AS job
          FROM {run} WHERE {run.status} = ANY ($6)
            AND {run.started_at} >= {run.started_at: now() - least($4::float8, 86400) * interval '1 second'}) r
    JOIN groups g ON g.schedule = r.schedule AND coalesce(g.job, '') = coalesce(r.job, '')
                 AND g.job IS NOT DISTINCT FROM r.job
    GROUP BY 1, 2
), pending AS MATERIALIZED (
    SELECT g.schedule, g.job, g.at AS failed_at, rc.at FROM groups g
    LEFT JOIN recent rc ON rc.schedule = g.schedule AND rc.job IS NOT DISTINCT FROM g.job
    WHERE rc.at IS NULL OR rc.at < g.at
), older AS MATERIALIZED (
    SELECT u.schedule, u.job, max(r.at) AS at
    FROM (SELECT {run.schedule_id}::text AS schedule, {run.started_at} AS at,
                 CASE WHEN $7::boolean THEN {run.job_name}::text END AS job
          FROM {run} WHERE {run.status} = ANY ($6)
            AND {run.started_at} >= {run.started_at: now() - $4::float8 * interval '1 second'}) r
    JOIN (SELECT schedule, job FROM pending WHERE at IS NULL) u ON u.schedule = r.schedule AND coalesce(u.job, '') = coalesce(r.job, '')
                    AND u.job IS NOT DISTINCT FROM r.job
    GROUP BY 1, 2
), ok AS MATERIALIZED (
    SELECT g.schedule, g.job, g.failed_at, coalesce(g.at, CASE
               WHEN $4::float8 <= 86400 THEN NULL
               WHEN g.job IS NOT NULL THEN (SELECT {run.started_at} FROM {run}
                   WHERE {run.schedule_id}::text = g.schedule AND {run.job_name}::text = g.job
                     AND {run.started_at} >= {run.started_at: now() - $4::float8 * interval '1 second'}
                     AND {run.status} = ANY ($6) ORDER BY {run.started_at} DESC LIMIT 1)
               ELSE (SELECT {run.started_at} FROM {run}
                   WHERE {run.schedule_id}::text = g.schedule
                     AND (NOT $7::boolean OR {run.job_name} IS NULL)
                     AND {run.started_at} >= {run.started_at: now() - $4::float8 * interval '1 second'}
                     AND {run.status} = ANY ($6) ORDER BY {run.started_at} DESC LIMIT 1) END) AS at
    FROM pending g
    WHERE $4::float8 <= 86400 OR (SELECT count(*) FROM pending WHERE at IS NULL) <= 100
    UNION ALL
    SELECT g.schedule, g.job, g.failed_at, coalesce(g.at, o.at) FROM pending g
    LEFT JOIN older o ON o.schedule = g.schedule AND o.job IS NOT DISTINCT FROM g.job
    WHERE $4::float8 > 86400 AND (SELECT count(*) FROM pending WHERE at IS NULL) > 100
), streaks AS MATERIALIZED (
    SELECT ok.schedule, ok.job, ok.failed_at AS at, count(*) AS streak FROM ok
    JOIN failed f ON f.schedule = ok.schedule AND coalesce(f.job, '') = coalesce(ok.job, '')
     AND f.job IS NOT DISTINCT FROM ok.job AND f.at > coalesce(ok.at, '-infinity')
    WHERE ok.at IS NULL OR ok.at < ok.failed_at
    GROUP BY 1, 2, 3
), other AS MATERIALIZED (
    SELECT {schedule.id}::text AS id FROM {schedule} WHERE {schedule.id}::text NOT IN (SELECT id FROM s)
), succeeded AS MATERIALIZED (
    SELECT CASE WHEN (SELECT count(*) FROM other) <= 100 AND EXISTS (
        SELECT FROM pg_catalog.pg_constraint c
        WHERE c.contype = 'f' AND c.convalidated
          AND c.conrelid = (SELECT typrelid FROM pg_catalog.pg_type
                            WHERE oid = pg_catalog.pg_typeof(NULL::{run}))
          AND c.confrelid = (SELECT typrelid FROM pg_catalog.pg_type
                             WHERE oid = pg_catalog.pg_typeof(NULL::{schedule}))
          AND c.conkey = ARRAY[(SELECT attnum FROM pg_catalog.pg_attribute
                                WHERE attrelid = c.conrelid AND attname = $8)]
          AND c.confkey = ARRAY[(SELECT attnum FROM pg_catalog.pg_attribute
                                 WHERE attrelid = c.confrelid AND attname = $9)]
          AND EXISTS (SELECT FROM pg_catalog.pg_index i
                      WHERE i.indrelid = c.conrelid AND i.indisvalid
                        AND i.indkey[0] = (SELECT attnum FROM pg_catalog.pg_attribute
                                           WHERE attrelid = c.conrelid AND attname = $10)))
    THEN (SELECT count(*) FROM {run} WHERE ({run.status} = ANY ($6)) IS TRUE
            AND {run.started_at} >= {run.started_at: now() - $4::float8 * interval '1 second'}
            AND {run.schedule_id} IS NOT NULL)
       - (SELECT count(*) FROM other o CROSS JOIN LATERAL (
              SELECT FROM {run} WHERE {run.schedule_id}::text = o.id
                 AND {run.started_at} >= {run.started_at: now() - $4::float8 * interval '1 second'}
                 AND {run.status} = ANY ($6) OFFSET 0) x)
    ELSE (SELECT count(*) FROM {run} WHERE {run.status} = ANY ($6)
            AND {run.started_at} >= {run.started_at: now() - $4::float8 * interval '1 second'}
            AND {run.schedule_id}::text IN (SELECT id FROM s)) END AS n
)
SELECT (SELECT coalesce(max(streak), 0) FROM streaks), (SELECT count(*) FROM streaks),
       (SELECT count(*) FROM failed) + ok.n, ok.n, g.schedule, g.job, g.streak, e.error
FROM succeeded ok
LEFT JOIN LATERAL (SELECT * FROM streaks ORDER BY streak DESC, schedule, job LIMIT 50) g ON true
LEFT JOIN LATERAL (SELECT {run.error}::text AS error FROM {run}
                   WHERE {run.schedule_id}::text = g.schedule AND {run.status} = ANY ($5)
                     AND {run.started_at} = g.at
                     AND (NOT $7::boolean OR {run.job_name}::text IS NOT DISTINCT FROM g.job)
                   LIMIT 1) e ON true
)";

struct Settings {
    double window;
    std::vector<std::string> failed;
    RunGroups groups;
    ScheduleFilter filter;
    Thresholds streak, rate;
    std::vector<StatusOption> given; // the status options given, to check for typos
};

void check(const Settings& s, Context& ctx, CheckResult& result) {
    auto params = [&s, &ctx](const StatusLabels& labels) {
        auto params = s.filter.selection_params(s.groups.include_disabled);
        params.insert(params.end(),
                      {format_number(s.window), status_array(s.failed, labels),
                       status_array(s.groups.success, labels, s.failed), s.groups.by_job_param(),
                       ctx.schema().name("run.schedule_id"), ctx.schema().name("schedule.id"),
                       ctx.schema().name("run.started_at")});
        return params;
    };
    auto answer = query_runs(ctx, result,
                             {sql, params, s.filter, s.groups.include_disabled, s.given, s.window});
    if (!answer)
        return;
    const pg::Result& rows = *answer;
    long worst = rows.count(0, 0), failing = rows.count(0, 1), runs = rows.count(0, 2),
         ok = rows.count(0, 3);
    std::optional<double> rate;
    if (runs > 0)
        rate = std::round(10000.0 * static_cast<double>(ok) / static_cast<double>(runs)) / 100;

    for (int i = 0; i < rows.rows(); ++i) {
        if (rows.is_null(i, 4))
            continue;
        std::string group = group_name(rows.item(i, 4), rows.optional_item(i, 5));
        long streak = rows.count(i, 6);
        auto error = rows.optional_text(i, 7);
        std::string text = group + " failed " + plural(streak, "time", "times") + " in a row" +
                           (error ? ": " + sanitize(first_line(*error)) : "");
        State state = s.streak.evaluate(static_cast<double>(streak));
        if (i == 0)
            result.add(state, text);
        result.add_item_detail(state, text);
    }
    result.add_omitted(1, failing - (rows.is_null(0, 4) ? 0 : rows.rows()));
    std::string window = "in the last " + human_duration(s.window);
    if (rate)
        result.add(s.rate.evaluate(*rate), "success rate " + format_number(*rate) + "% of " +
                                               plural(runs, "run", "runs") + " " + window);
    else
        result.add(State::Ok, "no finished runs " + window);
    if (failing > 0)
        result.add(State::Ok, plural(failing, "failing group", "failing groups"));

    const char* unit = s.groups.unit();
    result.add_metric(
        count_metric("worst_streak", worst, s.streak,
                     std::string("Longest run of consecutive failures of one ") + unit + "."));
    result.add_metric(count_metric(
        "failing", failing, {}, std::string("Groups (per ") + unit + ") whose newest run failed."));
    result.add_metric(count_metric("runs", runs, {}, "Finished runs in the window."));
    result.add_metric(percent_metric("success_rate", rate, s.rate,
                                     "Share of successful finished runs in the window."));
}

Check configure(const ParsedArguments& args) {
    return [s = Settings{positive_duration_option(args, "window"),
                         strings_option(args, "failed-status"), RunGroups::from(args),
                         ScheduleFilter::from(args), args.common.thresholds,
                         thresholds_option(args, "rate", Range::Unit::None),
                         given_statuses(args, {"failed-status", "success-status"})}](
               Context& ctx, CheckResult& result) { check(s, ctx, result); };
}

} // namespace

int main(int argc, char** argv) {
    Plugin plugin{"SCHEDULE_FAILURES", {}, configure};
    OptionsSpec& spec = plugin.options;
    spec.name = "check_schedule_failures";
    spec.purpose = "Checks that scheduled jobs are not failing in a row: the longest streak of "
                   "consecutive failed runs, counted back from the newest finished run.";
    spec.threshold_subject = "worst streak of consecutive failures";
    spec.warning_default = "2";
    ScheduleFilter::declare(spec.plugin_options);
    RunGroups::declare(spec.plugin_options, "count streaks");
    // clang-format off
    spec.plugin_options.add_options()
        ("window", po::value<std::string>()->default_value("7d"),
         "only runs started within this time count")
        ("failed-status", po::value<std::vector<std::string>>()->composing()
             ->default_value({"FAILED"}, "FAILED"),
         "a run status that counts as failed (repeatable)")
        ("rate-warning", po::value<std::string>(), "range on the success rate in %, e.g. 95:")
        ("rate-critical", po::value<std::string>(), "range on the success rate in %");
    // clang-format on
    return run(plugin, argc, argv);
}
