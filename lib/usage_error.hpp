// A command-line or configuration mistake: one line that names the option to fix.
#pragma once

#include <stdexcept>

namespace mps {

class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

} // namespace mps
