#include "lib/output_file.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <stdexcept>
#include <sys/stat.h>
#include <unistd.h>

namespace mps {
namespace {

// The temporary file: closed and removed unless it was renamed into place.
class TempFile {
public:
    explicit TempFile(const std::string& target) : path_(target + ".tmpXXXXXX") {
        // mkstemp creates it beside the target, so that rename() stays atomic.
        fd_ = ::mkstemp(path_.data());
        created_ = fd_ >= 0;
    }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
    ~TempFile() {
        if (fd_ >= 0)
            ::close(fd_);
        if (created_ && !renamed_)
            ::unlink(path_.c_str());
    }

    int fd() const { return fd_; }
    bool close() {
        int fd = fd_;
        fd_ = -1;
        return ::close(fd) == 0;
    }
    bool rename_to(const std::string& target) {
        renamed_ = ::rename(path_.c_str(), target.c_str()) == 0;
        return renamed_;
    }

private:
    std::string path_;
    int fd_ = -1;
    bool created_ = false;
    bool renamed_ = false;
};

bool write_all(int fd, const std::string& text) {
    std::size_t written = 0;
    while (written < text.size()) {
        ssize_t n = ::write(fd, text.data() + written, text.size() - written);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return false;
        if (n == 0) {
            errno = EIO;
            return false;
        }
        written += static_cast<std::size_t>(n);
    }
    return true;
}

} // namespace

void write_file_atomically(const std::string& path, const std::string& text) {
    auto fail = [&](int error) {
        return std::runtime_error("cannot write " + path + ": " + std::strerror(error));
    };
    TempFile temp(path);
    if (temp.fd() < 0)
        throw fail(errno);
    // Readers such as node_exporter's textfile collector run as other users.
    if (!write_all(temp.fd(), text) || ::fsync(temp.fd()) != 0 || ::fchmod(temp.fd(), 0644) != 0)
        throw fail(errno);
    if (!temp.close() || !temp.rename_to(path))
        throw fail(errno);
}

} // namespace mps
