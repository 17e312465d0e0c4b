// How the run-reading checks group runs and which runs count as successful: --group-by
// (per job of a schedule, or per schedule), --success-status, --include-disabled.
#pragma once

#include "lib/options.hpp"

#include <optional>
#include <string>
#include <vector>

namespace mps {

struct RunGroups {
    bool by_job;                      // --group-by=job (default) or schedule
    std::vector<std::string> success; // --success-status
    bool include_disabled;            // --include-disabled

    // Declares the three options; `purpose` completes the --group-by help ("count streaks").
    static void declare(boost::program_options::options_description& options,
                        const std::string& purpose);
    // Throws UsageError naming --group-by for anything but job or schedule.
    static RunGroups from(const ParsedArguments& args);

    // The SQL parameter that says whether the job is part of the group ("true"/"false").
    std::string by_job_param() const { return by_job ? "true" : "false"; }
    // "job" or "schedule", for help and perfdata texts.
    const char* unit() const { return by_job ? "job" : "schedule"; }
};

// A group as the output names it: "schedule/job", or "schedule" when grouped by schedule;
// a run without a schedule (a manual run) belongs to "(manual)".
std::string group_name(const std::optional<std::string>& schedule,
                       const std::optional<std::string>& job);

} // namespace mps
