// Mapped columns whose type matters: a mapping to a column of the wrong type is the
// operator's mistake, reported like a missing column (one UNKNOWN naming the option).
#pragma once

#include "lib/plugin.hpp"

#include <string>

namespace mps {

// Throws SchemaMismatch naming --column=KEY=NAME unless the column of `key` (e.g.
// "run.duration_ms") is numeric; `meaning` completes "…, not <meaning>". Nothing to check
// for an optional column mapped to "". One statement that reads no row.
void require_numeric_column(Context& ctx, const std::string& key, const std::string& meaning);

} // namespace mps
