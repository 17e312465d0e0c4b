// --extra-opts: locating the ini file and reading one section of it, as monitoring-plugins'
// lib/parse_ini.c does (with its die() calls turned into UsageError).
#include "lib/extra_opts.hpp"

#include "lib/usage_error.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string_view>
#include <system_error>

namespace mps {

namespace {

// The file names tried in each $NAGIOS_CONFIG_PATH directory, in parse_ini.c's order.
const char* const ini_file_names[] = {"monitoring-plugins.ini", "plugins.ini",
                                      "nagios-plugins.ini"};

// parse_ini.c's default files: the current locations first, then the deprecated
// (Nagios-era) ones it still reads for backward compatibility.
const char* const ini_default_paths[] = {
    "/usr/local/etc/monitoring-plugins/monitoring-plugins.ini",
    "/usr/local/etc/monitoring-plugins.ini",
    "/etc/monitoring-plugins/monitoring-plugins.ini",
    "/etc/monitoring-plugins.ini",
    "/etc/nagios/plugins.ini",
    "/usr/local/nagios/etc/plugins.ini",
    "/usr/local/etc/nagios/plugins.ini",
    "/etc/opt/nagios/plugins.ini",
    "/etc/nagios-plugins.ini",
    "/usr/local/etc/nagios-plugins.ini",
    "/etc/opt/nagios-plugins.ini",
};

bool exists(const std::string& path) {
    std::error_code ignored;
    return std::filesystem::exists(path, ignored);
}

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && is_space(text.front()))
        text.remove_prefix(1);
    while (!text.empty() && is_space(text.back()))
        text.remove_suffix(1);
    return text;
}

std::string_view strip_quotes(std::string_view value) {
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
        value.back() == value.front())
        return value.substr(1, value.size() - 2);
    return value;
}

} // namespace

Getenv process_environment() {
    return [](const std::string& name) -> std::optional<std::string> {
        const char* value = std::getenv(name.c_str());
        // Icinga 2 exports unset macros as empty variables: empty counts as unset.
        if (value == nullptr || *value == '\0')
            return std::nullopt;
        return std::string(value);
    };
}

std::string default_ini_file(const Getenv& getenv) {
    if (auto file = getenv("MP_CONFIG_FILE"); file && !file->empty())
        return *file;
    if (auto path = getenv("NAGIOS_CONFIG_PATH"); path && !path->empty()) {
        std::string_view dirs = *path;
        while (!dirs.empty()) {
            std::size_t colon = dirs.find(':');
            std::string_view dir = dirs.substr(0, colon);
            dirs = colon == std::string_view::npos ? std::string_view() : dirs.substr(colon + 1);
            if (dir.empty())
                continue;
            for (const char* name : ini_file_names) {
                std::string candidate = std::string(dir) + "/" + name;
                if (exists(candidate))
                    return candidate;
            }
        }
    }
    for (const char* candidate : ini_default_paths)
        if (exists(candidate))
            return candidate;
    std::string searched;
    for (const char* candidate : ini_default_paths)
        searched += std::string(searched.empty() ? "" : ", ") + candidate;
    throw UsageError("--extra-opts: no ini file found (set MP_CONFIG_FILE or NAGIOS_CONFIG_PATH, "
                     "or use --extra-opts=SECTION@FILE; searched " +
                     searched + ")");
}

std::vector<std::pair<std::string, std::string>>
read_extra_opts(const std::string& spec, const std::string& plugin_name, const Getenv& getenv) {
    std::size_t at = spec.find('@');
    std::string section = spec.substr(0, at);
    if (section.empty())
        section = plugin_name;
    std::string file = at == std::string::npos ? default_ini_file(getenv) : spec.substr(at + 1);
    if (file.empty())
        throw UsageError("--extra-opts: empty file name after '@' in '" + spec + "'");

    std::error_code ec;
    if (std::filesystem::is_directory(file, ec))
        throw UsageError("--extra-opts: cannot read '" + file + "': is a directory");
    std::ifstream in(file);
    if (!in) {
        int error = errno;
        throw UsageError("--extra-opts: cannot read '" + file +
                         "': " + (error != 0 ? std::strerror(error) : "open failed"));
    }

    std::vector<std::pair<std::string, std::string>> options;
    bool found = false, in_section = false, in_any_section = false;
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
        std::string_view text = trim(line);
        if (text.empty() || text.front() == '#' || text.front() == ';')
            continue;
        std::string at_line = "'" + file + "' line " + std::to_string(number);
        if (text.front() == '[') {
            if (text.back() != ']')
                throw UsageError("--extra-opts: " + at_line + ": section header without ']'");
            in_section = trim(text.substr(1, text.size() - 2)) == section;
            in_any_section = true;
            found = found || in_section;
            continue;
        }
        if (!in_any_section)
            throw UsageError("--extra-opts: " + at_line + ": option outside of any section");
        if (!in_section)
            continue;
        std::size_t equals = text.find('=');
        std::string_view key = trim(text.substr(0, equals));
        if (key.empty())
            throw UsageError("--extra-opts: " + at_line + ": option without a name");
        std::string_view value;
        if (equals != std::string_view::npos)
            value = strip_quotes(trim(text.substr(equals + 1)));
        options.emplace_back(std::string(key), std::string(value));
    }
    if (in.bad())
        throw UsageError("--extra-opts: cannot read '" + file + "'");
    if (!found)
        throw UsageError("--extra-opts: section [" + section + "] not found in '" + file + "'");
    return options;
}

} // namespace mps
