#pragma once

#include "../record/runfile.h"

#include <QDateTime>
#include <string>

namespace eventloom
{

/// How one stored record or message is spelled in each export format (PRODUCT.md §3). Appends to a
/// caller's buffer, so an export formats a million records without a million allocations.
namespace recordformats
{

/// One JSON Lines record (no newline). Every kind is written the same generic way — `kind`, `t`,
/// the message's envelope or id, then every field that is set — so kinds added later need nothing here.
void appendJsonl(std::string& out, const RecordView& record);

/// The CSV header row (with CRLF), and one published event as a row.
void appendCsvHeader(std::string& out);
void appendCsvRow(std::string& out, const MessageView& message);

/// One CloudEvents 1.0 event in JSON (structured mode) for a published event.
void appendCloudEvent(std::string& out, const MessageView& message, qint64 epochMs);
/// RFC 3339 with microseconds, UTC: "2025-01-01T00:00:01.250000Z".
std::string rfc3339(qint64 epochMs, SimTime t);
/// Parses an RFC 3339 timestamp into microseconds since the Unix epoch.
std::optional<qint64> parseRfc3339(std::string_view text);
/// The zero-padded offset of the `sequence` extension (lexicographic order = offset order).
std::string sequence(std::int64_t offset);

} // namespace recordformats

} // namespace eventloom
