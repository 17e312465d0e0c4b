#include "lib/thresholds.hpp"

namespace mps {

State Thresholds::evaluate(double value) const {
    if (critical && critical->alerts(value))
        return State::Critical;
    if (warning && warning->alerts(value))
        return State::Warning;
    return State::Ok;
}

} // namespace mps
