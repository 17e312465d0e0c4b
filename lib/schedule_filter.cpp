#include "lib/schedule_filter.hpp"

#include "lib/glob.hpp"
#include "lib/sql_values.hpp"
#include "lib/usage_error.hpp"

#include <stdexcept>

namespace po = boost::program_options;

namespace mps {

namespace {

std::vector<std::string> regexes(const std::vector<std::string>& globs) {
    std::vector<std::string> out;
    for (const auto& glob : globs)
        out.push_back(glob_to_regex(glob));
    return out;
}

} // namespace

void ScheduleFilter::declare(po::options_description& options) {
    options.add_options()(
        "schedule,s", po::value<std::vector<std::string>>()->composing()->value_name("PATTERN"),
        "only schedules whose id matches PATTERN: an exact id or a shell glob with *, ? and "
        "[...] as fnmatch(3) reads them (\\ makes the next character literal); repeatable; a "
        "pattern that matches no enabled schedule gives UNKNOWN")(
        "exclude,x", po::value<std::vector<std::string>>()->composing()->value_name("PATTERN"),
        "leave out schedules whose id matches PATTERN (as --schedule); repeatable");
}

ScheduleFilter ScheduleFilter::from(const ParsedArguments& args) {
    ScheduleFilter filter{strings_option(args, "schedule"), strings_option(args, "exclude")};
    for (const auto& [option, globs] :
         {std::pair{"--schedule", &filter.include}, std::pair{"--exclude", &filter.exclude}})
        for (const auto& glob : *globs) {
            try {
                glob_to_regex(glob);
            } catch (const std::invalid_argument& e) {
                throw UsageError(std::string(option) + ": " + e.what() + " in '" + glob + "'");
            }
        }
    return filter;
}

std::vector<std::optional<std::string>> ScheduleFilter::params() const {
    std::optional<std::string> inc;
    if (!include.empty())
        inc = text_array(regexes(include));
    return {inc, text_array(regexes(exclude))};
}

std::string ScheduleFilter::selection() {
    std::string sql = R"(
WITH s AS MATERIALIZED (
    SELECT {schedule.id}::text AS id FROM {schedule}
    WHERE ($3::boolean OR {schedule.enabled})
      AND )";
    return sql.append(patterns).append("\n)");
}

std::vector<std::optional<std::string>>
ScheduleFilter::selection_params(bool include_disabled) const {
    auto out = params();
    out.push_back(include_disabled ? "true" : "false");
    return out;
}

std::vector<Precheck> ScheduleFilter::match_check(CheckResult& result,
                                                  bool include_disabled) const {
    if (include.empty())
        return {};
    pg::Statement unmatched{R"(
SELECT p.n FROM unnest($1::text[]) WITH ORDINALITY p(re, n)
WHERE NOT EXISTS (SELECT FROM {schedule}
                  WHERE ($2::boolean OR {schedule.enabled}) AND {schedule.id}::text ~ p.re)
ORDER BY p.n)",
                            {text_array(regexes(include)), include_disabled ? "true" : "false"}};
    auto judge = [this, &result, include_disabled](const pg::Result& rows) {
        for (int i = 0; i < rows.rows(); ++i)
            result.add(State::Unknown, "-s '" + include.at(rows.count(i, 0) - 1) + "' matches no " +
                                           (include_disabled ? "schedule" : "enabled schedule"));
    };
    return {{std::move(unmatched), judge}};
}

} // namespace mps
