#include "lib/output_file.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <stdexcept>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace mps {

void write_file_atomically(const std::string& path, const std::string& text) {
    auto fail = [&](const std::string& temp) {
        std::string reason = std::strerror(errno);
        if (!temp.empty())
            ::unlink(temp.c_str());
        throw std::runtime_error("cannot write " + path + ": " + reason);
    };
    // The temporary file lives beside the target so that rename() stays atomic.
    std::vector<char> temp(path.begin(), path.end());
    const char suffix[] = ".tmpXXXXXX";
    temp.insert(temp.end(), suffix, suffix + sizeof suffix);
    int fd = ::mkstemp(temp.data());
    if (fd < 0)
        fail("");
    std::string temp_path(temp.data());
    std::size_t written = 0;
    while (written < text.size()) {
        ssize_t n = ::write(fd, text.data() + written, text.size() - written);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            ::close(fd);
            fail(temp_path);
        }
        written += static_cast<std::size_t>(n);
    }
    if (::fchmod(fd, 0644) != 0 || ::fsync(fd) != 0) {
        ::close(fd);
        fail(temp_path);
    }
    if (::close(fd) != 0 || ::rename(temp_path.c_str(), path.c_str()) != 0)
        fail(temp_path);
}

} // namespace mps
