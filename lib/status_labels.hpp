// Status columns (SPEC §1) may be text or a PostgreSQL enum. Compared as the column itself
// with an untyped parameter ("{run.status} = ANY ($2)"), PostgreSQL reads the parameter as
// the column's own type: indexes on the column stay usable and no row is cast to text. But an
// enum rejects the whole statement for a label it does not define, and the default statuses
// name labels a schema may lack (SUCCESS and COMPLETED): such labels are left out.
#pragma once

#include "lib/plugin.hpp"

#include <optional>
#include <string>
#include <vector>

namespace mps {

// The labels of the enum type (or domain over one) of a status column such as "run.status";
// nullopt when the column is not an enum. One statement that reads no row.
std::optional<std::vector<std::string>> enum_labels(Context& ctx, const std::string& column);

// The statuses of `wanted` not in `except` that a column with these enum labels can hold
// (all of them for a column that is not an enum), as a text[] literal for a parameter.
std::string status_array(const std::vector<std::string>& wanted,
                         const std::optional<std::vector<std::string>>& labels,
                         const std::vector<std::string>& except = {});

} // namespace mps
