#include "runfilecopy.h"

#include "runfile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QUuid>
#include <cstdio>
#include <sqlite3.h>

namespace eventloom {

namespace {
/// Pages copied per backup step: small enough for a smooth progress bar and a quick cancel.
constexpr int kPagesPerStep = 256;

void removeTemporary(const QString& path)
{
    for (const char* suffix : { "", "-wal", "-shm", "-journal" })
        QFile::remove(path + QLatin1String(suffix));
}
}

bool RunFileCopy::copy(const QString& source, const QString& target, QString& error, const Progress& progress)
{
    {
        RunFile check; // refuse what is not a run file before writing anything
        if (!check.open(source, error))
            return false;
    }
    if (QFileInfo(source).canonicalFilePath() == QFileInfo(target).canonicalFilePath()) {
        error = QStringLiteral("the run file cannot be saved over itself");
        return false;
    }
    const QString temporary = QFileInfo(target).absoluteDir().filePath(
        QStringLiteral(".%1.%2.part")
            .arg(QFileInfo(target).fileName(), QUuid::createUuid().toString(QUuid::Id128).left(8)));
    sqlite3* from = nullptr;
    sqlite3* to = nullptr;
    bool ok = sqlite3_open_v2(source.toUtf8().constData(), &from, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK;
    if (!ok)
        error = QStringLiteral("cannot read %1: %2").arg(source, QString::fromUtf8(sqlite3_errmsg(from)));
    if (ok
        && sqlite3_open_v2(temporary.toUtf8().constData(), &to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr)
            != SQLITE_OK) {
        error = QStringLiteral("cannot write next to %1: %2").arg(target, QString::fromUtf8(sqlite3_errmsg(to)));
        ok = false;
    }
    if (ok) {
        sqlite3_backup* backup = sqlite3_backup_init(to, "main", from, "main");
        if (!backup) {
            error = QString::fromUtf8(sqlite3_errmsg(to));
            ok = false;
        }
        int rc = SQLITE_OK;
        while (ok && (rc = sqlite3_backup_step(backup, kPagesPerStep)) != SQLITE_DONE) {
            if (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
                const int total = sqlite3_backup_pagecount(backup);
                if (progress && !progress(total - sqlite3_backup_remaining(backup), total)) {
                    error = QStringLiteral("cancelled");
                    ok = false;
                } else if (rc != SQLITE_OK) {
                    sqlite3_sleep(10); // the writer holds a lock for a moment
                }
            } else {
                error = QStringLiteral("copying the run file failed: %1").arg(QString::fromUtf8(sqlite3_errstr(rc)));
                ok = false;
            }
        }
        if (backup && sqlite3_backup_finish(backup) != SQLITE_OK && ok) {
            error = QString::fromUtf8(sqlite3_errmsg(to));
            ok = false;
        }
    }
    sqlite3_close(from);
    if (to && sqlite3_close(to) != SQLITE_OK && ok) { // the last connection: checkpoints and removes -wal
        error = QStringLiteral("closing the copy failed");
        ok = false;
    }
    if (ok) {
        RunFile check;
        ok = check.open(temporary, error);
    }
    // rename(2) replaces the target in one step: readers see the old file or the whole new one.
    if (ok && std::rename(QFile::encodeName(temporary).constData(), QFile::encodeName(target).constData()) != 0) {
        error = QStringLiteral("cannot write %1").arg(target);
        ok = false;
    }
    if (!ok)
        removeTemporary(temporary);
    else if (progress)
        progress(1, 1);
    return ok;
}

} // namespace eventloom
