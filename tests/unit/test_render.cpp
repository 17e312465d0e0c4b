// The three renderings of a check result: nagios, JSON, prometheus (SPEC §2).
#include "lib/render.hpp"

#include <boost/test/unit_test.hpp>

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

using namespace mps;

namespace {

const RenderContext daemon_context{"check_schedule_daemon", "SCHEDULE_DAEMON", 0};

RenderContext with_verbosity(int verbosity) {
    RenderContext context = daemon_context;
    context.verbosity = verbosity;
    return context;
}

Metric heartbeat_age(double value) {
    Metric m;
    m.label = "heartbeat_age";
    m.value = value;
    m.uom = Uom::Seconds;
    m.thresholds = {Range::parse("120"), Range::parse("300")};
    m.min = 0;
    m.help = "Age of the newest heartbeat of a running daemon.";
    return m;
}

Metric live(double value) {
    Metric m;
    m.label = "live";
    m.value = value;
    m.min = 0;
    m.help = "Running daemon instances with a fresh heartbeat.";
    return m;
}

// The OK example of SPEC §4.
CheckResult healthy_daemon() {
    CheckResult r;
    r.add(State::Ok, "heartbeat 12s ago (worker w-1 on app-1, pid 4242)");
    r.add_metric(heartbeat_age(12));
    r.add_metric(live(1));
    r.add_gauge({"schedule_daemon_up", "1 when the schedule daemon is healthy, else 0.", 1});
    return r;
}

CheckResult dead_daemon() {
    CheckResult r;
    r.add(State::Critical, "no running schedule_daemon worker");
    return r;
}

std::size_t count(const std::string& text, const std::string& needle) {
    std::size_t n = 0;
    for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1))
        ++n;
    return n;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    for (auto end = text.find('\n'); end != std::string::npos; end = text.find('\n', start)) {
        lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    if (start < text.size())
        lines.push_back(text.substr(start));
    return lines;
}

// A tiny strict JSON reader (RFC 8259), enough to read back what render_json writes.
struct Json {
    enum class Kind { Null, Bool, Number, String, Array, Object } kind = Kind::Null;
    bool boolean = false;
    double number = 0;
    std::string string;
    std::vector<Json> array;
    std::vector<std::pair<std::string, Json>> object; // in document order

    const Json& operator[](const std::string& key) const {
        for (const auto& [k, v] : object)
            if (k == key)
                return v;
        throw std::out_of_range("no key " + key);
    }
    std::vector<std::string> keys() const {
        std::vector<std::string> out;
        for (const auto& entry : object)
            out.push_back(entry.first);
        return out;
    }
};

class JsonReader {
public:
    explicit JsonReader(std::string_view text) : text_(text) {}

    Json document() {
        Json value = read_value();
        skip_space();
        if (pos_ != text_.size())
            fail("trailing text");
        return value;
    }

private:
    [[noreturn]] void fail(const std::string& what) const {
        throw std::runtime_error("invalid JSON at " + std::to_string(pos_) + ": " + what);
    }
    void skip_space() {
        while (pos_ < text_.size() &&
               std::string_view(" \t\r\n").find(text_[pos_]) != std::string_view::npos)
            ++pos_;
    }
    char peek() {
        skip_space();
        if (pos_ == text_.size())
            fail("unexpected end");
        return text_[pos_];
    }
    void expect(char c) {
        if (peek() != c)
            fail(std::string("expected ") + c);
        ++pos_;
    }
    bool literal(std::string_view word) {
        if (text_.substr(pos_, word.size()) != word)
            return false;
        pos_ += word.size();
        return true;
    }

    Json read_value() {
        Json value;
        char c = peek();
        if (c == '{') {
            value.kind = Json::Kind::Object;
            ++pos_;
            if (peek() == '}') {
                ++pos_;
                return value;
            }
            for (;;) {
                std::string key = read_string();
                expect(':');
                value.object.emplace_back(key, read_value());
                if (peek() == ',') {
                    ++pos_;
                    continue;
                }
                expect('}');
                return value;
            }
        }
        if (c == '[') {
            value.kind = Json::Kind::Array;
            ++pos_;
            if (peek() == ']') {
                ++pos_;
                return value;
            }
            for (;;) {
                value.array.push_back(read_value());
                if (peek() == ',') {
                    ++pos_;
                    continue;
                }
                expect(']');
                return value;
            }
        }
        if (c == '"') {
            value.kind = Json::Kind::String;
            value.string = read_string();
            return value;
        }
        if (literal("null"))
            return value;
        if (literal("true") || literal("false")) {
            value.kind = Json::Kind::Bool;
            value.boolean = text_[pos_ - 1] == 'e' && text_[pos_ - 2] == 'u';
            return value;
        }
        value.kind = Json::Kind::Number;
        value.number = read_number();
        return value;
    }

    double read_number() {
        std::size_t start = pos_;
        auto digits = [&] {
            std::size_t first = pos_;
            while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9')
                ++pos_;
            return pos_ - first;
        };
        if (pos_ < text_.size() && text_[pos_] == '-')
            ++pos_;
        std::size_t int_start = pos_;
        std::size_t n = digits();
        if (n == 0 || (n > 1 && text_[int_start] == '0'))
            fail("bad number");
        if (pos_ < text_.size() && text_[pos_] == '.') {
            ++pos_;
            if (digits() == 0)
                fail("bad fraction");
        }
        if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
            ++pos_;
            if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-'))
                ++pos_;
            if (digits() == 0)
                fail("bad exponent");
        }
        return std::stod(std::string(text_.substr(start, pos_ - start)));
    }

    std::string read_string() {
        expect('"');
        std::string out;
        while (pos_ < text_.size()) {
            auto c = static_cast<unsigned char>(text_[pos_++]);
            if (c == '"')
                return out;
            if (c < 0x20)
                fail("raw control character in a string");
            if (c != '\\') {
                out += static_cast<char>(c);
                continue;
            }
            if (pos_ == text_.size())
                fail("unfinished escape");
            char e = text_[pos_++];
            switch (e) {
            case '"':
            case '\\':
            case '/':
                out += e;
                break;
            case 'b':
                out += '\b';
                break;
            case 'f':
                out += '\f';
                break;
            case 'n':
                out += '\n';
                break;
            case 'r':
                out += '\r';
                break;
            case 't':
                out += '\t';
                break;
            case 'u': {
                if (pos_ + 4 > text_.size())
                    fail("short \\u escape");
                unsigned code = std::stoul(std::string(text_.substr(pos_, 4)), nullptr, 16);
                pos_ += 4;
                if (code >= 0x80)
                    fail("test reader decodes ASCII \\u escapes only");
                out += static_cast<char>(code);
                break;
            }
            default:
                fail("bad escape");
            }
        }
        fail("unterminated string");
    }

    std::string_view text_;
    std::size_t pos_ = 0;
};

Json parse_json(const std::string& text) {
    return JsonReader(text).document();
}

} // namespace

BOOST_AUTO_TEST_SUITE(render_nagios_text)

BOOST_AUTO_TEST_CASE(status_line_with_perfdata) {
    BOOST_TEST(render_nagios(healthy_daemon(), daemon_context) ==
               "SCHEDULE_DAEMON OK - heartbeat 12s ago (worker w-1 on app-1, pid 4242)"
               "|heartbeat_age=12s;120;300;0 live=1;;;0\n");
}

BOOST_AUTO_TEST_CASE(no_pipe_without_perfdata) {
    BOOST_TEST(render_nagios(dead_daemon(), daemon_context) ==
               "SCHEDULE_DAEMON CRITICAL - no running schedule_daemon worker\n");
}

BOOST_AUTO_TEST_CASE(a_metric_without_value_is_left_out) {
    CheckResult r = dead_daemon();
    Metric age = heartbeat_age(0);
    age.value.reset();
    r.add_metric(age);
    r.add_metric(live(0));
    BOOST_TEST(render_nagios(r, daemon_context) ==
               "SCHEDULE_DAEMON CRITICAL - no running schedule_daemon worker|live=0;;;0\n");
}

BOOST_AUTO_TEST_CASE(only_metrics_without_value_give_no_pipe) {
    CheckResult r = dead_daemon();
    Metric age = heartbeat_age(0);
    age.value.reset();
    r.add_metric(age);
    BOOST_TEST(count(render_nagios(r, daemon_context), "|") == 0u);
}

BOOST_AUTO_TEST_CASE(state_is_the_worst_and_summary_worst_first) {
    CheckResult r;
    r.add(State::Warning, "2 live instances");
    r.add(State::Critical, "heartbeat 6m ago");
    BOOST_TEST(render_nagios(r, daemon_context) ==
               "SCHEDULE_DAEMON CRITICAL - heartbeat 6m ago, 2 live instances\n");
}

BOOST_AUTO_TEST_CASE(exactly_one_pipe_whatever_the_text_holds) {
    CheckResult r = healthy_daemon();
    r.add(State::Warning, "job a|b failed");
    r.add_detail(0, "error: x | y");
    std::string out = render_nagios(r, daemon_context);
    BOOST_TEST(count(out, "|") == 1u);
    BOOST_TEST(lines_of(out).at(0) == "SCHEDULE_DAEMON WARNING - job a/b failed, heartbeat 12s ago "
                                      "(worker w-1 on app-1, pid 4242)"
                                      "|heartbeat_age=12s;120;300;0 live=1;;;0");
}

BOOST_AUTO_TEST_CASE(perfdata_stays_on_line_one) {
    CheckResult r = healthy_daemon();
    r.add(State::Ok, "line one\nline two");
    std::string out = render_nagios(r, daemon_context);
    BOOST_TEST(lines_of(out).size() == 1u);
}

BOOST_AUTO_TEST_CASE(details_follow_line_one_one_a_line) {
    CheckResult r = dead_daemon();
    r.add_detail(0, "last seen: w-7 on app-1, STOPPED, heartbeat 2h 3m ago");
    r.add_detail(0, "second");
    BOOST_TEST(render_nagios(r, daemon_context) ==
               "SCHEDULE_DAEMON CRITICAL - no running schedule_daemon worker\n"
               "last seen: w-7 on app-1, STOPPED, heartbeat 2h 3m ago\n"
               "second\n");
}

BOOST_AUTO_TEST_CASE(verbose_details_are_hidden_at_verbosity_zero) {
    CheckResult r = dead_daemon();
    r.add_detail(1, "offending item");
    r.add_detail(2, "checked item");
    BOOST_TEST(render_nagios(r, with_verbosity(0)) ==
               "SCHEDULE_DAEMON CRITICAL - no running schedule_daemon worker\n");
}

BOOST_AUTO_TEST_CASE(details_up_to_the_verbosity_are_shown) {
    CheckResult r = dead_daemon();
    r.add_detail(1, "offending item");
    r.add_detail(3, "sql");
    r.add_detail(2, "checked item");
    BOOST_TEST(render_nagios(r, with_verbosity(2)) ==
               "SCHEDULE_DAEMON CRITICAL - no running schedule_daemon worker\n"
               "offending item\n"
               "checked item\n");
}

BOOST_AUTO_TEST_CASE(details_are_sanitised) {
    CheckResult r = dead_daemon();
    r.add_detail(0, "a|b\tc\r\nd\xff");
    BOOST_TEST(lines_of(render_nagios(r, daemon_context)).at(1) == "a/b c  d?");
}

BOOST_AUTO_TEST_CASE(a_detail_is_cut_to_200_characters) {
    CheckResult r = dead_daemon();
    r.add_detail(0, std::string(500, 'x'));
    BOOST_TEST(lines_of(render_nagios(r, daemon_context)).at(1) ==
               std::string(199, 'x') + "\u2026");
}

BOOST_AUTO_TEST_CASE(hundreds_of_details_stay_under_4_kib) {
    CheckResult r = dead_daemon();
    for (int i = 0; i < 500; ++i)
        r.add_detail(0, "schedule feed-" + std::to_string(i) + " has no next run " +
                            std::string(40, '.'));
    std::string out = render_nagios(r, daemon_context);
    BOOST_TEST(out.size() < 4096u);
}

BOOST_AUTO_TEST_CASE(cut_output_stays_under_4_kib_whatever_the_detail_length) {
    // Every line length lands the last detail at a different distance from the limit.
    for (std::size_t length = 1; length <= 200; ++length) {
        CheckResult r = dead_daemon();
        for (int i = 0; i < 5000 / static_cast<int>(length) + 50; ++i)
            r.add_detail(0, std::string(length, 'd'));
        std::string out = render_nagios(r, daemon_context);
        BOOST_TEST(out.size() < 4096u, "detail length " << length << ": " << out.size());
    }
}

BOOST_AUTO_TEST_CASE(cut_details_end_with_and_n_more) {
    CheckResult r = dead_daemon();
    for (int i = 0; i < 500; ++i)
        r.add_detail(0, "schedule feed-" + std::to_string(i) + " has no next run " +
                            std::string(40, '.'));
    auto lines = lines_of(render_nagios(r, daemon_context));
    std::size_t shown = lines.size() - 2; // neither line 1 nor the last
    BOOST_TEST(shown > 0u);
    BOOST_TEST(lines.back() == "\u2026 and " + std::to_string(500 - shown) + " more");
    BOOST_TEST(lines[shown] == "schedule feed-" + std::to_string(shown - 1) + " has no next run " +
                                   std::string(40, '.'));
}

BOOST_AUTO_TEST_CASE(many_long_details_stay_under_4_kib) {
    CheckResult r = healthy_daemon();
    for (int i = 0; i < 300; ++i)
        r.add_detail(0, std::string(1000, static_cast<char>('a' + i % 26)));
    std::string out = render_nagios(r, daemon_context);
    BOOST_TEST(out.size() < 4096u);
    BOOST_TEST(lines_of(out).back().rfind("\u2026 and ", 0) == 0u);
}

BOOST_AUTO_TEST_CASE(a_long_statement_never_pushes_an_offender_out) {
    // -vvv: the settings line, a whole SQL line of 4,000 characters, then the offender.
    CheckResult r = dead_daemon();
    r.add_whole_detail(2, "settings: host=db1");
    r.add_whole_detail(3, "sql (1 ms, 1 rows): " + std::string(4000, 'q'));
    r.add_detail(1, "heartbeat CRITICAL: worker w-1");
    auto lines = lines_of(render_nagios(r, with_verbosity(3)));
    BOOST_TEST(lines.size() == 4u);
    BOOST_TEST(lines[1] == "settings: host=db1");
    BOOST_TEST(lines[2] == "heartbeat CRITICAL: worker w-1");
    BOOST_TEST(lines[3] == "\u2026 and 1 more");
}

BOOST_AUTO_TEST_CASE(details_that_fit_get_no_more_line) {
    CheckResult r = dead_daemon();
    for (int i = 0; i < 10; ++i)
        r.add_detail(0, "item " + std::to_string(i));
    auto lines = lines_of(render_nagios(r, daemon_context));
    BOOST_TEST(lines.size() == 11u);
    BOOST_TEST(lines.back() == "item 9");
}

BOOST_AUTO_TEST_CASE(a_huge_summary_stays_under_4_kib) {
    CheckResult r = healthy_daemon();
    for (int i = 0; i < 100; ++i)
        r.add(State::Warning, "schedule feed-" + std::to_string(i) + " " + std::string(200, 'z'));
    std::string out = render_nagios(r, daemon_context);
    BOOST_TEST(out.size() < 4096u);
    BOOST_TEST(count(out, "|") == 1u);
    BOOST_TEST(lines_of(out).at(0).find("|heartbeat_age=12s;120;300;0 live=1;;;0") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_cut_summary_never_splits_a_character) {
    // The summary is capped at 1024 bytes; with 0, 1 or 2 leading bytes the cap falls on
    // each of the three bytes of a '€', and the cut backs up to the character's start.
    auto euros = [](std::size_t n) {
        std::string out;
        for (std::size_t i = 0; i < n; ++i)
            out += "\u20ac";
        return out;
    };
    for (std::size_t pad = 0; pad < 3; ++pad) {
        CheckResult r;
        r.add(State::Warning, std::string(pad, 'x') + euros(200));
        r.add(State::Warning, euros(200));
        BOOST_TEST(lines_of(render_nagios(r, daemon_context)).at(0) ==
                   "SCHEDULE_DAEMON WARNING - " + std::string(pad, 'x') + euros(200) + ", " +
                       euros(139) + "\u2026");
    }
}

BOOST_AUTO_TEST_CASE(room_is_kept_for_the_more_line) {
    // Without reserving room for it, these details would fill the output to 4095 bytes
    // and the "… and N more" line would push it over 4 KiB.
    CheckResult r;
    r.add(State::Ok, "fine"); // line 1 is 26 bytes
    for (int i = 0; i < 40; ++i)
        r.add_detail(0, std::string(100, 'x'));
    r.add_detail(0, std::string(28, 'y'));
    r.add_detail(0, std::string(100, 'z'));
    std::string out = render_nagios(r, daemon_context);
    BOOST_TEST(out.size() < 4096u);
    BOOST_TEST(lines_of(out).back().rfind("\u2026 and ", 0) == 0u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(render_json_text)

BOOST_AUTO_TEST_CASE(healthy_daemon_as_one_line) {
    BOOST_TEST(render_json(healthy_daemon(), daemon_context) ==
               R"J({"plugin":"check_schedule_daemon","state":"OK","exit_code":0,)J"
               R"J("summary":"heartbeat 12s ago (worker w-1 on app-1, pid 4242)","details":[],)J"
               R"J("details_omitted":0,)J"
               R"J("perfdata":[{"label":"heartbeat_age","value":12,"uom":"s","warn":"120",)J"
               R"J("crit":"300","min":0,"max":null},)J"
               R"J({"label":"live","value":1,"uom":"","warn":null,"crit":null,"min":0,)J"
               R"J("max":null}]})J"
               "\n");
}

BOOST_AUTO_TEST_CASE(a_long_statement_never_pushes_an_offender_out_of_the_array) {
    CheckResult r = dead_daemon();
    r.add_whole_detail(3, "sql (1 ms, 1 rows): " + std::string(4000, 'q'));
    r.add_detail(1, "heartbeat CRITICAL: worker w-1");
    std::string out = render_json(r, with_verbosity(3));
    BOOST_TEST(out.size() < 4096u);
    BOOST_TEST(out.find(R"J("details":["heartbeat CRITICAL: worker w-1"],"details_omitted":1,)J") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(reads_back_with_the_seven_keys_in_order) {
    Json doc = parse_json(render_json(healthy_daemon(), daemon_context));
    std::vector<std::string> expected = {"plugin",  "state",   "exit_code",      "summary",
                                         "details", "details_omitted", "perfdata"};
    BOOST_TEST(doc.keys() == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(perfdata_entries_have_the_seven_keys) {
    Json doc = parse_json(render_json(healthy_daemon(), daemon_context));
    std::vector<std::string> expected = {"label", "value", "uom", "warn", "crit", "min", "max"};
    BOOST_TEST(doc["perfdata"].array.at(0).keys() == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(exit_code_matches_the_state) {
    Json doc = parse_json(render_json(dead_daemon(), daemon_context));
    BOOST_TEST(doc["state"].string == "CRITICAL");
    BOOST_TEST(doc["exit_code"].number == 2);
}

BOOST_AUTO_TEST_CASE(ends_with_one_newline_and_has_no_other) {
    CheckResult r = dead_daemon();
    r.add(State::Warning, "a\nb");
    r.add_detail(0, "c\nd");
    std::string out = render_json(r, daemon_context);
    BOOST_TEST(count(out, "\n") == 1u);
    BOOST_TEST(out.back() == '\n');
}

BOOST_AUTO_TEST_CASE(range_thresholds_are_written_as_range_text) {
    CheckResult r;
    Metric rate;
    rate.label = "success_rate";
    rate.value = 97.5;
    rate.uom = Uom::Percent;
    rate.thresholds = {Range::parse("95:"), Range::parse("@0:80")};
    rate.min = 0;
    rate.max = 100;
    r.add_metric(rate);
    Json entry = parse_json(render_json(r, daemon_context))["perfdata"].array.at(0);
    BOOST_TEST(entry["warn"].string == "95:");
    BOOST_TEST(entry["crit"].string == "@80");
    BOOST_TEST(entry["uom"].string == "%");
    BOOST_TEST(entry["value"].number == 97.5);
    BOOST_TEST(entry["max"].number == 100);
}

BOOST_AUTO_TEST_CASE(duration_thresholds_are_written_in_seconds) {
    CheckResult r;
    Metric lateness;
    lateness.label = "max_lateness";
    lateness.value = 30;
    lateness.uom = Uom::Seconds;
    lateness.thresholds = {Range::parse("10m", Range::Unit::Duration),
                           Range::parse("1h", Range::Unit::Duration)};
    r.add_metric(lateness);
    Json entry = parse_json(render_json(r, daemon_context))["perfdata"].array.at(0);
    BOOST_TEST(entry["warn"].string == "600");
    BOOST_TEST(entry["crit"].string == "3600");
}

BOOST_AUTO_TEST_CASE(omitted_thresholds_are_null) {
    Json entry = parse_json(render_json(healthy_daemon(), daemon_context))["perfdata"].array.at(1);
    BOOST_TEST((entry["warn"].kind == Json::Kind::Null));
    BOOST_TEST((entry["crit"].kind == Json::Kind::Null));
    BOOST_TEST((entry["max"].kind == Json::Kind::Null));
}

BOOST_AUTO_TEST_CASE(a_metric_without_value_is_left_out) {
    CheckResult r = dead_daemon();
    Metric age = heartbeat_age(0);
    age.value.reset();
    r.add_metric(age);
    r.add_metric(live(0));
    Json doc = parse_json(render_json(r, daemon_context));
    BOOST_TEST(doc["perfdata"].array.size() == 1u);
    BOOST_TEST(doc["perfdata"].array.at(0)["label"].string == "live");
}

BOOST_AUTO_TEST_CASE(quotes_and_backslashes_are_escaped) {
    CheckResult r;
    r.add(State::Critical, R"(job "nightly" failed: C:\temp)");
    BOOST_TEST(parse_json(render_json(r, daemon_context))["summary"].string ==
               R"(job "nightly" failed: C:\temp)");
}

BOOST_AUTO_TEST_CASE(summary_is_sanitised_like_nagios) {
    CheckResult r;
    r.add(State::Critical, "a|b\x01"
                           "c\nd");
    BOOST_TEST(parse_json(render_json(r, daemon_context))["summary"].string == "a/b c d");
}

BOOST_AUTO_TEST_CASE(non_ascii_stays_utf8) {
    CheckResult r;
    r.add(State::Warning, "Größe €");
    BOOST_TEST(render_json(r, daemon_context).find(R"("summary":"Größe €")") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(invalid_utf8_never_reaches_the_json) {
    CheckResult r;
    r.add(State::Warning, "bad \xff\xfe byte");
    r.add_detail(0, "\xc3");
    Json doc = parse_json(render_json(r, daemon_context));
    BOOST_TEST(doc["summary"].string == "bad ?? byte");
    BOOST_TEST(doc["details"].array.at(0).string == "?");
}

BOOST_AUTO_TEST_CASE(many_details_stay_under_4_kib_and_are_counted) {
    CheckResult r = dead_daemon();
    for (int i = 0; i < 500; ++i)
        r.add_detail(1, "no next run: schedule-" + std::to_string(i));
    std::string out = render_json(r, with_verbosity(1));
    BOOST_TEST(out.size() < 4096u);
    Json doc = parse_json(out);
    std::size_t shown = doc["details"].array.size();
    BOOST_TEST(shown > 50u);
    BOOST_TEST(doc["details"].array.at(0).string == "no next run: schedule-0");
    BOOST_TEST(doc["details_omitted"].number == 500.0 - static_cast<double>(shown));
}

BOOST_AUTO_TEST_CASE(hostile_details_stay_under_4_kib_as_valid_json) {
    // Quotes and backslashes double when escaped; control characters were spaces already.
    for (std::string unit : {"\"", "\\", "\x01", "\u20ac", "\"\\\n"}) {
        CheckResult r;
        std::string long_text;
        for (int i = 0; i < 400; ++i)
            long_text += unit;
        for (int i = 0; i < 5; ++i)
            r.add(State::Critical, long_text);
        for (int i = 0; i < 100; ++i)
            r.add_detail(0, long_text);
        r.add_omitted(0, 7);
        std::string out = render_json(r, daemon_context);
        BOOST_TEST(out.size() < 4096u);
        Json doc = parse_json(out);
        BOOST_TEST(doc["details_omitted"].number ==
                   107.0 - static_cast<double>(doc["details"].array.size()));
    }
}

BOOST_AUTO_TEST_CASE(details_omitted_counts_what_the_check_left_out) {
    CheckResult r = dead_daemon();
    r.add_detail(1, "late: a");
    r.add_omitted(1, 49);
    r.add_omitted(2, 1000);
    Json doc = parse_json(render_json(r, with_verbosity(1)));
    BOOST_TEST(doc["details"].array.size() == 1u);
    BOOST_TEST(doc["details_omitted"].number == 49);
}

BOOST_AUTO_TEST_CASE(details_are_filtered_by_verbosity) {
    CheckResult r = dead_daemon();
    r.add_detail(0, "always");
    r.add_detail(1, "offending");
    r.add_detail(2, "checked");
    Json doc = parse_json(render_json(r, with_verbosity(1)));
    BOOST_TEST(doc["details"].array.size() == 2u);
    BOOST_TEST(doc["details"].array.at(0).string == "always");
    BOOST_TEST(doc["details"].array.at(1).string == "offending");
}

BOOST_AUTO_TEST_CASE(control_characters_are_escaped) {
    RenderContext context = daemon_context;
    context.plugin = "a\x01"
                     "b\x1f\x7f";
    BOOST_TEST(render_json(CheckResult(), context).find(R"("plugin":"a\u0001b\u001f\u007f")") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_bad_label_throws) {
    CheckResult r;
    Metric m;
    m.label = "Bad";
    m.value = 1;
    r.add_metric(m);
    BOOST_CHECK_THROW(render_json(r, daemon_context), std::logic_error);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(render_prometheus_text)

BOOST_AUTO_TEST_CASE(healthy_daemon_exposition) {
    BOOST_TEST(render_prometheus(healthy_daemon(), daemon_context) ==
               "# HELP schedule_daemon_heartbeat_age_seconds Age of the newest heartbeat of a "
               "running daemon.\n"
               "# TYPE schedule_daemon_heartbeat_age_seconds gauge\n"
               "schedule_daemon_heartbeat_age_seconds 12\n"
               "# HELP schedule_daemon_live Running daemon instances with a fresh heartbeat.\n"
               "# TYPE schedule_daemon_live gauge\n"
               "schedule_daemon_live 1\n"
               "# HELP schedule_daemon_up 1 when the schedule daemon is healthy, else 0.\n"
               "# TYPE schedule_daemon_up gauge\n"
               "schedule_daemon_up 1\n"
               "# HELP schedule_daemon_check_state State of check_schedule_daemon: 0 OK, 1 "
               "WARNING, 2 CRITICAL, 3 UNKNOWN.\n"
               "# TYPE schedule_daemon_check_state gauge\n"
               "schedule_daemon_check_state 0\n");
}

BOOST_AUTO_TEST_CASE(labelled_gauges_form_one_family_with_escaped_values) {
    CheckResult result;
    result.add_gauge({"schedule_job_runs", "Runs by status.", 2, {{"job", "a\"b\\c"}}});
    result.add_gauge({"schedule_runs_series_omitted", "Left out.", 0});
    result.add_gauge({"schedule_job_runs", "ignored", 3, {{"job", "x\ny|z"}}});
    result.add_gauge({"schedule_job_duration_seconds", "Durations.", 1.5,
                      {{"quantile", "0.5"}}, "summary"});
    result.add_gauge({"schedule_job_duration_seconds", "", 3, {}, "summary", "_sum"});
    std::string out = render_prometheus(result, daemon_context);
    BOOST_TEST(out.substr(0, out.find("# HELP schedule_daemon_check_state")) ==
               "# HELP schedule_job_runs Runs by status.\n"
               "# TYPE schedule_job_runs gauge\n"
               "schedule_job_runs{job=\"a\\\"b\\\\c\"} 2\n"
               "schedule_job_runs{job=\"x y/z\"} 3\n"
               "# HELP schedule_runs_series_omitted Left out.\n"
               "# TYPE schedule_runs_series_omitted gauge\n"
               "schedule_runs_series_omitted 0\n"
               "# HELP schedule_job_duration_seconds Durations.\n"
               "# TYPE schedule_job_duration_seconds summary\n"
               "schedule_job_duration_seconds{quantile=\"0.5\"} 1.5\n"
               "schedule_job_duration_seconds_sum 3\n");
}

BOOST_AUTO_TEST_CASE(check_state_carries_the_exit_code) {
    std::string out = render_prometheus(dead_daemon(), daemon_context);
    BOOST_TEST(lines_of(out).back() == "schedule_daemon_check_state 2");
}

BOOST_AUTO_TEST_CASE(check_state_is_always_present) {
    BOOST_TEST(render_prometheus(CheckResult(), daemon_context) ==
               "# HELP schedule_daemon_check_state State of check_schedule_daemon: 0 OK, 1 "
               "WARNING, 2 CRITICAL, 3 UNKNOWN.\n"
               "# TYPE schedule_daemon_check_state gauge\n"
               "schedule_daemon_check_state 0\n");
}

BOOST_AUTO_TEST_CASE(the_prefix_is_lower_cased) {
    RenderContext context{"check_daemon_restarts", "DAEMON_RESTARTS", 0};
    BOOST_TEST(lines_of(render_prometheus(CheckResult(), context)).back() ==
               "daemon_restarts_check_state 0");
}

BOOST_AUTO_TEST_CASE(percent_metrics_get_the_percent_suffix) {
    CheckResult r;
    Metric rate;
    rate.label = "success_rate";
    rate.value = 97.5;
    rate.uom = Uom::Percent;
    r.add_metric(rate);
    RenderContext context{"check_schedule_failures", "SCHEDULE_FAILURES", 0};
    auto lines = lines_of(render_prometheus(r, context));
    BOOST_TEST(lines.at(0) == "# HELP schedule_failures_success_rate_percent Metric "
                              "success_rate of check_schedule_failures.");
    BOOST_TEST(lines.at(1) == "# TYPE schedule_failures_success_rate_percent gauge");
    BOOST_TEST(lines.at(2) == "schedule_failures_success_rate_percent 97.5");
}

BOOST_AUTO_TEST_CASE(a_metric_without_value_is_left_out) {
    CheckResult r;
    Metric age = heartbeat_age(0);
    age.value.reset();
    r.add_metric(age);
    std::string out = render_prometheus(r, daemon_context);
    BOOST_TEST(out.find("heartbeat_age") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_gauge_without_help_gets_one) {
    CheckResult r;
    r.add_gauge({"schedule_daemon_up", "", 0});
    BOOST_TEST(lines_of(render_prometheus(r, daemon_context)).at(0) ==
               "# HELP schedule_daemon_up Series schedule_daemon_up of check_schedule_daemon.");
}

BOOST_AUTO_TEST_CASE(help_text_escapes_backslash_and_line_feed) {
    CheckResult r;
    r.add_gauge({"schedule_daemon_up", "a\\b\nc", 1});
    BOOST_TEST(lines_of(render_prometheus(r, daemon_context)).at(0) ==
               "# HELP schedule_daemon_up a\\\\b\\nc");
}

BOOST_AUTO_TEST_CASE(values_are_plain_decimals) {
    CheckResult r;
    r.add_gauge({"schedule_daemon_big", "Big.", 1e20});
    BOOST_TEST(lines_of(render_prometheus(r, daemon_context)).at(2) ==
               "schedule_daemon_big 100000000000000000000");
}

BOOST_AUTO_TEST_CASE(a_duplicate_metric_name_throws) {
    CheckResult r = healthy_daemon();
    r.add_gauge({"schedule_daemon_live", "Again.", 1});
    BOOST_CHECK_THROW(render_prometheus(r, daemon_context), std::logic_error);
}

BOOST_AUTO_TEST_CASE(a_gauge_named_like_check_state_throws) {
    CheckResult r;
    r.add_gauge({"schedule_daemon_check_state", "Clash.", 0});
    BOOST_CHECK_THROW(render_prometheus(r, daemon_context), std::logic_error);
}

BOOST_AUTO_TEST_CASE(an_invalid_gauge_name_throws) {
    CheckResult r;
    r.add_gauge({"schedule-daemon up", "Bad.", 0});
    BOOST_CHECK_THROW(render_prometheus(r, daemon_context), std::logic_error);
}

BOOST_AUTO_TEST_CASE(a_bad_label_throws) {
    CheckResult r;
    Metric m;
    m.label = "Bad";
    m.value = 1;
    r.add_metric(m);
    BOOST_CHECK_THROW(render_prometheus(r, daemon_context), std::logic_error);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(render_by_format)

BOOST_AUTO_TEST_CASE(each_format_picks_its_renderer) {
    CheckResult r = healthy_daemon();
    BOOST_TEST(render(Format::Nagios, r, daemon_context) == render_nagios(r, daemon_context));
    BOOST_TEST(render(Format::Json, r, daemon_context) == render_json(r, daemon_context));
    BOOST_TEST(render(Format::Prometheus, r, daemon_context) ==
               render_prometheus(r, daemon_context));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(render_cgi_response)

namespace {

CheckResult with_state(State state) {
    CheckResult r = healthy_daemon();
    if (state != State::Ok)
        r.add(state, "something on app-1 is wrong");
    return r;
}

std::string head(const std::string& response) {
    return response.substr(0, response.find("\n\n") + 2);
}

std::string body(const std::string& response) {
    return response.substr(response.find("\n\n") + 2);
}

} // namespace

BOOST_AUTO_TEST_CASE(ok_is_200_with_prefix_and_state_only) {
    BOOST_TEST(render_cgi(healthy_daemon(), daemon_context) ==
               "Status: 200 OK\n"
               "Content-Type: text/plain; charset=utf-8\n"
               "Cache-Control: no-store\n"
               "\n"
               "SCHEDULE_DAEMON OK\n");
}

BOOST_AUTO_TEST_CASE(default_ok_states_are_ok_and_warning) {
    BOOST_TEST(head(render_cgi(with_state(State::Warning), daemon_context)).rfind(
                   "Status: 200 OK\n", 0) == 0);
    for (State state : {State::Critical, State::Unknown}) {
        std::string response = render_cgi(with_state(state), daemon_context);
        BOOST_TEST(response.rfind("Status: 503 Service Unavailable\n", 0) == 0);
        BOOST_TEST(body(response) == "SCHEDULE_DAEMON " + std::string(to_string(state)) + "\n");
    }
}

BOOST_AUTO_TEST_CASE(ok_states_are_configurable) {
    RenderContext context = daemon_context;
    context.http.ok_states = {State::Ok};
    BOOST_TEST(render_cgi(with_state(State::Warning), context).rfind("Status: 503 ", 0) == 0);
    context.http.ok_states = {State::Ok, State::Unknown};
    BOOST_TEST(render_cgi(with_state(State::Unknown), context).rfind("Status: 200 OK\n", 0) == 0);
}

BOOST_AUTO_TEST_CASE(body_leaves_host_names_and_perfdata_out) {
    std::string response = render_cgi(with_state(State::Critical), daemon_context);
    BOOST_TEST(response.find("app-1") == std::string::npos);
    BOOST_TEST(response.find("heartbeat") == std::string::npos);
    BOOST_TEST(response.find('|') == std::string::npos);
}

BOOST_AUTO_TEST_CASE(details_add_the_sanitised_summary) {
    RenderContext context = daemon_context;
    context.http.details = true;
    CheckResult r;
    r.add(State::Critical, "worker w-1\non app-1 | gone");
    BOOST_TEST(body(render_cgi(r, context)) ==
               "SCHEDULE_DAEMON CRITICAL - worker w-1 on app-1 / gone\n");
}

BOOST_AUTO_TEST_CASE(error_is_a_503_with_one_line) {
    std::string response = render_cgi_error(daemon_context, "-w/--warning: invalid\nrange 'x'");
    BOOST_TEST(head(response) == "Status: 503 Service Unavailable\n"
                                 "Content-Type: text/plain; charset=utf-8\n"
                                 "Cache-Control: no-store\n\n");
    BOOST_TEST(body(response) == "SCHEDULE_DAEMON UNKNOWN - -w/--warning: invalid range 'x'\n");
}

BOOST_AUTO_TEST_CASE(render_picks_cgi) {
    CheckResult r = healthy_daemon();
    BOOST_TEST(render(Format::Cgi, r, daemon_context) == render_cgi(r, daemon_context));
}

BOOST_AUTO_TEST_SUITE_END()
