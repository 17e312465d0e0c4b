#include "lib/plugin.hpp"

#include "lib/cgi.hpp"
#include "lib/duration.hpp"
#include "lib/number.hpp"
#include "lib/output_file.hpp"
#include "lib/render.hpp"
#include "lib/usage_error.hpp"
#include "lib/watchdog.hpp"

#include <chrono>
#include <cstdio>
#include <exception>

namespace mps {
namespace {

std::string collapse_whitespace(std::string_view sql) {
    std::string out;
    bool space = false;
    for (char c : sql) {
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
            space = !out.empty();
            continue;
        }
        if (space)
            out += ' ';
        space = false;
        out += c;
    }
    return out;
}

std::string table_reference(const Schema& schema, const std::string& table,
                            const IdentifierQuoter& quote) {
    std::string name = quote(schema.name(table));
    return schema.db_schema() ? quote(*schema.db_schema()) + "." + name : name;
}

// After "undefined table/column", finds which mapped name is missing, so the message can
// name the option that maps it. Returns "" when every name used exists.
std::string diagnose_missing(pg::Connection& db, const Schema& schema,
                             const std::vector<std::string>& keys, const Deadline& deadline) {
    auto quote = [&](std::string_view name) { return db.quote_identifier(name); };
    for (const auto& key : keys) {
        if (key.find('.') != std::string::npos)
            continue;
        std::string reference = table_reference(schema, key, quote);
        auto found = db.query("SELECT to_regclass($1) IS NOT NULL", {reference}, deadline);
        if (found.text(0, 0) != "t") {
            std::string where = schema.db_schema() ? "in schema \"" + *schema.db_schema() + "\""
                                                   : "on the search_path";
            return "table \"" + schema.name(key) + "\" (" + key + ") not found " + where +
                   ": set " + Schema::option_for(key) + " or --db-schema";
        }
    }
    for (const auto& key : keys) {
        auto dot = key.find('.');
        if (dot == std::string::npos || schema.name(key).empty())
            continue;
        std::string table = key.substr(0, dot);
        auto found = db.query("SELECT count(*) FROM pg_catalog.pg_attribute WHERE attrelid = "
                              "to_regclass($1) AND attname = $2 AND attnum > 0 AND NOT "
                              "attisdropped",
                              {table_reference(schema, table, quote), schema.name(key)}, deadline);
        if (found.text(0, 0) == "0")
            return "column \"" + schema.name(key) + "\" (" + key + ") not found in table \"" +
                   schema.name(table) + "\": set " + Schema::option_for(key);
    }
    return "";
}

// The host and port are those libpq connected to, whatever supplied them.
std::string settings_text(const CommonOptions& common, const pg::Connection& db) {
    const auto& c = common.connection;
    auto or_default = [](const std::optional<std::string>& v) {
        return v ? *v : "(libpq default)";
    };
    std::string dbname = or_default(c.dbname);
    // A connection string may carry a password; never echo one.
    if (c.dbname &&
        (c.dbname->find('=') != std::string::npos || c.dbname->find("://") != std::string::npos))
        dbname = "(connection string)";
    auto range = [](const std::optional<Range>& r) { return r ? r->to_string() : "(none)"; };
    return "settings: host=" + db.host() + " port=" + db.port() +
           " dbname=" + dbname + " user=" + or_default(c.user) +
           " password=" + (c.password ? "(from --extra-opts)" : "(libpq)") +
           " timeout=" + format_number(common.timeout.seconds) +
           "s:" + std::string(to_string(common.timeout.state)) +
           " warning=" + range(common.thresholds.warning) +
           " critical=" + range(common.thresholds.critical) +
           " naming=" + (common.schema.naming == Naming::Prisma ? "prisma" : "snake") +
           " db-schema=" + (common.schema.db_schema ? *common.schema.db_schema : "(search_path)") +
           " db-timezone=" + common.schema.db_timezone;
}

void print(const std::string& text) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
}

std::string standby_text(const pg::Server& server) {
    if (!server.replay_lag)
        return "server: hot standby: its data may be behind the primary";
    return "server: hot standby (replay lag " + human_duration(*server.replay_lag) +
           "): its data may be that much behind the primary";
}

// A one-condition result for failures that prevent the check from running.
CheckResult failure(State state, const std::string& text) {
    CheckResult result;
    result.add(state, text);
    return result;
}

} // namespace

Context::Context(pg::Connection& db, const Schema& schema, const Deadline& deadline,
                 CheckResult& result, int verbosity)
    : db_(db), schema_(schema), deadline_(deadline), result_(result), verbosity_(verbosity) {}

pg::Replies Context::query_all(const std::vector<pg::Statement>& statements) {
    auto quote = [this](std::string_view name) { return db_.quote_identifier(name); };
    std::vector<RenderedSql> rendered;
    std::vector<pg::Statement> sent;
    for (const auto& statement : statements) {
        rendered.push_back(schema_.render(statement.sql, quote));
        sent.push_back({rendered.back().text, statement.params});
    }
    auto started = std::chrono::steady_clock::now();
    pg::Replies replies = db_.query_all(sent, deadline_);
    if (verbosity_ >= 3) {
        // One time for the round trip, on its first line: summed, the lines' times are
        // the statements' (bench/run does so).
        auto ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
                .count();
        for (std::size_t i = 0; i < replies.results.size(); ++i)
            result_.add_whole_detail(
                3, "sql (" + (i == 0 ? format_number(ms) + " ms" : std::string("same round trip")) +
                       ", " + std::to_string(replies.results[i].rows()) +
                       " rows): " + collapse_whitespace(rendered[i].text));
    }
    if (replies.failure) {
        try {
            std::rethrow_exception(replies.failure);
        } catch (const pg::Error& error) {
            // 42P01 undefined_table, 42703 undefined_column, 3F000 invalid_schema_name.
            if (error.sqlstate() == "42P01" || error.sqlstate() == "42703" ||
                error.sqlstate() == "3F000") {
                const auto& keys = rendered[replies.results.size()].keys;
                std::string missing = diagnose_missing(db_, schema_, keys, deadline_);
                replies.failure = std::make_exception_ptr(
                    SchemaMismatch(missing.empty() ? error.what() : missing));
            }
        } catch (...) {
            // Not a statement error (a Timeout): kept as it is.
        }
    }
    return replies;
}

pg::Result Context::query(std::string_view sql,
                          const std::vector<std::optional<std::string>>& params) {
    return std::move(query_all({{std::string(sql), params}}).take().front());
}

int run(const Plugin& plugin, int argc, char** argv) {
    const OptionsSpec& spec = plugin.options;
    std::vector<std::string> args(argv + 1, argv + argc);
    RenderContext context{spec.name, plugin.prefix, 0};
    Getenv getenv = process_environment();
    // Under a web server no usage text reaches the web: one line in a 503, exit 0.
    bool cgi_errors_only = cgi_errors(args, getenv);
    auto usage_error = [&](const std::string& message) {
        if (cgi_errors_only) {
            print(render_cgi_error(context, message));
            return 0;
        }
        print(render_nagios(failure(State::Unknown, message), context) + usage_line(spec) + "\n");
        return exit_code(State::Unknown);
    };
    if (request_reached_arguments(args, getenv))
        return usage_error("the query string reached the command line; run the plugin "
                           "through a wrapper that passes fixed arguments");

    ParsedArguments parsed;
    Check check;
    try {
        parsed = parse_arguments(spec, args, getenv);
        if (parsed.action != Action::Check && cgi_environment(getenv))
            return usage_error("--help and --version are not answered to a web request");
        if (parsed.action == Action::Help) {
            print(help_text(spec));
            return exit_code(State::Unknown);
        }
        if (parsed.action == Action::Version) {
            print(version_text(spec) + "\n");
            return exit_code(State::Unknown);
        }
        check = plugin.configure(parsed);
    } catch (const UsageError& error) {
        return usage_error(error.what());
    }

    const CommonOptions& common = parsed.common;
    context.verbosity = common.verbosity;
    context.http = common.http;
    // A CGI response or metrics carry the state themselves: exit 0 once written.
    bool state_in_output = common.format == Format::Prometheus || common.format == Format::Cgi;
    Deadline deadline(common.timeout);
    std::string timed_out = "timed out after " + format_number(common.timeout.seconds) + " s";
    // The deadline itself is enforced by poll(); the watchdog only catches calls that
    // ignore it, half a second later.
    bool cgi = common.format == Format::Cgi;
    cgi_errors_only = cgi_errors_only || cgi;
    arm_watchdog(common.timeout.seconds + 0.5,
                 cgi ? render_cgi(failure(common.timeout.state, timed_out), context)
                     : render_nagios(failure(common.timeout.state, timed_out), context),
                 cgi ? 0 : exit_code(common.timeout.state));

    CheckResult result;
    try {
        Schema schema(common.schema);
        pg::ConnectParams params{common.connection.host,     common.connection.port,
                                 common.connection.dbname,   common.connection.user,
                                 common.connection.password, spec.name,
                                 common.schema.db_timezone,  plugin.replay_lag};
        pg::Connection db = [&] {
            try {
                return pg::Connection::open(params, deadline);
            } catch (const pg::Error& error) {
                throw pg::Error("cannot connect to the database: " + std::string(error.what()),
                                error.sqlstate(), true);
            }
        }();
        if (common.verbosity >= 2)
            result.add_whole_detail(2, settings_text(common, db));
        for (const auto& note : threshold_notes(spec, parsed))
            result.add_whole_detail(1, note);
        Context ctx(db, schema, deadline, result, common.verbosity);
        check(ctx, result);
        if (const auto& server = db.server(); server && server->standby)
            result.add_detail(1, standby_text(*server));
    } catch (const UsageError& error) {
        disarm_watchdog();
        return usage_error(error.what());
    } catch (const pg::Timeout& error) {
        result = failure(common.timeout.state, error.what());
    } catch (const SchemaMismatch& error) {
        result = failure(State::Unknown, error.what());
    } catch (const pg::Error& error) {
        std::string message = error.what();
        // 22023 invalid_parameter_value, from the transaction's SET LOCAL TimeZone.
        if (error.sqlstate() == "22023" && message.find("\"TimeZone\"") != std::string::npos) {
            disarm_watchdog();
            return usage_error("--db-timezone: the server does not know the time zone '" +
                               common.schema.db_timezone + "'");
        }
        if (error.sqlstate() == "42501")
            message += " (grant SELECT on the mapped tables to the monitoring role)";
        else if (error.sqlstate() == "22P02")
            message += " (check the status options against the column's values)";
        result = failure(common.db_error_state, message);
    } catch (const std::exception& error) {
        result = failure(State::Unknown, std::string("internal error: ") + error.what());
    } catch (...) {
        result = failure(State::Unknown, "internal error");
    }
    disarm_watchdog();

    std::string text = render(common.format, result, context);
    if (common.output_file) {
        try {
            write_file_atomically(*common.output_file, text);
        } catch (const std::exception& error) {
            if (cgi)
                return usage_error(error.what());
            print(render_nagios(failure(State::Unknown, error.what()), context));
            return exit_code(State::Unknown);
        }
    } else {
        print(text);
    }
    return state_in_output ? 0 : exit_code(result.state());
}

} // namespace mps
