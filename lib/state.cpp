#include "lib/state.hpp"

#include <cctype>
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
    std::string upper;
    for (char c : text)
        upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    for (State state : {State::Ok, State::Warning, State::Critical, State::Unknown})
        if (upper == to_string(state) || upper == std::to_string(exit_code(state)))
            return state;
    return std::nullopt;
}

} // namespace mps
