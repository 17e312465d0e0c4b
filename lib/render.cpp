#include "lib/render.hpp"

#include "lib/number.hpp"
#include "lib/sanitize.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>

namespace mps {
namespace {

// Nagios 4 reads 8 KiB, we promise less than 4 KiB for the whole output.
constexpr std::size_t max_output = 4096;
// The status line alone stays far below that, whatever the conditions say.
constexpr std::size_t max_summary_bytes = 1024;
// SPEC §2: each long-output item is cut to 200 characters.
constexpr std::size_t max_detail_chars = 200;

// Cuts valid UTF-8 to at most max_bytes, ending in "…" when cut, never inside a sequence.
std::string cap_bytes(std::string text, std::size_t max_bytes) {
    const std::string_view ellipsis = "\u2026";
    if (text.size() <= max_bytes)
        return text;
    std::size_t cut = max_bytes - ellipsis.size();
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
        --cut;
    text.resize(cut);
    text += ellipsis;
    return text;
}

std::string summary_text(const CheckResult& result) {
    return cap_bytes(result.summary(), max_summary_bytes);
}

struct ShownDetail {
    int verbosity;
    std::string text;
};

std::vector<ShownDetail> shown_details(const CheckResult& result, int verbosity) {
    std::vector<ShownDetail> lines;
    for (const auto& detail : result.details())
        if (detail.verbosity <= verbosity)
            lines.push_back({detail.verbosity,
                             sanitize(detail.text, detail.whole ? max_output : max_detail_chars)});
    return lines;
}

// The details that fit in budget bytes, each costing cost(text): the lower verbosity
// levels first (the offending items of -v before the items of -vv, those before the SQL
// of -vvv, so a long statement never pushes an offender out), in their order within a
// level, until one does not fit. The kept lines stay in their order.
template <typename Cost>
std::vector<std::string> fitting_details(const std::vector<ShownDetail>& details,
                                         std::size_t budget, Cost cost) {
    std::vector<std::size_t> order(details.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return details[a].verbosity < details[b].verbosity;
    });
    std::vector<bool> keep(details.size(), false);
    std::size_t used = 0;
    for (std::size_t i : order) {
        std::size_t c = cost(details[i].text);
        if (used + c > budget)
            break;
        used += c;
        keep[i] = true;
    }
    std::vector<std::string> kept;
    for (std::size_t i = 0; i < details.size(); ++i)
        if (keep[i])
            kept.push_back(details[i].text);
    return kept;
}

std::string perfdata(const CheckResult& result) {
    std::string text;
    for (const auto& metric : result.metrics()) {
        std::string item = to_perfdata(metric);
        if (!item.empty())
            text += (text.empty() ? "" : " ") + item;
    }
    return text;
}

std::string json_string(std::string_view text) {
    static const char hex[] = "0123456789abcdef";
    std::string out = "\"";
    for (char c : text) {
        auto byte = static_cast<unsigned char>(c);
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (byte < 0x20 || byte == 0x7f) {
                out += "\\u00";
                out += hex[byte >> 4];
                out += hex[byte & 0xf];
            } else {
                out += c; // UTF-8 stays as it is: JSON text is UTF-8
            }
        }
    }
    return out + "\"";
}

std::string json_number(const std::optional<double>& value) {
    return value ? format_number(*value) : "null";
}

std::string json_range(const std::optional<Range>& range) {
    return range ? json_string(range->to_string()) : "null";
}

std::string ascii_lower(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    return out;
}

bool valid_metric_name(std::string_view name) {
    auto letter = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
    };
    if (name.empty() || !letter(name.front()))
        return false;
    for (char c : name)
        if (!letter(c) && !(c >= '0' && c <= '9'))
            return false;
    return true;
}

// HELP text escaping of the exposition format: backslash and line feed.
std::string help_escape(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

// {name="value",...}: values escaped as the exposition format requires (backslash, double
// quote, line feed), after the same sanitising as any database text.
std::string label_set(const std::vector<std::pair<std::string, std::string>>& labels) {
    if (labels.empty())
        return "";
    std::string out = "{";
    for (const auto& [name, value] : labels) {
        if (!valid_metric_name(name) || name.find(':') != std::string::npos)
            throw std::logic_error("invalid prometheus label name '" + name + "'");
        out += (out.size() > 1 ? "," : "") + name + "=\"";
        for (char c : sanitize(value))
            out += c == '\\' ? "\\\\" : c == '"' ? "\\\"" : std::string(1, c);
        out += "\"";
    }
    return out + "}";
}

} // namespace

std::string render_nagios(const CheckResult& result, const RenderContext& context) {
    std::string out = std::string(context.prefix) + " " + std::string(to_string(result.state())) +
                      " - " + summary_text(result);
    std::string perf = perfdata(result);
    if (!perf.empty())
        out += "|" + perf;
    out += "\n";

    auto lines = shown_details(result, context.verbosity);
    long omitted = result.omitted(context.verbosity);
    std::size_t total = out.size();
    for (const auto& line : lines)
        total += line.text.size() + 1;
    // Room for the closing "… and N more" line is kept only when something must go.
    constexpr std::size_t more_line_room = 32;
    bool cut = total >= max_output || omitted > 0;
    std::size_t limit = max_output - 1 - (cut ? more_line_room : 0);
    std::size_t budget = out.size() < limit ? limit - out.size() : 0;
    auto shown = fitting_details(lines, budget, [](const std::string& l) { return l.size() + 1; });
    for (const auto& line : shown)
        out += line + "\n";
    if (shown.size() < lines.size() || omitted > 0)
        out += "\u2026 and " +
               std::to_string(static_cast<long>(lines.size() - shown.size()) + omitted) +
               " more\n";
    return out;
}

std::string render_json(const CheckResult& result, const RenderContext& context) {
    State state = result.state();
    std::string head = "{\"plugin\":" + json_string(context.plugin) +
                       ",\"state\":" + json_string(to_string(state)) +
                       ",\"exit_code\":" + std::to_string(exit_code(state)) +
                       ",\"summary\":" + json_string(summary_text(result)) + ",\"details\":[";
    std::string perf = ",\"perfdata\":[";
    bool first = true;
    for (const auto& metric : result.metrics()) {
        to_perfdata(metric); // validates the label even when there is no value
        if (!metric.value)
            continue;
        perf += std::string(first ? "" : ",") + "{\"label\":" + json_string(metric.label) +
                ",\"value\":" + json_number(metric.value) +
                ",\"uom\":" + json_string(uom_text(metric.uom)) +
                ",\"warn\":" + json_range(metric.thresholds.warning) +
                ",\"crit\":" + json_range(metric.thresholds.critical) +
                ",\"min\":" + json_number(metric.min) + ",\"max\":" + json_number(metric.max) + "}";
        first = false;
    }
    perf += "]}\n";

    // The details array is cut like long output; details_omitted says how many went.
    const std::string omitted_key = "],\"details_omitted\":";
    constexpr std::size_t count_room = 20; // the digits of any long
    std::size_t fixed = head.size() + omitted_key.size() + count_room + perf.size();
    std::size_t budget = fixed < max_output ? max_output - 1 - fixed : 0;
    auto lines = shown_details(result, context.verbosity);
    // Each item costs its JSON text and a comma (one too many counted: a byte of slack).
    auto shown = fitting_details(lines, budget,
                                 [](const std::string& l) { return json_string(l).size() + 1; });
    std::string details;
    for (const auto& line : shown)
        details += (details.empty() ? "" : ",") + json_string(line);
    long omitted =
        static_cast<long>(lines.size() - shown.size()) + result.omitted(context.verbosity);
    return head + details + omitted_key + std::to_string(omitted) + perf;
}

std::string render_prometheus(const CheckResult& result, const RenderContext& context) {
    std::string prefix = ascii_lower(context.prefix);
    std::string out;
    std::set<std::string> names;
    auto family = [&](const std::string& name, const std::string& help,
                      const std::string& type = "gauge") {
        // A repeated TYPE line makes node_exporter reject the whole file.
        if (!valid_metric_name(name))
            throw std::logic_error("invalid prometheus metric name '" + name + "'");
        if (!names.insert(name).second)
            throw std::logic_error("duplicate prometheus metric " + name);
        out += "# HELP " + name + " " + help_escape(help) + "\n# TYPE " + name + " " + type + "\n";
    };
    auto series = [&](const std::string& name, const std::string& help, double value) {
        family(name, help);
        out += name + " " + format_number(value) + "\n";
    };
    for (const auto& metric : result.metrics()) {
        to_perfdata(metric); // validates the label even when there is no value
        if (!metric.value)
            continue;
        std::string suffix = metric.uom == Uom::Seconds   ? "_seconds"
                             : metric.uom == Uom::Percent ? "_percent"
                                                          : "";
        series(prefix + "_" + metric.label + suffix,
               metric.help.empty()
                   ? "Metric " + metric.label + " of " + std::string(context.plugin) + "."
                   : metric.help,
               *metric.value);
    }
    // Samples of one family stay together, in the order their names first appear.
    std::vector<std::string> order;
    for (const auto& gauge : result.gauges())
        if (std::find(order.begin(), order.end(), gauge.name) == order.end())
            order.push_back(gauge.name);
    for (const auto& name : order) {
        bool first = true;
        for (const auto& gauge : result.gauges()) {
            if (gauge.name != name)
                continue;
            if (first)
                family(name,
                       gauge.help.empty()
                           ? "Series " + name + " of " + std::string(context.plugin) + "."
                           : gauge.help,
                       gauge.type);
            first = false;
            out += name + gauge.suffix + label_set(gauge.labels) + " " +
                   format_number(gauge.value) + "\n";
        }
    }
    series(prefix + "_check_state",
           "State of " + std::string(context.plugin) + ": 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.",
           exit_code(result.state()));
    return out;
}

namespace {

std::string cgi_response(bool ok, const std::string& body) {
    return std::string(ok ? "Status: 200 OK\n" : "Status: 503 Service Unavailable\n") +
           "Content-Type: text/plain; charset=utf-8\n"
           "Cache-Control: no-store\n"
           "\n" +
           body + "\n";
}

} // namespace

std::string render_cgi(const CheckResult& result, const RenderContext& context) {
    State state = result.state();
    const auto& ok_states = context.http.ok_states;
    bool ok = std::find(ok_states.begin(), ok_states.end(), state) != ok_states.end();
    std::string body = std::string(context.prefix) + " " + std::string(to_string(state));
    if (context.http.details)
        body += " - " + summary_text(result);
    return cgi_response(ok, body);
}

std::string render_cgi_error(const RenderContext& context, std::string_view message) {
    return cgi_response(false, std::string(context.prefix) + " UNKNOWN - " +
                                   cap_bytes(sanitize(message, max_summary_bytes),
                                             max_summary_bytes));
}

std::string render(Format format, const CheckResult& result, const RenderContext& context) {
    switch (format) {
    case Format::Cgi:
        return render_cgi(result, context);
    case Format::Json:
        return render_json(result, context);
    case Format::Prometheus:
        return render_prometheus(result, context);
    case Format::Nagios:
        break;
    }
    return render_nagios(result, context);
}

} // namespace mps
