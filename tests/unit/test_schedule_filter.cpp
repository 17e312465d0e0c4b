// -s/--schedule: the precheck of the patterns travels only when there are patterns, and
// the statements select schedules with one text.
#include "lib/schedule_filter.hpp"

#include <boost/test/unit_test.hpp>

using namespace mps;

BOOST_AUTO_TEST_SUITE(schedule_filter)

BOOST_AUTO_TEST_CASE(no_pattern_no_match_check) {
    CheckResult result;
    ScheduleFilter filter{{}, {"old-*"}};
    BOOST_TEST(filter.match_check(result).empty());
}

BOOST_AUTO_TEST_CASE(patterns_are_matched_as_regular_expressions) {
    CheckResult result;
    ScheduleFilter filter{{"nightly", "hourly"}, {}};
    auto checks = filter.match_check(result, true);
    BOOST_TEST_REQUIRE(checks.size() == 1u);
    const auto& params = checks[0].statement.params;
    BOOST_TEST_REQUIRE(params.size() == 2u);
    BOOST_TEST(*params[0] == R"({"^nightly$","^hourly$"})");
    BOOST_TEST(*params[1] == "true");
}

BOOST_AUTO_TEST_CASE(selection_params_follow_the_patterns) {
    ScheduleFilter filter{{"nightly"}, {}};
    auto params = filter.selection_params(true);
    BOOST_TEST_REQUIRE(params.size() == 3u);
    BOOST_TEST(*params[0] == R"({"^nightly$"})");
    BOOST_TEST(*params[1] == "{}");
    BOOST_TEST(*params[2] == "true");
}

BOOST_AUTO_TEST_CASE(selection_is_the_patterns_of_enabled_or_all_schedules) {
    BOOST_TEST(ScheduleFilter::selection() == R"(
WITH s AS MATERIALIZED (
    SELECT {schedule.id}::text AS id FROM {schedule}
    WHERE ($3::boolean OR {schedule.enabled})
      AND ($1::text[] IS NULL OR {schedule.id}::text ~ ANY ($1::text[]))
      AND NOT ({schedule.id}::text ~ ANY ($2::text[]))
))");
}

BOOST_AUTO_TEST_SUITE_END()
