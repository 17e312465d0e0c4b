#include "lib/status_labels.hpp"

#include "lib/sql_values.hpp"

#include <algorithm>

namespace mps {

std::optional<std::vector<std::string>> enum_labels(Context& ctx, const std::string& column) {
    std::string table = column.substr(0, column.find('.'));
    // The column's type from an empty read of it: no row is fetched.
    auto rows =
        ctx.query("SELECT e.enumlabel::text FROM pg_catalog.pg_type t "
                  "JOIN pg_catalog.pg_enum e "
                  "ON e.enumtypid = coalesce(nullif(t.typbasetype, 0), t.oid) "
                  "WHERE t.oid = pg_catalog.pg_typeof((SELECT {" +
                      column + "} FROM {" + table + "} WHERE false)) ORDER BY e.enumsortorder",
                  {});
    if (rows.rows() == 0)
        return std::nullopt;
    std::vector<std::string> labels;
    for (int i = 0; i < rows.rows(); ++i)
        labels.emplace_back(rows.text(i, 0));
    return labels;
}

std::string status_array(const std::vector<std::string>& wanted,
                         const std::optional<std::vector<std::string>>& labels,
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

} // namespace mps
