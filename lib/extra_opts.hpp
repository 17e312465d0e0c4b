// --extra-opts=[SECTION][@FILE]: options read from an ini file, with the semantics of
// monitoring-plugins' lib/parse_ini.c.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace mps {

// Looks up an environment variable; nullopt when unset. Injected for tests.
using Getenv = std::function<std::optional<std::string>(const std::string&)>;
Getenv process_environment();

// The ini file used when --extra-opts names none: $MP_CONFIG_FILE if set; else the
// first "plugins.ini" / "nagios-plugins.ini" found in the directories of
// $NAGIOS_CONFIG_PATH (colon-separated), then the monitoring-plugins default files.
// Throws UsageError when none exists.
std::string default_ini_file(const Getenv& getenv);

// Parses "[SECTION][@FILE]" and reads that section: (key, value) pairs in file order.
// Blank lines and lines starting with '#' or ';' are skipped; "key = value" and a bare
// "key" (a flag) are accepted; surrounding whitespace and matching quotes around the
// value are removed. The section defaults to plugin_name. Throws UsageError naming
// --extra-opts when the file cannot be read or has no such section.
std::vector<std::pair<std::string, std::string>>
read_extra_opts(const std::string& spec, const std::string& plugin_name, const Getenv& getenv);

} // namespace mps
