// Durations: "90s" / "5m" / "2h" / "1d" in, human text out (SPEC §2, §3).
#include "lib/duration.hpp"

#include <boost/test/unit_test.hpp>

#include <limits>
#include <string>

using namespace mps;

BOOST_AUTO_TEST_SUITE(duration)

BOOST_AUTO_TEST_CASE(a_bare_number_is_seconds) {
    BOOST_TEST(parse_duration("90").value() == 90);
}

BOOST_AUTO_TEST_CASE(s_is_seconds) {
    BOOST_TEST(parse_duration("90s").value() == 90);
}

BOOST_AUTO_TEST_CASE(m_is_minutes) {
    BOOST_TEST(parse_duration("5m").value() == 300);
}

BOOST_AUTO_TEST_CASE(h_is_hours) {
    BOOST_TEST(parse_duration("2h").value() == 7200);
}

BOOST_AUTO_TEST_CASE(d_is_days) {
    BOOST_TEST(parse_duration("1d").value() == 86400);
}

BOOST_AUTO_TEST_CASE(a_fraction_takes_a_unit) {
    BOOST_TEST(parse_duration("1.5h").value() == 5400);
}

BOOST_AUTO_TEST_CASE(zero_is_a_duration) {
    BOOST_TEST(parse_duration("0").value() == 0);
}

BOOST_AUTO_TEST_CASE(negative_durations_are_rejected) {
    BOOST_TEST(!parse_duration("-5").has_value());
    BOOST_TEST(!parse_duration("-5m").has_value());
}

BOOST_AUTO_TEST_CASE(an_explicit_plus_is_rejected) {
    BOOST_TEST(!parse_duration("+5").has_value());
}

BOOST_AUTO_TEST_CASE(the_empty_string_is_rejected) {
    BOOST_TEST(!parse_duration("").has_value());
}

BOOST_AUTO_TEST_CASE(an_unknown_unit_is_rejected) {
    BOOST_TEST(!parse_duration("5x").has_value());
    BOOST_TEST(!parse_duration("5ms").has_value());
    BOOST_TEST(!parse_duration("5M").has_value());
}

BOOST_AUTO_TEST_CASE(a_unit_without_a_number_is_rejected) {
    BOOST_TEST(!parse_duration("m").has_value());
    BOOST_TEST(!parse_duration("s").has_value());
}

BOOST_AUTO_TEST_CASE(spaces_and_exponents_are_rejected) {
    BOOST_TEST(!parse_duration("5 m").has_value());
    BOOST_TEST(!parse_duration(" 5m").has_value());
    BOOST_TEST(!parse_duration("1e3s").has_value());
}

BOOST_AUTO_TEST_CASE(zero_seconds_reads_0s) {
    BOOST_TEST(human_duration(0) == "0s");
}

BOOST_AUTO_TEST_CASE(under_a_minute_reads_in_seconds) {
    BOOST_TEST(human_duration(12) == "12s");
}

BOOST_AUTO_TEST_CASE(minutes_and_seconds) {
    BOOST_TEST(human_duration(245) == "4m 5s");
}

BOOST_AUTO_TEST_CASE(hours_and_minutes) {
    BOOST_TEST(human_duration(4320) == "1h 12m");
}

BOOST_AUTO_TEST_CASE(days_and_hours) {
    BOOST_TEST(human_duration(2 * 86400 + 3 * 3600) == "2d 3h");
}

BOOST_AUTO_TEST_CASE(at_most_two_units) {
    BOOST_TEST(human_duration(90061) == "1d 1h");
}

BOOST_AUTO_TEST_CASE(a_zero_second_unit_is_left_out) {
    BOOST_TEST(human_duration(300) == "5m");
    BOOST_TEST(human_duration(3600) == "1h");
    BOOST_TEST(human_duration(86400) == "1d");
}

BOOST_AUTO_TEST_CASE(fractions_of_a_second_are_truncated) {
    BOOST_TEST(human_duration(59.9) == "59s");
}

BOOST_AUTO_TEST_CASE(negative_values_get_a_minus) {
    BOOST_TEST(human_duration(-245) == "-4m 5s");
}

BOOST_AUTO_TEST_CASE(less_than_a_second_below_zero_is_0s) {
    BOOST_TEST(human_duration(-0.5) == "0s");
}

BOOST_AUTO_TEST_CASE(non_finite_values_read_0s) {
    BOOST_TEST(human_duration(std::numeric_limits<double>::infinity()) == "0s");
    BOOST_TEST(human_duration(std::numeric_limits<double>::quiet_NaN()) == "0s");
}

BOOST_AUTO_TEST_SUITE_END()
