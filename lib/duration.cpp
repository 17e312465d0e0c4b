#include "lib/duration.hpp"

#include "lib/number.hpp"

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
    auto value = parse_number(text);
    if (!value || *value < 0 || text.front() == '+')
        return std::nullopt;
    return *value * factor;
}

std::string human_duration(double seconds) {
    if (!std::isfinite(seconds))
        return "0s";
    std::string sign = seconds < 0 ? "-" : "";
    auto total = static_cast<long long>(std::floor(std::fabs(seconds)));
    struct Unit {
        long long size;
        const char* name;
    };
    static constexpr Unit units[] = {{86400, "d"}, {3600, "h"}, {60, "m"}, {1, "s"}};
    for (std::size_t i = 0; i < 4; ++i) {
        if (total < units[i].size && units[i].size != 1)
            continue;
        long long major = total / units[i].size;
        std::string text = sign + std::to_string(major) + units[i].name;
        if (i + 1 < 4) {
            long long minor = (total % units[i].size) / units[i + 1].size;
            if (minor)
                text += " " + std::to_string(minor) + units[i + 1].name;
        }
        return text;
    }
    return "0s";
}

} // namespace mps
