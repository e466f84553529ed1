#pragma once

#include <string>
#include <string_view>

namespace eventloom {

/// Text that comes out of a run file or into an import is untrusted (issue 17): a run file is a
/// SQLite database anyone can edit, an imported log any file. These check it before it is written
/// anywhere, so an export only ever writes valid output and nothing stored is copied as text.
namespace storedtext {

/// Deepest nesting of objects and arrays a payload may have.
constexpr int kMaxDepth = 64;

/// Why `text` cannot be a string in an export (not valid UTF-8, or a NUL byte), or nullptr.
const char* textProblem(std::string_view text);

/// Parses `json` strictly (RFC 8259: exactly one value, UTF-8, no lone surrogates, nesting at most
/// kMaxDepth, numbers within a double's range) and appends it re-serialised: no whitespace, members
/// in their order, numbers as spelled, strings re-escaped. False with `problem` (and `out` partly
/// written) otherwise. Re-serialising its own output gives the same bytes.
bool appendJson(std::string& out, std::string_view json, std::string& problem);

} // namespace storedtext

} // namespace eventloom
