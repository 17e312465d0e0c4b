// Locale-free number parsing and formatting: perfdata and JSON never depend on LC_ALL.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mps {

// Decimal numbers such as "10", "-2.5", "+3", ".5". No exponent, hex, inf or nan, no
// surrounding spaces. Returns nullopt for anything else.
std::optional<double> parse_number(std::string_view text);

// C-locale text without exponent: integers as integers ("300"), others with up to
// six decimals and trailing zeros removed ("0.25"). Non-finite values give "0".
std::string format_number(double value);

// C-locale text without exponent that parse_number reads back as exactly this value (the
// shortest such text: "0.0000003", not format_number's rounded "0"). Non-finite: "0".
std::string exact_number(double value);

} // namespace mps
