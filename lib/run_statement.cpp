#include "lib/run_statement.hpp"

namespace mps {
namespace {

// 22P02 invalid_text_representation: how an enum rejects a status it does not define.
bool rejects_a_status(const std::exception_ptr& failure) {
    try {
        std::rethrow_exception(failure);
    } catch (const pg::Error& error) {
        return error.sqlstate() == "22P02";
    } catch (...) {
        return false;
    }
}

} // namespace

std::optional<pg::Result> query_runs(Context& ctx, CheckResult& result,
                                     const RunStatement& statement) {
    StatusLabels labels;
    std::vector<Precheck> prechecks = statement.prechecks;
    for (auto& precheck : statement.filter.match_check(result, statement.include_disabled))
        prechecks.push_back(std::move(precheck));
    prechecks.push_back(enum_labels_check("run.status", labels));
    auto assumed = statement.params(std::nullopt);
    pg::Replies replies = query_after(ctx, prechecks, {std::string(statement.sql), assumed});
    if (auto typo = unknown_status(statement.given, labels); !typo.empty()) {
        result.add(State::Unknown, typo);
        return std::nullopt;
    }
    std::optional<pg::Result> rows;
    if (!replies.failure) {
        rows = std::move(replies.results.front());
    } else {
        auto known = statement.params(labels);
        if (known == assumed || !rejects_a_status(replies.failure))
            std::rethrow_exception(replies.failure);
        rows = ctx.query(statement.sql, known);
    }
    if (!labels)
        add_status_counts(ctx, result, statement.given, statement.window);
    return rows;
}

} // namespace mps
