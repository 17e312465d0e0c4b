// check_schedule_daemon: is the schedule daemon alive? Judges the age of the newest
// heartbeat of a running worker, and warns about duplicate live workers and clock skew.
#include "lib/duration.hpp"
#include "lib/number.hpp"
#include "lib/plugin.hpp"
#include "lib/worker.hpp"

namespace po = boost::program_options;
using namespace mps;

namespace {

// One row per worker of interest: the newest running one, the live ones, and (only when
// none runs) the newest of any status. Every row carries the counts. Ages are whole
// seconds on the database clock; a NULL heartbeat stays NULL (never fresh). Uptime is that of
// the most recently started live worker.
constexpr const char* sql = R"(
WITH w AS NOT MATERIALIZED (
    SELECT {worker.id}::text AS id, {worker.hostname}::text AS hostname,
           {worker.pid}::text AS pid, {worker.status}::text AS status,
           {worker.status} = $2 AS running, {worker.heartbeat_at} AS heartbeat_at,
           {worker.started_at} AS started_at,
           floor(extract(epoch FROM now() - {worker.heartbeat_at}))::float8 AS age
    FROM {worker}
    WHERE {worker.type} = $1
), counts AS (
    SELECT count(*) AS running, count(*) FILTER (WHERE age <= $3) AS live,
           floor(extract(epoch FROM now() - max(started_at) FILTER (WHERE age <= $3)))::float8
               AS uptime
    FROM w WHERE running
)
SELECT r.kind, r.id, r.hostname, r.pid, r.status, r.age, c.running, c.live, c.uptime
FROM counts c LEFT JOIN LATERAL (
    (SELECT 'newest' AS kind, id, hostname, pid, status, age FROM w WHERE running
     ORDER BY heartbeat_at DESC NULLS LAST LIMIT 1)
    UNION ALL
    (SELECT 'live', id, hostname, pid, status, age FROM w WHERE running AND age <= $3
     ORDER BY heartbeat_at DESC LIMIT 20)
    UNION ALL
    (SELECT 'last_seen', id, hostname, pid, status, age FROM w WHERE c.running = 0
     ORDER BY heartbeat_at DESC NULLS LAST, started_at DESC LIMIT 1)
) r ON true
)";

// Heartbeat age in seconds: negative in the future, none for a NULL heartbeat.
struct WorkerHeartbeat : Worker {
    std::optional<double> age;
};

struct Settings {
    std::string worker_type, running_status;
    double live_within, max_clock_skew;
    long max_running;
    Thresholds thresholds;
};

void check(const Settings& s, Context& ctx, CheckResult& result) {
    auto rows = ctx.query(sql, {s.worker_type, s.running_status, format_number(s.live_within)});
    long running = rows.count(0, 6), live = rows.count(0, 7);
    auto worker = [&](int i) { return WorkerHeartbeat{Worker::at(rows, i, 1), rows.number(i, 5)}; };
    auto listed = rows.rows_by(0);
    std::optional<WorkerHeartbeat> newest, last_seen;
    if (!listed["newest"].empty())
        newest = worker(listed["newest"][0]);
    if (!listed["last_seen"].empty())
        last_seen = worker(listed["last_seen"][0]);
    std::vector<WorkerHeartbeat> live_workers;
    for (int i : listed["live"])
        live_workers.push_back(worker(i));

    std::optional<double> age;
    bool up = false;
    if (running == 0) {
        std::string text = "no running " + s.worker_type + " worker";
        if (last_seen)
            text += " (last seen: " + last_seen->on_host() + ", " + last_seen->status + ", " +
                    (last_seen->age ? "heartbeat " + human_duration(*last_seen->age) + " ago"
                                    : "no heartbeat") +
                    ")";
        result.add(State::Critical, text);
        if (last_seen)
            result.add_detail(1, "last seen: worker " + last_seen->where() + ", " +
                                     last_seen->status);
    } else if (!newest->age) {
        result.add(State::Critical,
                   "running " + s.worker_type + " worker " + newest->id + " has no heartbeat");
        result.add_detail(1, "no heartbeat: worker " + newest->where());
    } else if (*newest->age < -s.max_clock_skew) {
        age = 0;
        up = true;
        result.add(State::Warning, "clock skew: heartbeat " + human_duration(-*newest->age) +
                                       " in the future (worker " + newest->where() + ")");
        result.add_detail(1, "clock skew: worker " + newest->where() + ", heartbeat " +
                                 human_duration(-*newest->age) + " in the future");
    } else {
        age = std::max(0.0, *newest->age);
        State state = s.thresholds.evaluate(*age);
        up = state != State::Critical;
        result.add(state,
                   "heartbeat " + human_duration(*age) + " ago (worker " + newest->where() + ")");
        // -v names every offender, whatever the thresholds (-c 0 included).
        if (state != State::Ok)
            result.add_detail(1, "heartbeat " + std::string(to_string(state)) + ": worker " +
                                     newest->where() + ", heartbeat " + human_duration(*age) +
                                     " ago");
    }
    if (live > s.max_running)
        result.add(State::Warning, std::to_string(live) + " live " + s.worker_type +
                                       " workers (at most " + std::to_string(s.max_running) +
                                       " expected): duplicate executions possible");
    int verbosity = live > s.max_running ? 1 : 2;
    for (const auto& w : live_workers)
        result.add_detail(verbosity, "live worker " + w.where() + ", heartbeat " +
                                         human_duration(std::max(0.0, w.age.value_or(0))) + " ago");
    result.add_omitted(verbosity, live - static_cast<long>(live_workers.size()));

    result.add_metric(seconds_metric("heartbeat_age", age, s.thresholds,
                                     "Age of the newest heartbeat of a running worker."));
    result.add_metric(count_metric("live", live, {}, "Running workers whose heartbeat is recent."));
    result.add_metric(seconds_metric("uptime", rows.number(0, 8), {},
                                     "Time since the newest live worker started."));
    // On a hot standby every heartbeat is seen that much later than the primary wrote it.
    if (const auto& server = ctx.server(); server && server->standby)
        result.add_metric(seconds_metric("replay_lag", server->replay_lag, {},
                                         "Replay lag of the hot standby the check read."));
    result.add_gauge(
        {"schedule_daemon_up", "1 when a running worker has a fresh heartbeat.", up ? 1.0 : 0.0});
}

Check configure(const ParsedArguments& args) {
    Settings s{worker_type_option(args),
               strings_option(args, "running-status").front(),
               *duration_option(args, "live-within"),
               *duration_option(args, "max-clock-skew"),
               *count_option(args, "max-running"),
               args.common.thresholds};
    return [s](Context& ctx, CheckResult& result) { check(s, ctx, result); };
}

} // namespace

int main(int argc, char** argv) {
    Plugin plugin{"SCHEDULE_DAEMON", {}, configure, true}; // reports the replay lag
    OptionsSpec& spec = plugin.options;
    spec.name = "check_schedule_daemon";
    spec.purpose = "Checks that the job-schedule daemon is alive: the age of the newest "
                   "heartbeat of a running worker, measured on the database clock.";
    spec.threshold_subject = "heartbeat age";
    spec.threshold_unit = Range::Unit::Duration;
    spec.warning_default = "120";
    spec.critical_default = "300";
    declare_worker_type(spec.plugin_options);
    // clang-format off
    spec.plugin_options.add_options()
        ("running-status", po::value<std::string>()->default_value("RUNNING"),
         "status of a running worker")
        ("live-within", po::value<std::string>()->default_value("300s"),
         "a running worker is live when its heartbeat is at most this old")
        ("max-running", po::value<std::string>()->default_value("1"),
         "more live workers than this give WARNING (duplicate executions possible)")
        ("max-clock-skew", po::value<std::string>()->default_value("60s"),
         "a heartbeat further in the future gives WARNING (clock skew)");
    // clang-format on
    return run(plugin, argc, argv);
}
