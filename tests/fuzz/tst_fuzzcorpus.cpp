#include "fuzzinjections.h"
#include "runfilefuzz.h"
#include "scenario/scenariobuilder.h"
#include "scenario/scenarioloader.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTest>

using namespace eventloom;

// Replays, with the normal (g++) build, every input the fuzzers start from or have found: the seed
// corpora, the shipped scenarios, the malformed corpus and every crasher. Each must load or be refused
// with at least one diagnostic, quickly; what loads must build and run a few hundred steps. This is
// what fuzz_scenario_loader does for each input, so a regression shows in CI without clang. Injection
// specs (corpus-injections/, crashers named injections-*) go through what fuzz_injection_spec does.
namespace {
/// fuzz_scenario_overrides' inputs are `--set` assignments, one per line, for this scenario.
QByteArray overridesBase()
{
    QFile file(QStringLiteral(EVENTLOOM_SOURCE_DIR "/scenarios/07-saga-orchestration.json"));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}
}

class TestFuzzCorpus : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void replay_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<bool>("overrides");
        QTest::addColumn<bool>("injections");
        int seeds = 0, injectionSeeds = 0;
        for (const char* folder : { "tests/fuzz/corpus", "tests/fuzz/corpus-overrides", "tests/fuzz/corpus-injections",
                 "tests/fuzz/crashers", "scenarios", "tests/scenarios/malformed" }) {
            const QDir dir(QStringLiteral(EVENTLOOM_SOURCE_DIR "/") + QLatin1String(folder));
            for (const QString& name : dir.entryList(QDir::Files, QDir::Name)) {
                if (name.endsWith(QLatin1String(".expected")) || name == QLatin1String("README.md")
                    || name.startsWith(QLatin1String("runfile-"))) // runFiles() replays those
                    continue;
                const bool overrides = QLatin1String(folder).endsWith(QLatin1String("-overrides"))
                    || name.startsWith(QLatin1String("overrides-"));
                const bool injections = QLatin1String(folder).endsWith(QLatin1String("-injections"))
                    || name.startsWith(QLatin1String("injections-"));
                QTest::newRow(qPrintable(QLatin1String(folder) + u'/' + name))
                    << dir.filePath(name) << overrides << injections;
                ++seeds;
                injectionSeeds += injections;
            }
        }
        QVERIFY(seeds > 50);
        QVERIFY(injectionSeeds > 20);
    }
    void replay()
    {
        QFETCH(QString, path);
        QFETCH(bool, overrides);
        QFETCH(bool, injections);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QElapsedTimer timer;
        timer.start();
        const QByteArray bytes = file.readAll();
        if (injections) {
            QVERIFY2(fuzz::runInjections(bytes),
                "a spec was refused without a reason, or its traced form does not parse again");
            QVERIFY2(timer.elapsed() < 10000, qPrintable(QString::number(timer.elapsed())));
            return;
        }
        const auto result = overrides ? ScenarioLoader::loadText(overridesBase(), QStringLiteral("base.json"),
                                QString::fromUtf8(bytes).split(u'\n', Qt::SkipEmptyParts))
                                      : ScenarioLoader::loadText(bytes, QFileInfo(path).fileName());
        if (result.ok()) {
            const auto simulation = ScenarioBuilder::build(*result.scenario);
            simulation->runToQuiescence(500);
        } else {
            QVERIFY(!result.errors.empty());
        }
        QVERIFY2(timer.elapsed() < 10000, qPrintable(QString::number(timer.elapsed())));
    }

    /// fuzz_run_file's seeds (tests/fuzz/corpus-runfiles/, the hostile run-file cases) and its kept
    /// crashers (tests/fuzz/crashers/runfile-*), through the same contracts (runfilefuzz.h).
    void runFiles_data()
    {
        QTest::addColumn<QString>("path");
        int seeds = 0;
        for (const char* folder : { "tests/fuzz/corpus-runfiles", "tests/hostile/runfiles", "tests/fuzz/crashers" }) {
            const QDir dir(QStringLiteral(EVENTLOOM_SOURCE_DIR "/") + QLatin1String(folder));
            for (const QString& name : dir.entryList(QDir::Files, QDir::Name)) {
                if (name == QLatin1String("README.md")
                    || (QLatin1String(folder).endsWith(QLatin1String("crashers"))
                        && !name.startsWith(QLatin1String("runfile-"))))
                    continue;
                QTest::newRow(qPrintable(QLatin1String(folder) + u'/' + name)) << dir.filePath(name);
                ++seeds;
            }
        }
        QVERIFY(seeds > 20);
    }
    void runFiles()
    {
        QFETCH(QString, path);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        runfilefuzz::baseRunFile(); // recorded once, not timed
        QElapsedTimer timer;
        timer.start();
        runfilefuzz::run(file.readAll()); // traps on a broken contract
        QVERIFY2(timer.elapsed() < 10000, qPrintable(QString::number(timer.elapsed())));
    }
};

QTEST_GUILESS_MAIN(TestFuzzCorpus)
#include "tst_fuzzcorpus.moc"
