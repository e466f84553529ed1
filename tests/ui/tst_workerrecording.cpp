// The window records every run: into the archive directory, with the outcome when the run ends,
// cut short when it is left early, with injections added by hand, and never at the run's expense.

#include "faults/faultinjector.h"
#include "record/runarchive.h"
#include "record/runfile.h"
#include "record/runreplay.h"
#include "scenario/scenariobuilder.h"
#include "scenario/scenarioloader.h"
#include "scenario/shippedscenarios.h"
#include "sim/fingerprint.h"
#include "simulation/workerrecording.h"

#include <QCoreApplication>
#include <QDir>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace eventloom;

namespace {
Scenario shipped(const char* id)
{
    const auto loaded = ScenarioLoader::loadFile(ShippedScenarios::resolve(QLatin1String(id)));
    if (!loaded.ok())
        qFatal("%s", qPrintable(loaded.errors.front().toString()));
    return *loaded.scenario;
}

QStringList runFiles(const QString& dir)
{
    return QDir(dir).entryList({ QStringLiteral("*.sqlite") }, QDir::Files, QDir::Name);
}
}

class TestWorkerRecording : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_archive;

    void useArchive(const QString& directory, bool enabled = true)
    {
        QSettings settings;
        RunArchive::Settings values;
        values.directory = directory;
        values.enabled = enabled;
        RunArchive::save(settings, values);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true); // settings and data stay out of the user's own
        QCoreApplication::setOrganizationName(QStringLiteral("EventLoomTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_workerrecording"));
        m_archive = m_dir.filePath(QStringLiteral("runs"));
    }
    void cleanupTestCase() { QSettings().clear(); }

    void aFinishedRunIsRecordedWhole()
    {
        useArchive(m_archive);
        const Scenario s = shipped("01-pubsub-fanout");
        auto sim = ScenarioBuilder::build(s, 7);
        WorkerRecording recording;
        recording.start(s, *sim);
        while (sim->step())
            if (sim->counters().records % 500 == 0)
                recording.flush(*sim); // as the worker does once per slice
        sim->finish();
        recording.finish(*sim, CheckJudge(s.checks).finish(*sim));
        QVERIFY(recording.takeProblem().isEmpty());
        const QStringList files = runFiles(m_archive);
        QCOMPARE(files.size(), 1);
        QVERIFY(files.front().startsWith(QStringLiteral("01-pubsub-fanout-")));
        RunFile run;
        QString error;
        QVERIFY2(run.open(m_archive + u'/' + files.front(), error), qPrintable(error));
        QVERIFY(run.finished());
        QCOMPARE(run.fingerprint(), QStringLiteral("1a0b40110d8cf797"));
        QVERIFY(RunReplay::replay(run, true).matches);
    }

    void aRunLeftEarlyIsCutShortAndInjectionsReplay()
    {
        const QString dir = m_dir.filePath(QStringLiteral("early"));
        useArchive(dir);
        const Scenario s = shipped("03-duplicates-idempotency");
        auto sim = ScenarioBuilder::build(s);
        WorkerRecording recording;
        recording.start(s, *sim);
        sim->runUntil(1 * kSecond);
        QString problem;
        auto spec = InjectionSpec::parse(QStringLiteral("crash,service=payment,for=300ms"), problem);
        QVERIFY(spec);
        spec->at = sim->now(); // what the worker's inject() does
        QVERIFY(FaultInjector::schedule(*spec, *sim).isEmpty());
        recording.declareInjection(*spec);
        sim->runUntil(3 * kSecond);
        recording.stop(*sim); // Reset in the window
        RunFile run;
        QString error;
        QVERIFY(run.open(dir + u'/' + runFiles(dir).front(), error));
        QVERIFY(!run.finished());
        QCOMPARE(run.injections().size(), std::size_t(1));
        QCOMPARE(run.injections().front().effective, 1 * kSecond);
        const RunReplay::Result r = RunReplay::replay(run, true);
        QVERIFY2(r.matches, qPrintable(r.recordedRecord + QStringLiteral(" vs ") + r.replayedRecord));
        QVERIFY(r.comparedRecords > 100);
    }

    void recordingOffMeansNoFile()
    {
        const QString dir = m_dir.filePath(QStringLiteral("off"));
        useArchive(dir, false);
        const Scenario s = shipped("01-pubsub-fanout");
        auto sim = ScenarioBuilder::build(s);
        WorkerRecording recording;
        recording.start(s, *sim);
        sim->runToQuiescence();
        recording.finish(*sim, CheckJudge(s.checks).finish(*sim));
        QVERIFY(runFiles(dir).isEmpty());
        QVERIFY(recording.takeProblem().isEmpty());
    }

    void anUnusableDirectoryIsReportedOnceAndTheRunGoesOn()
    {
        const QString blocker = m_dir.filePath(QStringLiteral("a-file"));
        QFile f(blocker);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.close();
        useArchive(blocker + QStringLiteral("/runs")); // a directory inside a file: cannot exist
        const Scenario s = shipped("01-pubsub-fanout");
        auto plain = ScenarioBuilder::build(s);
        plain->runToQuiescence();
        auto sim = ScenarioBuilder::build(s);
        WorkerRecording recording;
        recording.start(s, *sim);
        const QString problem = recording.takeProblem();
        QVERIFY2(problem.contains(QStringLiteral("cannot create")), qPrintable(problem));
        QVERIFY(recording.takeProblem().isEmpty()); // once
        sim->runToQuiescence();
        recording.flush(*sim);
        recording.finish(*sim, CheckJudge(s.checks).finish(*sim));
        QCOMPARE(sim->fingerprint(), plain->fingerprint());
    }
};

QTEST_GUILESS_MAIN(TestWorkerRecording)
#include "tst_workerrecording.moc"
