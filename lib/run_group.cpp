#include "lib/run_group.hpp"

#include "lib/usage_error.hpp"

namespace po = boost::program_options;

namespace mps {

void RunGroups::declare(po::options_description& options, const std::string& purpose) {
    // clang-format off
    options.add_options()
        ("group-by", po::value<std::string>()->default_value("job"),
         (purpose + " per job of a schedule (job) or per schedule (schedule)").c_str())
        ("success-status", po::value<std::vector<std::string>>()->composing()
             ->default_value({"SUCCESS", "COMPLETED"}, "SUCCESS COMPLETED"),
         "a run status that counts as success (repeatable)")
        ("include-disabled", po::bool_switch(), "also count runs of disabled schedules");
    // clang-format on
}

RunGroups RunGroups::from(const ParsedArguments& args) {
    std::string group_by = strings_option(args, "group-by").front();
    if (group_by != "job" && group_by != "schedule")
        throw UsageError("--group-by: expected job or schedule, got '" + group_by + "'");
    return {group_by == "job", strings_option(args, "success-status"),
            flag_option(args, "include-disabled")};
}

std::string group_name(const std::optional<std::string>& schedule,
                       const std::optional<std::string>& job) {
    return schedule.value_or("(manual)") + (job ? "/" + *job : "");
}

} // namespace mps
