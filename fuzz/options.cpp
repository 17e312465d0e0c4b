// libFuzzer target: the whole command line parser. The input is split at NUL and
// newline bytes into arguments and parsed with a fixed OptionsSpec like a plugin's.
#include "lib/options.hpp"
#include "lib/usage_error.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace po = boost::program_options;

static const mps::OptionsSpec& spec() {
    static mps::OptionsSpec* s = [] {
        auto* spec = new mps::OptionsSpec;
        spec->name = "check_fuzz";
        spec->purpose = "Fuzzing target.";
        spec->threshold_subject = "age";
        spec->threshold_unit = mps::Range::Unit::Duration;
        spec->warning_default = "2m";
        spec->critical_default = "5m";
        spec->plugin_options.add_options()
            ("schedule,s", po::value<std::vector<std::string>>(), "pattern")
            ("window", po::value<std::string>(), "window")
            ("max-running", po::value<std::string>(), "count")
            ("lock-warning", po::value<std::string>(), "range")
            ("include-disabled", po::bool_switch(), "flag");
        return spec;
    }();
    return *s;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::vector<std::string> args(1);
    for (std::size_t i = 0; i < size; ++i) {
        char c = static_cast<char>(data[i]);
        if (c == '\0' || c == '\n')
            args.emplace_back();
        else
            args.back() += c;
    }
    if (args.size() > 64)
        return 0;
    // --extra-opts would read files of the fuzzer's choosing; keep the search empty.
    mps::Getenv no_environment = [](const std::string&) { return std::nullopt; };
    try {
        auto parsed = mps::parse_arguments(spec(), args, no_environment);
        (void)mps::range_option(parsed, "lock-warning", mps::Range::Unit::Duration);
        (void)mps::duration_option(parsed, "window");
        (void)mps::count_option(parsed, "max-running");
        (void)mps::strings_option(parsed, "schedule");
        (void)mps::flag_option(parsed, "include-disabled");
    } catch (const mps::UsageError&) {
    }
    return 0;
}
