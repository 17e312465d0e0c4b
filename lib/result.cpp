#include "lib/result.hpp"

#include "lib/sanitize.hpp"

#include <algorithm>

namespace mps {

void CheckResult::add(State state, std::string text) {
    conditions_.push_back({state, std::move(text)});
}
void CheckResult::add_detail(int verbosity, std::string text) {
    details_.push_back({verbosity, std::move(text)});
}
void CheckResult::add_item_detail(State state, std::string text) {
    add_detail(state == State::Ok ? 2 : 1, std::move(text));
}
void CheckResult::add_whole_detail(int verbosity, std::string text) {
    details_.push_back({verbosity, std::move(text), true});
}
void CheckResult::add_metric(Metric metric) {
    metrics_.push_back(std::move(metric));
}
void CheckResult::add_gauge(Gauge gauge) {
    gauges_.push_back(std::move(gauge));
}

void CheckResult::add_omitted(int verbosity, long count) {
    if (count > 0)
        omitted_.emplace_back(verbosity, count);
}

long CheckResult::omitted(int verbosity) const {
    long total = 0;
    for (const auto& [level, count] : omitted_)
        if (level <= verbosity)
            total += count;
    return total;
}

State CheckResult::state() const {
    State state = State::Ok;
    for (const auto& condition : conditions_)
        state = worst(state, condition.state);
    return state;
}

std::string CheckResult::summary(std::size_t max_condition_chars) const {
    std::vector<const Condition*> ordered;
    for (const auto& condition : conditions_)
        ordered.push_back(&condition);
    std::stable_sort(ordered.begin(), ordered.end(), [](const Condition* a, const Condition* b) {
        return severity(a->state) > severity(b->state);
    });
    std::string text;
    for (const auto* condition : ordered)
        text += (text.empty() ? "" : ", ") + sanitize(condition->text, max_condition_chars);
    return text;
}

} // namespace mps
