#include "lib/worker.hpp"

namespace po = boost::program_options;

namespace mps {

Worker Worker::at(const pg::Result& rows, int row, int column) {
    return {rows.item(row, column), rows.optional_item(row, column + 1),
            rows.optional_item(row, column + 2), rows.item(row, column + 3)};
}

std::string Worker::on_host() const {
    return id + (hostname ? " on " + *hostname : "");
}

std::string Worker::where() const {
    return on_host() + (pid ? ", pid " + *pid : "");
}

void declare_worker_type(po::options_description& options) {
    options.add_options()("worker-type", po::value<std::string>()->default_value("schedule_daemon"),
                          "worker type of the daemon");
}

std::string worker_type_option(const ParsedArguments& args) {
    return strings_option(args, "worker-type").front();
}

} // namespace mps
