// run(): the one entry point of every plugin. It parses the command line, connects
// within the deadline, calls the plugin's check, renders the result and turns every
// error into a one-line UNKNOWN (or the configured state). The only catch site.
#pragma once

#include "lib/options.hpp"
#include "lib/pg.hpp"
#include "lib/result.hpp"
#include "lib/schema.hpp"

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mps {

// What a check gets to work with.
class Context {
public:
    Context(pg::Connection& db, const Schema& schema, const Deadline& deadline, CheckResult& result,
            int verbosity);

    // Renders the schema placeholders of each statement and sends them all in one round
    // trip, one transaction (lib/pg.hpp). At -vvv each statement that ran gets a line of
    // the long output; the first carries the round trip's duration. A missing table or
    // column becomes a SchemaMismatch naming the option that maps it, as the failure of
    // the Replies.
    pg::Replies query_all(const std::vector<pg::Statement>& statements);
    // One statement: query_all() of it, its failure thrown.
    pg::Result query(std::string_view sql, const std::vector<std::optional<std::string>>& params);

    int verbosity() const { return verbosity_; }
    // The server as the last query saw it (hot standby, replay lag).
    const std::optional<pg::Server>& server() const { return db_.server(); }
    const Schema& schema() const { return schema_; }

private:
    pg::Connection& db_;
    const Schema& schema_;
    const Deadline& deadline_;
    CheckResult& result_;
    int verbosity_;
};

using Check = std::function<void(Context&, CheckResult&)>;

struct Plugin {
    std::string prefix; // "SCHEDULE_DAEMON"
    OptionsSpec options;
    // Reads the plugin's own options (throwing UsageError on bad values) before anything
    // connects, and returns the check to run.
    std::function<Check(const ParsedArguments&)> configure;
    // The check reports a hot standby's replay lag (Context::server()).
    bool replay_lag = false;
};

// Exit code 0..3; writes only to stdout (or --output-file).
int run(const Plugin& plugin, int argc, char** argv);

} // namespace mps
