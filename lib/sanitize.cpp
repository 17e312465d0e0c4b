#include "lib/sanitize.hpp"

namespace mps {
namespace {

// The code point of the valid UTF-8 sequence starting at text[i] and its length, or a
// length of 0 when the bytes there are not valid UTF-8 (overlong, surrogate, truncated).
struct Decoded {
    std::size_t length;
    unsigned code;
};

Decoded decode(std::string_view text, std::size_t i) {
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    unsigned char lead = byte(i);
    std::size_t length;
    unsigned min;
    unsigned code;
    if (lead < 0x80)
        return {1, lead};
    if ((lead & 0xE0) == 0xC0) {
        length = 2, min = 0x80, code = lead & 0x1F;
    } else if ((lead & 0xF0) == 0xE0) {
        length = 3, min = 0x800, code = lead & 0x0F;
    } else if ((lead & 0xF8) == 0xF0) {
        length = 4, min = 0x10000, code = lead & 0x07;
    } else {
        return {0, 0};
    }
    if (i + length > text.size())
        return {0, 0};
    for (std::size_t k = 1; k < length; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80)
            return {0, 0};
        code = (code << 6) | (byte(i + k) & 0x3F);
    }
    if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
        return {0, 0};
    return {length, code};
}

bool is_control(unsigned code) {
    // C0, DEL and C1 controls; C1 (U+0080..U+009F) can act as line breaks (NEL).
    return code < 0x20 || (code >= 0x7F && code <= 0x9F);
}

} // namespace

std::string sanitize(std::string_view text, std::size_t max_chars) {
    std::string out;
    out.reserve(text.size() < 4 * max_chars ? text.size() : 4 * max_chars);
    std::size_t chars = 0;
    std::size_t last_start = 0; // where the last code point written begins in out
    for (std::size_t i = 0; i < text.size();) {
        if (chars == max_chars) {
            // More text than room: the last code point kept becomes the ellipsis.
            if (max_chars > 0) {
                out.resize(last_start);
                out += "\u2026";
            }
            break;
        }
        last_start = out.size();
        Decoded decoded = decode(text, i);
        if (decoded.length == 0) {
            out += '?';
            ++i;
        } else {
            if (is_control(decoded.code))
                out += ' ';
            else if (decoded.code == '|')
                out += '/';
            else
                out.append(text, i, decoded.length);
            i += decoded.length;
        }
        ++chars;
    }
    return out;
}

std::string_view first_line(std::string_view text) {
    return text.substr(0, text.find_first_of("\r\n"));
}

} // namespace mps
