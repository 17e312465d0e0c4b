// The plugin as a CGI program: is a web server running it, and did the request reach its
// command line? RFC 3875 §4.4 lets a server turn a query string without '=' (an ISINDEX
// query, "?-c+0") into argv words; those words must never choose what runs.
#pragma once

#include "lib/extra_opts.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace mps {

// True when GATEWAY_INTERFACE is set: a web server started the process.
bool cgi_environment(const Getenv& getenv);

// The argv words a server may derive from QUERY_STRING: none when it is empty or holds
// an '='; else its '+'-separated words, percent-decoded.
std::vector<std::string> isindex_words(std::string_view query);

// True under a web server whose ISINDEX query words are the last words of args.
bool request_reached_arguments(const std::vector<std::string>& args, const Getenv& getenv);

// Errors must be answered as CGI responses: under a web server, or when args ask for
// --format=cgi (before parsing them can fail).
bool cgi_errors(const std::vector<std::string>& args, const Getenv& getenv);

} // namespace mps
