// What a check found: conditions that set the state and summary, long output, metrics.
#pragma once

#include "lib/perfdata.hpp"
#include "lib/state.hpp"

#include <string>
#include <utility>
#include <vector>

namespace mps {

struct Condition {
    State state;
    std::string text; // sanitised when rendered
};

struct Detail {
    int verbosity; // shown when -v is given at least this many times (0: always)
    std::string text;
    // Lines that carry database text (ids, names, errors) are cut to 200 characters
    // (SPEC §2); the plugin's own lines (its settings, its SQL) are shown whole.
    bool whole = false;
};

// A series only the prometheus rendering carries, e.g. schedule_daemon_up. Gauges of one
// name with different labels form one family (one HELP/TYPE, the help of the first).
struct Gauge {
    std::string name; // full metric name
    std::string help;
    double value;
    std::vector<std::pair<std::string, std::string>> labels = {}; // name, value (any text)
    std::string type = "gauge"; // of the family: "gauge" or "summary"
    std::string suffix = "";    // of the sample's name: "_sum" or "_count" in a summary
};

class CheckResult {
public:
    // A condition takes part in the state (worst of all) and the summary (worst first).
    void add(State state, std::string text);
    void add_detail(int verbosity, std::string text);
    // The line of an item checked, by the long-output rule: at -v when it offends (not OK),
    // else at -vv.
    void add_item_detail(State state, std::string text);
    // A line of the plugin's own making (no database text in it): never cut at 200
    // characters, only dropped whole by the 4 KiB bound.
    void add_whole_detail(int verbosity, std::string text);
    void add_metric(Metric metric);
    void add_gauge(Gauge gauge);
    // Items a query left out (it fetches only the first few offenders): they count in the
    // closing "… and N more" line of the long output at that verbosity.
    void add_omitted(int verbosity, long count);

    // Worst of all conditions; OK when there are none.
    State state() const;
    // Conditions, worst first (stable within a state), each sanitised and cut to
    // max_condition_chars, joined by ", " (Nagios 4 rewrites ";" in plugin output to ":").
    std::string summary(std::size_t max_condition_chars = 300) const;

    const std::vector<Condition>& conditions() const { return conditions_; }
    const std::vector<Detail>& details() const { return details_; }
    const std::vector<Metric>& metrics() const { return metrics_; }
    const std::vector<Gauge>& gauges() const { return gauges_; }
    // Omitted items at the given verbosity.
    long omitted(int verbosity) const;

private:
    std::vector<Condition> conditions_;
    std::vector<Detail> details_;
    std::vector<Metric> metrics_;
    std::vector<Gauge> gauges_;
    std::vector<std::pair<int, long>> omitted_;
};

} // namespace mps
