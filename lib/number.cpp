#include "lib/number.hpp"

#include <charconv>
#include <cmath>

namespace mps {

std::optional<double> parse_number(std::string_view text) {
    std::string_view body = text;
    bool negative = false;
    if (!body.empty() && (body.front() == '+' || body.front() == '-')) {
        negative = body.front() == '-';
        body.remove_prefix(1);
    }
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

namespace {

std::string fixed(double value, std::optional<int> precision) {
    // A double's fixed notation needs at most 309 integer digits plus the fraction.
    char buffer[400];
    auto [end, error] =
        precision ? std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed,
                                  *precision)
                  : std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed);
    if (error != std::errc())
        return "0";
    return std::string(buffer, end);
}

} // namespace

std::string format_number(double value) {
    if (!std::isfinite(value))
        return "0";
    // The shortest text that reads back as the same double, unless that needs more than
    // six decimals (0.1 + 0.2): then round to six.
    std::string text = fixed(value, std::nullopt);
    auto dot = text.find('.');
    if (dot != std::string::npos && text.size() - dot - 1 > 6) {
        text = fixed(value, 6);
        text.erase(text.find_last_not_of('0') + 1);
        if (text.back() == '.')
            text.pop_back();
    }
    if (text == "-0")
        text = "0";
    return text;
}

std::string exact_number(double value) {
    if (!std::isfinite(value))
        return "0";
    std::string text = fixed(value, std::nullopt);
    return text == "-0" ? "0" : text;
}

} // namespace mps
