#include "lib/state.hpp"

#include <string>

namespace mps {

int exit_code(State state) {
    return static_cast<int>(state);
}

std::string_view to_string(State state) {
    switch (state) {
    case State::Ok:
        return "OK";
    case State::Warning:
        return "WARNING";
    case State::Critical:
        return "CRITICAL";
    case State::Unknown:
        break;
    }
    return "UNKNOWN";
}

int severity(State state) {
    // UNKNOWN ranks between OK and WARNING: a real problem found elsewhere must not be
    // hidden behind "could not tell".
    switch (state) {
    case State::Ok:
        return 0;
    case State::Unknown:
        return 1;
    case State::Warning:
        return 2;
    case State::Critical:
        return 3;
    }
    return 1;
}

State worst(State a, State b) {
    return severity(b) > severity(a) ? b : a;
}

std::optional<State> parse_state(std::string_view text) {
    // ASCII only: std::toupper would follow the C locale (Turkish 'i').
    std::string upper(text);
    for (char& c : upper)
        if (c >= 'a' && c <= 'z')
            c = static_cast<char>(c - 'a' + 'A');
    for (State state : {State::Ok, State::Warning, State::Critical, State::Unknown})
        if (upper == to_string(state) || upper == std::to_string(exit_code(state)))
            return state;
    return std::nullopt;
}

} // namespace mps
