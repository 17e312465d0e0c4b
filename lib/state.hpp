// Plugin states, their exit codes and the worst-of order shared by every plugin.
#pragma once

#include <optional>
#include <string_view>

namespace mps {

enum class State { Ok = 0, Warning = 1, Critical = 2, Unknown = 3 };

// The process exit code of a state: 0..3, nothing else.
int exit_code(State state);

// "OK", "WARNING", "CRITICAL", "UNKNOWN".
std::string_view to_string(State state);

// Worst-of order: CRITICAL > WARNING > UNKNOWN > OK.
int severity(State state);
State worst(State a, State b);

// Accepts the names in any case (OK, warning, Critical, unknown) and the digits 0..3.
std::optional<State> parse_state(std::string_view text);

} // namespace mps
