// Mapped columns whose type matters: a mapping to a column of the wrong type is the
// operator's mistake, reported like a missing column (one UNKNOWN naming the option).
#pragma once

#include "lib/precheck.hpp"

#include <string>
#include <vector>

namespace mps {

// The precheck (lib/precheck.hpp) that throws SchemaMismatch naming --column=KEY=NAME
// unless the column of `key` (e.g. "run.duration_ms") is numeric; `meaning` completes
// "…, not <meaning>". Its statement reads no row. None for an optional column mapped to "".
std::vector<Precheck> numeric_column_check(const Schema& schema, const std::string& key,
                                           const std::string& meaning);

} // namespace mps
