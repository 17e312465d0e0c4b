// libFuzzer target: a CheckResult built from arbitrary bytes, rendered in all four
// formats. Checks the promises of SPEC §2 on the nagios text: at most one '|', on line 1,
// under 4 KiB, no control characters but the line breaks.
#include "lib/render.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

struct Reader {
    const std::uint8_t* data;
    std::size_t size;
    std::uint8_t byte() {
        if (!size)
            return 0;
        --size;
        return *data++;
    }
    double number() {
        double value = 0;
        if (size >= sizeof value) {
            std::memcpy(&value, data, sizeof value);
            data += sizeof value;
            size -= sizeof value;
        }
        // The plugins only ever report finite numbers.
        return std::isfinite(value) ? value : 0;
    }
    std::string text() {
        std::size_t n = byte();
        n = n * 40 < size ? n * 40 : size; // up to ~10 KB items
        std::string out(reinterpret_cast<const char*>(data), n);
        data += n;
        size -= n;
        return out;
    }
};

const char* const labels[] = {"heartbeat_age", "live", "worst_streak", "success_rate", "x"};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    Reader in{data, size};
    mps::CheckResult result;
    // Metric names must be unique (the renderers treat a repeat as a programming error).
    bool used[6] = {};
    while (in.size) {
        std::uint8_t op = in.byte();
        switch (op % 5) {
        case 0:
            result.add(static_cast<mps::State>(in.byte() % 4), in.text());
            break;
        case 1:
            result.add_detail(in.byte() % 4, in.text());
            break;
        case 2: {
            mps::Metric metric;
            int which = in.byte() % 5;
            if (used[which])
                break;
            used[which] = true;
            metric.label = labels[which];
            if (in.byte() & 1)
                metric.value = in.number();
            metric.uom = static_cast<mps::Uom>(in.byte() % 3);
            if (in.byte() & 1)
                metric.min = in.number();
            metric.help = in.text();
            result.add_metric(metric);
            break;
        }
        case 3:
            if (used[5])
                break;
            used[5] = true;
            result.add_gauge({"fuzz_gauge", in.text(), in.number()});
            break;
        case 4:
            result.add_omitted(in.byte() % 4, in.byte());
            break;
        }
    }
    mps::RenderContext context{"check_fuzz", "FUZZ", static_cast<int>(size % 4)};
    std::string nagios = mps::render_nagios(result, context);
    std::string line1 = nagios.substr(0, nagios.find('\n'));
    // At most one '|', on line 1 (none when there is no perfdata), under 4 KiB.
    auto bars = std::count(nagios.begin(), nagios.end(), '|');
    if (nagios.size() >= 4096 || bars > 1 || (bars == 1 && line1.find('|') == std::string::npos))
        std::abort();
    for (unsigned char c : nagios)
        if ((c < 0x20 && c != '\n') || c == 0x7f)
            std::abort();
    (void)mps::render_json(result, context);
    (void)mps::render_prometheus(result, context);
    // CGI: a status line, three header lines, one body line; no other control bytes.
    context.http.details = (size & 1) != 0;
    std::string cgi = mps::render_cgi(result, context);
    if ((cgi.rfind("Status: 200 OK\n", 0) != 0 &&
         cgi.rfind("Status: 503 Service Unavailable\n", 0) != 0) ||
        std::count(cgi.begin(), cgi.end(), '\n') != 5 || cgi.back() != '\n')
        std::abort();
    for (unsigned char c : cgi)
        if ((c < 0x20 && c != '\n') || c == 0x7f)
            std::abort();
    return 0;
}
