#include "lib/range.hpp"

#include "lib/duration.hpp"
#include "lib/number.hpp"

namespace mps {
namespace {

double parse_end(std::string_view text, Range::Unit unit) {
    auto value = unit == Range::Unit::Duration ? parse_duration(text) : parse_number(text);
    // Durations cannot be negative, but a duration range may still use a plain negative
    // number like any other range.
    if (!value && unit == Range::Unit::Duration)
        value = parse_number(text);
    if (!value)
        throw RangeError("'" + std::string(text) + "' is not a number" +
                         (unit == Range::Unit::Duration ? " or duration (90s, 5m, 2h, 1d)" : ""));
    return *value;
}

} // namespace

Range Range::parse(std::string_view text, Unit unit) {
    Range range;
    if (!text.empty() && text.front() == '@') {
        range.inside_ = true;
        text.remove_prefix(1);
    }
    if (text.empty())
        throw RangeError("empty range");
    auto colon = text.find(':');
    if (colon == std::string_view::npos) {
        // "N" is "0:N".
        range.end_ = parse_end(text, unit);
    } else {
        std::string_view start = text.substr(0, colon), end = text.substr(colon + 1);
        if (end.find(':') != std::string_view::npos)
            throw RangeError("more than one ':'");
        // Neither end given ("@:", "~:") is no threshold at all, most likely a typo.
        if (end.empty() && (start.empty() || start == "~"))
            throw RangeError("no bound given");
        if (start == "~")
            range.start_infinite_ = true;
        else if (!start.empty()) // ":N" is "0:N", as in the C library
            range.start_ = parse_end(start, unit);
        if (!end.empty())
            range.end_ = parse_end(end, unit);
    }
    if (!range.start_infinite_ && range.end_ && range.start_ > *range.end_)
        throw RangeError("start " + format_number(range.start_) + " is greater than end " +
                         format_number(*range.end_));
    return range;
}

bool Range::alerts(double value) const {
    bool within = (start_infinite_ || value >= start_) && (!end_ || value <= *end_);
    return inside_ ? within : !within;
}

std::string Range::to_string() const {
    std::string text = inside_ ? "@" : "";
    if (!start_infinite_ && start_ == 0 && end_)
        return text + exact_number(*end_);
    text += start_infinite_ ? "~" : exact_number(start_);
    text += ":";
    if (end_)
        text += exact_number(*end_);
    return text;
}

std::optional<double> Range::plain_upper_bound() const {
    if (inside_ || start_infinite_ || start_ != 0 || !end_)
        return std::nullopt;
    return end_;
}

} // namespace mps
