// --extra-opts: locating the ini file and reading a section (monitoring-plugins semantics).
#include "lib/extra_opts.hpp"
#include "lib/usage_error.hpp"

#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

using namespace mps;

namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

// A mkdtemp directory, removed with everything in it.
struct TempDir {
    std::string path;
    TempDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "mps-ini-XXXXXX").string();
        if (mkdtemp(pattern.data()) == nullptr)
            throw std::runtime_error("mkdtemp failed");
        path = pattern;
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path, ignored);
    }
    std::string write(const std::string& name, const std::string& content) const {
        std::string file = path + "/" + name;
        std::filesystem::create_directories(std::filesystem::path(file).parent_path());
        std::ofstream(file) << content;
        return file;
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

const Getenv no_environment = environment({});

// "key=value;key=value": comparable and printable in test messages.
std::string show(const Pairs& pairs) {
    std::string text;
    for (const auto& [key, value] : pairs)
        text += (text.empty() ? "" : ";") + key + "=" + value;
    return text;
}

std::string usage_message(const std::string& spec, const Getenv& getenv = no_environment) {
    try {
        read_extra_opts(spec, "check_x", getenv);
    } catch (const UsageError& error) {
        return error.what();
    }
    return "(no error)";
}

const char* const ini = "# a comment\n"
                        "; another comment\n"
                        "[check_x]\n"
                        "warning = 5m\n"
                        "\n"
                        "[other]\n"
                        "warning=1\n"
                        "critical=2\n";

} // namespace

BOOST_AUTO_TEST_SUITE(extra_opts)

BOOST_AUTO_TEST_CASE(section_at_file_reads_that_section) {
    TempDir dir;
    std::string file = dir.write("a.ini", ini);
    std::string expected = "warning=1;critical=2";
    BOOST_TEST(show(read_extra_opts("other@" + file, "check_x", no_environment)) == expected);
}

BOOST_AUTO_TEST_CASE(at_file_alone_reads_the_plugin_section) {
    TempDir dir;
    std::string file = dir.write("a.ini", ini);
    std::string expected = "warning=5m";
    BOOST_TEST(show(read_extra_opts("@" + file, "check_x", no_environment)) == expected);
}

BOOST_AUTO_TEST_CASE(empty_spec_reads_the_plugin_section_of_the_default_file) {
    TempDir dir;
    std::string file = dir.write("a.ini", ini);
    std::string expected = "warning=5m";
    BOOST_TEST(show(read_extra_opts("", "check_x", environment({{"MP_CONFIG_FILE", file}}))) ==
               expected);
}

BOOST_AUTO_TEST_CASE(section_alone_reads_the_default_file) {
    TempDir dir;
    std::string file = dir.write("a.ini", ini);
    std::string expected = "warning=1;critical=2";
    BOOST_TEST(show(read_extra_opts("other", "check_x", environment({{"MP_CONFIG_FILE", file}}))) ==
               expected);
}

BOOST_AUTO_TEST_CASE(values_are_trimmed_and_unquoted) {
    TempDir dir;
    std::string file = dir.write("a.ini", "[s]\n  host =   db1  \t\n"
                                          "dbname = \"my db\"\n"
                                          "logname='mon'\n"
                                          "port=\"5432'\n");
    std::string expected = "host=db1;dbname=my db;logname=mon;port=\"5432'";
    BOOST_TEST(show(read_extra_opts("s@" + file, "check_x", no_environment)) == expected);
}

BOOST_AUTO_TEST_CASE(bare_key_is_a_flag_with_an_empty_value) {
    TempDir dir;
    std::string file = dir.write("a.ini", "[s]\nverbose\ninclude-disabled\n");
    std::string expected = "verbose=;include-disabled=";
    BOOST_TEST(show(read_extra_opts("s@" + file, "check_x", no_environment)) == expected);
}

BOOST_AUTO_TEST_CASE(value_keeps_equals_signs_and_hashes) {
    TempDir dir;
    std::string file = dir.write("a.ini", "[s]\ncolumn=worker.pid=\npassword = se#cr;et\n");
    std::string expected = "column=worker.pid=;password=se#cr;et";
    BOOST_TEST(show(read_extra_opts("s@" + file, "check_x", no_environment)) == expected);
}

BOOST_AUTO_TEST_CASE(comment_lines_are_skipped_inside_a_section) {
    TempDir dir;
    std::string file = dir.write("a.ini", "[s]\n# warning=1\n  ; critical=2\nport=1\r\n");
    std::string expected = "port=1";
    BOOST_TEST(show(read_extra_opts("s@" + file, "check_x", no_environment)) == expected);
}

BOOST_AUTO_TEST_CASE(section_header_may_have_spaces) {
    TempDir dir;
    std::string file = dir.write("a.ini", "[ s ]\nport=1\n");
    BOOST_TEST(read_extra_opts("s@" + file, "check_x", no_environment).size() == 1u);
}

BOOST_AUTO_TEST_CASE(repeated_section_is_read_in_file_order) {
    TempDir dir;
    std::string file = dir.write("a.ini", "[s]\nport=1\n[t]\nport=2\n[s]\nhost=h\n");
    std::string expected = "port=1;host=h";
    BOOST_TEST(show(read_extra_opts("s@" + file, "check_x", no_environment)) == expected);
}

BOOST_AUTO_TEST_CASE(empty_section_is_found) {
    TempDir dir;
    std::string file = dir.write("a.ini", "[s]\n[t]\nport=2\n");
    BOOST_TEST(read_extra_opts("s@" + file, "check_x", no_environment).empty());
}

BOOST_AUTO_TEST_CASE(missing_file_names_option_and_file) {
    TempDir dir;
    std::string message = usage_message("s@" + dir.path + "/nope.ini");
    BOOST_TEST(message.rfind("--extra-opts: cannot read '" + dir.path + "/nope.ini'", 0) == 0);
}

BOOST_AUTO_TEST_CASE(missing_section_names_section_and_file) {
    TempDir dir;
    std::string file = dir.write("a.ini", ini);
    BOOST_TEST(usage_message("nope@" + file) ==
               "--extra-opts: section [nope] not found in '" + file + "'");
}

BOOST_AUTO_TEST_CASE(missing_default_section_names_the_plugin) {
    TempDir dir;
    std::string file = dir.write("a.ini", "[other]\nport=1\n");
    BOOST_TEST(usage_message("@" + file).find("[check_x]") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(option_before_any_section_is_an_error) {
    TempDir dir;
    std::string file = dir.write("a.ini", "port=1\n[check_x]\n");
    BOOST_TEST(usage_message("@" + file).find("line 1") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(line_without_key_is_an_error) {
    TempDir dir;
    std::string file = dir.write("a.ini", "[check_x]\n= 5\n");
    BOOST_TEST(usage_message("@" + file).find("line 2") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(directory_is_not_readable_as_ini) {
    TempDir dir;
    BOOST_TEST(usage_message("@" + dir.path).rfind("--extra-opts: cannot read", 0) == 0);
}

BOOST_AUTO_TEST_CASE(mp_config_file_names_the_default_file) {
    TempDir dir;
    std::string file = dir.write("any-name.conf", ini);
    BOOST_TEST(default_ini_file(environment({{"MP_CONFIG_FILE", file}})) == file);
}

BOOST_AUTO_TEST_CASE(empty_mp_config_file_counts_as_unset) {
    TempDir dir;
    dir.write("conf/plugins.ini", ini);
    auto getenv = environment({{"MP_CONFIG_FILE", ""}, {"NAGIOS_CONFIG_PATH", dir.path + "/conf"}});
    BOOST_TEST(default_ini_file(getenv) == dir.path + "/conf/plugins.ini");
}

BOOST_AUTO_TEST_CASE(mp_config_file_wins_over_nagios_config_path) {
    TempDir dir;
    std::string file = dir.write("mp.ini", ini);
    dir.write("conf/plugins.ini", ini);
    auto getenv =
        environment({{"MP_CONFIG_FILE", file}, {"NAGIOS_CONFIG_PATH", dir.path + "/conf"}});
    BOOST_TEST(default_ini_file(getenv) == file);
}

BOOST_AUTO_TEST_CASE(nagios_config_path_is_searched_in_order) {
    TempDir dir;
    dir.write("second/plugins.ini", ini);
    dir.write("third/plugins.ini", ini);
    auto getenv = environment({{"NAGIOS_CONFIG_PATH", dir.path + "/first::" + dir.path +
                                                          "/second:" + dir.path + "/third"}});
    BOOST_TEST(default_ini_file(getenv) == dir.path + "/second/plugins.ini");
}

BOOST_AUTO_TEST_CASE(nagios_config_path_finds_nagios_plugins_ini) {
    TempDir dir;
    dir.write("conf/nagios-plugins.ini", ini);
    auto getenv = environment({{"NAGIOS_CONFIG_PATH", dir.path + "/conf"}});
    BOOST_TEST(default_ini_file(getenv) == dir.path + "/conf/nagios-plugins.ini");
}

BOOST_AUTO_TEST_CASE(nagios_config_path_prefers_monitoring_plugins_ini) {
    TempDir dir;
    dir.write("conf/plugins.ini", ini);
    dir.write("conf/monitoring-plugins.ini", ini);
    auto getenv = environment({{"NAGIOS_CONFIG_PATH", dir.path + "/conf"}});
    BOOST_TEST(default_ini_file(getenv) == dir.path + "/conf/monitoring-plugins.ini");
}

BOOST_AUTO_TEST_CASE(default_file_is_read_through_nagios_config_path) {
    TempDir dir;
    dir.write("conf/plugins.ini", ini);
    auto getenv = environment({{"NAGIOS_CONFIG_PATH", dir.path + "/conf"}});
    std::string expected = "warning=5m";
    BOOST_TEST(show(read_extra_opts("", "check_x", getenv)) == expected);
}

BOOST_AUTO_TEST_CASE(no_default_file_is_a_usage_error) {
    // Only meaningful on a host without any of the system-wide files.
    for (const char* path :
         {"/usr/local/etc/monitoring-plugins/monitoring-plugins.ini",
          "/usr/local/etc/monitoring-plugins.ini", "/etc/monitoring-plugins/monitoring-plugins.ini",
          "/etc/monitoring-plugins.ini", "/etc/nagios/plugins.ini",
          "/usr/local/nagios/etc/plugins.ini", "/usr/local/etc/nagios/plugins.ini",
          "/etc/opt/nagios/plugins.ini", "/etc/nagios-plugins.ini",
          "/usr/local/etc/nagios-plugins.ini", "/etc/opt/nagios-plugins.ini"})
        if (std::filesystem::exists(path))
            return;
    TempDir dir;
    auto getenv = environment({{"NAGIOS_CONFIG_PATH", dir.path}});
    BOOST_TEST(usage_message("", getenv).rfind("--extra-opts: no ini file found", 0) == 0);
}

BOOST_AUTO_TEST_CASE(process_environment_reads_variables) {
    setenv("MPS_TEST_EXTRA_OPTS_SET", "value", 1);
    auto value = process_environment()("MPS_TEST_EXTRA_OPTS_SET");
    unsetenv("MPS_TEST_EXTRA_OPTS_SET");
    BOOST_TEST(value.value_or("(unset)") == "value");
}

BOOST_AUTO_TEST_CASE(process_environment_treats_empty_as_unset) {
    setenv("MPS_TEST_EXTRA_OPTS_EMPTY", "", 1);
    auto value = process_environment()("MPS_TEST_EXTRA_OPTS_EMPTY");
    unsetenv("MPS_TEST_EXTRA_OPTS_EMPTY");
    BOOST_TEST(!value.has_value());
}

BOOST_AUTO_TEST_SUITE_END()
