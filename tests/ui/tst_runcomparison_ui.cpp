// Tools › Compare Runs… through the real window: run 07 with seed 7, Reset, inject a failed payment,
// run again, then the action compares the two runs the window recorded without a file dialog — the
// counters that differ are the highlighted rows, the first divergence and the final-state
// differences are what RunComparison finds in the files. Also: runs of different scenarios are
// flagged, a file that is not a run file is reported, and the comparison never holds the UI thread.

#include "mainwindow.h"
#include "models/runcountersmodel.h"
#include "models/statedifferencemodel.h"
#include "playbackspeed.h"
#include "record/runarchive.h"
#include "record/runcomparison.h"
#include "record/runrecorder.h"
#include "scenario/scenariobuilder.h"
#include "scenario/scenarioloader.h"
#include "scenario/shippedscenarios.h"
#include "uitesting.h"
#include "views/runcomparisonview.h"

#include <QAbstractItemModelTester>
#include <QJsonDocument>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>

using namespace eventloom;
using namespace eventloom::uitesting;

namespace {
/// Records a shipped scenario headless, as `eventloom-cli run --record` does.
void record(const QString& id, std::uint64_t seed, const QString& path)
{
    const auto loaded = ScenarioLoader::loadFile(ShippedScenarios::resolve(id));
    QVERIFY(loaded.ok());
    const Scenario& scenario = *loaded.scenario;
    auto sim = ScenarioBuilder::build(scenario, seed);
    RunInfo info;
    info.scenarioId = scenario.id;
    info.scenarioJson = QJsonDocument(scenario.json).toJson(QJsonDocument::Compact);
    info.seed = seed;
    info.until = scenario.until;
    RunRecorder recorder;
    QString error;
    QVERIFY2(recorder.open(path, info, error), qPrintable(error));
    sim->addObserver(&recorder);
    if (scenario.until > 0)
        sim->runUntil(scenario.until);
    else
        sim->runToQuiescence(50'000'000);
    QVERIFY(recorder.finish(*sim));
}
}

class TestRunComparisonUi : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_archive;
    QString m_plain, m_faulted; // the window's two runs

    RunComparisonView* openView(MainWindow& window)
    {
        action(window, "actionCompareRuns")->trigger();
        auto* view = window.findChild<RunComparisonView*>(QStringLiteral("runComparisonView"));
        if (view) {
            new QAbstractItemModelTester(
                view->countersModel(), QAbstractItemModelTester::FailureReportingMode::QtTest, view);
            new QAbstractItemModelTester(
                view->stateModel(), QAbstractItemModelTester::FailureReportingMode::QtTest, view);
        }
        return view;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_archive = m_dir.filePath(QStringLiteral("runs"));
        recordRunsInto(m_archive, "tst_runcomparison_ui");
    }
    void cleanupTestCase() { QSettings().clear(); }

    void runInjectRunAgainCompare()
    {
        Errors errors;
        MainWindow window;
        window.setErrorHandler(errors.handler());
        window.resize(1400, 900);
        window.show();
        QVERIFY(window.openFile(QStringLiteral("07-saga-orchestration"), 7));
        window.setSpeed(PlaybackSpeed::kMax);
        window.play();
        QTRY_COMPARE_WITH_TIMEOUT(labelText(window, "stateLabel"), QStringLiteral("Finished"), 60000);
        action(window, "actionReset")->trigger();
        QVERIFY(window.inject(QStringLiteral("fail-payment@1s,count=1")));
        window.play();
        QTRY_COMPARE_WITH_TIMEOUT(labelText(window, "stateLabel"), QStringLiteral("Finished"), 60000);
        QTRY_COMPARE_WITH_TIMEOUT(finishedRuns(m_archive).size(), 2, 20000);
        QVERIFY2(errors.messages.isEmpty(), qPrintable(errors.messages.join(u'\n')));
        m_faulted = finishedRuns(m_archive).at(0);
        m_plain = finishedRuns(m_archive).at(1);

        // No file dialog: the two runs just recorded, the older as A.
        RunComparisonView* view = openView(window);
        QVERIFY(view);
        QVERIFY(view->isVisible());
        QCOMPARE(view->findChild<QLineEdit*>(QStringLiteral("runPathA"))->text(), m_plain);
        QCOMPARE(view->findChild<QLineEdit*>(QStringLiteral("runPathB"))->text(), m_faulted);
        QTRY_VERIFY_WITH_TIMEOUT(!view->isBusy() && view->comparison(), 30000);
        QVERIFY(!view->findChild<QProgressBar*>(QStringLiteral("comparisonBusy"))->isVisible());

        const RunComparison expected = RunComparison::compare(m_plain, m_faulted);
        QVERIFY(expected.ok && expected.divergence);
        QVERIFY(expected.b.injections.size() == 1 && expected.a.injections.empty());

        // The highlighted rows are the counters that differ, among them one more compensated saga.
        const RunCountersModel* counters = view->countersModel();
        QCOMPARE(counters->rowCount(), static_cast<int>(expected.counters.size()));
        QStringList highlighted;
        for (int row = 0; row < counters->rowCount(); ++row) {
            const QModelIndex index = counters->index(row, RunCountersModel::Counter);
            const bool differs = counters->data(index, RunCountersModel::DiffersRole).toBool();
            QCOMPARE(counters->data(index, Qt::BackgroundRole).isValid(), differs);
            if (differs)
                highlighted << counters->data(index, RunCountersModel::KeyRole).toString();
            if (counters->data(index, RunCountersModel::KeyRole).toString() == QLatin1String("sagas.compensated")) {
                QVERIFY(differs);
                QCOMPARE(
                    counters->data(counters->index(row, RunCountersModel::Change)).toString(), QStringLiteral("+1"));
            }
        }
        QStringList expectedDiffering;
        for (const RunComparison::Counter& c : expected.counters)
            if (c.differs())
                expectedDiffering << c.key;
        QCOMPARE(highlighted, expectedDiffering);
        QVERIFY(highlighted.contains(QStringLiteral("sagas.compensated")));

        const QString divergence = labelText(*view, "divergenceLabel");
        QVERIFY2(divergence.contains(QStringLiteral("#%1").arg(expected.divergence->record)), qPrintable(divergence));
        QVERIFY2(divergence.contains(QString::fromStdString(formatDuration(expected.divergence->t))),
            qPrintable(divergence));
        QCOMPARE(
            view->findChild<QPlainTextEdit*>(QStringLiteral("divergenceA"))->toPlainText(), expected.divergence->a);
        QCOMPARE(
            view->findChild<QPlainTextEdit*>(QStringLiteral("divergenceB"))->toPlainText(), expected.divergence->b);
        QVERIFY(labelText(*view, "fingerprintLabel").contains(QStringLiteral("different")));
        QVERIFY(labelText(*view, "fingerprintLabel").contains(expected.a.fingerprint));
        // The window injects at the moment shown (here 1 µs after 0) and records the spec with that time.
        QVERIFY2(expected.b.injections.front().spec.startsWith(QStringLiteral("fail-payment@")),
            qPrintable(expected.b.injections.front().spec));
        QVERIFY(expected.divergence->t >= expected.b.injections.front().at);
        QVERIFY2(labelText(*view, "runBLabel").contains(expected.b.injections.front().spec),
            qPrintable(labelText(*view, "runBLabel")));
        QVERIFY(labelText(*view, "runALabel").contains(QStringLiteral("Injections: none")));
        QVERIFY(labelText(*view, "comparisonStatus").contains(QStringLiteral("differ")));

        const StateDifferenceModel* states = view->stateModel();
        QCOMPARE(states->rowCount(), static_cast<int>(expected.stateDifferences.size()));
        int sagaRows = 0;
        for (int row = 0; row < states->rowCount(); ++row)
            if (states->data(states->index(row, 0), StateDifferenceModel::CategoryRole).toString()
                == QLatin1String("saga")) {
                ++sagaRows;
                QCOMPARE(states->data(states->index(row, StateDifferenceModel::RunA)).toString(),
                    QStringLiteral("completed"));
                QCOMPARE(states->data(states->index(row, StateDifferenceModel::RunB)).toString(),
                    QStringLiteral("compensated"));
            }
        QCOMPARE(sagaRows, 1);
        view->findChild<QTableView*>(QStringLiteral("counterTable"))->scrollTo(counters->index(18, 0));
        saveScreenshot(*view, QStringLiteral("run-comparison"));
    }

    void identicalRunsDifferentScenariosAndBadFiles()
    {
        QVERIFY(!m_plain.isEmpty());
        const QString once = m_dir.filePath(QStringLiteral("once.sqlite"));
        const QString again = m_dir.filePath(QStringLiteral("again.sqlite"));
        const QString other = m_dir.filePath(QStringLiteral("other.sqlite"));
        record(QStringLiteral("07-saga-orchestration"), 7, once);
        record(QStringLiteral("07-saga-orchestration"), 7, again);
        record(QStringLiteral("08-saga-choreography"), 7, other);

        MainWindow window;
        window.show();
        RunComparisonView* view = openView(window);
        QVERIFY(view);
        QTRY_VERIFY_WITH_TIMEOUT(!view->isBusy(), 30000);

        // compare() returns at once: the walk runs on a thread of its own, the busy bar shows meanwhile.
        QSignalSpy finished(view, &RunComparisonView::comparisonFinished);
        view->compare(once, again);
        QVERIFY(view->isBusy());
        QVERIFY(view->findChild<QProgressBar*>(QStringLiteral("comparisonBusy"))->isVisible());
        QVERIFY(finished.wait(30000));
        QVERIFY(view->comparison()->identical());
        QVERIFY2(view->countersModel()->differingKeys().isEmpty(),
            qPrintable(view->countersModel()->differingKeys().join(u' ')));
        QCOMPARE(view->stateModel()->rowCount(), 0);
        QVERIFY(labelText(*view, "fingerprintLabel").contains(QStringLiteral("equal")));
        QVERIFY(labelText(*view, "divergenceLabel").startsWith(QStringLiteral("None")));
        QVERIFY(labelText(*view, "comparisonStatus").contains(QStringLiteral("identical")));

        // The action keeps files chosen by hand.
        action(window, "actionCompareRuns")->trigger();
        QCOMPARE(view->findChild<QLineEdit*>(QStringLiteral("runPathB"))->text(), again);

        view->compare(once, other);
        QVERIFY(finished.wait(30000));
        QVERIFY(!view->comparison()->sameScenario());
        QVERIFY2(labelText(*view, "comparisonStatus").contains(QStringLiteral("different scenarios")),
            qPrintable(labelText(*view, "comparisonStatus")));
        QVERIFY(!view->countersModel()->differingKeys().isEmpty());
        saveScreenshot(*view, QStringLiteral("run-comparison-different-scenarios"));

        const QString text = m_dir.filePath(QStringLiteral("notes.sqlite"));
        QFile f(text);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("not a run\n");
        f.close();
        view->compare(once, text);
        QVERIFY(finished.wait(30000));
        const QString status = labelText(*view, "comparisonStatus");
        QVERIFY2(status.contains(QStringLiteral("Cannot compare"))
                && status.contains(QStringLiteral("not a SQLite database")),
            qPrintable(status));
    }
};

QTEST_MAIN(TestRunComparisonUi)
#include "tst_runcomparison_ui.moc"
