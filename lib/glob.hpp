// Shell globs as fnmatch(3) reads them (without flags), translated to PostgreSQL regular
// expressions so the database does the matching and the pattern stays a bound value.
#pragma once

#include <string>
#include <string_view>

namespace mps {

// An anchored advanced regular expression (PostgreSQL's `~`) matching exactly what
// fnmatch(pattern, text, 0) matches: `*` any text, `?` one character, `[...]` a bracket
// expression (`!` or `^` first negates, `]` first is literal, `a-z` a range by character
// code, `[:alpha:]`-style classes), `\` makes the next character literal; a `[` without
// its `]` is literal. Every other character, `%`, `_` and `.` included, is literal.
// Throws std::invalid_argument naming the fault for a reversed range (`[z-a]`) or an
// unknown class, which fnmatch would quietly never match.
std::string glob_to_regex(std::string_view glob);

} // namespace mps
