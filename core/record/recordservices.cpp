#include "recordservices.h"

#include "messageblockreader.h"
#include "storedtrace.h"

#include <set>

namespace eventloom {

bool RecordServices::read(SqliteDb& db, std::vector<std::string>& names, std::string& error)
{
    std::set<std::string> found;
    const auto collect = [&](const char* sql) {
        SqliteStatement s = db.prepare(sql);
        while (s.valid() && s.step())
            if (!s.isNull(0) && !s.text(0).empty())
                found.emplace(s.text(0));
        error = s.valid() ? s.error() : db.error();
        return error.empty();
    };
    const std::int64_t version = db.queryInt("PRAGMA user_version", 1);
    // Schema 4: the rows' producers, and the message blocks' parsed here (the `messages` view would decode
    // every message of the file to give them).
    std::set<std::int64_t> ids;
    if (version >= 4) {
        MessageBlockReader blocks;
        if (!blocks.start(db, error) || !blocks.forEach([&](const StoredMessage& m) {
                if (m.producer > 0)
                    ids.insert(m.producer);
                return true;
            })
            || !blocks.error().empty()) {
            error = error.empty() ? blocks.error() : error;
            return false;
        }
        if (!collect("SELECT DISTINCT n.text FROM events e JOIN names n ON n.id = e.producer"))
            return false;
    } else if (!collect("SELECT DISTINCT producer FROM messages WHERE producer IS NOT NULL")) {
        return false;
    }
    if (version < 2) {
        if (!collect("SELECT DISTINCT service FROM records WHERE service IS NOT NULL"))
            return false;
    } else {
        StoredTrace trace;
        if (!trace.start(db, version >= 3, error))
            return false;
        while (const StoredRecord* r = trace.next())
            if ((*r)[StoredRecord::Service].integer)
                ids.insert((*r)[StoredRecord::Service].value);
        if (!trace.error().empty()) {
            error = trace.error();
            return false;
        }
        SqliteStatement name = db.prepare("SELECT text FROM names WHERE id = ?1");
        for (const std::int64_t id : ids) {
            name.reset();
            name.bind(1, id);
            if (name.valid() && name.step() && !name.isNull(0) && !name.text(0).empty())
                found.emplace(name.text(0));
            if (!name.valid() || !name.error().empty()) {
                error = name.valid() ? name.error() : db.error();
                return false;
            }
        }
    }
    names.assign(found.begin(), found.end());
    return true;
}

} // namespace eventloom
