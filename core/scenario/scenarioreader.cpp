#include "scenarioreader.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace eventloom {

namespace {
int distance(const QString& a, const QString& b)
{
    std::vector<int> row(static_cast<std::size_t>(b.size()) + 1);
    for (std::size_t j = 0; j < row.size(); ++j)
        row[j] = static_cast<int>(j);
    for (qsizetype i = 1; i <= a.size(); ++i) {
        int diagonal = row[0];
        row[0] = static_cast<int>(i);
        for (qsizetype j = 1; j <= b.size(); ++j) {
            const int up = row[static_cast<std::size_t>(j)];
            row[static_cast<std::size_t>(j)] = std::min({ up + 1, row[static_cast<std::size_t>(j - 1)] + 1,
                diagonal + (a[i - 1].toLower() == b[j - 1].toLower() ? 0 : 1) });
            diagonal = up;
        }
    }
    return row.back();
}
}

ScenarioReader::ScenarioReader(const QString& file, const JsonLocator& locator, Diagnostics& errors)
    : m_file(file)
    , m_locator(locator)
    , m_errors(errors)
{
}

void ScenarioReader::error(const QString& path, const QString& message, bool atKey)
{
    const auto position = atKey ? m_locator.findKey(path) : m_locator.find(path);
    const QString where = path.isEmpty() ? QString() : path + QStringLiteral(": ");
    m_errors.push_back({ m_file, position.line, position.column, where + message });
}

void ScenarioReader::errorInString(const QString& path, int column, const QString& message)
{
    const auto position = m_locator.find(path); // the opening quote; exact while the text has no escapes
    m_errors.push_back({ m_file, position.line, position.column + column, path + QStringLiteral(": ") + message });
}

void ScenarioReader::allowOnly(const QJsonObject& object, const QString& path, std::initializer_list<const char*> known)
{
    QStringList names;
    for (const char* k : known)
        names << QLatin1String(k);
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (names.contains(it.key()))
            continue;
        QString message = QStringLiteral("unknown field '") + it.key() + u'\'';
        const QString near = closest(it.key(), names);
        if (!near.isEmpty())
            message += QStringLiteral(" (did you mean '") + near + QStringLiteral("'?)");
        error(join(path, it.key()), message, true);
    }
}

QString ScenarioReader::string(
    const QJsonObject& o, const QString& path, const char* key, bool required, QString fallback)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined()) {
        if (required)
            error(path, QStringLiteral("missing required field '") + QLatin1String(key) + u'\'');
        return fallback;
    }
    if (!v.isString() || (required && v.toString().isEmpty())) {
        error(join(path, QLatin1String(key)), QStringLiteral("expected a non-empty string"));
        return fallback;
    }
    return v.toString();
}

qint64 ScenarioReader::integer(
    const QJsonObject& o, const QString& path, const char* key, qint64 fallback, qint64 min, qint64 max)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined())
        return fallback;
    const double d = v.toDouble(std::numeric_limits<double>::quiet_NaN());
    if (!v.isDouble() || d != static_cast<double>(static_cast<qint64>(d))) {
        error(join(path, QLatin1String(key)), QStringLiteral("expected an integer"));
        return fallback;
    }
    if (d < static_cast<double>(min) || d > static_cast<double>(max)) {
        error(join(path, QLatin1String(key)),
            QStringLiteral("must be between %1 and %2, got %3").arg(min).arg(max).arg(static_cast<qint64>(d)));
        return fallback;
    }
    return static_cast<qint64>(d);
}

double ScenarioReader::number(
    const QJsonObject& o, const QString& path, const char* key, double fallback, double min, double max)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined())
        return fallback;
    if (!v.isDouble() || v.toDouble() < min || v.toDouble() > max) {
        error(join(path, QLatin1String(key)), QStringLiteral("expected a number between %1 and %2").arg(min).arg(max));
        return fallback;
    }
    return v.toDouble();
}

SimTime ScenarioReader::duration(const QJsonValue& v, const QString& path, SimTime fallback)
{
    if (v.isUndefined())
        return fallback;
    const auto tooLong = [&](const QString& written) {
        error(path,
            QStringLiteral("%1 is longer than the longest duration allowed, %2")
                .arg(written, QString::fromStdString(maxDurationText())));
        return fallback;
    };
    // Whole microseconds: compared as a double first, so a number past 2^63 is refused, not converted.
    const double us = v.toDouble(-1);
    if (v.isDouble() && us >= 0 && us == std::floor(us)) {
        if (us > static_cast<double>(kMaxDuration))
            return tooLong(QString::number(us, 'f', 0) + QStringLiteral("us"));
        return static_cast<SimTime>(us);
    }
    if (v.isString()) {
        DurationError why = DurationError::None;
        if (const auto d = parseDuration(v.toString().toStdString(), &why))
            return *d;
        if (why == DurationError::TooLong)
            return tooLong(
                u'"' + (v.toString().size() > 40 ? v.toString().left(40) + QStringLiteral("…") : v.toString()) + u'"');
    }
    error(path, QStringLiteral("expected a duration such as \"250ms\", \"2s\", \"1min\" or whole microseconds"));
    return fallback;
}

LatencyModel ScenarioReader::latency(const QJsonValue& v, const QString& path, LatencyModel fallback)
{
    if (v.isUndefined())
        return fallback;
    if (!v.isObject())
        return LatencyModel::fixed(duration(v, path, fallback.a));
    const QJsonObject o = v.toObject();
    allowOnly(o, path, { "dist", "value", "min", "max", "mean", "stddev", "floor" });
    const QString dist = string(o, path, "dist", true);
    LatencyModel m;
    m.floor = duration(o.value(QLatin1String("floor")), join(path, QStringLiteral("floor")), 0);
    auto need = [&](const char* key) {
        if (!o.contains(QLatin1String(key)))
            error(
                path, QStringLiteral("a '") + dist + QStringLiteral("' latency needs '") + QLatin1String(key) + u'\'');
        return duration(o.value(QLatin1String(key)), join(path, QLatin1String(key)), 0);
    };
    if (dist == QLatin1String("fixed")) {
        m = LatencyModel::fixed(need("value"));
    } else if (dist == QLatin1String("uniform")) {
        m.kind = LatencyModel::Kind::Uniform;
        const std::size_t before = m_errors.size();
        m.a = need("min");
        m.b = need("max");
        if (m.b < m.a && m_errors.size() == before) // a refused min or max says so already
            error(join(path, QStringLiteral("max")), QStringLiteral("must not be less than min"));
    } else if (dist == QLatin1String("exponential")) {
        m.kind = LatencyModel::Kind::Exponential;
        m.a = need("mean");
    } else if (dist == QLatin1String("normal")) {
        m.kind = LatencyModel::Kind::Normal;
        m.a = need("mean");
        m.b = need("stddev");
    } else if (!dist.isEmpty()) {
        error(join(path, QStringLiteral("dist")),
            QStringLiteral("unknown distribution '") + dist
                + QStringLiteral("' (fixed, uniform, exponential, normal)"));
    }
    return m;
}

QString ScenarioReader::closest(const QString& word, const QStringList& candidates)
{
    QString best;
    int bestDistance = std::max<int>(2, static_cast<int>(word.size()) / 3) + 1;
    for (const QString& c : candidates) {
        const int d = distance(word, c);
        if (d < bestDistance && d < word.size()) { // never "did you mean 'a'" for 'c'
            bestDistance = d;
            best = c;
        }
    }
    return best;
}

bool ScenarioReader::boolean(const QJsonObject& o, const QString& path, const char* key, bool fallback)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined())
        return fallback;
    if (!v.isBool()) {
        error(join(path, QLatin1String(key)), QStringLiteral("expected true or false"));
        return fallback;
    }
    return v.toBool();
}

} // namespace eventloom
