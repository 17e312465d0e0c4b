// Database text made safe for plugin output (SPEC §2).
#include "lib/sanitize.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace mps;

namespace {

const std::string ellipsis = "\u2026";

std::string repeat(const std::string& piece, std::size_t times) {
    std::string out;
    for (std::size_t i = 0; i < times; ++i)
        out += piece;
    return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(sanitize_text)

BOOST_AUTO_TEST_CASE(plain_text_is_unchanged) {
    BOOST_TEST(sanitize("daily-full-sync failed: timeout") == "daily-full-sync failed: timeout");
}

BOOST_AUTO_TEST_CASE(pipe_becomes_slash) {
    BOOST_TEST(sanitize("a|b||c") == "a/b//c");
}

BOOST_AUTO_TEST_CASE(line_breaks_become_spaces) {
    BOOST_TEST(sanitize("one\r\ntwo\nthree") == "one  two three");
}

BOOST_AUTO_TEST_CASE(tab_becomes_space) {
    BOOST_TEST(sanitize("a\tb") == "a b");
}

BOOST_AUTO_TEST_CASE(other_control_characters_become_spaces) {
    BOOST_TEST(sanitize(std::string("a\x01"
                                    "b\x1b[0m\x7f"
                                    "c",
                                    9)) == "a b [0m c");
}

BOOST_AUTO_TEST_CASE(nul_becomes_space) {
    BOOST_TEST(sanitize(std::string("a\0b", 3)) == "a b");
}

BOOST_AUTO_TEST_CASE(c1_next_line_becomes_space) {
    BOOST_TEST(sanitize("a\u0085b") == "a b");
}

BOOST_AUTO_TEST_CASE(invalid_utf8_bytes_become_question_marks) {
    BOOST_TEST(sanitize("a\xff"
                        "b\xc3") == "a?b?");
}

BOOST_AUTO_TEST_CASE(a_stray_continuation_byte_is_invalid) {
    BOOST_TEST(sanitize("a\x80"
                        "b") == "a?b");
}

BOOST_AUTO_TEST_CASE(an_overlong_encoding_is_invalid) {
    // "\xc0\xaf" would be an overlong '/': each byte is replaced on its own.
    BOOST_TEST(sanitize("\xc0\xaf") == "??");
}

BOOST_AUTO_TEST_CASE(an_encoded_surrogate_is_invalid) {
    BOOST_TEST(sanitize("\xed\xa0\x80") == "???");
}

BOOST_AUTO_TEST_CASE(non_ascii_is_kept_whole) {
    BOOST_TEST(sanitize("Größe € 日本 🚀") == "Größe € 日本 🚀");
}

BOOST_AUTO_TEST_CASE(text_of_exactly_the_limit_is_not_cut) {
    std::string text(200, 'x');
    BOOST_TEST(sanitize(text) == text);
}

BOOST_AUTO_TEST_CASE(longer_text_is_cut_to_200_code_points_ending_in_ellipsis) {
    BOOST_TEST(sanitize(std::string(201, 'x')) == std::string(199, 'x') + ellipsis);
}

BOOST_AUTO_TEST_CASE(the_limit_counts_code_points_not_bytes) {
    // 200 two-byte characters are 400 bytes but only 200 code points.
    std::string text = repeat("ä", 200);
    BOOST_TEST(sanitize(text) == text);
}

BOOST_AUTO_TEST_CASE(a_cut_never_splits_a_multibyte_character) {
    BOOST_TEST(sanitize(repeat("€", 201)) == repeat("€", 199) + ellipsis);
    BOOST_TEST(sanitize(repeat("🚀", 300), 3) == repeat("🚀", 2) + ellipsis);
}

BOOST_AUTO_TEST_CASE(a_custom_limit_is_honoured) {
    BOOST_TEST(sanitize("abcdef", 4) == "abc" + ellipsis);
}

BOOST_AUTO_TEST_CASE(a_limit_of_one_leaves_only_the_ellipsis) {
    BOOST_TEST(sanitize("ab", 1) == ellipsis);
}

BOOST_AUTO_TEST_CASE(a_limit_of_zero_leaves_nothing) {
    BOOST_TEST(sanitize("ab", 0) == "");
}

BOOST_AUTO_TEST_CASE(the_empty_string_stays_empty) {
    BOOST_TEST(sanitize("") == "");
}

BOOST_AUTO_TEST_CASE(replacements_count_towards_the_limit) {
    BOOST_TEST(sanitize("|\n\xff|\n", 4) == "/ ?" + ellipsis);
}

BOOST_AUTO_TEST_CASE(first_line_stops_at_a_line_feed) {
    BOOST_TEST(first_line("error: boom\nstack trace") == "error: boom");
}

BOOST_AUTO_TEST_CASE(first_line_stops_at_a_carriage_return) {
    BOOST_TEST(first_line("error: boom\r\nstack trace") == "error: boom");
}

BOOST_AUTO_TEST_CASE(first_line_of_a_single_line_is_all_of_it) {
    BOOST_TEST(first_line("error: boom") == "error: boom");
}

BOOST_AUTO_TEST_SUITE_END()
