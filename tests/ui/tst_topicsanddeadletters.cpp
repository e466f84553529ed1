// The Topics and Groups dock and the Dead Letters dock, driven through the real window: a poison
// message scenario's dead letters listed and one republished (edited) through the engine's queue;
// a slow consumer's lag shown as the engine has it.

#include "faults/faultinjector.h"
#include "mainwindow.h"
#include "models/deadlettermodel.h"
#include "models/eventlogmodel.h"
#include "models/topicsmodel.h"
#include "playbackspeed.h"
#include "record/runarchive.h"
#include "record/runfile.h"
#include "record/runreplay.h"
#include "scenario/scenariobuilder.h"
#include "scenario/scenarioloader.h"
#include "scenario/shippedscenarios.h"
#include "sim/simulation.h"
#include "simulation/workerrecording.h"
#include "uitesting.h"
#include "views/deadlettersview.h"
#include "views/topicsview.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QInputDialog>
#include <QJsonDocument>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeView>

using namespace eventloom;
using namespace eventloom::uitesting;

namespace {
int countKind(const QAbstractItemModel& model, const QString& kind)
{
    int n = 0;
    for (int r = 0; r < model.rowCount(); ++r)
        if (model.index(r, 0).data(EventLogModel::KindRole).toString() == kind)
            ++n;
    return n;
}

QDockWidget* dock(const MainWindow& window, const char* name)
{
    return window.findChild<QDockWidget*>(QLatin1String(name));
}

QAbstractItemModel* logModel(const MainWindow& window)
{
    return window.findChild<QTableView*>(QStringLiteral("eventLogView"))->model();
}
}

class TestTopicsAndDeadLetters : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        QSettings().clear();
        chooseWorkbenchLayout(); // the expert docks
    }

    void listsAndRepublishesDeadLetters()
    {
        MainWindow window;
        window.setErrorHandler([](const QString& message, const QStringList& details) {
            QFAIL(qPrintable(message + u' ' + details.join(u' ')));
        });
        window.resize(1400, 900);
        window.show();
        QVERIFY(window.openFile(QStringLiteral("13-poison-message-dead-letter")));
        QDockWidget* deadDock = dock(window, "deadLettersDock");
        QVERIFY(deadDock && dock(window, "topicsDock"));
        QTRY_VERIFY(deadDock->isVisible());
        QVERIFY(dock(window, "topicsDock")->isVisible());
        DeadLettersView* view = window.deadLettersView();
        DeadLetterModel* model = view->model();
        QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester topicsTester(
            window.topicsView()->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);

        auto* speed = window.findChild<QComboBox*>(QStringLiteral("speedCombo"));
        speed->setCurrentIndex(speed->findData(PlaybackSpeed::kMax));
        window.play();
        QTRY_COMPARE_WITH_TIMEOUT(labelText(window, "stateLabel"), QStringLiteral("Finished"), 30000);
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 3, 5000);
        for (int r = 0; r < 3; ++r) {
            QCOMPARE(model->index(r, DeadLetterModel::Topic).data().toString(), QStringLiteral("orders.events"));
            QCOMPARE(model->index(r, DeadLetterModel::Type).data().toString(), QStringLiteral("OrderCreated"));
            QCOMPARE(model->index(r, DeadLetterModel::Group).data().toString(), QStringLiteral("notification"));
            QCOMPARE(model->index(r, DeadLetterModel::Attempts).data().toInt(), 4); // the first try and 3 retries
            QVERIFY(!model->index(r, DeadLetterModel::Reason).data().toString().isEmpty());
        }
        // The first is selected: its payload is in the editor.
        QTRY_VERIFY(view->editor()->toPlainText().contains(QStringLiteral("orderId")));
        saveScreenshot(window, QStringLiteral("dead-letters"));

        // Edit it and republish: an injection through the engine's queue, traced `republished`, delivered again.
        QJsonObject payload = QJsonDocument::fromJson(view->editor()->toPlainText().toUtf8()).object();
        payload.insert(QStringLiteral("note"), QStringLiteral("fixed by support"));
        view->editor()->setPlainText(QString::fromUtf8(QJsonDocument(payload).toJson()));
        const int deliveredBefore = countKind(*logModel(window), QStringLiteral("delivered"));
        QCOMPARE(countKind(*logModel(window), QStringLiteral("republished")), 0);
        view->findChild<QPushButton*>(QStringLiteral("republishEditedButton"))->click();
        QTRY_COMPARE_WITH_TIMEOUT(countKind(*logModel(window), QStringLiteral("republished")), 1, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(
            countKind(*logModel(window), QStringLiteral("injection")) >= 2, 5000); // the poison, then ours
        window.play(); // the run ended idle; the republished message makes it go on
        QTRY_COMPARE_WITH_TIMEOUT(labelText(window, "stateLabel"), QStringLiteral("Finished"), 30000);
        QTRY_VERIFY_WITH_TIMEOUT(countKind(*logModel(window), QStringLiteral("delivered")) > deliveredBefore, 5000);
        // No longer poisoned: it is handled, not dead-lettered again.
        QCOMPARE(model->rowCount(), 3);
        saveScreenshot(*deadDock, QStringLiteral("dead-letters-republished"));

        // A payload that is not JSON is refused before anything is queued.
        view->editor()->setPlainText(QStringLiteral("{ not json"));
        view->findChild<QPushButton*>(QStringLiteral("republishEditedButton"))->click();
        QVERIFY(view->findChild<QLabel*>(QStringLiteral("deadLetterProblem"))->isVisibleTo(view));
    }

    void deadLettersDockOnlyWhereTheyCanHappen()
    {
        MainWindow window;
        window.show();
        QVERIFY(window.openFile(QStringLiteral("01-pubsub-fanout")));
        QTRY_VERIFY(dock(window, "topicsDock")->isVisible());
        QVERIFY(!dock(window, "deadLettersDock")->isVisible());
        // Both in the View menu, as the other docks are.
        QMenu* viewMenu = nullptr;
        for (QAction* a : window.menuBar()->actions())
            if (a->text() == QStringLiteral("&View"))
                viewMenu = a->menu();
        QVERIFY(viewMenu);
        QVERIFY(viewMenu->actions().contains(dock(window, "deadLettersDock")->toggleViewAction()));
        QVERIFY(viewMenu->actions().contains(dock(window, "topicsDock")->toggleViewAction()));
    }

    void layoutIsRemembered()
    {
        {
            MainWindow window;
            window.show();
            QVERIFY(window.openFile(QStringLiteral("13-poison-message-dead-letter")));
            QTRY_VERIFY(dock(window, "deadLettersDock")->isVisible());
            dock(window, "deadLettersDock")->setFloating(true); // something the default layout does not do
            window.close();
        }
        MainWindow again;
        QVERIFY(dock(again, "deadLettersDock")->isFloating());
        QVERIFY(!dock(again, "topicsDock")->isFloating());
    }

    void aRepublishIsRecordedAndReplaysFromTheRunFile()
    {
        // What the worker does with the dock's request: the spec at now + 1 µs, queued and declared.
        QTemporaryDir dir;
        QSettings settings;
        RunArchive::Settings archive;
        archive.directory = dir.path();
        RunArchive::save(settings, archive);
        const auto loaded
            = ScenarioLoader::loadFile(ShippedScenarios::resolve(QStringLiteral("13-poison-message-dead-letter")));
        QVERIFY(loaded.ok());
        auto sim = ScenarioBuilder::build(*loaded.scenario);
        WorkerRecording recording;
        recording.start(*loaded.scenario, *sim);
        sim->runUntil(4 * kSecond);
        QVERIFY(!sim->deadLetters().empty());
        const QJsonObject edited { { QStringLiteral("orderId"), QStringLiteral("order-fixed") } };
        QString error;
        auto spec = InjectionSpec::parse(DeadLettersView::republishSpec(0, &edited).text(), error);
        QVERIFY2(spec, qPrintable(error));
        spec->setAt(sim->now() + 1);
        QCOMPARE(sim->injectionQueue().enqueue(spec->text()), QString());
        recording.declareInjection(*spec);
        sim->runToQuiescence();
        QCOMPARE(sim->counters().republished, std::uint64_t(1));
        sim->finish();
        recording.finish(*sim, CheckJudge(loaded.scenario->checks).finish(*sim));
        QVERIFY(recording.takeProblem().isEmpty());
        const QStringList files = QDir(dir.path()).entryList({ QStringLiteral("*.sqlite") }, QDir::Files);
        QCOMPARE(files.size(), 1);
        RunFile run;
        QVERIFY2(run.open(dir.filePath(files.front()), error), qPrintable(error));
        const RunReplay::Result r = RunReplay::replay(run, true);
        QVERIFY2(r.matches, qPrintable(r.recordedRecord + QStringLiteral(" vs ") + r.replayedRecord));
    }

    void showsLagAsTheEngineHasIt()
    {
        const QString name = QStringLiteral("12-slow-consumer-backpressure");
        MainWindow window;
        window.resize(1400, 900);
        window.show();
        QVERIFY(window.openFile(name));
        TopicsModel* model = window.topicsView()->model();
        QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTRY_VERIFY(dock(window, "topicsDock")->isVisible());

        auto* runUntil = window.findChild<QAction*>(QStringLiteral("actionRunUntil"));
        QVERIFY(runUntil);
        QTRY_VERIFY(runUntil->isEnabled());
        QTimer::singleShot(0, this, [] {
            auto* dialog = qobject_cast<QInputDialog*>(QApplication::activeModalWidget());
            QVERIFY(dialog);
            dialog->setDoubleValue(10.0);
            dialog->accept();
        });
        runUntil->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(labelText(window, "timeLabel"), QStringLiteral("t = 10.000 s"), 30000);

        // The engine, headless, at the same moment.
        const auto loaded = ScenarioLoader::loadFile(ShippedScenarios::resolve(name));
        QVERIFY(loaded.ok());
        auto sim = ScenarioBuilder::build(*loaded.scenario);
        sim->runUntil(10 * kSecond);
        const EventBus& bus = sim->bus();
        std::uint16_t analytics = 0xFFFF;
        for (std::size_t g = 0; g < bus.groupCount(); ++g)
            if (sim->log().text(bus.group(static_cast<std::uint16_t>(g)).name) == "analytics"
                && sim->log().text(bus.topic(bus.group(static_cast<std::uint16_t>(g)).topic).name) == "orders.events")
                analytics = static_cast<std::uint16_t>(g);
        QVERIFY(analytics != 0xFFFF);
        std::int64_t total = 0;
        for (int p = 0; p < 3; ++p)
            total += bus.lag(analytics, p);
        QVERIFY2(total > 0, "the slow consumer should be behind at 10 s");
        for (int p = 0; p < 3; ++p)
            QTRY_COMPARE_WITH_TIMEOUT(model->lag(QStringLiteral("orders.events"), QStringLiteral("analytics"), p),
                static_cast<qint64>(bus.lag(analytics, p)), 5000);
        // Show the slow group's rows for the person looking at the screenshot.
        auto* tree = window.topicsView()->findChild<QTreeView*>(QStringLiteral("topicsTree"));
        const QModelIndex topic = model->index(0, 0);
        for (int r = 0; r < model->rowCount(topic); ++r)
            if (model->index(r, 0, topic).data().toString() == QStringLiteral("group analytics")) {
                tree->expand(model->index(r, 0, topic));
                tree->scrollTo(model->index(r, 0, topic), QAbstractItemView::PositionAtTop);
            }
        saveScreenshot(window, QStringLiteral("topics-lag"));
    }
};

QTEST_MAIN(TestTopicsAndDeadLetters)
#include "tst_topicsanddeadletters.moc"
