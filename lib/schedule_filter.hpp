// -s/--schedule and -x/--exclude: narrowing a check to schedules by exact id or glob.
#pragma once

#include "lib/options.hpp"
#include "lib/precheck.hpp"
#include "lib/result.hpp"

#include <optional>
#include <string>
#include <vector>

namespace mps {

struct ScheduleFilter {
    std::vector<std::string> include, exclude;

    // Declares -s/--schedule and -x/--exclude.
    static void declare(boost::program_options::options_description& options);
    // Throws UsageError naming the option and pattern for a glob no id could match
    // (a reversed range, an unknown class).
    static ScheduleFilter from(const ParsedArguments& args);

    // Two text[] parameters of regular expressions (lib/glob.hpp): include (NULL: every
    // schedule) and exclude. In SQL: (inc IS NULL OR id ~ ANY (inc)) AND NOT (id ~ ANY (exc)).
    std::vector<std::optional<std::string>> params() const;

    // The precheck (lib/precheck.hpp) that adds to `result` an UNKNOWN condition for each
    // -s pattern that matches no enabled schedule (no schedule at all with
    // include_disabled), judged before -x, so a typo never reads as OK. None without -s.
    std::vector<Precheck> match_check(CheckResult& result, bool include_disabled = false) const;
};

} // namespace mps
