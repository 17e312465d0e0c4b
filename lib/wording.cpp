#include "lib/wording.hpp"

#include "lib/duration.hpp"

#include <algorithm>

namespace mps {

std::string plural(long count, const std::string& one, const std::string& many) {
    return std::to_string(count) + " " + (count == 1 ? one : many);
}

std::string name_list(const std::vector<std::string>& names, long total, std::size_t shown) {
    shown = std::min(shown, names.size());
    std::string out;
    for (std::size_t i = 0; i < shown; ++i)
        out += (i ? ", " : "") + names[i];
    if (total > static_cast<long>(shown))
        out += " and " + std::to_string(total - static_cast<long>(shown)) + " more";
    return out;
}

std::string ago(double age_seconds) {
    return age_seconds < 0 ? "in " + human_duration(-age_seconds)
                           : human_duration(age_seconds) + " ago";
}

} // namespace mps
