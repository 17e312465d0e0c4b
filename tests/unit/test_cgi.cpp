// The plugin under a web server: CGI environment, ISINDEX query words in argv.
#include "lib/cgi.hpp"

#include <boost/test/unit_test.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

using namespace mps;

namespace {

using Args = std::vector<std::string>;

Getenv env(std::map<std::string, std::string> variables) {
    return [variables](const std::string& name) -> std::optional<std::string> {
        auto found = variables.find(name);
        if (found == variables.end())
            return std::nullopt;
        return found->second;
    };
}

const Getenv cgi = env({{"GATEWAY_INTERFACE", "CGI/1.1"}});

} // namespace

BOOST_AUTO_TEST_SUITE(cgi_program)

BOOST_AUTO_TEST_CASE(gateway_interface_marks_a_web_server) {
    BOOST_TEST(cgi_environment(cgi));
    BOOST_TEST(!cgi_environment(env({})));
    BOOST_TEST(!cgi_environment(env({{"GATEWAY_INTERFACE", ""}})));
}

BOOST_AUTO_TEST_CASE(isindex_query_splits_on_plus_and_decodes) {
    BOOST_TEST((isindex_words("-c+0") == Args{"-c", "0"}));
    BOOST_TEST((isindex_words("--format%3dnagios+-H%20x") == Args{"--format=nagios", "-H x"}));
    BOOST_TEST((isindex_words("a++b") == Args{"a", "", "b"}));
    BOOST_TEST((isindex_words("bad%zz%4") == Args{"bad%zz%4"}));
}

BOOST_AUTO_TEST_CASE(query_with_equals_or_empty_gives_no_words) {
    BOOST_TEST(isindex_words("").empty());
    BOOST_TEST(isindex_words("format=nagios&x=-c+0").empty());
}

BOOST_AUTO_TEST_CASE(query_words_at_the_end_of_argv_are_detected) {
    Getenv e = env({{"GATEWAY_INTERFACE", "CGI/1.1"}, {"QUERY_STRING", "-c+0"}});
    BOOST_TEST(request_reached_arguments({"-c", "0"}, e));
    BOOST_TEST(request_reached_arguments({"--format=cgi", "-c", "0"}, e));
    BOOST_TEST(!request_reached_arguments({"--format=cgi"}, e));
    BOOST_TEST(!request_reached_arguments({"-c", "0", "--format=cgi"}, e));
}

BOOST_AUTO_TEST_CASE(outside_a_web_server_argv_is_trusted) {
    Getenv e = env({{"QUERY_STRING", "-c+0"}});
    BOOST_TEST(!request_reached_arguments({"-c", "0"}, e));
}

BOOST_AUTO_TEST_CASE(a_wrapper_without_query_string_is_trusted) {
    BOOST_TEST(!request_reached_arguments({"--format=cgi", "-c", "0"}, cgi));
}

BOOST_AUTO_TEST_CASE(errors_are_cgi_under_a_web_server_or_with_format_cgi) {
    BOOST_TEST(cgi_errors({}, cgi));
    BOOST_TEST(cgi_errors({"--format=CGI", "-w", "x"}, env({})));
    BOOST_TEST(cgi_errors({"--format", "cgi"}, env({})));
    BOOST_TEST(!cgi_errors({"--format=json"}, env({})));
    BOOST_TEST(!cgi_errors({"--format"}, env({})));
}

BOOST_AUTO_TEST_SUITE_END()
