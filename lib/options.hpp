// The command line of a plugin: common options (SPEC §3), the plugin's own options and
// --extra-opts, parsed as a pure function of a vector of strings.
#pragma once

#include "lib/deadline.hpp"
#include "lib/extra_opts.hpp"
#include "lib/range.hpp"
#include "lib/render.hpp"
#include "lib/schema.hpp"
#include "lib/thresholds.hpp"

#include <boost/program_options.hpp>

#include <optional>
#include <string>
#include <vector>

namespace mps {

struct ConnectionOptions {
    std::optional<std::string> host;     // -H, --host
    std::optional<std::string> port;     // -P, --port
    std::optional<std::string> dbname;   // -d, --dbname: name, connection string or URI
    std::optional<std::string> user;     // -l, --logname
    std::optional<std::string> password; // only from an --extra-opts section ("password")
};

struct CommonOptions {
    int verbosity = 0;
    Timeout timeout;
    Thresholds thresholds; // -w / -c on the plugin's primary metric
    ConnectionOptions connection;
    State db_error_state = State::Unknown;
    Format format = Format::Nagios;
    std::optional<std::string> output_file;
    HttpOptions http; // --http-ok-states, --http-details (--format=cgi)
    SchemaOptions schema;
};

// What a plugin declares about its command line.
struct OptionsSpec {
    std::string name;              // "check_schedule_daemon": ini section, --version, usage
    std::string purpose;           // one paragraph for --help
    std::string threshold_subject; // what -w/-c measure, e.g. "heartbeat age"
    Range::Unit threshold_unit = Range::Unit::None;
    std::string warning_default;  // "" = no default
    std::string critical_default; // "" = no default
    // The plugin's own options; values are read back with the *_option helpers below.
    boost::program_options::options_description plugin_options{"Plugin options"};
};

enum class Action { Check, Help, Version };

struct ParsedArguments {
    Action action = Action::Check;
    std::string plugin_name; // spec.name: range errors name the plugin they belong to
    CommonOptions common;
    boost::program_options::variables_map plugin; // the plugin's own options
};

// Parses args (without argv[0]). Options from --extra-opts come before args, so the
// command line wins. Throws UsageError (one line naming the option) on any mistake.
ParsedArguments parse_arguments(const OptionsSpec& spec, const std::vector<std::string>& args,
                                const Getenv& getenv);

// The whole --help text: purpose, usage, every option with its default, range syntax.
std::string help_text(const OptionsSpec& spec);
// "Usage: check_x [OPTIONS]" line printed after a usage error.
std::string usage_line(const OptionsSpec& spec);
// "check_x v0.1.0 (monitoring-plugins-schedule)"
std::string version_text(const OptionsSpec& spec);

// "OK,WARNING": a comma-separated, non-empty list of state names (--http-ok-states).
std::vector<State> parse_http_ok_states(std::string_view text);

// "10" or "10:CRITICAL" (state names as parse_state accepts them); seconds > 0.
Timeout parse_timeout(std::string_view text);

// Typed access to plugin options; each throws UsageError naming --name on bad text.
std::optional<Range> range_option(const ParsedArguments& args, const std::string& name,
                                  Range::Unit unit);
std::optional<double> duration_option(const ParsedArguments& args, const std::string& name);
std::optional<long> count_option(const ParsedArguments& args, const std::string& name);
std::vector<std::string> strings_option(const ParsedArguments& args, const std::string& name);
bool flag_option(const ParsedArguments& args, const std::string& name);

// A secondary metric's thresholds as the plugin options --NAME-warning and --NAME-critical
// ("lock": --lock-warning, --lock-critical), both with one help text; a default of ""
// means none. Read back together, each end throwing UsageError as range_option does.
void declare_thresholds(boost::program_options::options_description& options,
                        const std::string& name, const std::string& help,
                        const std::string& warning_default = "",
                        const std::string& critical_default = "");
Thresholds thresholds_option(const ParsedArguments& args, const std::string& name,
                             Range::Unit unit);

// A duration option that must be more than zero, such as --window (a window of 0s holds
// no run, so it would only ever read as OK); throws UsageError naming --name otherwise.
double positive_duration_option(const ParsedArguments& args, const std::string& name);

// True when the plugin option kept its default (the operator did not give it).
bool defaulted_option(const ParsedArguments& args, const std::string& name);

// One note for each warning/critical pair (-w/-c and every --NAME-warning/--NAME-critical)
// whose warning can never fire before its critical; shown at -v.
std::vector<std::string> threshold_notes(const OptionsSpec& spec, const ParsedArguments& args);

} // namespace mps
