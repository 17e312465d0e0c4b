// The precheck of a mapped column's type: none for an optional column mapped to "".
#include "lib/column_type.hpp"

#include <boost/test/unit_test.hpp>

using namespace mps;

BOOST_AUTO_TEST_SUITE(column_type)

BOOST_AUTO_TEST_CASE(a_mapped_column_gets_a_statement_reading_its_type) {
    Schema schema{SchemaOptions{}};
    auto checks = numeric_column_check(schema, "run.duration_ms", "a number of milliseconds");
    BOOST_TEST_REQUIRE(checks.size() == 1u);
    BOOST_TEST(checks[0].statement.sql.find("(SELECT {run.duration_ms} FROM {run} WHERE false)") !=
               std::string::npos);
    BOOST_TEST(checks[0].statement.params.empty());
}

BOOST_AUTO_TEST_CASE(an_optional_column_mapped_to_nothing_has_no_check) {
    SchemaOptions options;
    options.columns = {{"run.duration_ms", ""}};
    BOOST_TEST(numeric_column_check(Schema{options}, "run.duration_ms", "ms").empty());
}

BOOST_AUTO_TEST_SUITE_END()
