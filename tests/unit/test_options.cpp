// Command-line parsing as a pure function of a vector of strings (SPEC §3).
#include "lib/options.hpp"
#include "lib/usage_error.hpp"

#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

using namespace mps;
namespace po = boost::program_options;

namespace {

using Args = std::vector<std::string>;

// A plugin like check_schedule_daemon: duration thresholds with defaults, and one
// option of every kind the *_option helpers read.
struct Plugin {
    OptionsSpec spec;
    Plugin() {
        spec.name = "check_test";
        spec.purpose = "Tests the option parser.";
        spec.threshold_subject = "heartbeat age";
        spec.threshold_unit = Range::Unit::Duration;
        spec.warning_default = "120";
        spec.critical_default = "5m";
        auto add = spec.plugin_options.add_options();
        add("worker-type", po::value<std::string>()->default_value("schedule_daemon"),
            "worker type of the daemon");
        add("live-within", po::value<std::string>()->default_value("300s"), "live window");
        add("max-running", po::value<std::string>()->default_value("1"), "live workers allowed");
        add("lock-warning", po::value<std::string>(), "lock age warning");
        add("schedule,s", po::value<std::vector<std::string>>()->value_name("PATTERN"),
            "schedule pattern");
        add("include-disabled", po::bool_switch(), "include disabled schedules");
    }
    ParsedArguments parse(const Args& args, const Getenv& getenv) const {
        return parse_arguments(spec, args, getenv);
    }
    ParsedArguments parse(const Args& args) const { return parse(args, no_env()); }
    std::string error(const Args& args, const Getenv& getenv) const {
        try {
            parse(args, getenv);
        } catch (const UsageError& e) {
            return e.what();
        }
        return "(no error)";
    }
    std::string error(const Args& args) const { return error(args, no_env()); }
    static Getenv no_env() {
        return [](const std::string&) { return std::optional<std::string>(); };
    }
};

Getenv environment(std::map<std::string, std::string> variables) {
    return [variables](const std::string& name) -> std::optional<std::string> {
        auto found = variables.find(name);
        if (found == variables.end())
            return std::nullopt;
        return found->second;
    };
}

bool starts_with(const std::string& text, const std::string& prefix) {
    return text.rfind(prefix, 0) == 0;
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// A mkdtemp directory holding ini files, removed with everything in it.
struct IniDir {
    std::string path;
    IniDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "mps-opt-XXXXXX").string();
        if (mkdtemp(pattern.data()) == nullptr)
            throw std::runtime_error("mkdtemp failed");
        path = pattern;
    }
    ~IniDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path, ignored);
    }
    std::string write(const std::string& name, const std::string& content) const {
        std::string file = path + "/" + name;
        std::ofstream(file) << content;
        return file;
    }
};

std::string message(const UsageError& error) {
    return error.what();
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(options, Plugin)

// --- defaults and actions ---------------------------------------------------

BOOST_AUTO_TEST_CASE(no_arguments_means_check) {
    BOOST_TEST((parse({}).action == Action::Check));
}

BOOST_AUTO_TEST_CASE(default_timeout_is_10_unknown) {
    auto common = parse({}).common;
    BOOST_TEST(common.timeout.seconds == 10.0);
    BOOST_TEST((common.timeout.state == State::Unknown));
}

BOOST_AUTO_TEST_CASE(default_thresholds_come_from_the_spec) {
    auto thresholds = parse({}).common.thresholds;
    BOOST_TEST(thresholds.warning->to_string() == Range::parse("120").to_string());
    BOOST_TEST(thresholds.critical->alerts(301));
    BOOST_TEST(!thresholds.critical->alerts(300));
}

BOOST_AUTO_TEST_CASE(empty_default_means_no_threshold) {
    spec.warning_default = "";
    spec.critical_default = "";
    auto thresholds = parse({}).common.thresholds;
    BOOST_TEST(!thresholds.warning.has_value());
    BOOST_TEST(!thresholds.critical.has_value());
}

BOOST_AUTO_TEST_CASE(other_defaults) {
    auto common = parse({}).common;
    BOOST_TEST(common.verbosity == 0);
    BOOST_TEST((common.db_error_state == State::Unknown));
    BOOST_TEST((common.format == Format::Nagios));
    BOOST_TEST(!common.output_file.has_value());
    BOOST_TEST((common.schema.naming == Naming::Prisma));
    BOOST_TEST(!common.schema.db_schema.has_value());
    BOOST_TEST(common.schema.db_timezone == "UTC");
    BOOST_TEST(common.schema.tables.empty());
    BOOST_TEST(common.schema.columns.empty());
}

BOOST_AUTO_TEST_CASE(connection_is_unset_by_default) {
    auto connection = parse({}).common.connection;
    BOOST_TEST(!connection.host.has_value());
    BOOST_TEST(!connection.port.has_value());
    BOOST_TEST(!connection.dbname.has_value());
    BOOST_TEST(!connection.user.has_value());
    BOOST_TEST(!connection.password.has_value());
}

BOOST_AUTO_TEST_CASE(short_help_asks_for_help) {
    BOOST_TEST((parse({"-h"}).action == Action::Help));
}

BOOST_AUTO_TEST_CASE(long_help_asks_for_help) {
    BOOST_TEST((parse({"--help"}).action == Action::Help));
}

BOOST_AUTO_TEST_CASE(help_wins_over_bad_values) {
    BOOST_TEST((parse({"-w", "20:10", "--help"}).action == Action::Help));
}

BOOST_AUTO_TEST_CASE(short_version_asks_for_version) {
    BOOST_TEST((parse({"-V"}).action == Action::Version));
}

BOOST_AUTO_TEST_CASE(long_version_asks_for_version) {
    BOOST_TEST((parse({"--version"}).action == Action::Version));
}

// --- verbosity ----------------------------------------------------------------

BOOST_AUTO_TEST_CASE(one_v_is_verbosity_1) {
    BOOST_TEST(parse({"-v"}).common.verbosity == 1);
}

BOOST_AUTO_TEST_CASE(separate_vs_are_counted) {
    BOOST_TEST(parse({"-v", "-v"}).common.verbosity == 2);
}

BOOST_AUTO_TEST_CASE(bundled_vvv_is_verbosity_3) {
    BOOST_TEST(parse({"-vvv"}).common.verbosity == 3);
}

BOOST_AUTO_TEST_CASE(bundled_vv_is_verbosity_2) {
    BOOST_TEST(parse({"-vv"}).common.verbosity == 2);
}

BOOST_AUTO_TEST_CASE(long_verbose_is_counted) {
    BOOST_TEST(parse({"--verbose", "--verbose"}).common.verbosity == 2);
}

BOOST_AUTO_TEST_CASE(mixed_verbose_forms_add_up) {
    BOOST_TEST(parse({"-vv", "--verbose", "-w", "5", "-v"}).common.verbosity == 4);
}

BOOST_AUTO_TEST_CASE(verbose_takes_no_value) {
    BOOST_TEST(contains(error({"--verbose=2"}), "--verbose"));
}

// --- timeout ------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(timeout_seconds_only_keeps_unknown) {
    auto timeout = parse({"-t", "20"}).common.timeout;
    BOOST_TEST(timeout.seconds == 20.0);
    BOOST_TEST((timeout.state == State::Unknown));
}

BOOST_AUTO_TEST_CASE(timeout_with_state) {
    auto timeout = parse({"--timeout=5:CRITICAL"}).common.timeout;
    BOOST_TEST(timeout.seconds == 5.0);
    BOOST_TEST((timeout.state == State::Critical));
}

BOOST_AUTO_TEST_CASE(timeout_state_in_any_case) {
    BOOST_TEST((parse_timeout("2:warning").state == State::Warning));
}

BOOST_AUTO_TEST_CASE(timeout_accepts_fractions) {
    BOOST_TEST(parse_timeout("1.5").seconds == 1.5);
}

BOOST_AUTO_TEST_CASE(timeout_zero_is_rejected) {
    BOOST_CHECK_EXCEPTION(parse_timeout("0"), UsageError, [](const UsageError& e) {
        return starts_with(message(e), "-t/--timeout: invalid timeout '0'");
    });
}

BOOST_AUTO_TEST_CASE(timeout_negative_is_rejected) {
    BOOST_TEST(starts_with(error({"-t", "-5"}), "-t/--timeout:"));
}

BOOST_AUTO_TEST_CASE(timeout_garbage_is_rejected) {
    BOOST_TEST(starts_with(error({"-t", "ten"}), "-t/--timeout:"));
}

BOOST_AUTO_TEST_CASE(timeout_with_unit_is_rejected) {
    BOOST_TEST(starts_with(error({"-t", "10s"}), "-t/--timeout:"));
}

BOOST_AUTO_TEST_CASE(timeout_bad_state_is_rejected) {
    BOOST_CHECK_EXCEPTION(parse_timeout("10:FOO"), UsageError, [](const UsageError& e) {
        return starts_with(message(e), "-t/--timeout: invalid state 'FOO'");
    });
}

BOOST_AUTO_TEST_CASE(timeout_empty_state_is_rejected) {
    BOOST_CHECK_THROW(parse_timeout("10:"), UsageError);
}

BOOST_AUTO_TEST_CASE(timeout_empty_is_rejected) {
    BOOST_CHECK_THROW(parse_timeout(""), UsageError);
}

BOOST_AUTO_TEST_CASE(timeout_above_a_day_is_rejected) {
    BOOST_CHECK_THROW(parse_timeout("86401"), UsageError);
}

// --- thresholds ---------------------------------------------------------------

BOOST_AUTO_TEST_CASE(thresholds_take_duration_units) {
    auto thresholds = parse({"-w", "2m", "-c", "1h"}).common.thresholds;
    BOOST_TEST(!thresholds.warning->alerts(120));
    BOOST_TEST(thresholds.warning->alerts(121));
    BOOST_TEST(!thresholds.critical->alerts(3600));
    BOOST_TEST(thresholds.critical->alerts(3601));
}

BOOST_AUTO_TEST_CASE(long_threshold_options) {
    auto thresholds = parse({"--warning=10", "--critical", "@5:6"}).common.thresholds;
    BOOST_TEST(thresholds.warning->alerts(11));
    BOOST_TEST(thresholds.critical->alerts(5.5));
}

BOOST_AUTO_TEST_CASE(plain_thresholds_without_unit_reject_units) {
    spec.threshold_unit = Range::Unit::None;
    BOOST_TEST(error({"-w", "2m"}) == "check_test: -w/--warning: invalid range '2m': '2m' is not "
                                      "a number (this threshold is a count: no unit)");
}

BOOST_AUTO_TEST_CASE(zero_window_is_a_usage_error) {
    spec.plugin_options.add_options()("window", po::value<std::string>()->default_value("1h"), "");
    BOOST_TEST(positive_duration_option(parse({}), "window") == 3600);
    BOOST_TEST(positive_duration_option(parse({"--window=90s"}), "window") == 90);
    auto zero = parse({"--window=0"});
    BOOST_CHECK_EXCEPTION(positive_duration_option(zero, "window"), UsageError,
                          [](const UsageError& e) {
                              return std::string(e.what()) ==
                                     "--window: must be more than 0s, got '0' (nothing happens "
                                     "within no time)";
                          });
    auto negative = parse({"--window=-5m"});
    BOOST_CHECK_THROW(positive_duration_option(negative, "window"), UsageError);
}

BOOST_AUTO_TEST_CASE(defaulted_options_are_told_from_given_ones) {
    spec.plugin_options.add_options()("window", po::value<std::string>()->default_value("1h"), "");
    BOOST_TEST(defaulted_option(parse({}), "window"));
    BOOST_TEST(!defaulted_option(parse({"--window=1h"}), "window"));
}

BOOST_AUTO_TEST_CASE(shadowed_warning_gets_a_note) {
    BOOST_TEST(threshold_notes(spec, parse({"-w", "300", "-c", "120"})) ==
                   std::vector<std::string>{"note: -w/--warning 300 never fires before "
                                            "-c/--critical 120: every value it alerts on is "
                                            "CRITICAL already"},
               boost::test_tools::per_element());
    BOOST_TEST(threshold_notes(spec, parse({"-w", "120", "-c", "300"})).empty());
    BOOST_TEST(threshold_notes(spec, parse({"-w", "100"})).empty()); // -c 5m by default
}

BOOST_AUTO_TEST_CASE(reversed_warning_range_is_a_usage_error) {
    BOOST_TEST(starts_with(error({"-w", "20:10"}), "check_test: -w/--warning: invalid range '20:10': "));
}

BOOST_AUTO_TEST_CASE(bad_critical_range_names_critical) {
    BOOST_TEST(starts_with(error({"-c", "abc"}), "check_test: -c/--critical: invalid range 'abc': "));
}

BOOST_AUTO_TEST_CASE(empty_threshold_is_a_usage_error) {
    BOOST_TEST(starts_with(error({"-w", ""}), "check_test: -w/--warning: invalid range ''"));
}

BOOST_AUTO_TEST_CASE(last_of_repeated_single_option_wins) {
    BOOST_TEST(parse({"-w", "5", "-w", "7"}).common.thresholds.warning->alerts(7.5));
    BOOST_TEST(!parse({"-w", "5", "-w", "7"}).common.thresholds.warning->alerts(6));
}

// --- connection and common options -------------------------------------------

BOOST_AUTO_TEST_CASE(connection_short_options) {
    auto c = parse({"-H", "db1", "-P", "5433", "-d", "app", "-l", "monitor"}).common.connection;
    BOOST_TEST(*c.host == "db1");
    BOOST_TEST(*c.port == "5433");
    BOOST_TEST(*c.dbname == "app");
    BOOST_TEST(*c.user == "monitor");
}

BOOST_AUTO_TEST_CASE(connection_long_options) {
    auto c =
        parse({"--host=db1", "--port=5433", "--dbname=service=x", "--logname=m"}).common.connection;
    BOOST_TEST(*c.host == "db1");
    BOOST_TEST(*c.port == "5433");
    BOOST_TEST(*c.dbname == "service=x");
    BOOST_TEST(*c.user == "m");
}

BOOST_AUTO_TEST_CASE(empty_connection_value_counts_as_unset) {
    BOOST_TEST(!parse({"-H", ""}).common.connection.host.has_value());
}

BOOST_AUTO_TEST_CASE(db_error_state_in_any_case) {
    BOOST_TEST((parse({"--db-error-state=critical"}).common.db_error_state == State::Critical));
}

BOOST_AUTO_TEST_CASE(bad_db_error_state_is_a_usage_error) {
    BOOST_TEST(starts_with(error({"--db-error-state=BAD"}), "--db-error-state: invalid state"));
}

BOOST_AUTO_TEST_CASE(format_json) {
    BOOST_TEST((parse({"--format=json"}).common.format == Format::Json));
}

BOOST_AUTO_TEST_CASE(format_prometheus) {
    BOOST_TEST((parse({"--format", "prometheus"}).common.format == Format::Prometheus));
}

BOOST_AUTO_TEST_CASE(bad_format_is_a_usage_error) {
    BOOST_TEST(starts_with(error({"--format=xml"}), "--format: invalid format 'xml'"));
}

BOOST_AUTO_TEST_CASE(output_file_is_kept) {
    BOOST_TEST(*parse({"--output-file=/tmp/x.prom"}).common.output_file == "/tmp/x.prom");
}

BOOST_AUTO_TEST_CASE(naming_snake) {
    BOOST_TEST((parse({"--naming=snake"}).common.schema.naming == Naming::Snake));
}

BOOST_AUTO_TEST_CASE(bad_naming_is_a_usage_error) {
    BOOST_TEST(starts_with(error({"--naming=camel"}), "--naming: invalid preset 'camel'"));
}

BOOST_AUTO_TEST_CASE(db_schema_and_timezone) {
    auto schema = parse({"--db-schema=app", "--db-timezone=Europe/Berlin"}).common.schema;
    BOOST_TEST(*schema.db_schema == "app");
    BOOST_TEST(schema.db_timezone == "Europe/Berlin");
}

BOOST_AUTO_TEST_CASE(empty_db_timezone_is_a_usage_error) {
    BOOST_TEST(starts_with(error({"--db-timezone", ""}), "--db-timezone:"));
}

BOOST_AUTO_TEST_CASE(table_and_column_overrides_are_collected_in_order) {
    auto schema = parse({"--table=worker=w", "--column=worker.pid=", "--column", "run.error=err"})
                      .common.schema;
    BOOST_TEST(schema.tables.size() == 1u);
    BOOST_TEST(schema.tables[0].first == "worker");
    BOOST_TEST(schema.tables[0].second == "w");
    BOOST_TEST(schema.columns.size() == 2u);
    BOOST_TEST(schema.columns[0].first == "worker.pid");
    BOOST_TEST(schema.columns[0].second == "");
    BOOST_TEST(schema.columns[1].second == "err");
}

BOOST_AUTO_TEST_CASE(override_without_equals_is_a_usage_error) {
    BOOST_TEST(starts_with(error({"--column=worker.pid"}), "--column: expected KEY=NAME"));
}

BOOST_AUTO_TEST_CASE(unknown_mapping_key_is_reported_while_parsing) {
    BOOST_TEST(starts_with(error({"--table=workers=x"}), "--table: unknown key 'workers'"));
}

// --- mistakes -------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(unknown_option_is_named) {
    BOOST_TEST(error({"--bogus=1"}) == "unknown option '--bogus'");
}

BOOST_AUTO_TEST_CASE(unknown_short_option_is_named) {
    BOOST_TEST(error({"-x"}) == "unknown option '-x'");
}

BOOST_AUTO_TEST_CASE(abbreviated_option_is_unknown) {
    BOOST_TEST(error({"--warn=5"}) == "unknown option '--warn'");
}

BOOST_AUTO_TEST_CASE(missing_value_names_the_option) {
    BOOST_TEST(contains(error({"-w"}), "'--warning'"));
}

BOOST_AUTO_TEST_CASE(positional_argument_is_rejected) {
    BOOST_TEST(starts_with(error({"-v", "localhost"}), "unexpected argument 'localhost'"));
}

BOOST_AUTO_TEST_CASE(password_option_does_not_exist) {
    BOOST_TEST(
        starts_with(error({"--password=s3cret"}), "--password: there is no password option"));
}

BOOST_AUTO_TEST_CASE(password_on_argv_is_never_echoed) {
    BOOST_TEST(!contains(error({"--password=s3cret"}), "s3cret"));
}

BOOST_AUTO_TEST_CASE(errors_are_one_line) {
    for (const Args& args :
         std::vector<Args>{{"--bogus"}, {"-w"}, {"x"}, {"-t", "0"}, {"-w", "9:1"}, {"--column=a"}})
        BOOST_TEST(!contains(error(args), "\n"));
}

// --- plugin options ---------------------------------------------------------------

BOOST_AUTO_TEST_CASE(plugin_string_option_default) {
    auto values = strings_option(parse({}), "worker-type");
    BOOST_TEST(values.size() == 1u);
    BOOST_TEST(values.front() == "schedule_daemon");
}

BOOST_AUTO_TEST_CASE(plugin_string_option_given) {
    BOOST_TEST(strings_option(parse({"--worker-type=job_worker"}), "worker-type").front() ==
               "job_worker");
}

BOOST_AUTO_TEST_CASE(plugin_repeatable_option_collects_values) {
    auto values = strings_option(parse({"-s", "a", "--schedule=feed-*"}), "schedule");
    std::vector<std::string> expected{"a", "feed-*"};
    BOOST_TEST(values == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(plugin_repeatable_option_absent_is_empty) {
    BOOST_TEST(strings_option(parse({}), "schedule").empty());
}

BOOST_AUTO_TEST_CASE(plugin_repeatable_default_is_replaced_by_given_values) {
    spec.plugin_options.add_options()(
        "failed-status",
        po::value<std::vector<std::string>>()->composing()->default_value({"FAILED"}, "FAILED"),
        "failed status");
    BOOST_TEST(strings_option(parse({}), "failed-status").front() == "FAILED");
    auto values =
        strings_option(parse({"--failed-status=ERROR", "--failed-status=LOST"}), "failed-status");
    std::vector<std::string> expected{"ERROR", "LOST"};
    BOOST_TEST(values == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(plugin_flag_given) {
    BOOST_TEST(flag_option(parse({"--include-disabled"}), "include-disabled"));
}

BOOST_AUTO_TEST_CASE(plugin_flag_absent) {
    BOOST_TEST(!flag_option(parse({}), "include-disabled"));
}

BOOST_AUTO_TEST_CASE(plugin_duration_option) {
    BOOST_TEST(*duration_option(parse({"--live-within=5m"}), "live-within") == 300.0);
}

BOOST_AUTO_TEST_CASE(plugin_duration_option_default) {
    BOOST_TEST(*duration_option(parse({}), "live-within") == 300.0);
}

BOOST_AUTO_TEST_CASE(plugin_bad_duration_names_the_option) {
    BOOST_CHECK_EXCEPTION(duration_option(parse({"--live-within=soon"}), "live-within"), UsageError,
                          [](const UsageError& e) {
                              return starts_with(message(e),
                                                 "--live-within: invalid duration 'soon'");
                          });
}

BOOST_AUTO_TEST_CASE(plugin_count_option) {
    BOOST_TEST(*count_option(parse({"--max-running=3"}), "max-running") == 3);
}

BOOST_AUTO_TEST_CASE(plugin_count_option_rejects_negative) {
    BOOST_CHECK_EXCEPTION(count_option(parse({"--max-running=-1"}), "max-running"), UsageError,
                          [](const UsageError& e) {
                              return starts_with(message(e), "--max-running: invalid count '-1'");
                          });
}

BOOST_AUTO_TEST_CASE(plugin_count_option_rejects_garbage) {
    BOOST_CHECK_THROW(count_option(parse({"--max-running=2x"}), "max-running"), UsageError);
    BOOST_CHECK_THROW(count_option(parse({"--max-running=1.5"}), "max-running"), UsageError);
    BOOST_CHECK_THROW(count_option(parse({"--max-running", ""}), "max-running"), UsageError);
}

BOOST_AUTO_TEST_CASE(plugin_range_option_absent_is_none) {
    BOOST_TEST(!range_option(parse({}), "lock-warning", Range::Unit::Duration).has_value());
}

BOOST_AUTO_TEST_CASE(plugin_range_option_with_units) {
    auto range = range_option(parse({"--lock-warning=10m"}), "lock-warning", Range::Unit::Duration);
    BOOST_TEST(range->alerts(601));
    BOOST_TEST(!range->alerts(600));
}

BOOST_AUTO_TEST_CASE(plugin_bad_range_names_the_option) {
    BOOST_CHECK_EXCEPTION(
        range_option(parse({"--lock-warning=9:1"}), "lock-warning", Range::Unit::None), UsageError,
        [](const UsageError& e) {
            return starts_with(message(e), "check_test: --lock-warning: invalid range '9:1': ");
        });
}

BOOST_AUTO_TEST_CASE(threshold_pair_is_absent_without_defaults) {
    declare_thresholds(spec.plugin_options, "unclean", "range on unclean ends");
    auto thresholds = thresholds_option(parse({}), "unclean", Range::Unit::None);
    BOOST_TEST(!thresholds.warning.has_value());
    BOOST_TEST(!thresholds.critical.has_value());
}

BOOST_AUTO_TEST_CASE(threshold_pair_reads_both_ends) {
    declare_thresholds(spec.plugin_options, "unclean", "range on unclean ends");
    auto thresholds = thresholds_option(parse({"--unclean-warning=1", "--unclean-critical=3"}),
                                        "unclean", Range::Unit::None);
    BOOST_TEST((thresholds.evaluate(1) == State::Ok));
    BOOST_TEST((thresholds.evaluate(2) == State::Warning));
    BOOST_TEST((thresholds.evaluate(4) == State::Critical));
}

BOOST_AUTO_TEST_CASE(threshold_pair_defaults_and_units) {
    declare_thresholds(spec.plugin_options, "age", "range on the age", "10m", "1h");
    auto thresholds = thresholds_option(parse({}), "age", Range::Unit::Duration);
    BOOST_TEST(!thresholds.warning->alerts(600));
    BOOST_TEST(thresholds.warning->alerts(601));
    BOOST_TEST(!thresholds.critical->alerts(3600));
    BOOST_TEST(thresholds.critical->alerts(3601));
}

BOOST_AUTO_TEST_CASE(threshold_pair_default_on_one_end_only) {
    declare_thresholds(spec.plugin_options, "missing", "range on missing ones", "", "0");
    auto thresholds = thresholds_option(parse({}), "missing", Range::Unit::None);
    BOOST_TEST(!thresholds.warning.has_value());
    BOOST_TEST(thresholds.critical->alerts(1));
}

BOOST_AUTO_TEST_CASE(threshold_pair_bad_end_names_its_option) {
    declare_thresholds(spec.plugin_options, "unclean", "range on unclean ends");
    BOOST_CHECK_EXCEPTION(
        thresholds_option(parse({"--unclean-critical=x"}), "unclean", Range::Unit::None),
        UsageError, [](const UsageError& e) {
            return starts_with(message(e), "check_test: --unclean-critical: invalid range 'x': ");
        });
}

BOOST_AUTO_TEST_CASE(threshold_pair_in_help) {
    declare_thresholds(spec.plugin_options, "age", "range on the age", "", "1h");
    std::string help = help_text(spec);
    BOOST_TEST(contains(help, "--age-warning=VALUE"));
    BOOST_TEST(contains(help, "--age-critical=VALUE"));
    BOOST_TEST(contains(help, "(default: 1h)"));
}

BOOST_AUTO_TEST_CASE(plugin_options_do_not_include_common_ones) {
    BOOST_TEST(parse({}).plugin.count("timeout") == 0u);
}

// --- --extra-opts ---------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(ini_value_is_used_when_not_on_the_command_line) {
    IniDir dir;
    std::string file = dir.write("p.ini", "[check_test]\nhost = db-from-ini\n");
    BOOST_TEST(*parse({"--extra-opts=@" + file}).common.connection.host == "db-from-ini");
}

BOOST_AUTO_TEST_CASE(command_line_wins_over_ini) {
    IniDir dir;
    std::string file = dir.write("p.ini", "[check_test]\nhost = db-from-ini\n");
    BOOST_TEST(*parse({"-H", "db-from-argv", "--extra-opts=@" + file}).common.connection.host ==
               "db-from-argv");
}

BOOST_AUTO_TEST_CASE(command_line_wins_whatever_its_position) {
    IniDir dir;
    std::string file = dir.write("p.ini", "[check_test]\nwarning = 1m\n");
    auto thresholds = parse({"--extra-opts=@" + file, "-w", "10m"}).common.thresholds;
    BOOST_TEST(!thresholds.warning->alerts(600));
}

BOOST_AUTO_TEST_CASE(ini_plugin_option_is_used) {
    IniDir dir;
    std::string file = dir.write("p.ini", "[check_test]\nworker-type = job_worker\n");
    BOOST_TEST(strings_option(parse({"--extra-opts=@" + file}), "worker-type").front() ==
               "job_worker");
}

BOOST_AUTO_TEST_CASE(ini_flag_key_sets_the_flag) {
    IniDir dir;
    std::string file = dir.write("p.ini", "[check_test]\ninclude-disabled\n");
    BOOST_TEST(flag_option(parse({"--extra-opts=@" + file}), "include-disabled"));
}

BOOST_AUTO_TEST_CASE(ini_verbose_adds_to_command_line_verbosity) {
    IniDir dir;
    std::string file = dir.write("p.ini", "[check_test]\nverbose\n");
    BOOST_TEST(parse({"--extra-opts=@" + file, "-v"}).common.verbosity == 2);
}

BOOST_AUTO_TEST_CASE(ini_and_command_line_repeatable_values_accumulate) {
    IniDir dir;
    std::string file = dir.write("p.ini", "[check_test]\ncolumn = worker.pid=\n");
    auto columns = parse({"--extra-opts=@" + file, "--column=run.error=e"}).common.schema.columns;
    BOOST_TEST(columns.size() == 2u);
    BOOST_TEST(columns[0].first == "worker.pid");
    BOOST_TEST(columns[1].first == "run.error");
}

BOOST_AUTO_TEST_CASE(ini_empty_value_is_an_empty_value) {
    IniDir dir;
    std::string file = dir.write("p.ini", "[check_test]\nwarning =\n");
    BOOST_TEST(starts_with(error({"--extra-opts=@" + file}), "check_test: -w/--warning: invalid range ''"));
}

BOOST_AUTO_TEST_CASE(ini_value_may_start_with_a_dash) {
    IniDir dir;
    std::string file = dir.write("p.ini", "[check_test]\nworker-type = -x\n");
    BOOST_TEST(strings_option(parse({"--extra-opts=@" + file}), "worker-type").front() == "-x");
}

BOOST_AUTO_TEST_CASE(password_comes_from_ini) {
    IniDir dir;
    std::string file = dir.write("p.ini", "[check_test]\npassword = \"s3 cret\"\n");
    BOOST_TEST(*parse({"--extra-opts=@" + file}).common.connection.password == "s3 cret");
}

BOOST_AUTO_TEST_CASE(password_on_argv_is_rejected_even_with_ini) {
    IniDir dir;
    std::string file = dir.write("p.ini", "[check_test]\npassword = a\n");
    BOOST_TEST(starts_with(error({"--extra-opts=@" + file, "--password=b"}), "--password:"));
}

BOOST_AUTO_TEST_CASE(default_section_is_the_plugin_name) {
    IniDir dir;
    std::string file =
        dir.write("p.ini", "[other]\nport = 1\n[check_test]\nport = 2\n[check_testing]\nport=3\n");
    BOOST_TEST(*parse({"--extra-opts=@" + file}).common.connection.port == "2");
}

BOOST_AUTO_TEST_CASE(named_section_of_named_file) {
    IniDir dir;
    std::string file = dir.write("p.ini", "[check_test]\nport = 2\n[prod]\nport = 7\n");
    BOOST_TEST(*parse({"--extra-opts=prod@" + file}).common.connection.port == "7");
}

BOOST_AUTO_TEST_CASE(bare_extra_opts_uses_mp_config_file) {
    IniDir dir;
    std::string file = dir.write("mp.ini", "[check_test]\nport = 8\n");
    auto parsed = parse({"--extra-opts"}, environment({{"MP_CONFIG_FILE", file}}));
    BOOST_TEST(*parsed.common.connection.port == "8");
}

BOOST_AUTO_TEST_CASE(section_without_file_uses_nagios_config_path) {
    IniDir dir;
    dir.write("plugins.ini", "[prod]\nport = 9\n");
    auto parsed = parse({"--extra-opts=prod"}, environment({{"NAGIOS_CONFIG_PATH", dir.path}}));
    BOOST_TEST(*parsed.common.connection.port == "9");
}

BOOST_AUTO_TEST_CASE(several_extra_opts_are_read_in_order) {
    IniDir dir;
    std::string file = dir.write("p.ini", "[a]\nport = 1\nhost = h\n[b]\nport = 2\n");
    auto c = parse({"--extra-opts=a@" + file, "--extra-opts=b@" + file}).common.connection;
    BOOST_TEST(*c.port == "2");
    BOOST_TEST(*c.host == "h");
}

BOOST_AUTO_TEST_CASE(missing_ini_file_is_a_usage_error) {
    IniDir dir;
    BOOST_TEST(starts_with(error({"--extra-opts=@" + dir.path + "/none.ini"}),
                           "--extra-opts: cannot read '" + dir.path + "/none.ini'"));
}

BOOST_AUTO_TEST_CASE(missing_section_is_a_usage_error) {
    IniDir dir;
    std::string file = dir.write("p.ini", "[other]\nport = 1\n");
    BOOST_TEST(error({"--extra-opts=@" + file}) ==
               "--extra-opts: section [check_test] not found in '" + file + "'");
}

BOOST_AUTO_TEST_CASE(unknown_ini_key_names_extra_opts) {
    IniDir dir;
    std::string file = dir.write("p.ini", "[check_test]\nbogus = 1\n");
    BOOST_TEST(starts_with(error({"--extra-opts=@" + file}),
                           "--extra-opts=@" + file + ": unknown option 'bogus'"));
}

BOOST_AUTO_TEST_CASE(one_letter_ini_key_is_unknown) {
    IniDir dir;
    std::string file = dir.write("p.ini", "[check_test]\nw = 5\n");
    BOOST_TEST(contains(error({"--extra-opts=@" + file}), "unknown option 'w'"));
}

BOOST_AUTO_TEST_CASE(ini_value_for_a_flag_is_a_usage_error) {
    IniDir dir;
    std::string file = dir.write("p.ini", "[check_test]\ninclude-disabled = yes\n");
    BOOST_TEST(contains(error({"--extra-opts=@" + file}), "takes no value"));
}

BOOST_AUTO_TEST_CASE(nested_extra_opts_is_a_usage_error) {
    IniDir dir;
    std::string file = dir.write("p.ini", "[check_test]\nextra-opts = other\n");
    BOOST_TEST(starts_with(error({"--extra-opts=@" + file}), "--extra-opts=@"));
}

BOOST_AUTO_TEST_CASE(help_does_not_read_the_ini) {
    BOOST_TEST((parse({"--extra-opts=@/nonexistent/x.ini", "-h"}).action == Action::Help));
}

// --- help, usage, version -----------------------------------------------------------

BOOST_AUTO_TEST_CASE(version_text_names_plugin_and_package) {
    std::string text = version_text(spec);
    BOOST_TEST(starts_with(text, "check_test v"));
    std::string suffix = " (monitoring-plugins-schedule)";
    BOOST_TEST(text.size() > std::string("check_test v").size() + suffix.size());
    BOOST_TEST(text.substr(text.size() - suffix.size()) == suffix);
}

BOOST_AUTO_TEST_CASE(usage_line_is_one_line_naming_the_plugin) {
    std::string line = usage_line(spec);
    BOOST_TEST(starts_with(line, "Usage: check_test "));
    BOOST_TEST(!contains(line, "\n"));
}

BOOST_AUTO_TEST_CASE(help_starts_with_the_version_and_has_purpose_and_usage) {
    std::string help = help_text(spec);
    BOOST_TEST(starts_with(help, version_text(spec) + "\n"));
    BOOST_TEST(contains(help, "Tests the option parser."));
    BOOST_TEST(contains(help, "\n" + usage_line(spec) + "\n"));
}

BOOST_AUTO_TEST_CASE(help_lists_every_common_option) {
    std::string help = help_text(spec);
    for (const char* option :
         {"-h, --help", "-V, --version", "-v, --verbose", "-t, --timeout=SECONDS[:STATE]",
          "-w, --warning=RANGE", "-c, --critical=RANGE", "-H, --host=HOST", "-P, --port=PORT",
          "-d, --dbname=DBNAME", "-l, --logname=USER", "--extra-opts[=[SECTION][@FILE]]",
          "--db-error-state=STATE", "--naming=PRESET", "--db-schema=NAME", "--table=KEY=NAME",
          "--column=KEY=NAME", "--db-timezone=ZONE", "--format=FORMAT", "--output-file=PATH"})
        BOOST_TEST(contains(help, option), option);
}

BOOST_AUTO_TEST_CASE(help_lists_every_plugin_option) {
    std::string help = help_text(spec);
    for (const char* option :
         {"--worker-type=VALUE", "--live-within=VALUE", "--max-running=VALUE",
          "--lock-warning=VALUE", "-s, --schedule=PATTERN", "--include-disabled"})
        BOOST_TEST(contains(help, option), option);
}

BOOST_AUTO_TEST_CASE(help_shows_defaults) {
    std::string help = help_text(spec);
    for (const char* text :
         {"(default: 10:UNKNOWN)", "(default: 120)", "(default: 5m)", "(default: UNKNOWN)",
          "(default: prisma)", "(default: UTC)", "(default: nagios)", "(default: schedule_daemon)",
          "(default: 300s)", "(default: 1)"})
        BOOST_TEST(contains(help, text), text);
}

BOOST_AUTO_TEST_CASE(help_says_when_a_threshold_has_no_default) {
    spec.critical_default = "";
    BOOST_TEST(contains(help_text(spec), "(default: none, never alerts)"));
}

BOOST_AUTO_TEST_CASE(help_explains_ranges_and_units) {
    std::string help = help_text(spec);
    BOOST_TEST(contains(help, "\nRanges:\n"));
    BOOST_TEST(contains(help, "@10:20"));
    BOOST_TEST(contains(help, "~:10"));
    BOOST_TEST(contains(help, "s, m, h or d"));
}

BOOST_AUTO_TEST_CASE(help_explains_where_passwords_come_from) {
    std::string help = help_text(spec);
    for (const char* text : {".pgpass", "PGPASSFILE", "PGPASSWORD", "service file", "password key"})
        BOOST_TEST(contains(help, text), text);
}

BOOST_AUTO_TEST_CASE(help_separates_descriptions_by_two_spaces) {
    // help2man splits an option from its description at two spaces.
    std::istringstream lines(help_text(spec));
    std::string line;
    int options = 0;
    while (std::getline(lines, line)) {
        if (!starts_with(line, "  -") && !starts_with(line, "      --"))
            continue;
        ++options;
        std::string rest = line.substr(line.find('-'));
        bool label_only = rest.find("  ") == std::string::npos &&
                          rest.find(' ', rest.find("--")) == std::string::npos;
        BOOST_TEST((label_only || contains(rest, "  ")), line);
    }
    BOOST_TEST(options == 27);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(http_options, Plugin)

BOOST_AUTO_TEST_CASE(format_cgi) {
    BOOST_TEST((parse({"--format=cgi"}).common.format == Format::Cgi));
}

BOOST_AUTO_TEST_CASE(http_defaults_are_ok_warning_without_details) {
    auto common = parse({}).common;
    BOOST_TEST((common.http.ok_states == std::vector<State>{State::Ok, State::Warning}));
    BOOST_TEST(!common.http.details);
}

BOOST_AUTO_TEST_CASE(http_ok_states_and_details) {
    auto common = parse({"--http-ok-states=ok", "--http-details"}).common;
    BOOST_TEST((common.http.ok_states == std::vector<State>{State::Ok}));
    BOOST_TEST(common.http.details);
    BOOST_TEST((parse({"--http-ok-states=OK,warning,3"}).common.http.ok_states ==
                std::vector<State>{State::Ok, State::Warning, State::Unknown}));
}

BOOST_AUTO_TEST_CASE(bad_http_ok_states_are_usage_errors) {
    BOOST_TEST(starts_with(error({"--http-ok-states=OK,GOOD"}),
                           "--http-ok-states: invalid state 'GOOD' in 'OK,GOOD'"));
    BOOST_TEST(starts_with(error({"--http-ok-states", ""}), "--http-ok-states: invalid state ''"));
    BOOST_TEST(starts_with(error({"--http-ok-states=OK,"}), "--http-ok-states: invalid state ''"));
}

BOOST_AUTO_TEST_CASE(help_lists_the_http_options) {
    std::string help = help_text(spec);
    BOOST_TEST(contains(help, "--http-ok-states=STATES"));
    BOOST_TEST(contains(help, "--http-details"));
    BOOST_TEST(contains(help, "or cgi"));
}

BOOST_AUTO_TEST_SUITE_END()
