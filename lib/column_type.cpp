#include "lib/column_type.hpp"

namespace mps {

std::vector<Precheck> numeric_column_check(const Schema& schema, const std::string& key,
                                           const std::string& meaning) {
    const std::string& name = schema.name(key);
    if (name.empty())
        return {};
    std::string table = key.substr(0, key.find('.'));
    pg::Statement type{"SELECT pg_catalog.format_type(t.oid, NULL), t.typcategory = 'N' "
                       "FROM pg_catalog.pg_type t WHERE t.oid = pg_catalog.pg_typeof("
                       "(SELECT {" +
                           key + "} FROM {" + table + "} WHERE false))",
                       {}};
    auto judge = [key, name, meaning](const pg::Result& rows) {
        if (rows.rows() == 1 && rows.text(0, 1) != "t")
            throw SchemaMismatch(Schema::option_for(key) + ": column \"" + name + "\" is " +
                                 rows.item(0, 0) + ", not " + meaning);
    };
    return {{std::move(type), judge}};
}

} // namespace mps
