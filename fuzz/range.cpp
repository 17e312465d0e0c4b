// libFuzzer target: Nagios range parsing, both unit kinds, and what a parsed range
// promises (to_string parses back to the same range; alerts() never throws).
#include "lib/range.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    for (auto unit : {mps::Range::Unit::None, mps::Range::Unit::Duration}) {
        try {
            auto range = mps::Range::parse(text, unit);
            auto canonical = range.to_string();
            auto again = mps::Range::parse(canonical, mps::Range::Unit::None);
            for (double x : {-1e9, -1.0, 0.0, 0.5, 1.0, 10.0, 1e9})
                if (range.alerts(x) != again.alerts(x))
                    std::abort(); // to_string must round-trip
            (void)range.plain_upper_bound();
        } catch (const mps::RangeError&) {
        }
    }
    return 0;
}
