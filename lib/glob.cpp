#include "lib/glob.hpp"

#include <array>
#include <optional>
#include <stdexcept>

namespace mps {

namespace {

// A character a regular expression reads literally: letters and digits as they are (a
// backslash before them would make an escape such as \d), bytes of multibyte characters
// as they are, everything else behind a backslash, which in an ARE makes any
// non-alphanumeric character plain, inside brackets too.
void literal(std::string& out, char c) {
    auto u = static_cast<unsigned char>(c);
    bool plain =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || u >= 0x80;
    if (!plain)
        out += '\\';
    out += c;
}

constexpr std::array<std::string_view, 12> classes{"alnum", "alpha", "blank", "cntrl",
                                                   "digit", "graph", "lower", "print",
                                                   "punct", "space", "upper", "xdigit"};

// One UTF-8 character of s at i (a lone byte when it is not valid UTF-8), as its code and
// its bytes; advances i past it.
std::pair<unsigned long, std::string_view> next_char(std::string_view s, std::size_t& i) {
    auto lead = static_cast<unsigned char>(s[i]);
    std::size_t n = lead < 0x80           ? 1
                    : (lead >> 5) == 0x6  ? 2
                    : (lead >> 4) == 0xe  ? 3
                    : (lead >> 3) == 0x1e ? 4
                                          : 1;
    if (i + n > s.size())
        n = 1;
    for (std::size_t k = 1; k < n; ++k)
        if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2)
            n = 1;
    unsigned long code = n == 1 ? lead : lead & (0x7f >> n);
    for (std::size_t k = 1; k < n; ++k)
        code = (code << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3f);
    auto bytes = s.substr(i, n);
    i += n;
    return {code, bytes};
}

void literal(std::string& out, std::string_view bytes) {
    for (char c : bytes)
        literal(out, c);
}

// The bracket expression that starts at glob[open] ('['): appended to out as a regular
// expression, returning the index just past its ']', or nullopt (and out untouched) when
// it has no closing ']' and the '[' is therefore literal.
std::optional<std::size_t> bracket(std::string_view glob, std::size_t open, std::string& out) {
    std::size_t i = open + 1;
    std::string set = "[";
    if (i < glob.size() && (glob[i] == '!' || glob[i] == '^')) {
        set += '^';
        ++i;
    }
    bool first = true;
    while (i < glob.size()) {
        if (glob[i] == ']' && !first) {
            out += set + "]";
            return i + 1;
        }
        first = false;
        if (glob.compare(i, 2, "[:") == 0) {
            auto end = glob.find(":]", i + 2);
            if (end != std::string_view::npos) {
                auto name = glob.substr(i + 2, end - i - 2);
                bool known = false;
                for (auto c : classes)
                    known = known || c == name;
                if (!known)
                    throw std::invalid_argument("unknown character class [:" + std::string(name) +
                                                ":]");
                set += "[:" + std::string(name) + ":]";
                i = end + 2;
                continue;
            }
        }
        if (glob[i] == '\\' && i + 1 < glob.size())
            ++i;
        auto [low, low_bytes] = next_char(glob, i);
        // A '-' between two characters makes a range; first or last it is literal.
        if (i + 1 < glob.size() && glob[i] == '-' && glob[i + 1] != ']') {
            ++i;
            if (glob[i] == '\\' && i + 1 < glob.size())
                ++i;
            auto [high, high_bytes] = next_char(glob, i);
            if (high < low)
                throw std::invalid_argument("reversed range " + std::string(low_bytes) + "-" +
                                            std::string(high_bytes));
            literal(set, low_bytes);
            set += '-';
            literal(set, high_bytes);
        } else {
            literal(set, low_bytes);
        }
    }
    return std::nullopt;
}

} // namespace

std::string glob_to_regex(std::string_view glob) {
    std::string out = "^";
    for (std::size_t i = 0; i < glob.size();) {
        char c = glob[i];
        if (c == '*') {
            out += ".*";
            ++i;
        } else if (c == '?') {
            out += '.';
            ++i;
        } else if (c == '[') {
            if (auto end = bracket(glob, i, out)) {
                i = *end;
            } else {
                literal(out, c);
                ++i;
            }
        } else {
            if (c == '\\' && i + 1 < glob.size())
                ++i;
            literal(out, glob[i]);
            ++i;
        }
    }
    return out + "$";
}

} // namespace mps
