// Small pieces of summary text that every plugin words the same way.
#pragma once

#include <string>
#include <vector>

namespace mps {

// "1 schedule", "3 schedules".
std::string plural(long count, const std::string& one, const std::string& many);

// "a, b, c" or, when total exceeds the names shown, "a, b, c, d, e and 7 more".
std::string name_list(const std::vector<std::string>& names, long total, std::size_t shown = 5);

// "12s ago" or "in 12s": a signed age in seconds as human text.
std::string ago(double age_seconds);

} // namespace mps
