// Values handed to SQL as bound parameters: text arrays and ranges.
#pragma once

#include "lib/range.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mps {

// A PostgreSQL text[] literal ("{\"a\",\"b\\\"c\"}") for a bound parameter.
std::string text_array(const std::vector<std::string>& items);

// A range as three parameters low, high, inside: in SQL the range alerts for x when
// "(x BETWEEN low AND high) = inside". An omitted range never alerts.
std::vector<std::optional<std::string>> range_params(const std::optional<Range>& range);

} // namespace mps
