// check_schedule_nextrun: will every enabled schedule run? Finds enabled schedules with no
// next run, with a next run in the past (late) and with a lock held too long (stuck).
#include "lib/duration.hpp"
#include "lib/number.hpp"
#include "lib/plugin.hpp"
#include "lib/schedule_filter.hpp"
#include "lib/sql_values.hpp"
#include "lib/wording.hpp"

namespace po = boost::program_options;
using namespace mps;

namespace {

// $1 include patterns (NULL: all), $2 exclude patterns, $3..$5 / $6..$8 the lateness
// warning / critical ranges, $9..$11 / $12..$14 the lock ones, $15 list every schedule.
// Aggregates come on every row; the rows name at most 50 offenders of each kind. The
// schedules are read once: the totals need all of them, and planning five inlined copies
// cost a fresh session more than the whole scan.
const std::string sql = R"(
WITH s AS MATERIALIZED (
    SELECT {schedule.id}::text AS id, {schedule.next_run_at} IS NULL AS missing,
           {schedule.locked_by}::text AS locked_by,
           floor(extract(epoch FROM now() - {schedule.next_run_at}))::float8 AS overdue,
           -- greatest() skips NULLs; a missing time must stay NULL, not become 0.
           CASE WHEN {schedule.next_run_at} IS NOT NULL THEN greatest(0,
               floor(extract(epoch FROM now() - {schedule.next_run_at})))::float8 END AS lateness,
           CASE WHEN {schedule.locked_at} IS NOT NULL THEN greatest(0,
               floor(extract(epoch FROM now() - {schedule.locked_at})))::float8 END AS lock_age
    FROM {schedule}
    WHERE {schedule.enabled}
      AND )" + std::string(ScheduleFilter::patterns) + R"(
), judged AS NOT MATERIALIZED (
    -- A range alerts when (x BETWEEN low AND high) equals its "inside" flag.
    SELECT *, (lateness BETWEEN $3::float8 AND $4::float8) = $5::boolean
              OR (lateness BETWEEN $6::float8 AND $7::float8) = $8::boolean AS late,
              (lock_age BETWEEN $9::float8 AND $10::float8) = $11::boolean
              OR (lock_age BETWEEN $12::float8 AND $13::float8) = $14::boolean AS stuck
    FROM s
), totals AS (
    SELECT count(*) AS enabled, count(*) FILTER (WHERE missing) AS missing,
           count(*) FILTER (WHERE late) AS late, max(lateness) AS max_lateness,
           count(*) FILTER (WHERE stuck) AS stuck, max(lock_age) AS max_lock_age
    FROM judged
)
SELECT t.enabled, t.missing, t.late, t.max_lateness, t.stuck, t.max_lock_age,
       r.kind, r.id, r.age, r.locked_by
FROM totals t LEFT JOIN LATERAL (
    (SELECT 'missing' AS kind, id, NULL::float8 AS age, NULL::text AS locked_by
     FROM judged WHERE missing ORDER BY id LIMIT 50)
    UNION ALL
    (SELECT 'late', id, lateness, NULL FROM judged WHERE late ORDER BY lateness DESC, id LIMIT 50)
    UNION ALL
    (SELECT 'stuck', id, lock_age, locked_by FROM judged WHERE stuck
     ORDER BY lock_age DESC, id LIMIT 50)
    UNION ALL
    (SELECT 'checked', id, overdue, NULL FROM judged WHERE $15::boolean ORDER BY id LIMIT 500)
) r ON true
)";

struct Settings {
    ScheduleFilter filter;
    Thresholds lateness, locks, missing;
    long min_enabled;
};

void check(const Settings& s, Context& ctx, CheckResult& result) {
    auto params = s.filter.params();
    for (const auto& range :
         {s.lateness.warning, s.lateness.critical, s.locks.warning, s.locks.critical})
        for (auto& p : range_params(range))
            params.push_back(p);
    params.push_back(ctx.verbosity() >= 2 ? "true" : "false");
    auto rows =
        std::move(query_after(ctx, s.filter.match_check(result), {sql, params}).take().front());

    // Aggregates over no rows still give one row, so row 0 always holds the totals.
    long enabled = rows.count(0, 0), missing = rows.count(0, 1), late = rows.count(0, 2),
         stuck = rows.count(0, 4);
    std::optional<double> max_lateness = rows.number(0, 3), max_lock_age = rows.number(0, 5);
    auto listed = rows.rows_by(6);
    const auto &without_next = listed["missing"], &late_ones = listed["late"],
               &stuck_ones = listed["stuck"], &checked = listed["checked"];
    auto id = [&](int row) { return rows.item(row, 7); };
    auto age = [&](int row) { return rows.number(row, 8).value_or(0); };
    auto lock_text = [&](int row) {
        auto by = rows.optional_item(row, 9);
        return id(row) + " locked " + ago(age(row)) + (by ? " by " + *by : "");
    };

    State missing_state = s.missing.evaluate(static_cast<double>(missing));
    std::vector<std::string> missing_ids;
    for (int row : without_next)
        missing_ids.push_back(id(row));
    if (missing > 0 || missing_state != State::Ok)
        result.add(missing_state,
                   plural(missing, "enabled schedule", "enabled schedules") + " without next run" +
                       (missing ? " (" + name_list(missing_ids, missing) + ")" : ""));
    if (late > 0)
        result.add(s.lateness.evaluate(max_lateness.value_or(0)),
                   plural(late, "schedule", "schedules") + " late, " + id(late_ones[0]) + " by " +
                       human_duration(age(late_ones[0])));
    if (stuck > 0)
        result.add(s.locks.evaluate(max_lock_age.value_or(0)),
                   plural(stuck, "stuck lock", "stuck locks") + ", " + lock_text(stuck_ones[0]));
    if (enabled < s.min_enabled)
        result.add(State::Warning, plural(enabled, "enabled schedule", "enabled schedules") +
                                       ", fewer than --min-enabled " +
                                       std::to_string(s.min_enabled));
    // "none overdue" rather than "at most 0s late" when every next run is still ahead.
    std::string lateness_text = !max_lateness        ? ""
                                : *max_lateness <= 0 ? ", none overdue"
                                                     : ", next run at most " +
                                                           human_duration(*max_lateness) + " late";
    result.add(State::Ok, enabled == 0 ? "no enabled schedules"
                                       : plural(enabled, "enabled schedule", "enabled schedules") +
                                             lateness_text);

    for (const auto& name : missing_ids)
        result.add_detail(1, "no next run: " + name);
    for (int row : late_ones)
        result.add_detail(1, "late: " + id(row) + " by " + human_duration(age(row)));
    for (int row : stuck_ones)
        result.add_detail(1, "stuck lock: " + lock_text(row));
    result.add_omitted(
        1, missing + late + stuck -
               static_cast<long>(missing_ids.size() + late_ones.size() + stuck_ones.size()));
    if (ctx.verbosity() >= 2)
        result.add_omitted(2, enabled - static_cast<long>(checked.size()));
    for (int row : checked) {
        auto overdue = rows.number(row, 8);
        result.add_detail(
            2, "checked: " + id(row) + ", next run " +
                   (overdue ? (*overdue >= 0 ? "due " : "") + ago(*overdue) : "missing"));
    }

    result.add_metric(count_metric("enabled", enabled, {}, "Enabled schedules checked."));
    result.add_metric(
        count_metric("missing", missing, s.missing, "Enabled schedules without a next run."));
    result.add_metric(count_metric(
        "late", late, {}, "Schedules whose lateness is in the warning or critical range."));
    result.add_metric(seconds_metric("max_lateness", max_lateness, s.lateness,
                                     "Largest lateness of a next run."));
    result.add_metric(count_metric("stuck_locks", stuck, {},
                                   "Locks whose age is in the lock warning or critical range."));
    result.add_metric(
        seconds_metric("max_lock_age", max_lock_age, s.locks, "Age of the oldest lock."));
}

Check configure(const ParsedArguments& args) {
    Settings s{ScheduleFilter::from(args), args.common.thresholds,
               thresholds_option(args, "lock", Range::Unit::Duration),
               thresholds_option(args, "missing", Range::Unit::None),
               *count_option(args, "min-enabled")};
    return [s](Context& ctx, CheckResult& result) { check(s, ctx, result); };
}

} // namespace

int main(int argc, char** argv) {
    Plugin plugin{"SCHEDULE_NEXTRUN", {}, configure};
    OptionsSpec& spec = plugin.options;
    spec.name = "check_schedule_nextrun";
    spec.purpose = "Checks that every enabled schedule will run: no next run (missing), a "
                   "next run in the past (late) or a lock held too long (stuck).";
    spec.threshold_subject = "largest lateness of a next run";
    spec.threshold_unit = Range::Unit::Duration;
    spec.warning_default = "10m";
    spec.critical_default = "1h";
    ScheduleFilter::declare(spec.plugin_options);
    declare_thresholds(spec.plugin_options, "missing",
                       "range on the number of schedules without next run", "", "0");
    declare_thresholds(spec.plugin_options, "lock", "range on the age of the oldest lock", "10m",
                       "1h");
    spec.plugin_options.add_options()("min-enabled", po::value<std::string>()->default_value("0"),
                                      "fewer enabled schedules than this give WARNING");
    return run(plugin, argc, argv);
}
