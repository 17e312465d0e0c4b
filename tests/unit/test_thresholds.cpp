// A warning and a critical range judged together; an omitted range never alerts.
#include "lib/thresholds.hpp"

#include <boost/test/unit_test.hpp>

#include <ostream>

using namespace mps;

namespace mps {
// Lets Boost.Test print a State when an assertion fails.
static std::ostream& operator<<(std::ostream& out, State state) {
    return out << to_string(state);
}
} // namespace mps

namespace {

Thresholds heartbeat() {
    return {Range::parse("120"), Range::parse("300")};
}

} // namespace

BOOST_AUTO_TEST_SUITE(thresholds)

BOOST_AUTO_TEST_CASE(below_both_is_ok) {
    BOOST_TEST(heartbeat().evaluate(12) == State::Ok);
}

BOOST_AUTO_TEST_CASE(at_the_warning_end_is_ok) {
    BOOST_TEST(heartbeat().evaluate(120) == State::Ok);
}

BOOST_AUTO_TEST_CASE(past_the_warning_end_is_warning) {
    BOOST_TEST(heartbeat().evaluate(121) == State::Warning);
}

BOOST_AUTO_TEST_CASE(at_the_critical_end_is_warning) {
    BOOST_TEST(heartbeat().evaluate(300) == State::Warning);
}

BOOST_AUTO_TEST_CASE(past_the_critical_end_is_critical) {
    BOOST_TEST(heartbeat().evaluate(301) == State::Critical);
}

BOOST_AUTO_TEST_CASE(critical_wins_when_both_alert) {
    Thresholds t{Range::parse("10"), Range::parse("10")};
    BOOST_TEST(t.evaluate(11) == State::Critical);
}

BOOST_AUTO_TEST_CASE(no_ranges_never_alert) {
    Thresholds t;
    BOOST_TEST(t.evaluate(-1e9) == State::Ok);
    BOOST_TEST(t.evaluate(1e9) == State::Ok);
}

BOOST_AUTO_TEST_CASE(warning_alone_gives_warning) {
    Thresholds t{Range::parse("2"), std::nullopt};
    BOOST_TEST(t.evaluate(3) == State::Warning);
}

BOOST_AUTO_TEST_CASE(critical_alone_gives_critical) {
    Thresholds t{std::nullopt, Range::parse("2")};
    BOOST_TEST(t.evaluate(3) == State::Critical);
}

BOOST_AUTO_TEST_CASE(lower_bound_ranges_alert_below) {
    Thresholds rate{Range::parse("95:"), Range::parse("80:")};
    BOOST_TEST(rate.evaluate(96) == State::Ok);
    BOOST_TEST(rate.evaluate(90) == State::Warning);
    BOOST_TEST(rate.evaluate(79.5) == State::Critical);
}

BOOST_AUTO_TEST_CASE(warning_beyond_critical_on_an_upper_bound_is_shadowed) {
    Thresholds t{Range::parse("300"), Range::parse("120")};
    BOOST_TEST(t.warning_shadowed());
    BOOST_TEST(shadowed_note(t, "-w/--warning", "-c/--critical") ==
               "note: -w/--warning 300 never fires before -c/--critical 120: every value it "
               "alerts on is CRITICAL already");
}

BOOST_AUTO_TEST_CASE(warning_below_critical_on_a_lower_bound_is_shadowed) {
    BOOST_TEST((Thresholds{Range::parse("95:"), Range::parse("99:")}.warning_shadowed()));
    BOOST_TEST(!(Thresholds{Range::parse("99:"), Range::parse("95:")}.warning_shadowed()));
}

BOOST_AUTO_TEST_CASE(usual_or_partial_thresholds_are_not_shadowed) {
    BOOST_TEST(!(Thresholds{Range::parse("120"), Range::parse("300")}.warning_shadowed()));
    BOOST_TEST(!(Thresholds{Range::parse("120"), std::nullopt}.warning_shadowed()));
    BOOST_TEST(!(Thresholds{Range::parse("@10:20"), Range::parse("5")}.warning_shadowed()));
    BOOST_TEST(shadowed_note(Thresholds{Range::parse("120"), Range::parse("300")}, "-w", "-c")
                   .empty());
}

BOOST_AUTO_TEST_SUITE_END()
