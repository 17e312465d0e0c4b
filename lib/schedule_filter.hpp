// -s/--schedule and -x/--exclude: narrowing a check to schedules by exact id or glob.
#pragma once

#include "lib/options.hpp"

#include <optional>
#include <string>
#include <vector>

namespace mps {

struct ScheduleFilter {
    std::vector<std::string> include, exclude;

    // Declares -s/--schedule and -x/--exclude.
    static void declare(boost::program_options::options_description& options);
    static ScheduleFilter from(const ParsedArguments& args);

    // Two text[] parameters of LIKE patterns: include (NULL: every schedule) and exclude.
    // In SQL: (inc IS NULL OR id LIKE ANY (inc)) AND NOT (id LIKE ANY (exc)).
    std::vector<std::optional<std::string>> params() const;
};

} // namespace mps
