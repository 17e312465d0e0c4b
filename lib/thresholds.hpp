// A warning and a critical range for one metric, judged together.
#pragma once

#include "lib/range.hpp"
#include "lib/state.hpp"

#include <optional>

namespace mps {

struct Thresholds {
    std::optional<Range> warning;
    std::optional<Range> critical;

    // CRITICAL when the critical range alerts, else WARNING when the warning range
    // does, else OK. An omitted range never alerts.
    State evaluate(double value) const;
};

} // namespace mps
