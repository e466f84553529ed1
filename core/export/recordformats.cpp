#include "recordformats.h"

#include "../record/jsontext.h"

#include <charconv>
#include <cstdio>

namespace eventloom::recordformats
{

namespace
{
void key(std::string& out, std::string_view name)
{
    out += ",\"";
    out += name;
    out += "\":";
}
void text(std::string& out, std::string_view name, std::string_view value)
{
    if (value.empty())
        return;
    key(out, name);
    jsontext::appendString(out, value);
}
void number(std::string& out, std::string_view name, std::int64_t value)
{
    key(out, name);
    char buffer[24];
    out.append(buffer, std::to_chars(buffer, buffer + sizeof buffer, value).ptr);
}
void appendInt(std::string& out, std::int64_t value)
{
    char buffer[24];
    out.append(buffer, std::to_chars(buffer, buffer + sizeof buffer, value).ptr);
}

/// Field names that read better for saga records (PRODUCT.md: `event` is the saga phase).
struct FieldNames {
    std::string_view phase = "phase", subject = "subject", aux = "aux", detail = "detail";
};
constexpr FieldNames kGeneric {};
constexpr FieldNames kSaga { "event", "sagaId", "step", "reason" };

// Days since 1970-01-01 → civil date (Howard Hinnant's algorithm): no QDateTime per exported event.
void civil(std::int64_t days, int& y, unsigned& m, unsigned& d)
{
    days += 719468;
    const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const auto doe = static_cast<unsigned>(days - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y = static_cast<int>(yoe + era * 400 + (m <= 2));
}
std::int64_t daysFromCivil(int y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}
void appendCsvField(std::string& out, std::string_view value)
{
    if (value.find_first_of(",\"\r\n") == std::string_view::npos) {
        out += value;
        return;
    }
    out += '"';
    for (const char c : value) {
        if (c == '"')
            out += '"';
        out += c;
    }
    out += '"';
}
}

void appendJsonl(std::string& out, const RecordView& r)
{
    out += "{\"kind\":";
    jsontext::appendString(out, r.kind);
    number(out, "t", r.t);
    const bool envelope = r.message && (r.kind == "published" || r.kind == "command");
    if (envelope) {
        const MessageView& m = *r.message;
        text(out, "id", m.id);
        text(out, "source", m.source);
        text(out, "type", m.type);
        number(out, "version", m.version);
        text(out, "topic", m.topic);
        if (m.partition >= 0)
            number(out, "partition", m.partition);
        if (m.offset >= 0)
            number(out, "offset", m.offset);
        text(out, "key", m.key);
        text(out, "tenant", m.tenant);
        text(out, "correlationId", m.correlation);
        text(out, "causationId", m.causation);
        text(out, "producer", m.producer);
        text(out, "target", m.target);
        key(out, "data");
        out += m.data.empty() ? std::string_view("{}") : m.data;
        out += '}';
        return;
    }
    if (r.message) {
        text(out, "eventId", r.message->id);
        text(out, "type", r.message->type);
        text(out, "correlationId", r.message->correlation);
    }
    const FieldNames& names = r.kind == "saga" ? kSaga : kGeneric;
    if (r.instance >= 0 && !r.service.empty()) {
        key(out, "consumer");
        std::string consumer(r.service);
        consumer += '#';
        consumer += std::to_string(r.instance);
        jsontext::appendString(out, consumer);
    } else {
        text(out, "service", r.service);
    }
    text(out, "group", r.group);
    text(out, "topic", r.topic);
    if (r.partition >= 0)
        number(out, "partition", r.partition);
    if (r.offset >= 0)
        number(out, "offset", r.offset);
    if (r.attempt != 0)
        number(out, "attempt", r.attempt);
    text(out, "outcome", r.outcome);
    text(out, names.phase, r.phase);
    text(out, names.subject, r.subject);
    if (r.saga >= 0)
        number(out, "saga", r.saga);
    // A saga's step 0 is a real step; only the whole-saga marker (-1) and unset auxes are left out.
    if (r.kind == "saga" ? r.aux >= 0 : r.aux != 0)
        number(out, names.aux, r.aux);
    text(out, names.detail, r.detail);
    out += '}';
}

void appendCsvHeader(std::string& out)
{
    out += "t,id,type,version,topic,partition,offset,key,tenant,correlationId,causationId,producer,data\r\n";
}

void appendCsvRow(std::string& out, const MessageView& m)
{
    appendInt(out, m.t);
    out += ',';
    appendCsvField(out, m.id);
    out += ',';
    appendCsvField(out, m.type);
    out += ',';
    appendInt(out, m.version);
    out += ',';
    appendCsvField(out, m.topic);
    out += ',';
    if (m.partition >= 0)
        appendInt(out, m.partition);
    out += ',';
    if (m.offset >= 0)
        appendInt(out, m.offset);
    for (const std::string_view field : { m.key, m.tenant, m.correlation, m.causation, m.producer, m.data }) {
        out += ',';
        appendCsvField(out, field);
    }
    out += "\r\n";
}

std::string rfc3339(qint64 epochMs, SimTime t)
{
    const std::int64_t us = epochMs * 1000 + t;
    std::int64_t seconds = us >= 0 ? us / 1000000 : (us - 999999) / 1000000;
    const auto micros = static_cast<long>(us - seconds * 1000000);
    std::int64_t days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400;
    const auto secondOfDay = static_cast<long>(seconds - days * 86400);
    int y = 0;
    unsigned m = 0, d = 0;
    civil(days, y, m, d);
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02ld:%02ld:%02ld.%06ldZ", y, m, d, secondOfDay / 3600,
        secondOfDay / 60 % 60, secondOfDay % 60, micros);
    return buffer;
}

std::optional<qint64> parseRfc3339(std::string_view s)
{
    // YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM); 't' and ' ' are accepted as the separator too.
    const auto digits = [&](std::size_t at, std::size_t n, int& value) {
        if (at + n > s.size())
            return false;
        const auto r = std::from_chars(s.data() + at, s.data() + at + n, value);
        return r.ec == std::errc() && r.ptr == s.data() + at + n;
    };
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, se = 0;
    if (s.size() < 20 || !digits(0, 4, y) || s[4] != '-' || !digits(5, 2, mo) || s[7] != '-' || !digits(8, 2, d)
        || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || !digits(11, 2, h) || s[13] != ':' || !digits(14, 2, mi)
        || s[16] != ':' || !digits(17, 2, se) || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60)
        return std::nullopt;
    std::size_t pos = 19;
    std::int64_t micros = 0;
    if (pos < s.size() && s[pos] == '.') {
        std::int64_t scale = 100000;
        ++pos;
        const std::size_t start = pos;
        for (; pos < s.size() && s[pos] >= '0' && s[pos] <= '9'; ++pos) {
            micros += (s[pos] - '0') * scale;
            scale /= 10;
        }
        if (pos == start)
            return std::nullopt;
    }
    std::int64_t offsetMinutes = 0;
    if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
        ++pos;
    } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
        int oh = 0, om = 0;
        if (!digits(pos + 1, 2, oh) || pos + 3 >= s.size() || s[pos + 3] != ':' || !digits(pos + 4, 2, om))
            return std::nullopt;
        offsetMinutes = (s[pos] == '-' ? -1 : 1) * (oh * 60 + om);
        pos += 6;
    } else {
        return std::nullopt;
    }
    if (pos != s.size())
        return std::nullopt;
    const std::int64_t days = daysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
    const std::int64_t seconds = days * 86400 + h * 3600 + mi * 60 + se - offsetMinutes * 60;
    return seconds * 1000000 + micros;
}

std::string sequence(std::int64_t offset)
{
    char buffer[24];
    std::snprintf(buffer, sizeof buffer, "%020lld", static_cast<long long>(offset));
    return buffer;
}

void appendCloudEvent(std::string& out, const MessageView& m, qint64 epochMs)
{
    out += "{\"specversion\":\"1.0\"";
    text(out, "id", m.id);
    text(out, "source", m.source);
    text(out, "type", m.type);
    text(out, "time", rfc3339(epochMs, m.t));
    text(out, "subject", m.key);
    text(out, "datacontenttype", "application/json");
    // Extensions: lowercase letters and digits only (CloudEvents 1.0 naming rule).
    text(out, "partitionkey", m.key);
    if (m.offset >= 0)
        text(out, "sequence", sequence(m.offset));
    text(out, "correlationid", m.correlation);
    text(out, "causationid", m.causation);
    text(out, "tenantid", m.tenant);
    text(out, "topic", m.topic);
    if (m.partition >= 0)
        number(out, "partition", m.partition);
    number(out, "eventversion", m.version);
    text(out, "producer", m.producer);
    key(out, "data");
    out += m.data.empty() ? std::string_view("null") : m.data;
    out += '}';
}

} // namespace eventloom::recordformats
