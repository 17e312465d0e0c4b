// The daemon's processes as the worker table records them: --worker-type picks them, and
// the output names one by id, host and pid.
#pragma once

#include "lib/options.hpp"
#include "lib/pg.hpp"

#include <optional>
#include <string>

namespace mps {

struct Worker {
    std::string id;
    std::optional<std::string> hostname, pid; // optional columns: absent or NULL
    std::string status;

    // The worker in four columns of `row` from `column` on: id, hostname, pid, status.
    static Worker at(const pg::Result& rows, int row, int column);

    // "w-1 on app-1"; the host only when known.
    std::string on_host() const;
    // "w-1 on app-1, pid 4242"; the host and the pid only when known.
    std::string where() const;
};

// Declares --worker-type (default schedule_daemon), the workers a plugin looks at.
void declare_worker_type(boost::program_options::options_description& options);
std::string worker_type_option(const ParsedArguments& args);

} // namespace mps
