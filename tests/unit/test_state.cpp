// States, exit codes and the worst-of order (SPEC §2).
#include "lib/state.hpp"

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

BOOST_AUTO_TEST_SUITE(state)

BOOST_AUTO_TEST_CASE(exit_codes_are_zero_to_three) {
    BOOST_TEST(exit_code(State::Ok) == 0);
    BOOST_TEST(exit_code(State::Warning) == 1);
    BOOST_TEST(exit_code(State::Critical) == 2);
    BOOST_TEST(exit_code(State::Unknown) == 3);
}

BOOST_AUTO_TEST_CASE(names_are_upper_case) {
    BOOST_TEST(to_string(State::Ok) == "OK");
    BOOST_TEST(to_string(State::Warning) == "WARNING");
    BOOST_TEST(to_string(State::Critical) == "CRITICAL");
    BOOST_TEST(to_string(State::Unknown) == "UNKNOWN");
}

BOOST_AUTO_TEST_CASE(severity_orders_critical_warning_unknown_ok) {
    BOOST_TEST(severity(State::Critical) > severity(State::Warning));
    BOOST_TEST(severity(State::Warning) > severity(State::Unknown));
    BOOST_TEST(severity(State::Unknown) > severity(State::Ok));
}

BOOST_AUTO_TEST_CASE(critical_beats_warning) {
    BOOST_TEST(worst(State::Warning, State::Critical) == State::Critical);
    BOOST_TEST(worst(State::Critical, State::Warning) == State::Critical);
}

BOOST_AUTO_TEST_CASE(warning_beats_unknown) {
    BOOST_TEST(worst(State::Unknown, State::Warning) == State::Warning);
    BOOST_TEST(worst(State::Warning, State::Unknown) == State::Warning);
}

BOOST_AUTO_TEST_CASE(critical_beats_unknown) {
    BOOST_TEST(worst(State::Unknown, State::Critical) == State::Critical);
    BOOST_TEST(worst(State::Critical, State::Unknown) == State::Critical);
}

BOOST_AUTO_TEST_CASE(unknown_beats_ok) {
    BOOST_TEST(worst(State::Ok, State::Unknown) == State::Unknown);
    BOOST_TEST(worst(State::Unknown, State::Ok) == State::Unknown);
}

BOOST_AUTO_TEST_CASE(worst_of_equal_states_is_that_state) {
    for (State s : {State::Ok, State::Warning, State::Critical, State::Unknown})
        BOOST_TEST(worst(s, s) == s);
}

BOOST_AUTO_TEST_CASE(parse_state_accepts_names_in_any_case) {
    BOOST_TEST((parse_state("OK") == State::Ok));
    BOOST_TEST((parse_state("warning") == State::Warning));
    BOOST_TEST((parse_state("Critical") == State::Critical));
    BOOST_TEST((parse_state("uNkNoWn") == State::Unknown));
}

BOOST_AUTO_TEST_CASE(parse_state_accepts_exit_code_digits) {
    BOOST_TEST((parse_state("0") == State::Ok));
    BOOST_TEST((parse_state("1") == State::Warning));
    BOOST_TEST((parse_state("2") == State::Critical));
    BOOST_TEST((parse_state("3") == State::Unknown));
}

BOOST_AUTO_TEST_CASE(parse_state_rejects_anything_else) {
    for (std::string text : {"", "4", "-1", "OKAY", " OK", "OK ", "crit", "03"})
        BOOST_TEST(!parse_state(text).has_value(), "accepted '" << text << "'");
}

BOOST_AUTO_TEST_SUITE_END()
