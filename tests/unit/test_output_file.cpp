// --output-file: written atomically, readable by the collector, no temporary left (SPEC §2).
#include "lib/output_file.hpp"

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <sys/stat.h>
#include <vector>

using namespace mps;
namespace fs = std::filesystem;

namespace {

// A fresh directory for one test, removed with everything in it afterwards.
struct TempDir {
    fs::path path;
    TempDir() {
        std::string pattern = (fs::temp_directory_path() / "mps_output_file_XXXXXX").string();
        if (!::mkdtemp(pattern.data()))
            throw std::runtime_error("mkdtemp failed");
        path = pattern;
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    ~TempDir() {
        std::error_code ignored;
        fs::remove_all(path, ignored);
    }
    std::vector<std::string> entries() const {
        std::vector<std::string> names;
        for (const auto& entry : fs::directory_iterator(path))
            names.push_back(entry.path().filename().string());
        return names;
    }
};

std::string read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// Sets the process umask for the test's lifetime.
class Umask {
public:
    explicit Umask(mode_t mask) : previous_(::umask(mask)) {}
    Umask(const Umask&) = delete;
    Umask& operator=(const Umask&) = delete;
    ~Umask() { ::umask(previous_); }

private:
    mode_t previous_;
};

} // namespace

BOOST_AUTO_TEST_SUITE(output_file)

BOOST_AUTO_TEST_CASE(writes_the_text) {
    TempDir dir;
    auto path = dir.path / "schedule.prom";
    write_file_atomically(path.string(), "schedule_daemon_up 1\n");
    BOOST_TEST(read(path) == "schedule_daemon_up 1\n");
}

BOOST_AUTO_TEST_CASE(replaces_an_existing_file) {
    TempDir dir;
    auto path = dir.path / "schedule.prom";
    std::ofstream(path) << "old content that is longer than the new one\n";
    write_file_atomically(path.string(), "new\n");
    BOOST_TEST(read(path) == "new\n");
}

BOOST_AUTO_TEST_CASE(writes_an_empty_text) {
    TempDir dir;
    auto path = dir.path / "empty";
    write_file_atomically(path.string(), "");
    BOOST_TEST(fs::exists(path));
    BOOST_TEST(fs::file_size(path) == 0u);
}

BOOST_AUTO_TEST_CASE(writes_binary_safe_and_large_text) {
    TempDir dir;
    auto path = dir.path / "big";
    std::string text(1 << 20, 'x');
    text[5] = '\0';
    write_file_atomically(path.string(), text);
    BOOST_TEST((read(path) == text));
}

BOOST_AUTO_TEST_CASE(the_file_is_readable_by_everyone) {
    TempDir dir;
    auto path = dir.path / "schedule.prom";
    Umask strict(077);
    write_file_atomically(path.string(), "x\n");
    struct stat info {};
    BOOST_REQUIRE(::stat(path.c_str(), &info) == 0);
    BOOST_TEST((info.st_mode & 07777) == 0644u);
}

BOOST_AUTO_TEST_CASE(no_temporary_file_is_left) {
    TempDir dir;
    write_file_atomically((dir.path / "schedule.prom").string(), "x\n");
    std::vector<std::string> expected = {"schedule.prom"};
    BOOST_TEST(dir.entries() == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_missing_directory_names_the_path) {
    TempDir dir;
    std::string path = (dir.path / "missing" / "schedule.prom").string();
    std::string message;
    try {
        write_file_atomically(path, "x\n");
    } catch (const std::runtime_error& e) {
        message = e.what();
    }
    BOOST_TEST(message == "cannot write " + path + ": No such file or directory");
}

BOOST_AUTO_TEST_CASE(a_failed_rename_leaves_no_temporary_file) {
    TempDir dir;
    // The target is a non-empty directory, so rename() onto it fails.
    fs::create_directory(dir.path / "target");
    std::ofstream(dir.path / "target" / "keep") << "x";
    BOOST_CHECK_THROW(write_file_atomically((dir.path / "target").string(), "x\n"),
                      std::runtime_error);
    std::vector<std::string> expected = {"target"};
    BOOST_TEST(dir.entries() == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
