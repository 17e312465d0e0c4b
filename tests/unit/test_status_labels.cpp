#include "lib/status_labels.hpp"

#include <boost/test/unit_test.hpp>

using namespace mps;

BOOST_AUTO_TEST_SUITE(status_labels)

BOOST_AUTO_TEST_CASE(a_text_column_keeps_every_status) {
    BOOST_TEST(status_array({"OK", "DONE"}, std::nullopt) == R"({"OK","DONE"})");
}

BOOST_AUTO_TEST_CASE(an_enum_keeps_only_the_labels_it_defines) {
    std::vector<std::string> labels{"QUEUED", "SUCCESS", "FAILED"};
    BOOST_TEST(status_array({"SUCCESS", "COMPLETED"}, labels) == R"({"SUCCESS"})");
}

BOOST_AUTO_TEST_CASE(no_defined_label_is_an_empty_array) {
    std::vector<std::string> labels{"QUEUED", "SUCCESS"};
    BOOST_TEST(status_array({"TIMEOUT"}, labels) == "{}");
}

BOOST_AUTO_TEST_CASE(excepted_statuses_are_left_out) {
    BOOST_TEST(status_array({"SUCCESS", "COMPLETED"}, std::nullopt, {"SUCCESS"}) ==
               R"({"COMPLETED"})");
}

BOOST_AUTO_TEST_CASE(labels_compare_exactly) {
    std::vector<std::string> labels{"Success"};
    BOOST_TEST(status_array({"SUCCESS", "Success"}, labels) == R"({"Success"})");
}

BOOST_AUTO_TEST_CASE(a_given_status_outside_the_enum_names_the_labels) {
    std::vector<std::string> labels{"QUEUED", "SUCCESS", "FAILED"};
    BOOST_TEST(unknown_status({{"--success-status", {"SUCCESS", "DONE"}}}, labels) ==
               "--success-status: 'DONE' is not a label of the run status enum (labels: "
               "QUEUED, SUCCESS, FAILED)");
}

BOOST_AUTO_TEST_CASE(given_statuses_that_are_labels_pass) {
    std::vector<std::string> labels{"QUEUED", "SUCCESS", "FAILED"};
    BOOST_TEST(unknown_status({{"--failed-status", {"FAILED"}}}, labels).empty());
    BOOST_TEST(unknown_status({}, labels).empty());
}

BOOST_AUTO_TEST_CASE(a_text_column_has_no_labels_to_check) {
    BOOST_TEST(unknown_status({{"--success-status", {"DONE"}}}, std::nullopt).empty());
}

BOOST_AUTO_TEST_SUITE_END()
