#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace eventloom {

/// Small, allocation-light helpers for JSON as text. Exports are written and run files imported
/// through these rather than QJsonDocument because QJsonObject sorts keys and re-formats numbers:
/// a payload must come back out exactly as it went in (export → import → export is byte-identical).
namespace jsontext {

void appendString(std::string& out, std::string_view text);
/// Shortest text that reads back as the same double; null for NaN and infinities.
void appendNumber(std::string& out, double value);

struct Member {
    std::string key; ///< unescaped
    std::string_view raw; ///< the value's text, as written
};
/// The members of a JSON object, in order, with their values as raw text; nothing if `text` is not
/// one object (trailing whitespace allowed).
std::optional<std::vector<Member>> objectMembers(std::string_view text);
/// The elements of a JSON array as raw text, or nothing if `text` is not one array.
std::optional<std::vector<std::string_view>> arrayElements(std::string_view text);
/// The text of a raw JSON string value (unescaped), or nothing if `raw` is not a string.
std::optional<std::string> stringValue(std::string_view raw);
/// The value of a raw JSON integer, or nothing.
std::optional<std::int64_t> intValue(std::string_view raw);
/// `text` without whitespace outside strings (member order and number spelling kept).
std::string minify(std::string_view text);

} // namespace jsontext

} // namespace eventloom
