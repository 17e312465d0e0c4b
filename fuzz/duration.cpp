// libFuzzer target: duration parsing and the human text of any parsed or raw value.
#include "lib/duration.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    if (auto seconds = mps::parse_duration(text)) {
        if (!(*seconds >= 0))
            std::abort(); // parse_duration promises a non-negative number
        (void)mps::human_duration(*seconds);
    }
    if (size >= sizeof(double)) {
        double raw;
        std::memcpy(&raw, data, sizeof raw);
        (void)mps::human_duration(raw); // inf, nan, huge and negative values too
    }
    return 0;
}
