#pragma once

#include "runfile.h"

#include <QDateTime>
#include <string>

namespace eventloom {

/// How one stored record or message is spelled in each export format (PRODUCT.md §3). Appends to a
/// caller's buffer, so an export formats a million records without a million allocations.
namespace recordformats {

// Stored values are untrusted (a run file is a database anyone can edit): every text is checked
// to be UTF-8 without NUL bytes, and every payload parsed and re-serialised, never copied as text.
// When a value cannot be written as valid output, these return false with `problem` (e.g. "payload
// is not valid JSON: ',' or '}' expected at byte 12"); `out` then ends in a partial line to discard.

/// One JSON Lines record (no newline). Every kind is written the same generic way — `kind`, `t`,
/// the message's envelope or id, then every field that is set — so kinds added later need nothing here.
bool appendJsonl(std::string& out, const RecordView& record, std::string& problem);

/// The CSV header row (with CRLF), and one published event as a row. A text field that a spreadsheet
/// would read as a formula (starting with = + - @ tab or CR) gets a leading ' (OWASP's advice).
void appendCsvHeader(std::string& out);
bool appendCsvRow(std::string& out, const MessageView& message, std::string& problem);

/// One CloudEvents 1.0 event in JSON (structured mode) for a published event; its `time` must lie
/// within the years 0001–9999 that RFC 3339 can write.
bool appendCloudEvent(std::string& out, const MessageView& message, qint64 epochMs, std::string& problem);

/// Why a record's (or its message's) text fields cannot be written, or empty: for exports that do not
/// write every field (the sequence diagrams).
std::string textProblem(const RecordView& record);
/// RFC 3339 with microseconds, UTC: "2025-01-01T00:00:01.250000Z", or empty when the time is outside
/// the years 0001–9999.
std::string rfc3339(qint64 epochMs, SimTime t);
/// Parses an RFC 3339 timestamp into microseconds since the Unix epoch.
std::optional<qint64> parseRfc3339(std::string_view text);
/// The zero-padded offset of the `sequence` extension (lexicographic order = offset order).
std::string sequence(std::int64_t offset);

} // namespace recordformats

} // namespace eventloom
