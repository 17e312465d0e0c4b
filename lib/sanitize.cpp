#include "lib/sanitize.hpp"

#include <vector>

namespace mps {
namespace {

// Length of the valid UTF-8 sequence starting at text[i], or 0 when it is invalid.
std::size_t utf8_length(std::string_view text, std::size_t i) {
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    unsigned char lead = byte(i);
    std::size_t length;
    unsigned min;
    unsigned code;
    if (lead < 0x80)
        return 1;
    if ((lead & 0xE0) == 0xC0) {
        length = 2, min = 0x80, code = lead & 0x1F;
    } else if ((lead & 0xF0) == 0xE0) {
        length = 3, min = 0x800, code = lead & 0x0F;
    } else if ((lead & 0xF8) == 0xF0) {
        length = 4, min = 0x10000, code = lead & 0x07;
    } else {
        return 0;
    }
    if (i + length > text.size())
        return 0;
    for (std::size_t k = 1; k < length; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80)
            return 0;
        code = (code << 6) | (byte(i + k) & 0x3F);
    }
    if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
        return 0;
    return length;
}

} // namespace

std::string sanitize(std::string_view text, std::size_t max_chars) {
    std::vector<std::string> chars;
    for (std::size_t i = 0; i < text.size() && chars.size() <= max_chars;) {
        std::size_t length = utf8_length(text, i);
        if (length == 0) {
            chars.emplace_back("?");
            ++i;
            continue;
        }
        char c = text[i];
        if (length == 1 && (static_cast<unsigned char>(c) < 0x20 || c == 0x7f))
            chars.emplace_back(" ");
        else if (c == '|')
            chars.emplace_back("/");
        else
            chars.emplace_back(text.substr(i, length));
        i += length;
    }
    std::string out;
    if (chars.size() > max_chars) {
        chars.resize(max_chars > 0 ? max_chars - 1 : 0);
        if (max_chars > 0)
            chars.emplace_back("\u2026");
    }
    for (const auto& c : chars)
        out += c;
    return out;
}

std::string_view first_line(std::string_view text) {
    return text.substr(0, text.find_first_of("\r\n"));
}

} // namespace mps
