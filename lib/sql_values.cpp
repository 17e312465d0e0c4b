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

std::string glob_to_like(std::string_view glob) {
    std::string out;
    for (std::size_t i = 0; i < glob.size(); ++i) {
        char c = glob[i];
        if (c == '\\' && i + 1 < glob.size()) {
            c = glob[++i];
            if (c == '%' || c == '_' || c == '\\')
                out += '\\';
            out += c;
        } else if (c == '*') {
            out += '%';
        } else if (c == '?') {
            out += '_';
        } else {
            if (c == '%' || c == '_' || c == '\\')
                out += '\\';
            out += c;
        }
    }
    return out;
}

std::optional<std::string> like_patterns(const std::vector<std::string>& globs) {
    if (globs.empty())
        return std::nullopt;
    std::vector<std::string> patterns;
    for (const auto& glob : globs)
        patterns.push_back(glob_to_like(glob));
    return text_array(patterns);
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
