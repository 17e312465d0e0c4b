// Command-line parsing: the common options of SPEC §3 plus the plugin's own, with
// --extra-opts sections inserted before the command line as monitoring-plugins do.
#include "lib/options.hpp"

#include "lib/duration.hpp"
#include "lib/number.hpp"
#include "lib/usage_error.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>
#include <set>

#ifndef PACKAGE_VERSION_STRING
#define PACKAGE_VERSION_STRING "0.0.0"
#endif

namespace mps {

namespace po = boost::program_options;

namespace {

// An upper bound keeps the deadline arithmetic far from overflow; no sensible check waits
// a day.
constexpr double max_timeout_seconds = 86400;

constexpr std::size_t help_width = 79;
constexpr std::size_t help_description_column = 32;
// Joins words that wrap() must keep on one line, such as "(default: prisma)".
constexpr char no_break = '\x01';

std::string lower(std::string_view text) {
    std::string result(text);
    std::transform(result.begin(), result.end(), result.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return result;
}

std::string threshold_help(const OptionsSpec& spec, const char* level) {
    std::string text =
        std::string(level) + " threshold range of the " +
        (spec.threshold_subject.empty() ? std::string("primary metric") : spec.threshold_subject);
    if (spec.threshold_unit == Range::Unit::Duration)
        text += "; each end may carry a unit s, m, h or d (plain numbers are seconds)";
    return text;
}

// A string option showing RANGE in --help, with the plugin's default when it has one.
po::typed_value<std::string>* range_value(const std::string& default_text) {
    auto* value = po::value<std::string>()->value_name("RANGE");
    if (!default_text.empty())
        value->default_value(default_text);
    return value;
}

void add(po::options_description& group, const char* name, const po::value_semantic* semantic,
         const std::string& description) {
    group.add_options()(name, semantic, description.c_str());
}

// The common options, grouped as --help shows them.
struct CommonDescription {
    po::options_description general, thresholds, connection, schema, output;

    explicit CommonDescription(const OptionsSpec& spec) {
        add(general, "help,h", po::bool_switch(), "print this help and exit (status 3, UNKNOWN)");
        add(general, "version,V", po::bool_switch(),
            "print the version and exit (status 3, UNKNOWN)");
        add(general, "verbose,v", po::bool_switch(),
            "more long output; repeatable: -v each offending item, -vv also every item checked "
            "and the effective settings (never a password), -vvv also each SQL statement with "
            "the duration of its round trip");
        add(general, "timeout,t",
            po::value<std::string>()->default_value("10:UNKNOWN")->value_name("SECONDS[:STATE]"),
            "one deadline in seconds (fractions allowed) for connecting and every query; when "
            "it passes the result is STATE (OK, WARNING, CRITICAL or UNKNOWN)");
        add(general, "extra-opts",
            po::value<std::string>()->implicit_value("")->value_name("[SECTION][@FILE]"),
            "read long options from SECTION (default: the plugin's name) of the ini FILE "
            "(default: $MP_CONFIG_FILE, else the monitoring-plugins search path: "
            "$NAGIOS_CONFIG_PATH, /etc/monitoring-plugins.ini, /etc/nagios/plugins.ini, ...); "
            "options on the command line win over the file; repeatable");

        std::string none = std::string(" (default:") + no_break + "none," + no_break + "never" +
                           no_break + "alerts)";
        add(thresholds, "warning,w", range_value(spec.warning_default),
            threshold_help(spec, "WARNING") + (spec.warning_default.empty() ? none : ""));
        add(thresholds, "critical,c", range_value(spec.critical_default),
            threshold_help(spec, "CRITICAL") + (spec.critical_default.empty() ? none : ""));

        add(connection, "host,H", po::value<std::string>()->value_name("HOST"),
            "database server host name, address or socket directory (default: libpq's PGHOST, "
            "else the local socket)");
        add(connection, "port,P", po::value<std::string>()->value_name("PORT"),
            "database server port (default: PGPORT, else 5432)");
        add(connection, "dbname,d", po::value<std::string>()->value_name("DBNAME"),
            "database name, or a whole libpq connection string or URI (default: PGDATABASE, "
            "else the user name)");
        add(connection, "logname,l", po::value<std::string>()->value_name("USER"),
            "database user name (default: PGUSER, else the operating-system user)");
        add(connection, "db-error-state",
            po::value<std::string>()->default_value("UNKNOWN")->value_name("STATE"),
            "state when the database cannot be reached or queried (OK, WARNING, CRITICAL or "
            "UNKNOWN)");

        add(schema, "naming",
            po::value<std::string>()->default_value("prisma")->value_name("PRESET"),
            "naming preset of tables and columns: prisma (\"WorkerInstance\", "
            "\"lastHeartbeatAt\") or snake (worker_instance, last_heartbeat_at)");
        add(schema, "db-schema", po::value<std::string>()->value_name("NAME"),
            "PostgreSQL schema holding the tables (default: the connection's search_path)");
        add(schema, "table", po::value<std::vector<std::string>>()->value_name("KEY=NAME"),
            "name of the logical table KEY (worker, schedule, run); repeatable");
        add(schema, "column", po::value<std::vector<std::string>>()->value_name("KEY=NAME"),
            "name of the logical column KEY (e.g. worker.heartbeat_at); repeatable; an empty "
            "NAME declares an optional column absent (worker.hostname, worker.pid, "
            "schedule.locked_by, run.finished_at, run.error, run.created_at, "
            "run.duration_ms)");
        add(schema, "db-timezone",
            po::value<std::string>()->default_value("UTC")->value_name("ZONE"),
            "time zone that timestamp-without-time-zone columns are stored in");

        add(output, "format",
            po::value<std::string>()->default_value("nagios")->value_name("FORMAT"),
            "output format: nagios, json (one line for Zabbix and scripts), prometheus "
            "(textfile collector) or cgi (a CGI/1.1 response for an HTTP health endpoint: "
            "200 or 503; the exit status is then 0)");
        add(output, "output-file", po::value<std::string>()->value_name("PATH"),
            "write the output to PATH atomically (temporary file, then rename) instead of "
            "standard output");
        add(output, "http-ok-states",
            po::value<std::string>()->default_value("OK,WARNING")->value_name("STATES"),
            "with --format=cgi: the comma-separated states answered with \"200 OK\"; every "
            "other state is \"503 Service Unavailable\"");
        add(output, "http-details", po::bool_switch(),
            "with --format=cgi: the body adds the summary to \"PREFIX STATE\" (host names, "
            "worker ids and error texts then reach the web)");
    }

    // Boost keeps captions private: --help names the groups itself.
    std::vector<std::pair<std::string, const po::options_description*>>
    groups(const OptionsSpec& spec) const {
        return {{"General options", &general},       {"Thresholds", &thresholds},
                {"Connection options", &connection}, {"Schema mapping options", &schema},
                {"Output options", &output},         {"Plugin options", &spec.plugin_options}};
    }

    po::options_description all(const OptionsSpec& spec) const {
        po::options_description combined;
        for (const auto& group : groups(spec))
            combined.add(*group.second);
        return combined;
    }
};

constexpr int parse_style =
    po::command_line_style::unix_style & ~po::command_line_style::allow_guessing;

po::parsed_options parse_command_line(const po::options_description& all,
                                      const std::vector<std::string>& args) {
    try {
        return po::command_line_parser(args).options(all).style(parse_style).run();
    } catch (const po::unknown_option& error) {
        // Name the option only: its value may be a secret ("--password=...").
        std::string name = error.get_option_name();
        name.erase(std::min(name.find('='), name.size()));
        if (name == "--password" || name == "--passwd")
            throw UsageError(name + ": there is no password option (ps would show it); use "
                                    "~/.pgpass, PGPASSFILE, PGPASSWORD, a service file or the "
                                    "password key of an --extra-opts section");
        throw UsageError("unknown option '" + name + "'");
    } catch (const po::error& error) {
        throw UsageError(error.what());
    }
}

// One ini entry as an option, built directly rather than re-parsed from "--key=value" so
// that empty values and values starting with '-' mean what the file says.
po::option ini_option(const po::options_description& all, const std::string& key,
                      const std::string& value, const std::string& origin) {
    const po::option_description* description =
        key.size() > 1 ? all.find_nothrow(key, false, false, false) : nullptr;
    if (description == nullptr || description->long_name() != key)
        throw UsageError(origin + "unknown option '" + key + "' (keys are long option names)");
    po::option option;
    option.string_key = key;
    option.original_tokens = {"--" + key + (value.empty() ? "" : "=" + value)};
    const auto& semantic = description->semantic();
    if (semantic->max_tokens() == 0) {
        if (!value.empty())
            throw UsageError(origin + "option '--" + key + "' takes no value");
    } else if (!value.empty() || semantic->min_tokens() > 0) {
        option.value = {value};
    }
    return option;
}

bool repeatable(const po::options_description& all, const std::string& key) {
    const po::option_description* description = all.find_nothrow(key, false, false, false);
    if (description == nullptr)
        return false;
    const po::value_semantic* semantic = description->semantic().get();
    return semantic->is_composing() ||
           dynamic_cast<const po::typed_value<std::vector<std::string>>*>(semantic) != nullptr;
}

bool contains(const po::parsed_options& parsed, const std::string& key) {
    return std::any_of(parsed.options.begin(), parsed.options.end(),
                       [&](const po::option& option) { return option.string_key == key; });
}

std::optional<std::string> string_value(const po::variables_map& vm, const std::string& key) {
    auto found = vm.find(key);
    if (found == vm.end() || found->second.empty())
        return std::nullopt;
    const boost::any& value = found->second.value();
    if (const auto* text = boost::any_cast<std::string>(&value))
        return *text;
    if (const auto* texts = boost::any_cast<std::vector<std::string>>(&value))
        return texts->empty() ? std::nullopt : std::optional<std::string>(texts->back());
    throw std::logic_error("option --" + key + " is not stored as text");
}

std::vector<std::string> strings_value(const po::variables_map& vm, const std::string& key) {
    auto found = vm.find(key);
    if (found == vm.end() || found->second.empty())
        return {};
    const boost::any& value = found->second.value();
    if (const auto* texts = boost::any_cast<std::vector<std::string>>(&value))
        return *texts;
    if (const auto* text = boost::any_cast<std::string>(&value))
        return {*text};
    throw std::logic_error("option --" + key + " is not stored as text");
}

// Empty connection values count as unset, as empty PG* variables do (Icinga 2 passes
// unset macros as empty strings).
std::optional<std::string> non_empty(std::optional<std::string> value) {
    if (value && value->empty())
        return std::nullopt;
    return value;
}

// A range error names the plugin too: one custom variable or ini section may feed several
// plugins, and "-w 2m" means a duration to one and nothing to another.
std::optional<Range> parse_range_option(const std::optional<std::string>& text,
                                        const std::string& plugin, const std::string& option,
                                        Range::Unit unit) {
    if (!text)
        return std::nullopt;
    try {
        return Range::parse(*text, unit);
    } catch (const RangeError& error) {
        bool unit_given = false; // a duration given where a count is wanted
        if (unit == Range::Unit::None) {
            try {
                Range::parse(*text, Range::Unit::Duration);
                unit_given = true;
            } catch (const RangeError&) {
            }
        }
        throw UsageError(plugin + ": " + option + ": invalid range '" + *text + "': " +
                         error.what() + (unit_given ? " (this threshold is a count: no unit)" : ""));
    }
}

std::vector<std::pair<std::string, std::string>> key_names(const std::vector<std::string>& entries,
                                                           const std::string& option) {
    std::vector<std::pair<std::string, std::string>> pairs;
    for (const auto& entry : entries) {
        std::size_t equals = entry.find('=');
        if (equals == std::string::npos)
            throw UsageError(option + ": expected KEY=NAME, got '" + entry + "'");
        pairs.emplace_back(entry.substr(0, equals), entry.substr(equals + 1));
    }
    return pairs;
}

State parse_state_option(const std::string& text, const std::string& option) {
    if (auto state = parse_state(text))
        return *state;
    throw UsageError(option + ": invalid state '" + text +
                     "' (expected OK, WARNING, CRITICAL or UNKNOWN)");
}

CommonOptions common_options(const OptionsSpec& spec, const po::variables_map& vm) {
    CommonOptions common;
    common.timeout = parse_timeout(string_value(vm, "timeout").value_or("10:UNKNOWN"));
    common.thresholds.warning = parse_range_option(string_value(vm, "warning"), spec.name,
                                                   "-w/--warning", spec.threshold_unit);
    common.thresholds.critical = parse_range_option(string_value(vm, "critical"), spec.name,
                                                    "-c/--critical", spec.threshold_unit);

    common.connection.host = non_empty(string_value(vm, "host"));
    common.connection.port = non_empty(string_value(vm, "port"));
    common.connection.dbname = non_empty(string_value(vm, "dbname"));
    common.connection.user = non_empty(string_value(vm, "logname"));

    common.db_error_state = parse_state_option(
        string_value(vm, "db-error-state").value_or("UNKNOWN"), "--db-error-state");

    std::string format = string_value(vm, "format").value_or("nagios");
    if (lower(format) == "nagios")
        common.format = Format::Nagios;
    else if (lower(format) == "json")
        common.format = Format::Json;
    else if (lower(format) == "prometheus")
        common.format = Format::Prometheus;
    else if (lower(format) == "cgi")
        common.format = Format::Cgi;
    else
        throw UsageError("--format: invalid format '" + format +
                         "' (expected nagios, json, prometheus or cgi)");
    common.http.ok_states = parse_http_ok_states(string_value(vm, "http-ok-states").value_or(
        "OK,WARNING"));
    auto details = vm.find("http-details");
    common.http.details = details != vm.end() && !details->second.empty() &&
                          details->second.as<bool>();

    common.output_file = string_value(vm, "output-file");
    if (common.output_file && common.output_file->empty())
        throw UsageError("--output-file: the path cannot be empty");

    std::string naming = string_value(vm, "naming").value_or("prisma");
    if (lower(naming) == "prisma")
        common.schema.naming = Naming::Prisma;
    else if (lower(naming) == "snake")
        common.schema.naming = Naming::Snake;
    else
        throw UsageError("--naming: invalid preset '" + naming + "' (expected prisma or snake)");
    common.schema.db_schema = string_value(vm, "db-schema");
    common.schema.tables = key_names(strings_value(vm, "table"), "--table");
    common.schema.columns = key_names(strings_value(vm, "column"), "--column");
    common.schema.db_timezone = string_value(vm, "db-timezone").value_or("UTC");
    Schema validated(common.schema); // reports mapping mistakes before any connection
    return common;
}

// Word-wraps text into lines of at most `width` characters after `indent` spaces;
// the first line continues the text already written on it (`used` characters).
std::string wrap(const std::string& text, std::size_t indent, std::size_t used,
                 std::size_t width = help_width) {
    std::string out;
    std::size_t column = used;
    std::size_t pos = 0;
    bool line_start = true;
    while (pos < text.size()) {
        std::size_t end = text.find(' ', pos);
        if (end == std::string::npos)
            end = text.size();
        std::string word = text.substr(pos, end - pos);
        pos = end + 1;
        if (word.empty())
            continue;
        if (!line_start && column + 1 + word.size() > width) {
            out += "\n" + std::string(indent, ' ');
            column = indent;
            line_start = true;
        }
        if (!line_start) {
            out += ' ';
            ++column;
        }
        out += word;
        column += word.size();
        line_start = false;
    }
    std::replace(out.begin(), out.end(), no_break, ' ');
    return out + "\n";
}

// "  -w, --warning=RANGE" and its description, with the default appended. Boost's own
// layout puts a single space after the longest option, which help2man cannot split.
std::string help_entry(const po::option_description& description) {
    std::string label = "  ";
    std::string short_name =
        description.canonical_display_name(po::command_line_style::allow_dash_for_short);
    label += short_name.size() == 2 && short_name[0] == '-' ? short_name + ", " : "    ";
    label += "--" + description.long_name();

    std::string text = description.description();
    std::string parameter = description.format_parameter();
    if (!parameter.empty()) {
        std::size_t default_at = parameter.rfind(" (=");
        if (default_at != std::string::npos && parameter.back() == ')') {
            text += " (default:" + std::string(1, no_break) +
                    parameter.substr(default_at + 3, parameter.size() - default_at - 4) + ")";
            parameter.erase(default_at);
        }
        if (parameter.rfind("[=", 0) == 0) // implicit value: "[=NAME(=VALUE)]"
            label += "[=" + parameter.substr(2, parameter.find("(=") - 2) + "]";
        else if (description.semantic()->min_tokens() == 0)
            label += "[=" + parameter + "]";
        else
            label += "=" + (parameter == "arg" ? std::string("VALUE") : parameter);
    }
    if (label.size() + 2 > help_description_column)
        return label + "\n" + std::string(help_description_column, ' ') +
               wrap(text, help_description_column, help_description_column);
    label.resize(help_description_column, ' ');
    return label + wrap(text, help_description_column, help_description_column);
}

std::string help_group(const std::string& caption, const po::options_description& group) {
    if (group.options().empty())
        return {};
    std::string text = "\n" + caption + ":\n";
    for (const auto& option : group.options())
        text += help_entry(*option);
    return text;
}

} // namespace

ParsedArguments parse_arguments(const OptionsSpec& spec, const std::vector<std::string>& args,
                                const Getenv& getenv) {
    CommonDescription common(spec);
    po::options_description all = common.all(spec);
    po::parsed_options from_argv = parse_command_line(all, args);

    ParsedArguments parsed;
    parsed.plugin_name = spec.name;
    for (const auto& option : from_argv.options)
        if (option.string_key.empty())
            throw UsageError(
                "unexpected argument '" +
                (option.original_tokens.empty() ? std::string() : option.original_tokens.front()) +
                "' (every value belongs to an option)");
    if (contains(from_argv, "help")) {
        parsed.action = Action::Help;
        return parsed;
    }
    if (contains(from_argv, "version")) {
        parsed.action = Action::Version;
        return parsed;
    }

    // The ini sections' options go first, so the command line wins.
    po::parsed_options merged(&all, from_argv.m_options_prefix);
    for (const auto& option : from_argv.options) {
        if (option.string_key != "extra-opts")
            continue;
        std::string locator = option.value.empty() ? std::string() : option.value.front();
        std::string origin = "--extra-opts" + (locator.empty() ? "" : "=" + locator) + ": ";
        for (const auto& [key, value] : read_extra_opts(locator, spec.name, getenv)) {
            if (key == "password") {
                // Only here: a password on the command line would show in ps.
                parsed.common.connection.password = non_empty(value);
                continue;
            }
            if (key == "extra-opts")
                throw UsageError(origin + "an ini section cannot name further --extra-opts");
            merged.options.push_back(ini_option(all, key, value, origin));
        }
    }
    for (const auto& option : from_argv.options)
        if (option.string_key != "extra-opts")
            merged.options.push_back(option);

    // -v counts its occurrences; any other single-valued option keeps its last value, as
    // getopt does; repeatable ones accumulate (file first).
    int verbosity = 0;
    std::set<std::string> seen;
    std::vector<po::option> kept;
    for (auto it = merged.options.rbegin(); it != merged.options.rend(); ++it) {
        if (it->string_key == "verbose") {
            ++verbosity;
            continue;
        }
        if (!repeatable(all, it->string_key) && !seen.insert(it->string_key).second)
            continue;
        kept.push_back(*it);
    }
    merged.options.assign(kept.rbegin(), kept.rend());

    po::variables_map vm;
    try {
        po::store(merged, vm);
        po::notify(vm);
    } catch (const po::error& error) {
        throw UsageError(error.what());
    }

    std::string password = parsed.common.connection.password.value_or("");
    parsed.common = common_options(spec, vm);
    parsed.common.verbosity = verbosity;
    parsed.common.connection.password = non_empty(password);
    for (const auto& option : spec.plugin_options.options()) {
        auto found = vm.find(option->long_name());
        if (found != vm.end())
            parsed.plugin.insert(*found);
    }
    return parsed;
}

std::string usage_line(const OptionsSpec& spec) {
    return "Usage: " + spec.name +
           " [-H HOST] [-P PORT] [-d DBNAME] [-l USER] [-w RANGE] [-c RANGE]"
           " [-t SECONDS[:STATE]] [-v] [--extra-opts=[SECTION][@FILE]] [OPTION]...";
}

std::string version_text(const OptionsSpec& spec) {
    return spec.name + " v" + PACKAGE_VERSION_STRING + " (monitoring-plugins-schedule)";
}

std::string help_text(const OptionsSpec& spec) {
    CommonDescription common(spec);
    std::string text = version_text(spec) + "\n\n";
    if (!spec.purpose.empty())
        text += wrap(spec.purpose, 0, 0) + "\n";
    text += usage_line(spec) + "\n";
    for (const auto& [caption, group] : common.groups(spec))
        text += help_group(caption, *group);
    text += "\nRanges:\n  " + wrap("Ranges of -w, -c and the other RANGE options follow the "
                                   "Monitoring Plugins Development Guidelines; the ends are "
                                   "inclusive:",
                                   2, 2);
    text += "  10        alert when the value is outside 0..10\n"
            "  10:       alert below 10\n"
            "  ~:10      alert above 10\n"
            "  10:20     alert outside 10..20\n"
            "  @10:20    alert inside 10..20 (inclusive)\n";
    text += "  " + wrap("A range that measures time takes a unit on each end: s, m, h or d "
                        "(-w 2m -c 5m); a plain number is seconds. Durations of other options "
                        "take the same units. An omitted threshold never alerts; a bad one is "
                        "a usage error.",
                        2, 2);
    text += "\nPasswords:\n  " +
            wrap("There is no password option: a password on the command line would be "
                 "visible in ps. Use ~/.pgpass, PGPASSFILE, PGPASSWORD, a service file "
                 "(PGSERVICE or service= in --dbname) or the password key of an --extra-opts "
                 "section.",
                 2, 2);
    text += "\nExit status:\n  " + wrap("0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (also after "
                                        "--help, --version and usage errors).",
                                        2, 2);
    return text;
}

std::vector<State> parse_http_ok_states(std::string_view text) {
    std::vector<State> states;
    std::size_t start = 0;
    while (true) {
        std::size_t comma = std::min(text.find(',', start), text.size());
        std::string_view name = text.substr(start, comma - start);
        auto state = parse_state(name);
        if (!state)
            throw UsageError("--http-ok-states: invalid state '" + std::string(name) + "' in '" +
                             std::string(text) +
                             "' (expected a comma-separated list of OK, WARNING, CRITICAL, "
                             "UNKNOWN)");
        states.push_back(*state);
        if (comma == text.size())
            return states;
        start = comma + 1;
    }
}

Timeout parse_timeout(std::string_view text) {
    std::size_t colon = text.find(':');
    std::string_view seconds_text = text.substr(0, colon);
    auto seconds = parse_number(seconds_text);
    if (!seconds || !(*seconds > 0) || *seconds > max_timeout_seconds)
        throw UsageError("-t/--timeout: invalid timeout '" + std::string(text) +
                         "' (expected SECONDS[:STATE], 0 < SECONDS <= 86400)");
    Timeout timeout;
    timeout.seconds = *seconds;
    if (colon != std::string_view::npos) {
        std::string_view state_text = text.substr(colon + 1);
        auto state = parse_state(state_text);
        if (!state)
            throw UsageError("-t/--timeout: invalid state '" + std::string(state_text) + "' in '" +
                             std::string(text) + "' (expected OK, WARNING, CRITICAL or UNKNOWN)");
        timeout.state = *state;
    }
    return timeout;
}

std::optional<Range> range_option(const ParsedArguments& args, const std::string& name,
                                  Range::Unit unit) {
    return parse_range_option(string_value(args.plugin, name), args.plugin_name, "--" + name,
                              unit);
}

std::optional<double> duration_option(const ParsedArguments& args, const std::string& name) {
    auto text = string_value(args.plugin, name);
    if (!text)
        return std::nullopt;
    if (auto seconds = parse_duration(*text))
        return seconds;
    throw UsageError("--" + name + ": invalid duration '" + *text +
                     "' (expected a number with an optional unit s, m, h or d)");
}

std::optional<long> count_option(const ParsedArguments& args, const std::string& name) {
    auto text = string_value(args.plugin, name);
    if (!text)
        return std::nullopt;
    long count = 0;
    const char* begin = text->data();
    const char* end = begin + text->size();
    auto [ptr, ec] = std::from_chars(begin, end, count);
    if (text->empty() || !std::isdigit(static_cast<unsigned char>(text->front())) ||
        ec != std::errc() || ptr != end)
        throw UsageError("--" + name + ": invalid count '" + *text +
                         "' (expected a whole number, 0 or more)");
    return count;
}

std::vector<std::string> strings_option(const ParsedArguments& args, const std::string& name) {
    return strings_value(args.plugin, name);
}

bool flag_option(const ParsedArguments& args, const std::string& name) {
    auto found = args.plugin.find(name);
    if (found == args.plugin.end() || found->second.empty())
        return false;
    if (const auto* flag = boost::any_cast<bool>(&found->second.value()))
        return *flag;
    throw std::logic_error("option --" + name + " is not a flag");
}

void declare_thresholds(po::options_description& options, const std::string& name,
                        const std::string& help, const std::string& warning_default,
                        const std::string& critical_default) {
    auto range = [](const std::string& default_text) {
        auto* value = po::value<std::string>();
        return default_text.empty() ? value : value->default_value(default_text);
    };
    options.add_options()((name + "-warning").c_str(), range(warning_default), help.c_str())(
        (name + "-critical").c_str(), range(critical_default), help.c_str());
}

Thresholds thresholds_option(const ParsedArguments& args, const std::string& name,
                             Range::Unit unit) {
    return {range_option(args, name + "-warning", unit),
            range_option(args, name + "-critical", unit)};
}

double positive_duration_option(const ParsedArguments& args, const std::string& name) {
    auto seconds = duration_option(args, name);
    if (!seconds)
        throw std::logic_error("option --" + name + " has no default");
    if (!(*seconds > 0))
        throw UsageError("--" + name + ": must be more than 0s, got '" +
                         string_value(args.plugin, name).value_or("") +
                         "' (nothing happens within no time)");
    return *seconds;
}

bool defaulted_option(const ParsedArguments& args, const std::string& name) {
    auto found = args.plugin.find(name);
    return found == args.plugin.end() || found->second.defaulted();
}

std::vector<std::string> threshold_notes(const OptionsSpec& spec, const ParsedArguments& args) {
    std::vector<std::string> notes;
    auto note = [&](const Thresholds& thresholds, const std::string& w, const std::string& c) {
        std::string text = shadowed_note(thresholds, w, c);
        if (!text.empty())
            notes.push_back(text);
    };
    note(args.common.thresholds, "-w/--warning", "-c/--critical");
    const std::string suffix = "-warning";
    for (const auto& option : spec.plugin_options.options()) {
        const std::string& name = option->long_name();
        if (name.size() <= suffix.size() ||
            name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
            continue;
        std::string base = name.substr(0, name.size() - suffix.size());
        if (spec.plugin_options.find_nothrow(base + "-critical", false) == nullptr)
            continue;
        // Already validated by the plugin; a duration parse reads plain numbers as they are.
        try {
            note(thresholds_option(args, base, Range::Unit::Duration), "--" + name,
                 "--" + base + "-critical");
        } catch (const UsageError&) {
        }
    }
    return notes;
}

} // namespace mps
