#pragma once

#include "../base/simtime.h"
#include "../sim/latencymodel.h"
#include "diagnostic.h"
#include "jsonlocator.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>
#include <initializer_list>
#include <limits>

namespace eventloom {

/// Reads typed fields out of the objects of a scenario document, collecting errors with their JSON
/// paths ("services[2].latency") and the line and column where the text has them. Every reader
/// keeps going after an error, so that a file's problems are all reported at once.
class ScenarioReader {
public:
    ScenarioReader(const QString& file, const JsonLocator& locator, Diagnostics& errors);

    void error(const QString& path, const QString& message, bool atKey = false);
    /// An error at `column` (1-based) inside the string value at `path` (e.g. in a check's expression).
    void errorInString(const QString& path, int column, const QString& message);
    /// Reports each field of `object` not in `known`, with "did you mean" for a near miss.
    void allowOnly(const QJsonObject& object, const QString& path, std::initializer_list<const char*> known);

    QString string(const QJsonObject& o, const QString& path, const char* key, bool required, QString fallback = {});
    qint64 integer(const QJsonObject& o, const QString& path, const char* key, qint64 fallback, qint64 min,
        qint64 max = std::numeric_limits<qint32>::max());
    double number(const QJsonObject& o, const QString& path, const char* key, double fallback, double min, double max);
    /// `true`/`false`; anything else is an error.
    bool boolean(const QJsonObject& o, const QString& path, const char* key, bool fallback);
    /// "250ms", "2s", "1min" or whole microseconds.
    SimTime duration(const QJsonValue& v, const QString& path, SimTime fallback);
    LatencyModel latency(const QJsonValue& v, const QString& path, LatencyModel fallback);

    static QString join(const QString& path, const QString& key) { return path.isEmpty() ? key : path + u'.' + key; }
    static QString at(const QString& array, qsizetype i) { return array + u'[' + QString::number(i) + u']'; }
    /// The candidate nearest to `word` in edit distance, if near enough to be a likely typo; else empty.
    static QString closest(const QString& word, const QStringList& candidates);

private:
    QString m_file;
    const JsonLocator& m_locator;
    Diagnostics& m_errors;
};

} // namespace eventloom
