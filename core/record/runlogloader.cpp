#include "runlogloader.h"

#include "jsontext.h"

#include <charconv>

namespace eventloom {

bool RunLogLoader::parseValue(std::string_view text, EventLog& log, Value& value)
{
    while (
        !text.empty() && (text.front() == ' ' || text.front() == '\n' || text.front() == '\t' || text.front() == '\r'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\n' || text.back() == '\t' || text.back() == '\r'))
        text.remove_suffix(1);
    if (text.empty())
        return false;
    const char c = text.front();
    if (c == '{' || c == '[') {
        std::vector<Field> children;
        if (c == '{') {
            const auto members = jsontext::objectMembers(text);
            if (!members)
                return false;
            children.reserve(members->size());
            for (const auto& m : *members) {
                Field f;
                f.key = log.atoms().intern(m.key);
                if (!parseValue(m.raw, log, f.value))
                    return false;
                children.push_back(f);
            }
        } else {
            const auto elements = jsontext::arrayElements(text);
            if (!elements)
                return false;
            children.reserve(elements->size());
            for (const std::string_view e : *elements) {
                Field f;
                if (!parseValue(e, log, f.value))
                    return false;
                children.push_back(f);
            }
        }
        // Children first (their own nested ranges went to the arena while they were parsed), then the range.
        const auto begin = static_cast<std::uint32_t>(log.arena().size());
        log.arena().insert(log.arena().end(), children.begin(), children.end());
        const Value::Range range { begin, static_cast<std::uint32_t>(children.size()) };
        value = c == '{' ? Value::map(range) : Value::list(range);
        return true;
    }
    if (c == '"') {
        const auto s = jsontext::stringValue(text);
        if (!s)
            return false;
        value = Value::string(log.atoms().intern(*s));
        return true;
    }
    if (text == "null") {
        value = Value();
        return true;
    }
    if (text == "true" || text == "false") {
        value = Value::boolean(text == "true");
        return true;
    }
    if (text.find_first_of(".eE") == std::string_view::npos) {
        std::int64_t i = 0;
        const auto r = std::from_chars(text.data(), text.data() + text.size(), i);
        if (r.ec == std::errc() && r.ptr == text.data() + text.size()) {
            value = Value::integer(i);
            return true;
        }
    }
    double d = 0;
    const auto r = std::from_chars(text.data(), text.data() + text.size(), d);
    if (r.ec != std::errc() || r.ptr != text.data() + text.size())
        return false;
    value = Value::real(d);
    return true;
}

namespace {
/// Events a run may leave unrecorded before a recorded one: those waiting for a produce retry when it stopped.
constexpr std::int64_t kMaxSeqGap = 65536;
}

RunLogLoader::Result RunLogLoader::load(
    const RunFile& run, EventLog& log, const TopicIndex& topicIndex, bool eventsOnly)
{
    Result result;
    std::vector<Field> top;
    std::string problem;
    QString error;
    const bool read = run.forEachMessage(
        [&](const MessageView& m) {
            Value payload;
            if (!parseValue(m.data, log, payload)
                || (payload.type != Value::Type::Map && payload.type != Value::Type::Null)) {
                problem = "message " + std::to_string(m.seq) + ": the payload is not a JSON object";
                return false;
            }
            // The top level goes to append() as its own range: copy it out of the arena slot the parse used.
            top.clear();
            if (payload.type == Value::Type::Map) {
                top.assign(log.arena().begin() + payload.range.begin,
                    log.arena().begin() + payload.range.begin + payload.range.count);
                log.arena().resize(payload.range.begin);
            }
            // A run stopped while a produce request waited for its retry never recorded that event: its
            // seq stays taken by an empty stand-in, so the records that name later seqs still find theirs.
            if (m.seq - static_cast<std::int64_t>(log.size()) > kMaxSeqGap) {
                problem = "message " + std::to_string(m.seq) + ": the messages before it are missing";
                return false;
            }
            while (static_cast<std::int64_t>(log.size()) < m.seq)
                log.append(Event {}, {}, 0);
            Event e;
            e.kind = m.command ? Event::Kind::Command : Event::Kind::Event;
            e.publishTime = m.t;
            e.offset = m.offset;
            e.partition = static_cast<std::int32_t>(m.partition);
            e.topic = m.topic.empty() ? kNoIndex : topicIndex(m.topic);
            e.type = log.atoms().intern(m.type);
            e.key = log.atoms().intern(m.key);
            e.tenant = log.atoms().intern(m.tenant);
            e.correlation = log.atoms().intern(m.correlation);
            e.producer = log.atoms().intern(m.producer);
            e.version = static_cast<std::uint16_t>(m.version);
            log.append(e, top, 0);
            ++result.messages;
            return true;
        },
        error, {}, eventsOnly);
    if (!read) {
        result.error = error;
        return result;
    }
    if (!problem.empty()) {
        result.error = run.path() + QStringLiteral(": ") + QString::fromStdString(problem);
        return result;
    }
    result.ok = true;
    return result;
}

} // namespace eventloom
