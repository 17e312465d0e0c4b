#include "lib/worker.hpp"

namespace po = boost::program_options;

namespace mps {

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
