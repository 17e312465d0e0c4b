#include "lib/cgi.hpp"

#include <algorithm>
#include <cctype>

namespace mps {
namespace {

int hex_digit(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

std::string percent_decode(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size()) {
            int high = hex_digit(text[i + 1]);
            int low = hex_digit(text[i + 2]);
            if (high >= 0 && low >= 0) {
                out += static_cast<char>(high * 16 + low);
                i += 2;
                continue;
            }
        }
        out += text[i];
    }
    return out;
}

std::string lower(std::string text) {
    for (char& c : text)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

} // namespace

bool cgi_environment(const Getenv& getenv) {
    auto gateway = getenv("GATEWAY_INTERFACE");
    return gateway && !gateway->empty();
}

std::vector<std::string> isindex_words(std::string_view query) {
    std::vector<std::string> words;
    if (query.empty() || query.find('=') != std::string_view::npos)
        return words;
    std::size_t start = 0;
    while (true) {
        std::size_t plus = std::min(query.find('+', start), query.size());
        words.push_back(percent_decode(query.substr(start, plus - start)));
        if (plus == query.size())
            return words;
        start = plus + 1;
    }
}

bool request_reached_arguments(const std::vector<std::string>& args, const Getenv& getenv) {
    if (!cgi_environment(getenv))
        return false;
    auto words = isindex_words(getenv("QUERY_STRING").value_or(""));
    return !words.empty() && words.size() <= args.size() &&
           std::equal(words.rbegin(), words.rend(), args.rbegin());
}

bool cgi_errors(const std::vector<std::string>& args, const Getenv& getenv) {
    if (cgi_environment(getenv))
        return true;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (lower(args[i]) == "--format=cgi")
            return true;
        if (args[i] == "--format" && i + 1 < args.size() && lower(args[i + 1]) == "cgi")
            return true;
    }
    return false;
}

} // namespace mps
