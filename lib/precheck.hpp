// Statements a check sends ahead of its own, in the same round trip: a column's type, the
// labels of an enum, whether the -s patterns match. Each comes with what the check makes
// of its result, judged before the check's own statement's result or failure.
#pragma once

#include "lib/plugin.hpp"

#include <functional>
#include <vector>

namespace mps {

struct Precheck {
    pg::Statement statement; // with schema placeholders, as Context::query_all takes them
    // Adds conditions, keeps a value for later or throws (e.g. SchemaMismatch).
    std::function<void(const pg::Result&)> judge;
};

// Sends the prechecks, then `statement`, in one round trip and judges the prechecks'
// results in order; a precheck that failed is thrown once those before it are judged.
// Returns the Replies of `statement` alone: its result, or its failure unthrown, so that
// the caller may still answer it (e.g. with a second statement).
pg::Replies query_after(Context& ctx, const std::vector<Precheck>& prechecks,
                        const pg::Statement& statement);

} // namespace mps
