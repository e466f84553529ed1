#include "runarchive.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace eventloom {

namespace {
constexpr qint64 kMegabyte = 1ll << 20;
}

RunArchive::Settings RunArchive::load(const QSettings& s)
{
    Settings values;
    values.enabled = s.value(QStringLiteral("recording/enabled"), values.enabled).toBool();
    values.maxFileBytes
        = s.value(QStringLiteral("recording/maxFileMegabytes"), values.maxFileBytes / kMegabyte).toLongLong()
        * kMegabyte;
    values.maxTotalBytes
        = s.value(QStringLiteral("recording/maxTotalMegabytes"), values.maxTotalBytes / kMegabyte).toLongLong()
        * kMegabyte;
    values.directory = s.value(QStringLiteral("recording/directory")).toString();
    return values;
}

void RunArchive::save(QSettings& s, const Settings& values)
{
    s.setValue(QStringLiteral("recording/enabled"), values.enabled);
    s.setValue(QStringLiteral("recording/maxFileMegabytes"), values.maxFileBytes / kMegabyte);
    s.setValue(QStringLiteral("recording/maxTotalMegabytes"), values.maxTotalBytes / kMegabyte);
    s.setValue(QStringLiteral("recording/directory"), values.directory);
}

QString RunArchive::defaultDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/runs");
}

QString RunArchive::directory(const Settings& settings)
{
    return settings.directory.isEmpty() ? defaultDirectory() : settings.directory;
}

QString RunArchive::newRunPath(
    const Settings& settings, const QString& scenarioId, std::uint64_t seed, const QDateTime& now, QString& error)
{
    const QString dir = directory(settings);
    if (!QDir().mkpath(dir)) {
        error = dir + QStringLiteral(": cannot create the directory for recorded runs");
        return {};
    }
    QString safeId = scenarioId.isEmpty() ? QStringLiteral("run") : scenarioId;
    for (QChar& c : safeId)
        if (!c.isLetterOrNumber() && c != u'-' && c != u'_' && c != u'.')
            c = u'_';
    const QString base = dir + u'/' + safeId + u'-' + now.toUTC().toString(QStringLiteral("yyyyMMdd-hhmmss"))
        + QStringLiteral("-seed") + QString::number(seed);
    QString path = base + QStringLiteral(".sqlite");
    for (int n = 2; QFileInfo::exists(path); ++n)
        path = base + u'-' + QString::number(n) + QStringLiteral(".sqlite");
    return path;
}

int RunArchive::prune(const Settings& settings, const QString& keep)
{
    QDir dir(directory(settings));
    // Oldest first: by modification time, then name (runs started in the same second).
    QFileInfoList files = dir.entryInfoList({ QStringLiteral("*.sqlite") }, QDir::Files, QDir::Time | QDir::Reversed);
    qint64 total = 0;
    for (const QFileInfo& f : files)
        total += f.size();
    int deleted = 0;
    const QString kept = keep.isEmpty() ? QString() : QFileInfo(keep).absoluteFilePath();
    for (const QFileInfo& f : files) {
        if (total <= settings.maxTotalBytes)
            break;
        if (f.absoluteFilePath() == kept)
            continue;
        if (QFile::remove(f.absoluteFilePath())) {
            QFile::remove(f.absoluteFilePath() + QStringLiteral("-wal"));
            QFile::remove(f.absoluteFilePath() + QStringLiteral("-shm"));
            total -= f.size();
            ++deleted;
        }
    }
    return deleted;
}

RunRecorder::Options RunArchive::recorderOptions(const Settings& settings)
{
    RunRecorder::Options options;
    options.maxBytes = settings.maxFileBytes;
    return options;
}

} // namespace eventloom
