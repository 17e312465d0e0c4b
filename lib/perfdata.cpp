#include "lib/perfdata.hpp"

#include "lib/number.hpp"

#include <stdexcept>
#include <utility>

namespace mps {

Metric count_metric(std::string label, std::optional<double> value, Thresholds thresholds,
                    std::string help) {
    return {std::move(label), value, Uom::None, thresholds, 0.0, std::nullopt, std::move(help)};
}

Metric seconds_metric(std::string label, std::optional<double> value, Thresholds thresholds,
                      std::string help) {
    return {std::move(label), value, Uom::Seconds, thresholds, 0.0, std::nullopt, std::move(help)};
}

Metric percent_metric(std::string label, std::optional<double> value, Thresholds thresholds,
                      std::string help) {
    return {std::move(label), value, Uom::Percent, thresholds, 0.0, 100.0, std::move(help)};
}

std::string_view uom_text(Uom uom) {
    switch (uom) {
    case Uom::Seconds:
        return "s";
    case Uom::Percent:
        return "%";
    case Uom::None:
        break;
    }
    return "";
}

std::string to_perfdata(const Metric& metric) {
    if (metric.label.empty() || metric.label.find_first_not_of(
                                    "abcdefghijklmnopqrstuvwxyz0123456789_") != std::string::npos)
        throw std::logic_error("invalid perfdata label '" + metric.label + "'");
    if (!metric.value)
        return "";
    auto bound = [](const std::optional<Range>& range) {
        auto plain = range ? range->plain_upper_bound() : std::nullopt;
        return plain ? format_number(*plain) : "";
    };
    auto number = [](const std::optional<double>& v) { return v ? format_number(*v) : ""; };
    std::string fields[] = {bound(metric.thresholds.warning), bound(metric.thresholds.critical),
                            number(metric.min), number(metric.max)};
    std::string text =
        metric.label + "=" + format_number(*metric.value) + std::string(uom_text(metric.uom));
    std::size_t last = 4;
    while (last > 0 && fields[last - 1].empty())
        --last;
    for (std::size_t i = 0; i < last; ++i)
        text += ";" + fields[i];
    return text;
}

} // namespace mps
