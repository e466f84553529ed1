#include "recordformats.h"

#include "jsontext.h"
#include "storedtext.h"

#include <algorithm>
#include <charconv>
#include <cstdio>

namespace eventloom::recordformats {

namespace {
void key(std::string& out, std::string_view name)
{
    out += ",\"";
    out += name;
    out += "\":";
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

/// Checks each stored text before it is written; remembers the first problem.
class Checked {
public:
    Checked(std::string& out, std::string& problem)
        : m_out(out)
        , m_problem(problem)
    {
    }
    /// `"name":"value"` unless the value is empty.
    bool text(std::string_view name, std::string_view value)
    {
        if (value.empty())
            return true;
        if (!valid(name, value))
            return false;
        key(m_out, name);
        jsontext::appendString(m_out, value);
        return true;
    }
    bool valid(std::string_view name, std::string_view value)
    {
        if (const char* why = storedtext::textProblem(value)) {
            m_problem = std::string(name) + ' ' + why;
            return false;
        }
        return true;
    }
    /// `"name":` and the payload re-serialised (or `fallback` when there is none).
    bool json(std::string_view name, std::string_view data, std::string_view fallback)
    {
        key(m_out, name);
        if (data.empty()) {
            m_out += fallback;
            return true;
        }
        std::string why;
        if (!storedtext::appendJson(m_out, data, why)) {
            m_problem = "payload is not valid JSON: " + why;
            return false;
        }
        return true;
    }

private:
    std::string& m_out;
    std::string& m_problem;
};

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
void appendCsvField(std::string& out, std::string_view value, bool text = true)
{
    // A spreadsheet runs a cell starting with these as a formula (CSV injection).
    if (text && !value.empty() && std::string_view("=+-@\t\r").find(value.front()) != std::string_view::npos) {
        std::string quoted("'");
        quoted += value;
        appendCsvField(out, quoted, false);
        return;
    }
    // A plain loop: find_first_of calls memchr over the four characters for every byte of a payload.
    if (std::none_of(
            value.begin(), value.end(), [](char c) { return c == ',' || c == '"' || c == '\r' || c == '\n'; })) {
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

bool appendJsonl(std::string& out, const RecordView& r, std::string& problem)
{
    Checked w(out, problem);
    if (r.kind.empty() || !w.valid("kind", r.kind)) {
        if (problem.empty())
            problem = "kind is empty";
        return false;
    }
    out += "{\"kind\":";
    jsontext::appendString(out, r.kind);
    number(out, "t", r.t);
    const bool envelope = r.kind == "published" || r.kind == "command";
    if (envelope) {
        if (!r.message) {
            problem = "a " + std::string(r.kind) + " record without its message";
            return false;
        }
        const MessageView& m = *r.message;
        if (m.id.empty()) {
            problem = "message id is empty";
            return false;
        }
        if (!w.text("id", m.id) || !w.text("source", m.source) || !w.text("type", m.type))
            return false;
        number(out, "version", m.version);
        if (!w.text("topic", m.topic))
            return false;
        if (m.partition >= 0)
            number(out, "partition", m.partition);
        if (m.offset >= 0)
            number(out, "offset", m.offset);
        if (!w.text("key", m.key) || !w.text("tenant", m.tenant) || !w.text("correlationId", m.correlation)
            || !w.text("causationId", m.causation) || !w.text("producer", m.producer) || !w.text("target", m.target)
            || !w.json("data", m.data, "{}"))
            return false;
        out += '}';
        return true;
    }
    if (r.message
        && (!w.text("eventId", r.message->id) || !w.text("type", r.message->type)
            || !w.text("correlationId", r.message->correlation)))
        return false;
    const FieldNames& names = r.kind == "saga" ? kSaga : kGeneric;
    if (r.instance >= 0 && !r.service.empty()) {
        std::string consumer(r.service);
        consumer += '#';
        consumer += std::to_string(r.instance);
        if (!w.text("consumer", consumer))
            return false;
    } else if (!w.text("service", r.service)) {
        return false;
    }
    if (!w.text("group", r.group) || !w.text("topic", r.topic))
        return false;
    if (r.partition >= 0)
        number(out, "partition", r.partition);
    if (r.offset >= 0)
        number(out, "offset", r.offset);
    if (r.attempt != 0)
        number(out, "attempt", r.attempt);
    if (!w.text("outcome", r.outcome) || !w.text(names.phase, r.phase) || !w.text(names.subject, r.subject))
        return false;
    if (r.saga >= 0)
        number(out, "saga", r.saga);
    // A saga's step 0 is a real step; only the whole-saga marker (-1) and unset auxes are left out.
    if (r.kind == "saga" ? r.aux >= 0 : r.aux != 0)
        number(out, names.aux, r.aux);
    if (!w.text(names.detail, r.detail))
        return false;
    out += '}';
    return true;
}

std::string textProblem(const RecordView& r)
{
    std::string problem, scratch;
    Checked w(scratch, problem);
    for (const auto& [name, value] : { std::pair<std::string_view, std::string_view> { "kind", r.kind },
             { "service", r.service }, { "group", r.group }, { "topic", r.topic }, { "outcome", r.outcome },
             { "phase", r.phase }, { "detail", r.detail }, { "subject", r.subject } })
        if (!w.valid(name, value))
            return problem;
    if (const auto& m = r.message) {
        for (const auto& [name, value] : { std::pair<std::string_view, std::string_view> { "id", m->id },
                 { "type", m->type }, { "topic", m->topic }, { "producer", m->producer }, { "target", m->target } })
            if (!w.valid(name, value))
                return problem;
    }
    return {};
}

void appendCsvHeader(std::string& out)
{
    out += "t,id,type,version,topic,partition,offset,key,tenant,correlationId,causationId,producer,data\r\n";
}

bool appendCsvRow(std::string& out, const MessageView& m, std::string& problem)
{
    Checked w(out, problem);
    for (const auto& [name, value] : { std::pair<std::string_view, std::string_view> { "id", m.id }, { "type", m.type },
             { "topic", m.topic }, { "key", m.key }, { "tenant", m.tenant }, { "correlationId", m.correlation },
             { "causationId", m.causation }, { "producer", m.producer } })
        if (!w.valid(name, value))
            return false;
    std::string data;
    if (!m.data.empty() && !storedtext::appendJson(data, m.data, problem)) {
        problem = "payload is not valid JSON: " + problem;
        return false;
    }
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
    for (const std::string_view field : { m.key, m.tenant, m.correlation, m.causation, m.producer }) {
        out += ',';
        appendCsvField(out, field);
    }
    out += ',';
    appendCsvField(out, data, false);
    out += "\r\n";
    return true;
}

std::string rfc3339(qint64 epochMs, SimTime t)
{
    // 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999999Z in microseconds since the Unix epoch.
    constexpr std::int64_t kFirst = -62135596800LL * 1000000, kLast = 253402300800LL * 1000000 - 1;
    if (epochMs < kFirst / 1000 || epochMs > kLast / 1000)
        return {};
    const std::int64_t epochUs = epochMs * 1000;
    if (t < kFirst - epochUs || t > kLast - epochUs)
        return {};
    const std::int64_t us = epochUs + t;
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

bool appendCloudEvent(std::string& out, const MessageView& m, qint64 epochMs, std::string& problem)
{
    // id, source and type are REQUIRED and non-empty (CloudEvents 1.0).
    for (const auto& [name, value] :
        { std::pair<std::string_view, std::string_view> { "id", m.id }, { "source", m.source }, { "type", m.type } })
        if (value.empty()) {
            problem = "message " + std::string(name) + " is empty";
            return false;
        }
    const std::string time = rfc3339(epochMs, m.t);
    if (time.empty()) {
        problem = "time " + std::to_string(m.t) + " us is outside the years 0001-9999";
        return false;
    }
    Checked w(out, problem);
    out += "{\"specversion\":\"1.0\"";
    if (!w.text("id", m.id) || !w.text("source", m.source) || !w.text("type", m.type))
        return false;
    w.text("time", time);
    if (!w.text("subject", m.key))
        return false;
    w.text("datacontenttype", "application/json");
    // Extensions: lowercase letters and digits only (CloudEvents 1.0 naming rule).
    w.text("partitionkey", m.key);
    if (m.offset >= 0)
        w.text("sequence", sequence(m.offset));
    if (!w.text("correlationid", m.correlation) || !w.text("causationid", m.causation) || !w.text("tenantid", m.tenant)
        || !w.text("topic", m.topic))
        return false;
    if (m.partition >= 0)
        number(out, "partition", m.partition);
    number(out, "eventversion", m.version);
    if (!w.text("producer", m.producer) || !w.json("data", m.data, "null"))
        return false;
    out += '}';
    return true;
}

} // namespace eventloom::recordformats
