// Writing a rendered result to a file so that a reader never sees half of it.
#pragma once

#include <string>

namespace mps {

// Writes text to a temporary file in the same directory, flushes it, sets mode 0644
// and renames it over path. Throws std::runtime_error naming the path and the reason.
void write_file_atomically(const std::string& path, const std::string& text);

} // namespace mps
