#include "lib/duration.hpp"

#include "lib/number.hpp"

#include <algorithm>
#include <cmath>

namespace mps {

std::optional<double> parse_duration(std::string_view text) {
    double factor = 1;
    if (!text.empty()) {
        switch (text.back()) {
        case 's':
            factor = 1;
            break;
        case 'm':
            factor = 60;
            break;
        case 'h':
            factor = 3600;
            break;
        case 'd':
            factor = 86400;
            break;
        default:
            factor = 0;
        }
        if (factor != 0)
            text.remove_suffix(1);
        else
            factor = 1;
    }
    // A duration is a plain non-negative number: no sign at all.
    if (text.empty() || text.front() == '+' || text.front() == '-')
        return std::nullopt;
    auto value = parse_number(text);
    if (!value)
        return std::nullopt;
    double seconds = *value * factor;
    if (!std::isfinite(seconds))
        return std::nullopt;
    return seconds;
}

std::string human_duration(double seconds) {
    if (!std::isfinite(seconds))
        return "0s";
    // Whole seconds, truncated; clamped so the conversion below stays defined.
    double magnitude = std::min(std::floor(std::fabs(seconds)), 9.0e15);
    auto total = static_cast<long long>(magnitude);
    std::string sign = seconds < 0 && total > 0 ? "-" : "";
    struct Unit {
        long long size;
        const char* name;
    };
    static constexpr Unit units[] = {{86400, "d"}, {3600, "h"}, {60, "m"}, {1, "s"}};
    constexpr std::size_t count = sizeof units / sizeof units[0];
    std::size_t i = 0;
    while (i + 1 < count && total < units[i].size)
        ++i;
    std::string text = sign + std::to_string(total / units[i].size) + units[i].name;
    // The second unit is left out when it is zero: "5m", "1h", "2d".
    if (i + 1 < count) {
        long long minor = (total % units[i].size) / units[i + 1].size;
        if (minor != 0)
            text += " " + std::to_string(minor) + units[i + 1].name;
    }
    return text;
}

} // namespace mps
