// Logical keys to physical names: the prisma and snake presets of SPEC §1, overridden
// by --table/--column, and the placeholder rendering of the plugins' SQL.
#include "lib/schema.hpp"

#include "lib/usage_error.hpp"

#include <algorithm>
#include <stdexcept>

namespace mps {

namespace {

// PostgreSQL truncates identifiers to NAMEDATALEN - 1 bytes; a longer name would match
// a different object than the operator wrote.
constexpr std::size_t max_identifier_bytes = 63;

struct KeyInfo {
    const char* key;
    const char* prisma;
    const char* snake;
    bool optional;
};

// SPEC §1, in its order.
const KeyInfo key_table[] = {
    {"worker", "WorkerInstance", "worker_instance", false},
    {"worker.id", "id", "id", false},
    {"worker.type", "workerType", "worker_type", false},
    {"worker.status", "status", "status", false},
    {"worker.hostname", "hostname", "hostname", true},
    {"worker.pid", "pid", "pid", true},
    {"worker.started_at", "startedAt", "started_at", false},
    {"worker.heartbeat_at", "lastHeartbeatAt", "last_heartbeat_at", false},
    {"schedule", "JobSchedule", "job_schedule", false},
    {"schedule.id", "id", "id", false},
    {"schedule.enabled", "enabled", "enabled", false},
    {"schedule.next_run_at", "nextRunAt", "next_run_at", false},
    {"schedule.last_run_at", "lastRunAt", "last_run_at", false},
    {"schedule.locked_at", "lockedAt", "locked_at", false},
    {"schedule.locked_by", "lockedBy", "locked_by", true},
    {"run", "JobRun", "job_run", false},
    {"run.schedule_id", "scheduleId", "schedule_id", false},
    {"run.job_name", "jobName", "job_name", false},
    {"run.status", "status", "status", false},
    {"run.started_at", "startedAt", "started_at", false},
    {"run.finished_at", "finishedAt", "finished_at", true},
    {"run.error", "error", "error", true},
    {"run.id", "id", "id", false},
    {"run.created_at", "createdAt", "created_at", true},
    {"run.duration_ms", "durationMs", "duration_ms", true},
};

bool is_table_key(const std::string& key) {
    return key.find('.') == std::string::npos;
}

const KeyInfo* find_key(const std::string& key) {
    for (const auto& info : key_table)
        if (key == info.key)
            return &info;
    return nullptr;
}

std::string known_keys(bool tables) {
    std::string known;
    for (const auto& info : key_table)
        if (is_table_key(info.key) == tables)
            known += std::string(known.empty() ? "" : ", ") + info.key;
    return known;
}

void check_name(const std::string& option, const std::string& name) {
    if (name.size() > max_identifier_bytes)
        throw UsageError(option + ": name longer than 63 bytes");
    if (name.find('\0') != std::string::npos)
        throw UsageError(option + ": name contains a NUL character");
}

// A string constant whatever standard_conforming_strings says.
std::string string_literal(const std::string& text) {
    std::string literal = "E'";
    for (char c : text)
        literal += c == '\\' ? "\\\\" : c == '\'' ? "''" : std::string(1, c);
    return literal + "'";
}

void apply_override(std::map<std::string, std::string>& names, bool tables,
                    const std::pair<std::string, std::string>& entry) {
    const std::string option = tables ? "--table" : "--column";
    const auto& [key, name] = entry;
    const KeyInfo* info = find_key(key);
    if (info == nullptr || is_table_key(key) != tables)
        throw UsageError(option + ": unknown key '" + key + "' (known: " + known_keys(tables) +
                         ")");
    std::string spelled = option + "=" + key + "=" + name;
    if (name.empty() && !info->optional)
        throw UsageError(spelled + ": " +
                         (tables ? "a table name" : "the name of a required column") +
                         " cannot be empty (only optional columns may be absent)");
    check_name(option + "=" + key + "=...", name); // the name may hold a NUL: not echoed
    names[key] = name;
}

} // namespace

Schema::Schema(const SchemaOptions& options)
    : db_schema_(options.db_schema), db_timezone_(options.db_timezone) {
    for (const auto& info : key_table)
        names_[info.key] = options.naming == Naming::Prisma ? info.prisma : info.snake;
    for (const auto& entry : options.tables)
        apply_override(names_, true, entry);
    for (const auto& entry : options.columns)
        apply_override(names_, false, entry);
    if (db_schema_) {
        if (db_schema_->empty())
            throw UsageError("--db-schema: the schema name cannot be empty");
        check_name("--db-schema", *db_schema_);
    }
    if (db_timezone_.empty())
        throw UsageError("--db-timezone: the time zone cannot be empty");
}

RenderedSql Schema::render(std::string_view sql, const IdentifierQuoter& quote) const {
    RenderedSql rendered;
    auto use = [&](const std::string& key) {
        auto found = names_.find(key);
        if (found == names_.end())
            throw std::logic_error("SQL template: unknown placeholder '{" + key + "}'");
        if (std::find(rendered.keys.begin(), rendered.keys.end(), key) == rendered.keys.end())
            rendered.keys.push_back(key);
        if (is_table_key(key))
            return db_schema_ ? quote(*db_schema_) + "." + quote(found->second)
                              : quote(found->second);
        return found->second.empty() ? std::string("NULL") : quote(found->second);
    };
    std::size_t pos = 0;
    while (pos < sql.size()) {
        std::size_t open = sql.find_first_of("{}", pos);
        if (open == std::string_view::npos) {
            rendered.text.append(sql.substr(pos));
            break;
        }
        if (sql[open] == '}')
            throw std::logic_error("SQL template: unmatched '}' at offset " + std::to_string(open));
        std::size_t close = sql.find_first_of("{}", open + 1);
        if (close == std::string_view::npos || sql[close] != '}')
            throw std::logic_error("SQL template: unmatched '{' at offset " + std::to_string(open));
        rendered.text.append(sql.substr(pos, open - pos));
        std::string_view inside = sql.substr(open + 1, close - open - 1);
        std::size_t colon = inside.find(':');
        std::string key(inside.substr(0, colon));
        if (colon == std::string_view::npos) {
            rendered.text += use(key);
        } else {
            // {table.column: EXPR}: the timestamptz EXPR as a value of the column's own type,
            // read back through the table's row type (json input ignores the offset for a
            // timestamp without time zone: the wall clock of the session's TimeZone), so that
            // an index on the column compares like with like instead of converting each entry.
            if (is_table_key(key))
                throw std::logic_error("SQL template: '{" + key + ":...}' needs a column key");
            std::string expression(inside.substr(colon + 1));
            expression.erase(0, expression.find_first_not_of(' '));
            std::string column = use(key);
            std::string table = use(key.substr(0, key.find('.')));
            if (column == "NULL")
                rendered.text += column;
            else
                rendered.text += "(pg_catalog.jsonb_populate_record(NULL::" + table +
                                 ", pg_catalog.jsonb_build_object(" +
                                 string_literal(names_.at(key)) + ", " + expression + ")))." +
                                 column;
        }
        pos = close + 1;
    }
    return rendered;
}

const std::string& Schema::name(const std::string& key) const {
    auto found = names_.find(key);
    if (found == names_.end())
        throw std::logic_error("Schema::name: unknown key '" + key + "'");
    return found->second;
}

std::string Schema::option_for(const std::string& key) {
    return (is_table_key(key) ? "--table=" : "--column=") + key + "=NAME";
}

const std::vector<std::string>& Schema::keys() {
    static const std::vector<std::string> all = [] {
        std::vector<std::string> keys;
        for (const auto& info : key_table)
            keys.emplace_back(info.key);
        return keys;
    }();
    return all;
}

} // namespace mps
