// Shell globs (fnmatch(3) without flags) as PostgreSQL regular expressions.
#include "lib/glob.hpp"

#include <boost/test/unit_test.hpp>

#include <fnmatch.h>
#include <regex>
#include <stdexcept>

using namespace mps;

BOOST_AUTO_TEST_SUITE(glob)

BOOST_AUTO_TEST_CASE(an_exact_id_is_anchored_and_literal) {
    BOOST_TEST(glob_to_regex("daily-full-sync") == R"(^daily\-full\-sync$)");
}

BOOST_AUTO_TEST_CASE(star_and_question_mark) {
    BOOST_TEST(glob_to_regex("feed-*") == R"(^feed\-.*$)");
    BOOST_TEST(glob_to_regex("job-?") == R"(^job\-.$)");
}

BOOST_AUTO_TEST_CASE(like_and_regex_metacharacters_are_literal) {
    BOOST_TEST(glob_to_regex("a_b%c") == R"(^a\_b\%c$)");
    BOOST_TEST(glob_to_regex("a.b+c(d)|e{2}^$") == R"(^a\.b\+c\(d\)\|e\{2\}\^\$$)");
}

BOOST_AUTO_TEST_CASE(a_backslash_makes_the_next_character_literal) {
    BOOST_TEST(glob_to_regex(R"(a\*b)") == R"(^a\*b$)");
    BOOST_TEST(glob_to_regex(R"(a\[b])") == R"(^a\[b\]$)");
    BOOST_TEST(glob_to_regex(R"(a\\b)") == R"(^a\\b$)");
    // A letter after a backslash must not become a regex escape such as \d.
    BOOST_TEST(glob_to_regex(R"(a\d)") == "^ad$");
    BOOST_TEST(glob_to_regex("a\\") == R"(^a\\$)");
}

BOOST_AUTO_TEST_CASE(a_set_and_a_range) {
    BOOST_TEST(glob_to_regex("feed-[ab]") == R"(^feed\-[ab]$)");
    BOOST_TEST(glob_to_regex("x[a-z0-9]") == "^x[a-z0-9]$");
}

BOOST_AUTO_TEST_CASE(negation_with_bang_or_caret) {
    BOOST_TEST(glob_to_regex("[!x]y") == "^[^x]y$");
    BOOST_TEST(glob_to_regex("[^x]y") == "^[^x]y$");
}

BOOST_AUTO_TEST_CASE(a_closing_bracket_first_in_a_set_is_literal) {
    BOOST_TEST(glob_to_regex("[]a]") == R"(^[\]a]$)");
    BOOST_TEST(glob_to_regex("[!]a]") == R"(^[^\]a]$)");
}

BOOST_AUTO_TEST_CASE(a_dash_first_or_last_in_a_set_is_literal) {
    BOOST_TEST(glob_to_regex("[-a]") == R"(^[\-a]$)");
    BOOST_TEST(glob_to_regex("[a-]") == R"(^[a\-]$)");
}

BOOST_AUTO_TEST_CASE(metacharacters_inside_a_set_are_literal) {
    BOOST_TEST(glob_to_regex(R"([\]%_^\\[])") == R"(^[\]\%\_\^\\\[]$)");
}

BOOST_AUTO_TEST_CASE(an_unclosed_bracket_is_literal) {
    BOOST_TEST(glob_to_regex("a[b") == R"(^a\[b$)");
    BOOST_TEST(glob_to_regex("a[]") == R"(^a\[\]$)");
}

BOOST_AUTO_TEST_CASE(character_classes) {
    BOOST_TEST(glob_to_regex("[[:digit:]x]") == "^[[:digit:]x]$");
    BOOST_CHECK_THROW(glob_to_regex("[[:nope:]]"), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(a_reversed_range_is_an_error) {
    BOOST_CHECK_THROW(glob_to_regex("[z-a]"), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(multibyte_characters_stay_whole) {
    BOOST_TEST(glob_to_regex("caf\u00e9-[\u00e0-\u00ff]") == "^caf\u00e9\\-[\u00e0-\u00ff]$");
    BOOST_CHECK_THROW(glob_to_regex("[\u00ff-\u00e0]"), std::invalid_argument);
}

// The translation agrees with fnmatch(3) itself, checked with std::regex (whose ECMAScript
// dialect reads these escapes and brackets as PostgreSQL does), over ASCII ids.
BOOST_AUTO_TEST_CASE(agrees_with_fnmatch) {
    const char* globs[] = {"feed-[ab]",    "feed-[!ab]", "[]x]*", "[!]x]*", "x[a-c-]",
                           "*[%_]*",       "a\\*",       "[\\]]", "a[b",    "?-[0-9][0-9]",
                           "[[:upper:]]*", "*\\?",       "[a-]z", "%",      "_",
                           "a.c",          "*[^a-y]"};
    const char* ids[] = {"feed-a", "feed-b", "feed-c", "feed-", "]x",  "xx", "x-", "xa",  "xd",
                         "a%b",    "a_b",    "ab",     "a*",    "ab*", "]",  "\\", "a[b", "ab[",
                         "1-23",   "1-2",    "Zed",    "zed",   "a?",  "ab", "-z", "az",  "bz",
                         "%",      "_",      "x",      "a.c",   "abc", "zz", "yz", "z"};
    for (const char* glob : globs) {
        std::regex re(glob_to_regex(glob));
        for (const char* id : ids)
            BOOST_TEST(std::regex_search(id, re) == (fnmatch(glob, id, 0) == 0),
                       "glob " << glob << " id " << id);
    }
}

BOOST_AUTO_TEST_SUITE_END()
