#include "lib/render.hpp"

#include "lib/number.hpp"
#include "lib/sanitize.hpp"

#include <cctype>
#include <set>
#include <stdexcept>

namespace mps {
namespace {

constexpr std::size_t max_output = 4096;
constexpr std::size_t max_line_chars = 300;

std::vector<std::string> shown_details(const CheckResult& result, int verbosity) {
    std::vector<std::string> lines;
    for (const auto& detail : result.details())
        if (detail.verbosity <= verbosity)
            lines.push_back(sanitize(detail.text, max_line_chars));
    return lines;
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

std::string more(std::size_t count) {
    return "\u2026 and " + std::to_string(count) + " more";
}

std::string json_string(std::string_view text) {
    std::string out = "\"";
    for (char c : text) {
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
            if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
                static const char hex[] = "0123456789abcdef";
                out += "\\u00";
                out += hex[(c >> 4) & 0xf];
                out += hex[c & 0xf];
            } else {
                out += c;
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

std::string lower(std::string_view text) {
    std::string out;
    for (char c : text)
        out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

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

} // namespace

std::string render_nagios(const CheckResult& result, const RenderContext& context) {
    std::string out = std::string(context.prefix) + " " + std::string(to_string(result.state())) +
                      " - " + sanitize(result.summary(), 1000);
    std::string perf = perfdata(result);
    if (!perf.empty())
        out += "|" + perf;
    out += "\n";

    auto lines = shown_details(result, context.verbosity);
    std::size_t total = out.size();
    for (const auto& line : lines)
        total += line.size() + 1;
    // Reserve room for the closing "… and N more" line only when something must go.
    std::size_t budget = max_output - 1 - (total < max_output ? 0 : 32);
    std::size_t shown = 0;
    for (const auto& line : lines) {
        if (out.size() + line.size() + 1 > budget)
            break;
        out += line + "\n";
        ++shown;
    }
    if (shown < lines.size())
        out += more(lines.size() - shown) + "\n";
    return out;
}

std::string render_json(const CheckResult& result, const RenderContext& context) {
    State state = result.state();
    std::string out = "{\"plugin\":" + json_string(context.plugin) +
                      ",\"state\":" + json_string(to_string(state)) +
                      ",\"exit_code\":" + std::to_string(exit_code(state)) +
                      ",\"summary\":" + json_string(sanitize(result.summary(), 1000)) +
                      ",\"details\":[";
    auto lines = shown_details(result, context.verbosity);
    for (std::size_t i = 0; i < lines.size(); ++i)
        out += (i ? "," : "") + json_string(lines[i]);
    out += "],\"perfdata\":[";
    bool first = true;
    for (const auto& metric : result.metrics()) {
        to_perfdata(metric); // validates the label
        if (!metric.value)
            continue;
        out += std::string(first ? "" : ",") + "{\"label\":" + json_string(metric.label) +
               ",\"value\":" + json_number(metric.value) +
               ",\"uom\":" + json_string(uom_text(metric.uom)) +
               ",\"warn\":" + json_range(metric.thresholds.warning) +
               ",\"crit\":" + json_range(metric.thresholds.critical) +
               ",\"min\":" + json_number(metric.min) + ",\"max\":" + json_number(metric.max) + "}";
        first = false;
    }
    return out + "]}\n";
}

std::string render_prometheus(const CheckResult& result, const RenderContext& context) {
    std::string prefix = lower(context.prefix);
    std::string out;
    std::set<std::string> names;
    auto series = [&](const std::string& name, const std::string& help, double value) {
        if (!names.insert(name).second)
            throw std::logic_error("duplicate prometheus metric " + name);
        out += "# HELP " + name + " " + help_escape(help) + "\n# TYPE " + name + " gauge\n" + name +
               " " + format_number(value) + "\n";
    };
    for (const auto& metric : result.metrics()) {
        to_perfdata(metric); // validates the label
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
    for (const auto& gauge : result.gauges())
        series(gauge.name, gauge.help, gauge.value);
    series(prefix + "_check_state",
           "State of " + std::string(context.plugin) + ": 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.",
           exit_code(result.state()));
    return out;
}

std::string render(Format format, const CheckResult& result, const RenderContext& context) {
    switch (format) {
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
