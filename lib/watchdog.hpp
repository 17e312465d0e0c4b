// Last line of defence for the deadline: if a blocking call the deadline cannot reach
// (a DNS lookup, a stuck cancel request) outlives it, a SIGALRM handler writes a prepared
// status line and exits with the timeout state.
#pragma once

#include <string>

namespace mps {

// Arms the watchdog to fire after seconds. Only one watchdog exists per process; arming
// again replaces it. The line is copied into a static buffer (async-signal-safe use).
void arm_watchdog(double seconds, const std::string& line, int exit_code);
void disarm_watchdog();

} // namespace mps
