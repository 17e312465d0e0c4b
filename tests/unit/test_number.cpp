// Locale-free numbers for perfdata and JSON (SPEC §2: C locale, no exponent, no inf/nan).
#include "lib/number.hpp"

#include <boost/test/unit_test.hpp>

#include <clocale>
#include <cmath>
#include <limits>
#include <locale>
#include <optional>
#include <string>

using namespace mps;

namespace {

// A numpunct with a German decimal point and thousands grouping.
class CommaDecimal : public std::numpunct<char> {
protected:
    char do_decimal_point() const override { return ','; }
    char do_thousands_sep() const override { return '.'; }
    std::string do_grouping() const override { return "\3"; }
};

// Installs a global C++ locale for the test's lifetime and restores the previous one.
class GlobalLocale {
public:
    explicit GlobalLocale(const std::locale& locale) : previous_(std::locale::global(locale)) {}
    GlobalLocale(const GlobalLocale&) = delete;
    GlobalLocale& operator=(const GlobalLocale&) = delete;
    ~GlobalLocale() { std::locale::global(previous_); }

private:
    std::locale previous_;
};

// Sets the C library's locale when it is installed and restores the previous one.
class CLocale {
public:
    explicit CLocale(const char* name) : previous_(std::setlocale(LC_ALL, nullptr)) {
        active_ = std::setlocale(LC_ALL, name) != nullptr;
    }
    CLocale(const CLocale&) = delete;
    CLocale& operator=(const CLocale&) = delete;
    ~CLocale() { std::setlocale(LC_ALL, previous_.c_str()); }
    bool active() const { return active_; }

private:
    std::string previous_;
    bool active_ = false;
};

} // namespace

BOOST_AUTO_TEST_SUITE(number)

BOOST_AUTO_TEST_CASE(parses_an_integer) {
    BOOST_TEST(parse_number("10").value() == 10);
}

BOOST_AUTO_TEST_CASE(parses_a_negative_decimal) {
    BOOST_TEST(parse_number("-2.5").value() == -2.5);
}

BOOST_AUTO_TEST_CASE(parses_an_explicit_plus) {
    BOOST_TEST(parse_number("+3").value() == 3);
}

BOOST_AUTO_TEST_CASE(parses_a_leading_dot) {
    BOOST_TEST(parse_number(".5").value() == 0.5);
}

BOOST_AUTO_TEST_CASE(parse_rejects_the_empty_string) {
    BOOST_TEST(!parse_number("").has_value());
}

BOOST_AUTO_TEST_CASE(parse_rejects_exponents) {
    BOOST_TEST(!parse_number("1e5").has_value());
    BOOST_TEST(!parse_number("1E5").has_value());
    BOOST_TEST(!parse_number("2.5e-3").has_value());
}

BOOST_AUTO_TEST_CASE(parse_rejects_hex) {
    BOOST_TEST(!parse_number("0x10").has_value());
    BOOST_TEST(!parse_number("0x1p3").has_value());
}

BOOST_AUTO_TEST_CASE(parse_rejects_inf_and_nan) {
    for (std::string text : {"inf", "-inf", "infinity", "INF", "nan", "NaN", "-nan"})
        BOOST_TEST(!parse_number(text).has_value(), "accepted '" << text << "'");
}

BOOST_AUTO_TEST_CASE(parse_rejects_surrounding_spaces) {
    BOOST_TEST(!parse_number(" 1").has_value());
    BOOST_TEST(!parse_number("1 ").has_value());
    BOOST_TEST(!parse_number("\t1").has_value());
    BOOST_TEST(!parse_number("- 1").has_value());
}

BOOST_AUTO_TEST_CASE(parse_rejects_signs_and_dots_without_digits) {
    for (std::string text : {"-", "+", ".", "-.", "+-1", "--1", "1.2.3", "1,5"})
        BOOST_TEST(!parse_number(text).has_value(), "accepted '" << text << "'");
}

BOOST_AUTO_TEST_CASE(parse_ignores_a_comma_decimal_locale) {
    GlobalLocale german(std::locale(std::locale::classic(), new CommaDecimal));
    BOOST_TEST(parse_number("2.5").value() == 2.5);
    BOOST_TEST(!parse_number("2,5").has_value());
}

BOOST_AUTO_TEST_CASE(integers_are_printed_as_integers) {
    BOOST_TEST(format_number(300) == "300");
    BOOST_TEST(format_number(0) == "0");
    BOOST_TEST(format_number(-7) == "-7");
}

BOOST_AUTO_TEST_CASE(large_integers_have_no_exponent) {
    BOOST_TEST(format_number(1e20) == "100000000000000000000");
}

BOOST_AUTO_TEST_CASE(tiny_values_have_no_exponent) {
    BOOST_TEST(format_number(1e-9) == "0");
    BOOST_TEST(format_number(1e-6) == "0.000001");
}

BOOST_AUTO_TEST_CASE(trailing_zeros_are_trimmed) {
    BOOST_TEST(format_number(0.25) == "0.25");
    BOOST_TEST(format_number(-12.5) == "-12.5");
}

BOOST_AUTO_TEST_CASE(at_most_six_decimals) {
    BOOST_TEST(format_number(0.1 + 0.2) == "0.3");
    BOOST_TEST(format_number(2.0 / 3.0) == "0.666667");
}

BOOST_AUTO_TEST_CASE(negative_zero_is_zero) {
    BOOST_TEST(format_number(-0.0) == "0");
    BOOST_TEST(format_number(-1e-9) == "0");
}

BOOST_AUTO_TEST_CASE(non_finite_values_are_zero) {
    BOOST_TEST(format_number(std::numeric_limits<double>::infinity()) == "0");
    BOOST_TEST(format_number(-std::numeric_limits<double>::infinity()) == "0");
    BOOST_TEST(format_number(std::numeric_limits<double>::quiet_NaN()) == "0");
}

BOOST_AUTO_TEST_CASE(format_ignores_a_comma_decimal_cpp_locale) {
    GlobalLocale german(std::locale(std::locale::classic(), new CommaDecimal));
    BOOST_TEST(format_number(2.5) == "2.5");
    BOOST_TEST(format_number(1234567) == "1234567");
}

BOOST_AUTO_TEST_CASE(format_ignores_a_german_c_locale) {
    CLocale german("de_DE.UTF-8");
    if (!german.active()) {
        BOOST_TEST_MESSAGE("de_DE.UTF-8 is not installed; checked the C locale only");
    } else {
        // Proves the locale took effect, so the assertion below can fail.
        BOOST_TEST(std::string(std::localeconv()->decimal_point) == ",");
    }
    BOOST_TEST(format_number(2.5) == "2.5");
    BOOST_TEST(parse_number("2.5").value() == 2.5);
}

BOOST_AUTO_TEST_CASE(format_reads_back_what_parse_reads) {
    for (std::string text : {"0", "1", "-1", "0.5", "120", "99.999", "123456.789"})
        BOOST_TEST(format_number(parse_number(text).value()) == text);
}

BOOST_AUTO_TEST_CASE(exact_keeps_digits_that_format_rounds_away) {
    BOOST_TEST(format_number(0.0000003) == "0");
    BOOST_TEST(exact_number(0.0000003) == "0.0000003");
    for (double x : {0.1 + 0.2, 1e-300, 123456.789, -2.5, 1e20})
        BOOST_TEST(parse_number(exact_number(x)).value() == x);
    BOOST_TEST(exact_number(-0.0) == "0");
}

BOOST_AUTO_TEST_SUITE_END()
