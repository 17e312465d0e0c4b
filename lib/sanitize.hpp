// Text from the database made safe for a plugin's output.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace mps {

// Control characters (including CR, LF, TAB, DEL) become spaces, '|' becomes '/',
// invalid UTF-8 bytes become '?', and the text is cut to max_chars code points, the
// last of which is then "…". Never splits a UTF-8 sequence.
std::string sanitize(std::string_view text, std::size_t max_chars = 200);

// The text up to the first line break (CR or LF).
std::string_view first_line(std::string_view text);

} // namespace mps
