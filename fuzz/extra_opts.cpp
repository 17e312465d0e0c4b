// libFuzzer target: the --extra-opts ini reader on arbitrary file contents. The first
// input line (up to 64 bytes) names the section; the rest is the file.
#include "lib/extra_opts.hpp"
#include "lib/usage_error.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unistd.h>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::string path = [] {
        char name[] = "/tmp/mps-fuzz-ini.XXXXXX";
        int fd = mkstemp(name);
        if (fd < 0)
            std::abort();
        close(fd);
        return std::string(name);
    }();
    std::string input(reinterpret_cast<const char*>(data), size);
    std::string section;
    auto newline = input.find('\n');
    if (newline != std::string::npos && newline <= 64) {
        section = input.substr(0, newline);
        input.erase(0, newline + 1);
    }
    if (section.find('@') != std::string::npos)
        section.clear();
    FILE* file = std::fopen(path.c_str(), "wb");
    if (!file)
        std::abort();
    std::fwrite(input.data(), 1, input.size(), file);
    std::fclose(file);

    mps::Getenv no_environment = [](const std::string&) { return std::nullopt; };
    try {
        auto pairs = mps::read_extra_opts(section + "@" + path, "check_fuzz", no_environment);
        for (const auto& [key, value] : pairs)
            (void)key.size(), (void)value.size();
    } catch (const mps::UsageError&) {
    }
    return 0;
}
