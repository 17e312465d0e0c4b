// The daemon's workers: how the output names one, and --worker-type.
#include "lib/worker.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

using namespace mps;

namespace {

OptionsSpec spec_with_worker_type() {
    OptionsSpec spec;
    spec.name = "check_test";
    spec.purpose = "Tests --worker-type.";
    spec.threshold_subject = "starts";
    declare_worker_type(spec.plugin_options);
    return spec;
}

std::string worker_type(const std::vector<std::string>& args) {
    auto no_env = [](const std::string&) { return std::optional<std::string>(); };
    return worker_type_option(parse_arguments(spec_with_worker_type(), args, no_env));
}

} // namespace

BOOST_AUTO_TEST_SUITE(worker)

BOOST_AUTO_TEST_CASE(where_names_id_host_and_pid) {
    BOOST_TEST(Worker({"w-1", "app-1", "4242", "RUNNING"}).where() == "w-1 on app-1, pid 4242");
}

BOOST_AUTO_TEST_CASE(where_leaves_out_an_unknown_host) {
    BOOST_TEST(Worker({"w-1", std::nullopt, "4242", "RUNNING"}).where() == "w-1, pid 4242");
}

BOOST_AUTO_TEST_CASE(where_leaves_out_an_unknown_pid) {
    BOOST_TEST(Worker({"w-1", "app-1", std::nullopt, "RUNNING"}).where() == "w-1 on app-1");
}

BOOST_AUTO_TEST_CASE(where_is_the_id_alone_when_nothing_else_is_known) {
    BOOST_TEST(Worker({"w-1", std::nullopt, std::nullopt, "STOPPED"}).where() == "w-1");
}

BOOST_AUTO_TEST_CASE(on_host_names_id_and_host_without_the_pid) {
    BOOST_TEST(Worker({"w-7", "app-1", "4242", "STOPPED"}).on_host() == "w-7 on app-1");
}

BOOST_AUTO_TEST_CASE(on_host_is_the_id_alone_when_the_host_is_unknown) {
    BOOST_TEST(Worker({"w-7", std::nullopt, "4242", "STOPPED"}).on_host() == "w-7");
}

BOOST_AUTO_TEST_CASE(where_does_not_name_the_status) {
    BOOST_TEST(Worker({"w-1", "app-1", "7", "STOPPING"}).where().find("STOPPING") ==
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(worker_type_defaults_to_schedule_daemon) {
    BOOST_TEST(worker_type({}) == "schedule_daemon");
}

BOOST_AUTO_TEST_CASE(worker_type_given) {
    BOOST_TEST(worker_type({"--worker-type=job_worker"}) == "job_worker");
    BOOST_TEST(worker_type({"--worker-type", "importer"}) == "importer");
}

BOOST_AUTO_TEST_CASE(worker_type_in_help_with_its_default) {
    std::string help = help_text(spec_with_worker_type());
    BOOST_TEST(help.find("--worker-type=VALUE") != std::string::npos);
    BOOST_TEST(help.find("worker type of the daemon") != std::string::npos);
    BOOST_TEST(help.find("(default: schedule_daemon)") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
