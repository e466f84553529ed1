// Keeps the sources readable (the house style: a file past ~800 lines is a design smell): no .cpp or .h
// under core/, ui/ or app/ grows past kMaxLines. A file that would is split by responsibility, as
// ScenarioLoader's readers, EventBus's groups and retention, and the painted views' painting were.

#include <QDirIterator>
#include <QFile>
#include <QSet>
#include <QTest>

namespace {
constexpr qsizetype kMaxLines = 800;

/// Files allowed past the limit for now, relative to the source tree.
const QSet<QString>& exceptions()
{
    // None: the last one, ui/mainwindow.cpp, went under 400 lines when its docks moved to ui/docks/.
    static const QSet<QString> files;
    return files;
}

/// Lines as `wc -l` counts them, plus a last line without its newline.
qsizetype lineCount(const QByteArray& text)
{
    return text.count('\n') + (!text.isEmpty() && !text.endsWith('\n') ? 1 : 0);
}
}

class TestSourceLines : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void withinLimit_data()
    {
        QTest::addColumn<QString>("path");
        const QString root = QStringLiteral(EVENTLOOM_SOURCE_DIR "/");
        int files = 0;
        for (const char* folder : { "core", "ui", "app" }) {
            QDirIterator it(root + QLatin1String(folder), { QStringLiteral("*.cpp"), QStringLiteral("*.h") },
                QDir::Files, QDirIterator::Subdirectories);
            while (it.hasNext()) {
                const QString relative = it.next().mid(root.size());
                if (!exceptions().contains(relative)) {
                    QTest::newRow(qPrintable(relative)) << relative;
                    ++files;
                }
            }
        }
        QVERIFY2(files > 100, "the source tree was not found"); // a wrong EVENTLOOM_SOURCE_DIR checks nothing
    }

    void withinLimit()
    {
        QFETCH(QString, path);
        QFile file(QStringLiteral(EVENTLOOM_SOURCE_DIR "/") + path);
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.errorString()));
        const qsizetype lines = lineCount(file.readAll());
        QVERIFY2(lines <= kMaxLines,
            qPrintable(QStringLiteral("%1 has %2 lines, more than %3: split it by responsibility")
                           .arg(path)
                           .arg(lines)
                           .arg(kMaxLines)));
    }

    void exceptionsStillNeeded()
    {
        // An exception outlives its reason silently: once its file is within the limit, it goes.
        for (const QString& path : exceptions()) {
            QFile file(QStringLiteral(EVENTLOOM_SOURCE_DIR "/") + path);
            QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(path + QStringLiteral(": ") + file.errorString()));
            QVERIFY2(lineCount(file.readAll()) > kMaxLines,
                qPrintable(path + QStringLiteral(" is within the limit now: remove it from the exceptions")));
        }
    }
};

QTEST_GUILESS_MAIN(TestSourceLines)
#include "tst_sourcelines.moc"
