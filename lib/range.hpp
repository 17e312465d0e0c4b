// Nagios threshold ranges as the Monitoring Plugins Development Guidelines define them.
#pragma once

#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace mps {

class RangeError : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

class Range {
public:
    // Duration ranges accept a unit on each end ("2m", "1h:", "@90s:5m").
    enum class Unit { None, Duration };

    // "10" (outside 0..10), "10:" (below 10), "~:10" (above 10), "10:20", "@10:20".
    // Throws RangeError for empty text, garbage, extra colons or start > end.
    static Range parse(std::string_view text, Unit unit = Unit::None);

    // True when the value triggers an alert. The ends are inclusive.
    bool alerts(double value) const;

    // Canonical guideline text ("10", "10:", "~:10", "10:20", "@10:20"), in seconds for
    // duration ranges; every bound is written exactly, so the text parses back to this range.
    std::string to_string() const;

    // The end of a plain "0..N" range, which perfdata warn/crit fields carry; nullopt for
    // every other form (Icinga 2 drops range syntax there).
    std::optional<double> plain_upper_bound() const;

    // The range as [low, high] plus whether values inside (true) or outside (false) it
    // alert; infinite ends are +-infinity. Lets SQL evaluate a range on many rows.
    struct Bounds {
        double low, high;
        bool inside;
    };
    Bounds bounds() const {
        constexpr double inf = std::numeric_limits<double>::infinity();
        return {start_infinite_ ? -inf : start_, end_ ? *end_ : inf, inside_};
    }

private:
    Range() = default;
    double start_ = 0;
    std::optional<double> end_; // nullopt: infinity
    bool start_infinite_ = false;
    bool inside_ = false;
};

} // namespace mps
