// Durations: "90" / "90s" / "5m" / "2h" / "1d" to seconds, and seconds to human text.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mps {

// A non-negative number with an optional unit s, m, h or d ("1.5h" allowed).
std::optional<double> parse_duration(std::string_view text);

// Whole seconds, at most two units: "0s", "12s", "4m 5s", "1h 12m", "2d 3h".
// Negative values get a leading "-".
std::string human_duration(double seconds);

} // namespace mps
