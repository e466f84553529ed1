// The suites run in a home of the build tree's own (tests/CMakeLists.txt): what the window writes — its
// settings, the runs it records, its caches — stays out of the user's home, and two build trees never
// share a settings file.

#include "record/runarchive.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>

using namespace eventloom;

namespace {
bool isInside(const QString& path, const QString& dir)
{
    const QString canonicalDir = QFileInfo(dir).absoluteFilePath() + u'/';
    return QFileInfo(path).absoluteFilePath().startsWith(canonicalDir);
}
} // namespace

class TestTestHome : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void theHomeIsTheBuildTreesOwn()
    {
        const QString home = QStringLiteral(EVENTLOOM_TEST_HOME);
        QCOMPARE(QFileInfo(QDir::homePath()).absoluteFilePath(), QFileInfo(home).absoluteFilePath());
        QVERIFY(isInside(QSettings().fileName(), home));
        QVERIFY(isInside(RunArchive::defaultDirectory(), home));
        QVERIFY(isInside(QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation), home));
    }
};

QTEST_GUILESS_MAIN(TestTestHome)
#include "tst_testhome.moc"
