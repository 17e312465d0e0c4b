#include "lib/status_labels.hpp"

#include "lib/duration.hpp"
#include "lib/number.hpp"
#include "lib/sql_values.hpp"

#include <algorithm>

namespace mps {

Precheck enum_labels_check(const std::string& column, StatusLabels& labels) {
    std::string table = column.substr(0, column.find('.'));
    // The column's type from an empty read of it: no row is fetched.
    pg::Statement read{"SELECT e.enumlabel::text FROM pg_catalog.pg_type t "
                       "JOIN pg_catalog.pg_enum e "
                       "ON e.enumtypid = coalesce(nullif(t.typbasetype, 0), t.oid) "
                       "WHERE t.oid = pg_catalog.pg_typeof((SELECT {" +
                           column + "} FROM {" + table + "} WHERE false)) ORDER BY e.enumsortorder",
                       {}};
    auto keep = [&labels](const pg::Result& rows) {
        labels.reset();
        if (rows.rows() == 0)
            return; // not an enum
        labels.emplace();
        for (int i = 0; i < rows.rows(); ++i)
            labels->emplace_back(rows.text(i, 0));
    };
    return {std::move(read), keep};
}

std::string status_array(const std::vector<std::string>& wanted, const StatusLabels& labels,
                         const std::vector<std::string>& except) {
    auto has = [](const std::vector<std::string>& list, const std::string& item) {
        return std::find(list.begin(), list.end(), item) != list.end();
    };
    std::vector<std::string> kept;
    for (const auto& status : wanted)
        if (!has(except, status) && (!labels || has(*labels, status)))
            kept.push_back(status);
    return text_array(kept);
}

std::vector<StatusOption> given_statuses(const ParsedArguments& args,
                                         const std::vector<std::string>& names) {
    std::vector<StatusOption> given;
    for (const auto& name : names)
        if (!defaulted_option(args, name))
            given.push_back({"--" + name, strings_option(args, name)});
    return given;
}

std::string unknown_status(const std::vector<StatusOption>& given, const StatusLabels& labels) {
    if (!labels)
        return "";
    for (const auto& option : given)
        for (const auto& value : option.values)
            if (std::find(labels->begin(), labels->end(), value) == labels->end()) {
                std::string set;
                for (const auto& label : *labels)
                    set += (set.empty() ? "" : ", ") + label;
                return option.option + ": '" + value +
                       "' is not a label of the run status enum (labels: " + set + ")";
            }
    return "";
}

void add_status_counts(Context& ctx, CheckResult& result, const std::vector<StatusOption>& given,
                       double window) {
    std::vector<std::string> values;
    for (const auto& option : given)
        values.insert(values.end(), option.values.begin(), option.values.end());
    if (values.empty() || ctx.verbosity() < 1)
        return;
    auto rows = ctx.query(
        "SELECT v, (SELECT count(*) FROM {run} WHERE {run.status} = v "
        "AND {run.started_at} >= {run.started_at: now() - $2::float8 * interval '1 second'}) "
        "FROM unnest($1::text[]) WITH ORDINALITY AS u(v, n) ORDER BY n",
        {text_array(values), format_number(window)});
    std::string text;
    for (int i = 0; i < rows.rows(); ++i)
        text +=
            (text.empty() ? "" : ", ") + rows.item(i, 0) + " " + std::to_string(rows.count(i, 1));
    result.add_detail(1, "runs by status in the last " + human_duration(window) + ": " + text);
}

} // namespace mps
