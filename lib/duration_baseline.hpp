// How check_schedule_runs judges durations against each group's own history: the window of
// the baselines and its recent part (--window, --recent), the runs a p95 needs (--min-runs),
// when a running run overruns (--overrun-factor, --overrun-min) and the groups listed
// (--max-series).
#pragma once

#include "lib/options.hpp"

#include <optional>
#include <string>
#include <vector>

namespace mps {

struct DurationBaseline {
    double window, recent;              // seconds
    long min_runs;                      // successful runs a p95 needs, each side of a slowdown
    double overrun_factor, overrun_min; // factor of the p95 (0: off), seconds
    long listed; // groups listed: their series (prometheus) or lines (-vv); -1: not even counted

    // Declares the six options.
    static void declare(boost::program_options::options_description& options);
    // Throws UsageError naming the option for a negative or unreadable --overrun-factor,
    // a --recent longer than --window and a --min-runs below 1.
    static DurationBaseline from(const ParsedArguments& args);

    // Six SQL parameters, in this order: window and recent (s), min runs, overrun factor,
    // overrun min (s), groups listed.
    std::vector<std::optional<std::string>> params() const;
};

} // namespace mps
