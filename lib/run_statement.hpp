// The statement of a check that reads runs by status (check_schedule_failures,
// check_schedule_runs), in one round trip with what it needs to know first: whether its -s
// patterns match, the status column's enum labels, and any other prechecks.
// The statement goes out assuming that every status it wants is a label of the column: true
// of a text column and of an enum that has them all. An enum that lacks one rejects it
// (22P02 invalid_text_representation): a status the operator gave is then a typo (UNKNOWN
// naming it), a default one (SUCCESS or COMPLETED; a schema usually has one) is left out
// and the statement sent again, a second round trip that naming only the enum's statuses
// saves.
#pragma once

#include "lib/precheck.hpp"
#include "lib/schedule_filter.hpp"
#include "lib/status_labels.hpp"

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mps {

struct RunStatement {
    std::string_view sql;
    // Its parameters, the status ones built by status_array() from these labels.
    std::function<std::vector<std::optional<std::string>>(const StatusLabels&)> params;
    const ScheduleFilter& filter;
    bool include_disabled;                  // -s may match disabled schedules
    const std::vector<StatusOption>& given; // the status options given: typos, -v counts
    double window;                          // of the -v counts
    std::vector<Precheck> prechecks = {};   // sent first, e.g. a column's type
};

// The statement's result; nullopt once the UNKNOWN of a given status that is no label of
// the enum is added to `result`. Adds the -s conditions and, for a text status column at
// -v, the counts of the given statuses (add_status_counts).
std::optional<pg::Result> query_runs(Context& ctx, CheckResult& result,
                                     const RunStatement& statement);

} // namespace mps
