// Perfdata text as Icinga 2 parses it (SPEC §2).
#include "lib/perfdata.hpp"

#include <boost/test/unit_test.hpp>

#include <limits>
#include <stdexcept>
#include <string>

using namespace mps;

namespace {

Metric metric(std::string label, std::optional<double> value, Uom uom = Uom::None) {
    Metric m;
    m.label = std::move(label);
    m.value = value;
    m.uom = uom;
    return m;
}

} // namespace

BOOST_AUTO_TEST_SUITE(perfdata)

BOOST_AUTO_TEST_CASE(heartbeat_age_with_thresholds_and_min) {
    Metric m = metric("heartbeat_age", 12, Uom::Seconds);
    m.thresholds = {Range::parse("120"), Range::parse("300")};
    m.min = 0;
    BOOST_TEST(to_perfdata(m) == "heartbeat_age=12s;120;300;0");
}

BOOST_AUTO_TEST_CASE(empty_thresholds_keep_their_fields_before_min) {
    Metric m = metric("live", 1);
    m.min = 0;
    BOOST_TEST(to_perfdata(m) == "live=1;;;0");
}

BOOST_AUTO_TEST_CASE(trailing_empty_fields_are_dropped) {
    BOOST_TEST(to_perfdata(metric("runs", 42)) == "runs=42");
}

BOOST_AUTO_TEST_CASE(min_and_max_are_both_written) {
    Metric m = metric("success_rate", 97.5, Uom::Percent);
    m.min = 0;
    m.max = 100;
    BOOST_TEST(to_perfdata(m) == "success_rate=97.5%;;;0;100");
}

BOOST_AUTO_TEST_CASE(a_lower_bound_range_leaves_warn_empty) {
    Metric m = metric("success_rate", 90, Uom::Percent);
    m.thresholds = {Range::parse("10:"), Range::parse("5")};
    BOOST_TEST(to_perfdata(m) == "success_rate=90%;;5");
}

BOOST_AUTO_TEST_CASE(non_plain_ranges_leave_both_fields_empty) {
    Metric m = metric("starts", 4);
    m.thresholds = {Range::parse("@10:20"), Range::parse("~:10")};
    m.min = 0;
    BOOST_TEST(to_perfdata(m) == "starts=4;;;0");
}

BOOST_AUTO_TEST_CASE(a_plain_range_written_with_zero_start_is_plain) {
    Metric m = metric("starts", 4);
    m.thresholds = {Range::parse("0:3"), std::nullopt};
    BOOST_TEST(to_perfdata(m) == "starts=4;3");
}

BOOST_AUTO_TEST_CASE(a_duration_threshold_is_written_in_seconds) {
    Metric m = metric("max_lateness", 90, Uom::Seconds);
    m.thresholds = {Range::parse("10m", Range::Unit::Duration),
                    Range::parse("1h", Range::Unit::Duration)};
    BOOST_TEST(to_perfdata(m) == "max_lateness=90s;600;3600");
}

BOOST_AUTO_TEST_CASE(values_are_plain_decimals) {
    BOOST_TEST(to_perfdata(metric("age", 1e20, Uom::Seconds)) == "age=100000000000000000000s");
    BOOST_TEST(to_perfdata(metric("age", 0.25, Uom::Seconds)) == "age=0.25s");
}

BOOST_AUTO_TEST_CASE(a_non_finite_value_is_zero) {
    BOOST_TEST(to_perfdata(metric("age", std::numeric_limits<double>::quiet_NaN())) == "age=0");
}

BOOST_AUTO_TEST_CASE(a_metric_without_value_gives_nothing) {
    Metric m = metric("max_lock_age", std::nullopt, Uom::Seconds);
    m.min = 0;
    BOOST_TEST(to_perfdata(m) == "");
}

BOOST_AUTO_TEST_CASE(an_upper_case_label_throws) {
    BOOST_CHECK_THROW(to_perfdata(metric("Live", 1)), std::logic_error);
}

BOOST_AUTO_TEST_CASE(a_label_with_space_or_quote_throws) {
    for (const char* label : {"heartbeat age", "a'b", "a=b", "a;b", "a-b", "ä"})
        BOOST_CHECK_THROW(to_perfdata(metric(label, 1)), std::logic_error);
}

BOOST_AUTO_TEST_CASE(an_empty_label_throws) {
    BOOST_CHECK_THROW(to_perfdata(metric("", 1)), std::logic_error);
}

BOOST_AUTO_TEST_CASE(a_bad_label_throws_even_without_value) {
    BOOST_CHECK_THROW(to_perfdata(metric("Bad Label", std::nullopt)), std::logic_error);
}

BOOST_AUTO_TEST_CASE(digits_and_underscores_are_valid_label_characters) {
    BOOST_TEST(to_perfdata(metric("worst_streak_2", 3)) == "worst_streak_2=3");
}

BOOST_AUTO_TEST_CASE(a_count_has_no_unit_and_min_zero) {
    BOOST_TEST(to_perfdata(count_metric("starts", 4, {Range::parse("3"), {}}, "")) ==
               "starts=4;3;;0");
}

BOOST_AUTO_TEST_CASE(a_duration_is_in_seconds_with_min_zero) {
    Metric m =
        seconds_metric("heartbeat_age", 12, {Range::parse("120"), Range::parse("300")}, "Age.");
    BOOST_TEST(to_perfdata(m) == "heartbeat_age=12s;120;300;0");
    BOOST_TEST(m.help == "Age.");
}

BOOST_AUTO_TEST_CASE(a_percentage_lies_between_zero_and_hundred) {
    BOOST_TEST(to_perfdata(percent_metric("success_rate", 97.5, {}, "")) ==
               "success_rate=97.5%;;;0;100");
}

BOOST_AUTO_TEST_CASE(a_shaped_metric_without_value_is_omitted) {
    BOOST_TEST(to_perfdata(seconds_metric("max_lateness", std::nullopt, {}, "")) == "");
}

BOOST_AUTO_TEST_CASE(uom_texts) {
    BOOST_TEST(uom_text(Uom::None) == "");
    BOOST_TEST(uom_text(Uom::Seconds) == "s");
    BOOST_TEST(uom_text(Uom::Percent) == "%");
}

BOOST_AUTO_TEST_SUITE_END()
