#include "lib/sql_values.hpp"

#include <boost/test/unit_test.hpp>

using namespace mps;

BOOST_AUTO_TEST_SUITE(sql_values)

BOOST_AUTO_TEST_CASE(text_array_quotes_every_item) {
    BOOST_TEST(text_array({"a", "b c"}) == R"({"a","b c"})");
}

BOOST_AUTO_TEST_CASE(text_array_escapes_quotes_and_backslashes) {
    BOOST_TEST(text_array({R"(x"y\z)"}) == R"({"x\"y\\z"})");
}

BOOST_AUTO_TEST_CASE(text_array_of_nothing_is_empty) { BOOST_TEST(text_array({}) == "{}"); }

BOOST_AUTO_TEST_CASE(omitted_range_never_alerts) {
    auto p = range_params(std::nullopt);
    BOOST_TEST(*p[0] == "-Infinity");
    BOOST_TEST(*p[1] == "Infinity");
    BOOST_TEST(*p[2] == "false");
}

BOOST_AUTO_TEST_CASE(plain_range_alerts_outside_zero_to_end) {
    auto p = range_params(Range::parse("600"));
    BOOST_TEST(*p[0] == "0");
    BOOST_TEST(*p[1] == "600");
    BOOST_TEST(*p[2] == "false");
}

BOOST_AUTO_TEST_CASE(inside_range_alerts_between_its_ends) {
    auto p = range_params(Range::parse("@10:20"));
    BOOST_TEST(*p[0] == "10");
    BOOST_TEST(*p[1] == "20");
    BOOST_TEST(*p[2] == "true");
}

BOOST_AUTO_TEST_CASE(open_ends_are_infinite) {
    BOOST_TEST(*range_params(Range::parse("~:10"))[0] == "-Infinity");
    BOOST_TEST(*range_params(Range::parse("10:"))[1] == "Infinity");
}

BOOST_AUTO_TEST_SUITE_END()
