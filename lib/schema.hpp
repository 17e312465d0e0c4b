// The mapping from the logical data model (SPEC §1) to the database's real names.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mps {

enum class Naming { Prisma, Snake };

// A mapped table or column the server does not have, or not of a usable type: the
// operator fixes an option. run() reports it as one UNKNOWN line.
class SchemaMismatch : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct SchemaOptions {
    Naming naming = Naming::Prisma;
    std::optional<std::string> db_schema;
    std::vector<std::pair<std::string, std::string>> tables;  // --table=KEY=NAME
    std::vector<std::pair<std::string, std::string>> columns; // --column=KEY=NAME
    std::string db_timezone = "UTC";
};

// Quotes one identifier (the libpq connection's escaping in production).
using IdentifierQuoter = std::function<std::string(std::string_view)>;

struct RenderedSql {
    std::string text;
    std::vector<std::string> keys; // logical keys used, in order of first use
};

class Schema {
public:
    // Throws UsageError for an unknown key, an empty table name, an empty name for a
    // required column, or a name longer than 63 bytes.
    explicit Schema(const SchemaOptions& options);

    // Replaces "{table}" with the (schema-qualified) quoted table name,
    // "{table.column}" with the quoted column name, or NULL for an optional column
    // mapped to "", and "{table.column: EXPR}" with the timestamptz EXPR as a value of
    // that column's type (timestamp columns: the wall clock of the session's TimeZone;
    // at the column's precision). Throws std::logic_error for an unknown key.
    RenderedSql render(std::string_view sql, const IdentifierQuoter& quote) const;

    // Physical name of a table key ("worker") or column key ("worker.heartbeat_at");
    // "" for an absent optional column.
    const std::string& name(const std::string& key) const;
    const std::optional<std::string>& db_schema() const { return db_schema_; }
    const std::string& db_timezone() const { return db_timezone_; }

    // The option that maps a key: "--table=worker=NAME" or "--column=worker.pid=NAME".
    static std::string option_for(const std::string& key);
    // Every logical key (tables and columns) in SPEC order.
    static const std::vector<std::string>& keys();

private:
    std::map<std::string, std::string> names_;
    std::optional<std::string> db_schema_;
    std::string db_timezone_;
};

} // namespace mps
