// Status columns (SPEC §1) may be text or a PostgreSQL enum. Compared as the column itself
// with an untyped parameter ("{run.status} = ANY ($2)"), PostgreSQL reads the parameter as
// the column's own type: indexes on the column stay usable and no row is cast to text. But an
// enum rejects the whole statement for a label it does not define, and the default statuses
// name labels a schema may lack (SUCCESS and COMPLETED): such labels are left out.
#pragma once

#include "lib/plugin.hpp"
#include "lib/precheck.hpp"

#include <optional>
#include <string>
#include <vector>

namespace mps {

// The labels of a status column's enum type; nullopt for a column that is not an enum.
using StatusLabels = std::optional<std::vector<std::string>>;

// The precheck (lib/precheck.hpp) that keeps in `labels` those of the enum type (or domain
// over one) of a status column such as "run.status". Its statement reads no row.
Precheck enum_labels_check(const std::string& column, StatusLabels& labels);

// The statuses of `wanted` not in `except` that a column with these enum labels can hold
// (all of them for a column that is not an enum), as a text[] literal for a parameter.
std::string status_array(const std::vector<std::string>& wanted, const StatusLabels& labels,
                         const std::vector<std::string>& except = {});

// A status option the operator gave (defaults are left out: see above).
struct StatusOption {
    std::string option; // "--success-status"
    std::vector<std::string> values;
};

// The status options (long names) the operator gave, with their values.
std::vector<StatusOption> given_statuses(const ParsedArguments& args,
                                         const std::vector<std::string>& names);

// "" when every given value is a label of the column's enum (or the column is not an
// enum); else one line for an UNKNOWN naming the option, the value and the label set, so
// that a typo never silently matches nothing.
std::string unknown_status(const std::vector<StatusOption>& given, const StatusLabels& labels);

// For a text status column (no labels to check against), one -v line counting the runs
// that started within the window per given status value: a typo shows as 0 runs. A round
// trip of its own, at -v only: whether the column is text is known from the labels.
void add_status_counts(Context& ctx, CheckResult& result, const std::vector<StatusOption>& given,
                       double window);

} // namespace mps
