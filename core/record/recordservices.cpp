#include "recordservices.h"

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
    if (!collect("SELECT DISTINCT producer FROM messages WHERE producer IS NOT NULL"))
        return false;
    if (version < 2) {
        if (!collect("SELECT DISTINCT service FROM records WHERE service IS NOT NULL"))
            return false;
    } else {
        std::set<std::int64_t> ids;
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
