#include "statepaths.h"

#include <QJsonArray>
#include <QJsonObject>

namespace eventloom {

QJsonValue StatePaths::prune(const QJsonValue& full, const QString& at, Counts& counts) const
{
    if (full.isArray() && counted)
        counts[at] = full.toArray().size();
    if (readsWhole() || !full.isObject())
        return full;
    const QJsonObject object = full.toObject();
    if (counted)
        counts[at] = object.size();
    QJsonObject out;
    for (const auto& [name, below] : children) {
        const auto it = object.constFind(name);
        if (it == object.constEnd())
            return full;
        out.insert(name, below.prune(*it, key(at, name), counts));
    }
    return out;
}

} // namespace eventloom
