#include "lib/duration_baseline.hpp"

#include "lib/duration.hpp"
#include "lib/number.hpp"
#include "lib/usage_error.hpp"

namespace po = boost::program_options;

namespace mps {

void DurationBaseline::declare(po::options_description& options) {
    // clang-format off
    options.add_options()
        ("window", po::value<std::string>()->default_value("7d"),
         "successful runs started within this time form the baselines")
        ("recent", po::value<std::string>()->default_value("1d"),
         "the recent part of the window, compared with the rest")
        ("min-runs", po::value<std::string>()->default_value("10"),
         "successful runs a group needs for its p95 to count (each side of a slowdown)")
        ("overrun-factor", po::value<std::string>()->default_value("3"),
         "a running run older than this times its group's p95 gives WARNING (0: off)")
        ("overrun-min", po::value<std::string>()->default_value("1m"),
         "... and older than this")
        ("max-series", po::value<std::string>()->default_value("500"),
         "at most this many groups get series in --format=prometheus");
    // clang-format on
}

DurationBaseline DurationBaseline::from(const ParsedArguments& args) {
    DurationBaseline b{positive_duration_option(args, "window"), *duration_option(args, "recent"),
                       *count_option(args, "min-runs"),          0,
                       *duration_option(args, "overrun-min"),    *count_option(args, "max-series")};
    std::string factor = strings_option(args, "overrun-factor").front();
    auto parsed = parse_number(factor);
    if (!parsed || *parsed < 0)
        throw UsageError("--overrun-factor: expected a factor above 0 (or 0 for off), got '" +
                         factor + "'");
    b.overrun_factor = *parsed;
    if (b.recent > b.window)
        throw UsageError("--recent: " + human_duration(b.recent) + " is longer than --window (" +
                         human_duration(b.window) + ")");
    if (b.min_runs < 1)
        throw UsageError("--min-runs: expected 1 or more, got 0");
    // Only the per-group series and the -vv lines need every recent group's percentiles.
    if (args.common.format != Format::Prometheus && args.common.verbosity < 2)
        b.listed = -1;
    return b;
}

std::vector<std::optional<std::string>> DurationBaseline::params() const {
    return {format_number(window),         format_number(recent),      std::to_string(min_runs),
            format_number(overrun_factor), format_number(overrun_min), std::to_string(listed)};
}

} // namespace mps
