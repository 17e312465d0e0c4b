// The renderings of a check result: nagios text, one-line JSON, prometheus text and a
// CGI/1.1 response for HTTP health endpoints.
#pragma once

#include "lib/result.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace mps {

enum class Format { Nagios, Json, Prometheus, Cgi };

// How --format=cgi answers: the states that are "200 OK" (--http-ok-states) and whether
// the body carries the summary (--http-details).
struct HttpOptions {
    std::vector<State> ok_states{State::Ok, State::Warning};
    bool details = false;
};

struct RenderContext {
    std::string_view plugin; // "check_schedule_daemon"
    std::string_view prefix; // "SCHEDULE_DAEMON"; lower-cased it prefixes prometheus names
    int verbosity = 0;       // details above it are left out
    HttpOptions http = {};   // --format=cgi only
};

// "<PREFIX> <STATE> - <summary>|<perfdata>\n" then one detail a line. Every text is
// sanitised, exactly one '|' appears, and the whole stays under 4 KiB: surplus details
// are replaced by a last line "… and N more".
std::string render_nagios(const CheckResult& result, const RenderContext& context);

// One JSON object on one line: plugin, state, exit_code, summary, details,
// details_omitted, perfdata [{label, value, uom, warn, crit, min, max}] (warn/crit are
// range texts or null). Ends with "\n". Under 4 KiB like the nagios rendering: details
// that do not fit are left out, and details_omitted counts them together with the items
// the check itself left out (the "… and N more" of the nagios rendering).
std::string render_json(const CheckResult& result, const RenderContext& context);

// Text exposition format: for each metric "<prefix>_<label>[_seconds|_percent]" with
// HELP and TYPE gauge lines, then the gauges, then "<prefix>_check_state" (0..3).
std::string render_prometheus(const CheckResult& result, const RenderContext& context);

// A CGI/1.1 response: "Status: 200 OK" when the state is one of context.http.ok_states,
// else "Status: 503 Service Unavailable"; text/plain, Cache-Control: no-store; the body
// is "<PREFIX> <STATE>" alone (no host names, ids or error texts on a public URL), or
// "<PREFIX> <STATE> - <summary>" with context.http.details.
std::string render_cgi(const CheckResult& result, const RenderContext& context);

// A 503 whose one-line body is "<PREFIX> UNKNOWN - <message>": a usage error or a refused
// command line, where no usage text may reach the web.
std::string render_cgi_error(const RenderContext& context, std::string_view message);

std::string render(Format format, const CheckResult& result, const RenderContext& context);

} // namespace mps
