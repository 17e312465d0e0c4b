// A warning and a critical range for one metric, judged together.
#pragma once

#include "lib/range.hpp"
#include "lib/state.hpp"

#include <optional>
#include <string>

namespace mps {

struct Thresholds {
    std::optional<Range> warning;
    std::optional<Range> critical;

    // CRITICAL when the critical range alerts, else WARNING when the warning range
    // does, else OK. An omitted range never alerts.
    State evaluate(double value) const;

    // True when the warning range can never fire before the critical one: every value it
    // alerts on, the critical range alerts on too (-w 300 -c 120 on an upper bound, or
    // -w 95: -c 99: on a lower one). Not an error: some operators want only CRITICAL.
    bool warning_shadowed() const;
};

// The one-line note shown at -v for shadowed thresholds ("" when they are not), naming
// the options, e.g. "-w/--warning" and "-c/--critical".
std::string shadowed_note(const Thresholds& thresholds, const std::string& warning_option,
                          const std::string& critical_option);

} // namespace mps
