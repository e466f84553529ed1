#pragma once

#include "runrecorder.h"

#include <QDateTime>
#include <QSettings>
#include <QString>

namespace eventloom {

/// Where the desktop app keeps the runs it records (it records every run, PRODUCT.md §1 "Auditability"):
/// one run file per run in the application's data directory, each capped in size, the oldest deleted
/// when the directory grows past its cap. The settings live in QSettings under `recording/`.
class RunArchive {
public:
    struct Settings {
        bool enabled = true; ///< recording/enabled
        qint64 maxFileBytes = 256ll << 20; ///< recording/maxFileMegabytes: a run stops recording there
        qint64 maxTotalBytes = 2048ll << 20; ///< recording/maxTotalMegabytes: older runs are deleted past it
        QString directory; ///< recording/directory; empty: defaultDirectory()
    };

    static Settings load(const QSettings& settings);
    static void save(QSettings& settings, const Settings& values);
    /// <application data directory>/runs
    static QString defaultDirectory();
    static QString directory(const Settings& settings);

    /// A new file name for a run: SCENARIO-yyyyMMdd-hhmmss-seedN.sqlite (with -2, -3… if taken).
    /// Creates the directory; empty with `error` if it cannot.
    static QString newRunPath(
        const Settings& settings, const QString& scenarioId, std::uint64_t seed, const QDateTime& now, QString& error);
    /// Deletes the oldest run files until the directory holds at most maxTotalBytes, never `keep`.
    /// Returns how many were deleted.
    static int prune(const Settings& settings, const QString& keep = {});
    static RunRecorder::Options recorderOptions(const Settings& settings);
};

} // namespace eventloom
