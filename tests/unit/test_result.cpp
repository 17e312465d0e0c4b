// CheckResult: worst-of state and a worst-first summary (SPEC §2).
#include "lib/result.hpp"

#include <boost/test/unit_test.hpp>

#include <ostream>

#include <string>

using namespace mps;

namespace mps {
// Lets Boost.Test print a State when an assertion fails.
static std::ostream& operator<<(std::ostream& out, State state) {
    return out << to_string(state);
}
} // namespace mps

BOOST_AUTO_TEST_SUITE(result)

BOOST_AUTO_TEST_CASE(no_conditions_is_ok) {
    BOOST_TEST(CheckResult().state() == State::Ok);
}

BOOST_AUTO_TEST_CASE(no_conditions_give_an_empty_summary) {
    BOOST_TEST(CheckResult().summary() == "");
}

BOOST_AUTO_TEST_CASE(state_is_the_worst_condition) {
    CheckResult r;
    r.add(State::Warning, "w");
    r.add(State::Critical, "c");
    r.add(State::Ok, "o");
    BOOST_TEST(r.state() == State::Critical);
}

BOOST_AUTO_TEST_CASE(warning_outranks_unknown) {
    CheckResult r;
    r.add(State::Unknown, "u");
    r.add(State::Warning, "w");
    BOOST_TEST(r.state() == State::Warning);
}

BOOST_AUTO_TEST_CASE(unknown_outranks_ok) {
    CheckResult r;
    r.add(State::Ok, "o");
    r.add(State::Unknown, "u");
    BOOST_TEST(r.state() == State::Unknown);
}

BOOST_AUTO_TEST_CASE(summary_names_the_worst_first) {
    CheckResult r;
    r.add(State::Ok, "fine");
    r.add(State::Unknown, "unsure");
    r.add(State::Warning, "3 failures in a row");
    r.add(State::Critical, "heartbeat 6m ago");
    BOOST_TEST(r.summary() == "heartbeat 6m ago, 3 failures in a row, unsure, fine");
}

BOOST_AUTO_TEST_CASE(summary_keeps_insertion_order_within_a_state) {
    CheckResult r;
    r.add(State::Warning, "w1");
    r.add(State::Critical, "c1");
    r.add(State::Warning, "w2");
    r.add(State::Critical, "c2");
    r.add(State::Warning, "w3");
    BOOST_TEST(r.summary() == "c1, c2, w1, w2, w3");
}

BOOST_AUTO_TEST_CASE(summary_order_is_stable_for_many_conditions) {
    // Enough conditions that an unstable sort would reorder equal states.
    CheckResult result;
    std::string warnings, oks;
    for (int i = 0; i < 40; ++i) {
        State state = i % 2 ? State::Warning : State::Ok;
        std::string text = std::to_string(i);
        result.add(state, text);
        std::string& list = state == State::Warning ? warnings : oks;
        list += (list.empty() ? "" : ", ") + text;
    }
    BOOST_TEST(result.summary() == warnings + ", " + oks);
}

BOOST_AUTO_TEST_CASE(summary_sanitises_each_condition) {
    CheckResult r;
    r.add(State::Critical, "job a|b failed:\nboom");
    BOOST_TEST(r.summary() == "job a/b failed: boom");
}

BOOST_AUTO_TEST_CASE(summary_cuts_each_condition_to_300_characters) {
    CheckResult r;
    r.add(State::Critical, std::string(301, 'c'));
    r.add(State::Warning, "w");
    BOOST_TEST(r.summary() == std::string(299, 'c') + "\u2026, w");
}

BOOST_AUTO_TEST_CASE(summary_takes_a_custom_condition_limit) {
    CheckResult r;
    r.add(State::Warning, "abcdef");
    r.add(State::Warning, "xy");
    BOOST_TEST(r.summary(3) == "ab\u2026, xy");
}

BOOST_AUTO_TEST_CASE(conditions_keep_their_raw_text) {
    CheckResult r;
    r.add(State::Warning, "a|b");
    BOOST_TEST(r.conditions().at(0).text == "a|b");
}

BOOST_AUTO_TEST_CASE(details_keep_their_order_and_verbosity) {
    CheckResult r;
    r.add_detail(1, "first");
    r.add_detail(0, "second");
    BOOST_TEST(r.details().size() == 2u);
    BOOST_TEST(r.details()[0].text == "first");
    BOOST_TEST(r.details()[0].verbosity == 1);
    BOOST_TEST(r.details()[1].text == "second");
}

BOOST_AUTO_TEST_CASE(an_offending_item_shows_at_v) {
    CheckResult r;
    r.add_item_detail(State::Warning, "late");
    BOOST_TEST(r.details().at(0).verbosity == 1);
}

BOOST_AUTO_TEST_CASE(an_item_checked_shows_at_vv) {
    CheckResult r;
    r.add_item_detail(State::Ok, "on time");
    BOOST_TEST(r.details().at(0).verbosity == 2);
}

BOOST_AUTO_TEST_CASE(metrics_and_gauges_are_kept_in_order) {
    CheckResult r;
    Metric a;
    a.label = "a";
    Metric b;
    b.label = "b";
    r.add_metric(a);
    r.add_metric(b);
    r.add_gauge({"x_up", "Up.", 1});
    BOOST_TEST(r.metrics().size() == 2u);
    BOOST_TEST(r.metrics()[1].label == "b");
    BOOST_TEST(r.gauges().at(0).name == "x_up");
}

BOOST_AUTO_TEST_CASE(metrics_do_not_change_the_state) {
    CheckResult r;
    Metric m;
    m.label = "age";
    m.value = 1000;
    m.thresholds = {Range::parse("1"), Range::parse("2")};
    r.add_metric(m);
    BOOST_TEST(r.state() == State::Ok);
}

BOOST_AUTO_TEST_SUITE_END()
