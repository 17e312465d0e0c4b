#include "lib/schedule_filter.hpp"

#include "lib/sql_values.hpp"

namespace po = boost::program_options;

namespace mps {

void ScheduleFilter::declare(po::options_description& options) {
    options.add_options()(
        "schedule,s", po::value<std::vector<std::string>>()->composing()->value_name("PATTERN"),
        "only schedules whose id matches PATTERN: an exact id or a shell glob with * and ? "
        "(\\ makes the next character literal); repeatable")(
        "exclude,x", po::value<std::vector<std::string>>()->composing()->value_name("PATTERN"),
        "leave out schedules whose id matches PATTERN (as --schedule); repeatable");
}

ScheduleFilter ScheduleFilter::from(const ParsedArguments& args) {
    return {strings_option(args, "schedule"), strings_option(args, "exclude")};
}

std::vector<std::optional<std::string>> ScheduleFilter::params() const {
    return {like_patterns(include), like_patterns(exclude).value_or("{}")};
}

} // namespace mps
