#include "lib/group_series.hpp"

#include <utility>
#include <vector>

namespace mps {

namespace {

using Labels = std::vector<std::pair<std::string, std::string>>;

Labels labels(const RunGroup& group) {
    return {{"schedule", group.schedule.value_or("")}, {"job", group.job.value_or("")}};
}

} // namespace

void add_duration_summary(CheckResult& result, const RunGroup& group, std::optional<double> p50,
                          std::optional<double> p95, double sum, long count) {
    const std::string name = "schedule_job_duration_seconds";
    const std::string help = "Duration of a group's successful runs started recently.";
    for (auto [quantile, value] : {std::pair{"0.5", p50}, std::pair{"0.95", p95}}) {
        if (!value)
            continue;
        auto all = labels(group);
        all.emplace_back("quantile", quantile);
        result.add_gauge({name, help, *value, all, "summary"});
    }
    result.add_gauge({name, help, sum, labels(group), "summary", "_sum"});
    result.add_gauge({name, help, static_cast<double>(count), labels(group), "summary", "_count"});
}

void add_run_count(CheckResult& result, const RunGroup& group, const std::string& status,
                   long count) {
    auto all = labels(group);
    all.emplace_back("status", status);
    result.add_gauge({"schedule_job_runs", "Runs of a group started recently, by status.",
                      static_cast<double>(count), all});
}

void add_series_omitted(CheckResult& result, const std::string& prefix, long omitted) {
    result.add_gauge({prefix + "_series_omitted", "Groups left out of the per-group series.",
                      static_cast<double>(omitted)});
}

} // namespace mps
