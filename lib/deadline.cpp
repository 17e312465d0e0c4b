#include "lib/deadline.hpp"

#include <algorithm>

namespace mps {

Deadline::Deadline(const Timeout& timeout)
    : timeout_(timeout), at_(Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                                std::chrono::duration<double>(timeout.seconds))) {}

bool Deadline::expired() const {
    return Clock::now() >= at_;
}

long Deadline::remaining_ms() const {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(at_ - Clock::now()).count();
    return std::max<long>(0, static_cast<long>(left));
}

} // namespace mps
