// check_schedule_runs' baseline options: their checks, and when every group is listed.
#include "lib/duration_baseline.hpp"
#include "lib/usage_error.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

using namespace mps;

namespace {

ParsedArguments parse(const std::vector<std::string>& args) {
    OptionsSpec spec;
    spec.name = "check_test";
    spec.purpose = "Tests the baseline options.";
    spec.threshold_subject = "age";
    DurationBaseline::declare(spec.plugin_options);
    return parse_arguments(spec, args,
                           [](const std::string&) { return std::optional<std::string>(); });
}

std::string error(const std::vector<std::string>& args) {
    try {
        DurationBaseline::from(parse(args));
    } catch (const UsageError& e) {
        return e.what();
    }
    return "(no error)";
}

} // namespace

BOOST_AUTO_TEST_SUITE(duration_baseline)

BOOST_AUTO_TEST_CASE(defaults_in_parameter_order) {
    auto params = DurationBaseline::from(parse({})).params();
    std::vector<std::string> texts;
    for (const auto& p : params)
        texts.push_back(p.value());
    BOOST_TEST(texts == (std::vector<std::string>{"604800", "86400", "10", "3", "60", "-1"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(groups_listed_for_prometheus) {
    BOOST_TEST(DurationBaseline::from(parse({"--format=prometheus", "--max-series=7"})).listed ==
               7);
}

BOOST_AUTO_TEST_CASE(groups_listed_at_vv) {
    BOOST_TEST(DurationBaseline::from(parse({"-vv"})).listed == 500);
}

BOOST_AUTO_TEST_CASE(groups_not_listed_at_v) {
    BOOST_TEST(DurationBaseline::from(parse({"-v", "--max-series=7"})).listed == -1);
}

BOOST_AUTO_TEST_CASE(overrun_factor_zero_is_off) {
    BOOST_TEST(DurationBaseline::from(parse({"--overrun-factor=0"})).overrun_factor == 0);
}

BOOST_AUTO_TEST_CASE(negative_overrun_factor) {
    BOOST_TEST(error({"--overrun-factor=-1"}) ==
               "--overrun-factor: expected a factor above 0 (or 0 for off), got '-1'");
}

BOOST_AUTO_TEST_CASE(unreadable_overrun_factor) {
    BOOST_TEST(error({"--overrun-factor=x"}) ==
               "--overrun-factor: expected a factor above 0 (or 0 for off), got 'x'");
}

BOOST_AUTO_TEST_CASE(recent_longer_than_window) {
    BOOST_TEST(error({"--window=1h", "--recent=2h"}) ==
               "--recent: 2h is longer than --window (1h)");
}

BOOST_AUTO_TEST_CASE(recent_equal_to_window) {
    BOOST_TEST(error({"--window=1h", "--recent=1h"}) == "(no error)");
}

BOOST_AUTO_TEST_CASE(min_runs_zero) {
    BOOST_TEST(error({"--min-runs=0"}) == "--min-runs: expected 1 or more, got 0");
}

BOOST_AUTO_TEST_SUITE_END()
