#include "lib/precheck.hpp"

namespace mps {

pg::Replies query_after(Context& ctx, const std::vector<Precheck>& prechecks,
                        const pg::Statement& statement) {
    std::vector<pg::Statement> statements;
    for (const auto& precheck : prechecks)
        statements.push_back(precheck.statement);
    statements.push_back(statement);
    pg::Replies replies = ctx.query_all(statements);
    for (std::size_t i = 0; i < prechecks.size(); ++i) {
        if (i == replies.results.size())
            std::rethrow_exception(replies.failure);
        prechecks[i].judge(replies.results[i]);
    }
    replies.results.erase(replies.results.begin(),
                          replies.results.begin() + static_cast<long>(prechecks.size()));
    return replies;
}

} // namespace mps
