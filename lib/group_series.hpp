// Per-group series of --format=prometheus for duration-trend dashboards: a summary of a
// group's durations (quantiles, _sum, _count) and its runs by status, labelled by schedule
// and job ("" where there is none), plus how many groups were left out.
#pragma once

#include "lib/result.hpp"

#include <optional>
#include <string>

namespace mps {

struct RunGroup {
    std::optional<std::string> schedule, job; // NULL: a manual run / grouped by schedule
};

// schedule_job_duration_seconds{schedule,job,quantile="0.5"|"0.95"} (a quantile without a
// value is left out), _sum and _count.
void add_duration_summary(CheckResult& result, const RunGroup& group, std::optional<double> p50,
                          std::optional<double> p95, double sum, long count);
// schedule_job_runs{schedule,job,status}
void add_run_count(CheckResult& result, const RunGroup& group, const std::string& status,
                   long count);
// <prefix>_series_omitted ("schedule_runs": schedule_runs_series_omitted)
void add_series_omitted(CheckResult& result, const std::string& prefix, long omitted);

} // namespace mps
