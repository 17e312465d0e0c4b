#include "lib/sql_values.hpp"

#include "lib/number.hpp"

#include <cmath>

namespace mps {

std::string text_array(const std::vector<std::string>& items) {
    std::string out = "{";
    for (std::size_t i = 0; i < items.size(); ++i) {
        out += i ? ",\"" : "\"";
        for (char c : items[i]) {
            if (c == '"' || c == '\\')
                out += '\\';
            out += c;
        }
        out += '"';
    }
    return out + "}";
}

std::vector<std::optional<std::string>> range_params(const std::optional<Range>& range) {
    auto number = [](double value) {
        return std::isinf(value) ? std::string(value < 0 ? "-Infinity" : "Infinity")
                                 : format_number(value);
    };
    if (!range)
        return {"-Infinity", "Infinity", "false"};
    auto b = range->bounds();
    return {number(b.low), number(b.high), b.inside ? "true" : "false"};
}

} // namespace mps
