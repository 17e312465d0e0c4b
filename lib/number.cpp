#include "lib/number.hpp"

#include <charconv>
#include <cmath>

namespace mps {

std::optional<double> parse_number(std::string_view text) {
    if (text.empty())
        return std::nullopt;
    std::size_t i = 0;
    bool negative = false;
    if (text[0] == '+' || text[0] == '-') {
        negative = text[0] == '-';
        ++i;
    }
    std::string_view body = text.substr(i);
    // from_chars alone would accept "inf", "nan" and exponents; only plain decimals pass.
    bool digit = false, dot = false;
    for (char c : body) {
        if (c >= '0' && c <= '9')
            digit = true;
        else if (c == '.' && !dot)
            dot = true;
        else
            return std::nullopt;
    }
    if (!digit)
        return std::nullopt;
    double value = 0;
    auto [end, error] =
        std::from_chars(body.data(), body.data() + body.size(), value, std::chars_format::fixed);
    if (error != std::errc() || end != body.data() + body.size() || !std::isfinite(value))
        return std::nullopt;
    return negative ? -value : value;
}

std::string format_number(double value) {
    if (!std::isfinite(value))
        return "0";
    char buffer[400];
    double rounded = std::round(value * 1e6) / 1e6;
    if (!std::isfinite(rounded))
        rounded = value;
    auto [end, error] =
        std::to_chars(buffer, buffer + sizeof buffer, rounded, std::chars_format::fixed, 6);
    if (error != std::errc())
        return "0";
    std::string text(buffer, end);
    text.erase(text.find_last_not_of('0') + 1);
    if (text.back() == '.')
        text.pop_back();
    if (text == "-0")
        text = "0";
    return text;
}

} // namespace mps
