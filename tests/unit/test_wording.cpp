#include "lib/wording.hpp"

#include <boost/test/unit_test.hpp>

using namespace mps;

BOOST_AUTO_TEST_SUITE(wording)

BOOST_AUTO_TEST_CASE(plural_picks_the_form_by_count) {
    BOOST_TEST(plural(1, "start", "starts") == "1 start");
    BOOST_TEST(plural(0, "start", "starts") == "0 starts");
    BOOST_TEST(plural(3, "start", "starts") == "3 starts");
}

BOOST_AUTO_TEST_CASE(name_list_shows_all_when_few) {
    BOOST_TEST(name_list({"a", "b"}, 2) == "a, b");
}

BOOST_AUTO_TEST_CASE(name_list_counts_the_names_left_out) {
    BOOST_TEST(name_list({"a", "b", "c", "d", "e", "f"}, 40) == "a, b, c, d, e and 35 more");
}

BOOST_AUTO_TEST_CASE(ago_reads_past_and_future) {
    BOOST_TEST(ago(12) == "12s ago");
    BOOST_TEST(ago(-12) == "in 12s");
}

BOOST_AUTO_TEST_SUITE_END()
