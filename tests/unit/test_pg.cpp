// pg::Replies: the results of a pipeline up to its first failed statement, and that failure.
#include "lib/pg.hpp"

#include <boost/test/unit_test.hpp>

#include <exception>

using namespace mps;

BOOST_AUTO_TEST_SUITE(pg_replies)

BOOST_AUTO_TEST_CASE(replies_without_a_failure_give_their_results) {
    pg::Replies replies{{}, nullptr};
    BOOST_TEST(replies.take().empty());
}

BOOST_AUTO_TEST_CASE(replies_with_a_failure_throw_it) {
    pg::Replies replies{{}, std::make_exception_ptr(pg::Error("boom", "22P02", false))};
    BOOST_CHECK_EXCEPTION(replies.take(), pg::Error,
                          [](const pg::Error& e) { return e.sqlstate() == "22P02"; });
}

BOOST_AUTO_TEST_CASE(a_statement_timeout_stays_a_timeout) {
    pg::Replies replies{{}, std::make_exception_ptr(pg::Timeout("query timed out after 10 s"))};
    BOOST_CHECK_THROW(replies.take(), pg::Timeout);
}

BOOST_AUTO_TEST_SUITE_END()
