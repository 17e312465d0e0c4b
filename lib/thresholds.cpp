#include "lib/thresholds.hpp"

namespace mps {

State Thresholds::evaluate(double value) const {
    if (critical && critical->alerts(value))
        return State::Critical;
    if (warning && warning->alerts(value))
        return State::Warning;
    return State::Ok;
}

bool Thresholds::warning_shadowed() const {
    if (!warning || !critical)
        return false;
    auto w = warning->bounds(), c = critical->bounds();
    // Outside-ranges: the warning alerts on a subset of the critical's values exactly when
    // the critical's OK interval lies within the warning's.
    if (w.inside || c.inside)
        return false;
    return w.low <= c.low && c.high <= w.high;
}

std::string shadowed_note(const Thresholds& thresholds, const std::string& warning_option,
                          const std::string& critical_option) {
    if (!thresholds.warning_shadowed())
        return "";
    return "note: " + warning_option + " " + thresholds.warning->to_string() +
           " never fires before " + critical_option + " " + thresholds.critical->to_string() +
           ": every value it alerts on is CRITICAL already";
}

} // namespace mps
