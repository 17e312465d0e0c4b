// One performance metric and its perfdata text ("heartbeat_age=12s;120;300;0").
#pragma once

#include "lib/thresholds.hpp"

#include <optional>
#include <string>

namespace mps {

enum class Uom { None, Seconds, Percent };

struct Metric {
    std::string label;           // [a-z0-9_]+, checked by to_perfdata
    std::optional<double> value; // a metric without a value is omitted from the output
    Uom uom = Uom::None;
    Thresholds thresholds;
    std::optional<double> min;
    std::optional<double> max;
    std::string help; // one sentence, for the prometheus HELP line
};

// The shapes the plugins report: a count, a duration in seconds, a share in percent;
// never negative, a percentage at most 100.
Metric count_metric(std::string label, std::optional<double> value, Thresholds thresholds,
                    std::string help);
Metric seconds_metric(std::string label, std::optional<double> value, Thresholds thresholds,
                      std::string help);
Metric percent_metric(std::string label, std::optional<double> value, Thresholds thresholds,
                      std::string help);

// "label=value[uom];warn;crit;min;max" with trailing empty fields dropped. warn/crit
// carry the plain upper bound of the range, or stay empty. Throws std::logic_error for a
// label outside [a-z0-9_]. Returns "" for a metric without value.
std::string to_perfdata(const Metric& metric);

// "s", "%" or "".
std::string_view uom_text(Uom uom);

} // namespace mps
