// -s/--schedule and -x/--exclude: narrowing a check to schedules by exact id or glob.
#pragma once

#include "lib/options.hpp"
#include "lib/precheck.hpp"
#include "lib/result.hpp"

#include <optional>
#include <string>
#include <string_view>
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
    // schedule) and exclude. A statement takes them first, as $1 and $2, so that one text
    // selects the schedules of every check (below).
    std::vector<std::optional<std::string>> params() const;

    // The SQL condition on {schedule} that params() stand for, as $1 and $2.
    static constexpr std::string_view patterns =
        "($1::text[] IS NULL OR {schedule.id}::text ~ ANY ($1::text[]))\n"
        "      AND NOT ({schedule.id}::text ~ ANY ($2::text[]))";
    // The run-reading checks' first CTE, "WITH s AS MATERIALIZED (...)": the ids (as text) of
    // the schedules the patterns select, enabled ones unless $3 (include disabled) is true.
    static std::string selection();
    // Its parameters $1 to $3.
    std::vector<std::optional<std::string>> selection_params(bool include_disabled) const;

    // The precheck (lib/precheck.hpp) that adds to `result` an UNKNOWN condition for each
    // -s pattern that matches no enabled schedule (no schedule at all with
    // include_disabled), judged before -x, so a typo never reads as OK. None without -s.
    std::vector<Precheck> match_check(CheckResult& result, bool include_disabled = false) const;
};

} // namespace mps
