#include "lib/watchdog.hpp"

#include <algorithm>
#include <csignal>
#include <cstring>
#include <sys/time.h>
#include <unistd.h>

namespace mps {
namespace {

// Signal handlers can only reach static storage; these are written before the timer is
// armed and only read by the handler.
char watchdog_line[512];
std::size_t watchdog_length = 0;
volatile sig_atomic_t watchdog_exit_code = 3;

extern "C" void on_alarm(int) {
    ssize_t ignored = write(STDOUT_FILENO, watchdog_line, watchdog_length);
    (void)ignored;
    _exit(watchdog_exit_code);
}

} // namespace

void arm_watchdog(double seconds, const std::string& line, int exit_code) {
    disarm_watchdog();
    watchdog_length = std::min(line.size(), sizeof watchdog_line);
    std::memcpy(watchdog_line, line.data(), watchdog_length);
    watchdog_exit_code = exit_code;

    struct sigaction action {};
    action.sa_handler = on_alarm;
    sigemptyset(&action.sa_mask);
    sigaction(SIGALRM, &action, nullptr);

    itimerval timer{};
    auto micros = static_cast<long long>(seconds * 1e6);
    timer.it_value.tv_sec = static_cast<time_t>(micros / 1000000);
    timer.it_value.tv_usec = static_cast<suseconds_t>(micros % 1000000);
    setitimer(ITIMER_REAL, &timer, nullptr);
}

void disarm_watchdog() {
    itimerval off{};
    setitimer(ITIMER_REAL, &off, nullptr);
}

} // namespace mps
