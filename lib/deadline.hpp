// The one deadline of a plugin run: connect and every query share it.
#pragma once

#include "lib/state.hpp"

#include <chrono>

namespace mps {

struct Timeout {
    double seconds = 10;
    State state = State::Unknown; // state reported when the deadline passes
};

class Deadline {
public:
    using Clock = std::chrono::steady_clock;
    explicit Deadline(const Timeout& timeout);

    const Timeout& timeout() const { return timeout_; }
    bool expired() const;
    // Milliseconds left, at least 0.
    long remaining_ms() const;

private:
    Timeout timeout_;
    Clock::time_point at_;
};

} // namespace mps
