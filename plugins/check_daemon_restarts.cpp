// check_daemon_restarts: is the daemon crash-looping? Counts the worker starts within the
// window and the unclean ones: not the newest and never reached the stopped status.
#include "lib/duration.hpp"
#include "lib/number.hpp"
#include "lib/plugin.hpp"
#include "lib/wording.hpp"
#include "lib/worker.hpp"

namespace po = boost::program_options;
using namespace mps;

namespace {

// $1 worker type, $2 window (s), $3 stopped status. Newest start first; the counts come
// on every row (computed before LIMIT), the rows list at most 100 starts.
constexpr const char* sql = R"(
WITH starts AS (
    SELECT {worker.id}::text AS id, {worker.hostname}::text AS hostname,
           {worker.pid}::text AS pid, {worker.status}::text AS status,
           {worker.status}::text = $3 AS stopped,
           floor(extract(epoch FROM now() - {worker.started_at}))::float8 AS age,
           to_char({worker.started_at}::timestamptz AT TIME ZONE 'UTC',
                   'YYYY-MM-DD HH24:MI:SS') AS started,
           row_number() OVER (ORDER BY {worker.started_at} DESC, {worker.id} DESC) AS n
    FROM {worker}
    WHERE {worker.type} = $1 AND {worker.started_at} >= now() - $2::float8 * interval '1 second'
)
SELECT count(*) OVER () AS starts,
       count(*) FILTER (WHERE n > 1 AND NOT stopped) OVER () AS unclean,
       id, hostname, pid, status, age, started, n > 1 AND NOT stopped AS is_unclean
FROM starts ORDER BY n LIMIT 100
)";

struct Settings {
    std::string worker_type, stopped_status;
    double window;
    Thresholds starts, unclean;
};

void check(const Settings& s, Context& ctx, CheckResult& result) {
    auto rows = ctx.query(sql, {s.worker_type, format_number(s.window), s.stopped_status});
    long starts = rows.count(0, 0), unclean = rows.count(0, 1);
    std::string window = " of " + s.worker_type + " in the last " + human_duration(s.window);

    State starts_state = s.starts.evaluate(double(starts));
    State unclean_state = s.unclean.evaluate(double(unclean));
    result.add(starts_state, plural(starts, "start", "starts") + window);
    if (unclean > 0 || s.unclean.evaluate(0) != State::Ok)
        result.add(unclean_state,
                   plural(unclean, "unclean end", "unclean ends") + " (never reached " +
                       s.stopped_status + ")");
    for (int i = 0; i < rows.rows(); ++i) {
        Worker w = Worker::at(rows, i, 2);
        bool is_unclean = rows.text(i, 8) == "t";
        // The long-output rule: a start is an offending item (-v) while the starts (or,
        // for an unclean one, the unclean ends) are not OK; else an item checked (-vv).
        bool offending = starts_state != State::Ok || (is_unclean && unclean_state != State::Ok);
        result.add_detail(offending ? 1 : 2, "start: " + w.where() + ", " + rows.item(i, 7) +
                                                 " UTC (" + ago(rows.number(i, 6).value_or(0)) +
                                                 "), " + w.status +
                                                 (is_unclean ? " (unclean)" : ""));
    }

    result.add_omitted(starts_state != State::Ok ? 1 : 2, starts - rows.rows());
    result.add_metric(count_metric("starts", starts, s.starts, "Worker starts within the window."));
    result.add_metric(
        count_metric("unclean", unclean, s.unclean,
                     "Started workers that are not the newest and never stopped cleanly."));
}

Check configure(const ParsedArguments& args) {
    Settings s{worker_type_option(args), strings_option(args, "stopped-status").front(),
               positive_duration_option(args, "window"), args.common.thresholds,
               thresholds_option(args, "unclean", Range::Unit::None)};
    return [s](Context& ctx, CheckResult& result) { check(s, ctx, result); };
}

} // namespace

int main(int argc, char** argv) {
    Plugin plugin{"DAEMON_RESTARTS", {}, configure};
    OptionsSpec& spec = plugin.options;
    spec.name = "check_daemon_restarts";
    spec.purpose = "Checks that the daemon is not crash-looping: the number of worker starts "
                   "within the window, and how many of them ended uncleanly.";
    spec.threshold_subject = "number of starts within the window";
    spec.warning_default = "3";
    declare_worker_type(spec.plugin_options);
    // clang-format off
    spec.plugin_options.add_options()
        ("window", po::value<std::string>()->default_value("1h"),
         "count the starts within this time")
        ("stopped-status", po::value<std::string>()->default_value("STOPPED"),
         "status of a worker that ended cleanly");
    // clang-format on
    declare_thresholds(spec.plugin_options, "unclean", "range on the number of unclean ends");
    return run(plugin, argc, argv);
}
