#include "mainwindow.h"
#include "models/coursemodel.h"
#include "models/eventlogmodel.h"
#include "models/sagamodel.h"
#include "playbackspeed.h"
#include "scenario/scenariobuilder.h"
#include "scenario/scenarioloader.h"
#include "scenario/shippedscenarios.h"
#include "sim/fingerprint.h"
#include "startpage.h"
#include "uitesting.h"
#include "views/inspectorpanel.h"
#include "views/sagachart.h"
#include "views/timelineview.h"

#include <QAbstractItemModelTester>
#include <QAbstractProxyModel>
#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QMimeData>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUrl>

using namespace eventloom;
using namespace eventloom::uitesting;

namespace {
const QString kLesson = QStringLiteral("01-pubsub-fanout");

QString lessonTitle(const QString& id)
{
    for (const ShippedScenarios::Lesson& lesson : ShippedScenarios::lessons())
        if (lesson.id == id)
            return lesson.title;
    return {};
}

/// The number after the colon in "Events: 123"; -1 while there is none.
qint64 statusNumber(const MainWindow& window, const char* name)
{
    bool ok = false;
    const qint64 value = labelText(window, name).section(QLatin1Char(':'), 1).trimmed().toLongLong(&ok);
    return ok ? value : -1;
}

QAbstractItemModel* logModel(const MainWindow& window)
{
    return window.findChild<QTableView*>(QStringLiteral("eventLogView"))->model();
}

void selectSpeed(const MainWindow& window, double speed)
{
    auto* combo = window.findChild<QComboBox*>(QStringLiteral("speedCombo"));
    const int index = combo->findData(speed);
    QVERIFY(index >= 0);
    combo->setCurrentIndex(index);
}

/// The lesson, run headless the way `eventloom-cli run` runs it.
QString headlessFingerprint(std::uint64_t* events)
{
    const auto loaded = ScenarioLoader::loadFile(ShippedScenarios::resolve(kLesson));
    auto sim = ScenarioBuilder::build(*loaded.scenario);
    if (loaded.scenario->until > 0)
        sim->runUntil(loaded.scenario->until);
    else
        sim->runToQuiescence();
    sim->finish();
    *events = sim->counters().events;
    return QString::fromStdString(Fingerprint::format(sim->fingerprint()));
}

/// Opens the lesson the way a user does: select it on the start page, press Open Lesson.
void openLessonFromStartPage(MainWindow& window)
{
    auto* page = window.findChild<StartPage*>(QStringLiteral("startPage"));
    QVERIFY(page);
    QVERIFY(page->select(kLesson));
    QTest::mouseClick(window.findChild<QPushButton*>(QStringLiteral("openLessonButton")), Qt::LeftButton);
    QVERIFY(window.scenario());
    QCOMPARE(window.scenario()->id, kLesson);
}
}

class TestMainWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QSettings().clear(); // a layout saved by an earlier run must not change what the tests see
    }
    void timelineAndLogSelectionsFollowEachOther()
    {
        MainWindow window;
        window.show();
        QVERIFY(window.openFile(kLesson));
        // The log's filter and the model under it stay consistent while rows pour in.
        auto* filtered = qobject_cast<QAbstractProxyModel*>(logModel(window));
        QVERIFY(filtered);
        QAbstractItemModelTester filterTester(filtered, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester logTester(
            filtered->sourceModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        window.findChild<QLineEdit*>(QStringLiteral("logFilterEdit"))->setText(QStringLiteral("OrderCreated"));
        selectSpeed(window, PlaybackSpeed::kMax);
        window.play();
        QTRY_COMPARE_WITH_TIMEOUT(labelText(window, "stateLabel"), QStringLiteral("Finished"), 30000);
        QCOMPARE(filtered->rowCount() > 0, true);
        for (int row = 0; row < filtered->rowCount(); ++row)
            QVERIFY(filtered->index(row, 0).data(EventLogModel::KindRole).toString().size() > 0);
        window.findChild<QLineEdit*>(QStringLiteral("logFilterEdit"))->clear();
        TimelineView* timeline = window.timeline();
        // Every handled event is an arrow: 3 groups read each event of 01.
        QVERIFY(timeline->arrowCount() >= 3 * static_cast<std::size_t>(statusNumber(window, "eventsLabel")));
        QVERIFY(timeline->laneCount() >= 4);
        action(window, "actionFit")->trigger();
        QVERIFY(timeline->drewDensity() || timeline->arrowCount() < 3000); // a whole run of many arrows: density

        // Zoom into the start: arrows are drawn one by one, and a click on one selects its publish in the log.
        timeline->axis().fit(0, 200 * kMillisecond, timeline->viewport()->width() - 120);
        timeline->setFollowing(false);
        timeline->viewport()->repaint();
        QVERIFY(!timeline->drewDensity());
        auto* log = window.findChild<QTableView*>(QStringLiteral("eventLogView"));
        std::uint32_t clicked = kNoMessage;
        for (int row = 0; row < log->model()->rowCount() && clicked == kNoMessage; ++row) {
            const qint64 seq = log->model()->index(row, 0).data(EventLogModel::MessageRole).toLongLong();
            if (seq < 0)
                continue;
            if (const auto point = timeline->pointOf(static_cast<std::uint32_t>(seq))) {
                QTest::mouseClick(timeline->viewport(), Qt::LeftButton, {}, point->toPoint());
                clicked = timeline->selectedMessage();
            }
        }
        QVERIFY(clicked != kNoMessage);
        QCOMPARE(log->currentIndex().data(EventLogModel::MessageRole).toLongLong(), static_cast<qint64>(clicked));
        // The inspector shows it whole: envelope, payload, deliveries, causal chain.
        InspectorPanel* inspector = window.inspector();
        QTRY_COMPARE_WITH_TIMEOUT(inspector->message(), clicked, 5000);
        const QString shown = inspector->text();
        for (const char* part : { "correlationId", "Payload", "Deliveries", "Causal chain", "handled" })
            QVERIFY2(shown.contains(QLatin1String(part)), qPrintable(shown));
        saveScreenshot(window, QStringLiteral("timeline"));
        // Export the timeline: what it shows as PNG, the whole run as SVG.
        QTemporaryDir dir;
        QString target = dir.filePath(QStringLiteral("timeline.png"));
        window.setSavePathProvider([&](const QString&, QString*) { return target; });
        action(window, "actionExportTimeline")->trigger();
        const QImage png(target);
        QCOMPARE(png.size(), timeline->viewport()->size());
        target = dir.filePath(QStringLiteral("timeline.svg"));
        action(window, "actionExportWholeTimeline")->trigger();
        QFile svg(target);
        QVERIFY(svg.open(QIODevice::ReadOnly));
        const QByteArray text = svg.readAll();
        QVERIFY(text.contains("<svg") && text.contains("inventory") && text.contains("analytics"));
        QVERIFY(timeline->axis().pixelsPerUs > 1e-5); // the view stays zoomed in where it was
        // Following a link of the causal chain selects that message everywhere.
        const qint64 before = log->currentIndex().data(EventLogModel::MessageRole).toLongLong();
        Q_EMIT inspector->messageActivated(static_cast<std::uint32_t>(before + 1));
        QCOMPARE(log->currentIndex().data(EventLogModel::MessageRole).toLongLong(), before + 1);
        QCOMPARE(static_cast<qint64>(timeline->selectedMessage()), before + 1);
        QTRY_COMPARE_WITH_TIMEOUT(static_cast<qint64>(inspector->message()), before + 1, 5000);

        // And back: selecting a row in the log highlights that message in the timeline.
        const QModelIndex other = log->model()->index(log->currentIndex().row() + 40, 0);
        log->setCurrentIndex(other);
        QCOMPARE(static_cast<qint64>(timeline->selectedMessage()), other.data(EventLogModel::MessageRole).toLongLong());
    }
    void droppedAndRecentFilesOpen()
    {
        MainWindow window;
        Errors errors;
        window.setErrorHandler(errors.handler());
        QTemporaryDir dir;
        const QString copy = dir.filePath(QStringLiteral("my-fanout.json"));
        QVERIFY(QFile::copy(ShippedScenarios::resolve(kLesson), copy));
        // Drop the file on the window: it opens.
        QMimeData mime;
        mime.setUrls({ QUrl::fromLocalFile(copy) });
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(&window, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(&window, &drop);
        QVERIFY(window.scenario());
        QCOMPARE(window.scenario()->file, copy);
        // Then a shipped lesson; both are remembered, newest first, and reopen from File › Open Recent.
        QVERIFY(window.openFile(QStringLiteral("07-saga-orchestration")));
        QCOMPARE(window.recentFiles().mid(0, 2), (QStringList { QStringLiteral("07-saga-orchestration"), copy }));
        auto* recent = window.findChild<QMenu*>(QStringLiteral("recentMenu"));
        QMetaObject::invokeMethod(recent, "aboutToShow");
        QCOMPARE(recent->actions().size() >= 2, true);
        recent->actions().at(1)->trigger();
        QCOMPARE(window.scenario()->file, copy);
        QVERIFY(errors.messages.isEmpty());
    }
    void failNextPaymentMakesTheSagaCompensate()
    {
        // The main path: open the saga lesson, press Fail Next Payment, play, watch it compensate.
        MainWindow window;
        Errors errors;
        window.setErrorHandler(errors.handler());
        window.show();
        QVERIFY(window.openFile(QStringLiteral("07-saga-orchestration")));
        SagaModel* sagas = window.sagaModel();
        QAbstractItemModelTester tester(sagas, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(window.findChild<QDockWidget*>(QStringLiteral("sagaDock"))->isVisible());
        // Next Saga Step runs to the first saga move and pauses there: order-000001 started.
        QAction* nextSagaStep = action(window, "actionNextSagaStep");
        QTRY_VERIFY_WITH_TIMEOUT(nextSagaStep->isEnabled(), 5000);
        nextSagaStep->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(sagas->instanceCount(), 1, 5000);
        QCOMPARE(sagas->data(sagas->index(0, 0), SagaModel::StatusRole).toString(), QStringLiteral("running"));
        QCOMPARE(labelText(window, "stateLabel"), QStringLiteral("Paused"));
        QAction* failPayment = action(window, "actionFailNextPayment");
        QTRY_VERIFY_WITH_TIMEOUT(failPayment->isEnabled(), 5000);
        failPayment->trigger();
        // The injection is traced at the time it took effect, before anything was charged.
        QTRY_VERIFY_WITH_TIMEOUT(logModel(window)
                                     ->match(logModel(window)->index(0, 0), EventLogModel::KindRole,
                                         QStringLiteral("injection"), 1, Qt::MatchExactly)
                                     .size()
                == 1,
            5000);
        selectSpeed(window, PlaybackSpeed::kMax);
        window.play();
        QTRY_COMPARE_WITH_TIMEOUT(labelText(window, "stateLabel"), QStringLiteral("Finished"), 30000);
        QVERIFY2(errors.messages.isEmpty(), qPrintable(errors.messages.join(u'\n') + errors.details.join(u'\n')));

        // The first order's charge failed: its saga released the stock and ended compensated.
        QVERIFY(sagas->instanceCount() == 60);
        const QModelIndex first = sagas->index(0, 0);
        QCOMPARE(sagas->data(first).toString(), QStringLiteral("order-000001"));
        QCOMPARE(sagas->data(first, SagaModel::StatusRole).toString(), QStringLiteral("compensated"));
        QStringList moves;
        for (int i = 0; i < sagas->rowCount(first); ++i)
            moves << sagas->data(sagas->index(i, 0, first), SagaModel::PhaseRole).toString() + u' '
                    + sagas->data(sagas->index(i, 0, first), SagaModel::StepRole).toString();
        QVERIFY2(moves.contains(QStringLiteral("step-failed charge-payment")), qPrintable(moves.join(u',')));
        QVERIFY2(moves.contains(QStringLiteral("compensation-succeeded reserve-stock")), qPrintable(moves.join(u',')));
        QVERIFY(!moves.contains(QStringLiteral("compensation-started charge-payment"))); // it never charged
        int completed = 0;
        for (int row = 0; row < sagas->instanceCount(); ++row)
            completed
                += sagas->data(sagas->index(row, 0), SagaModel::StatusRole).toString() == QLatin1String("completed");
        QVERIFY(completed > 40);

        // Follow this saga: the log narrows to its correlation id, and back.
        auto* log = window.findChild<QTableView*>(QStringLiteral("eventLogView"));
        const int everything = log->model()->rowCount();
        window.followCorrelation(QStringLiteral("order-000001"));
        QVERIFY(log->model()->rowCount() > 10 && log->model()->rowCount() < everything / 20);
        for (int row = 0; row < log->model()->rowCount(); ++row)
            QCOMPARE(log->model()->index(row, 0).data(EventLogModel::CorrelationRole).toString(),
                QStringLiteral("order-000001"));
        auto* filter = window.findChild<QLineEdit*>(QStringLiteral("logFilterEdit"));
        filter->setText(QStringLiteral("ReleaseStock"));
        QVERIFY(log->model()->rowCount() >= 2); // the compensation command, sent and handled
        filter->clear();
        QTest::mouseClick(window.findChild<QPushButton*>(QStringLiteral("followButton")), Qt::LeftButton);
        QCOMPARE(log->model()->rowCount(), everything);

        // Select it: the chart shows its steps and the compensation path.
        auto* view = window.findChild<QTableView*>(QStringLiteral("sagaView"));
        view->setCurrentIndex(first);
        QCOMPARE(window.findChild<SagaChart*>(QStringLiteral("sagaChart"))->instance(), 0);
        // Its moves, in order, in the table under the instances: the same rows as the model's children.
        auto* movesView = window.findChild<QTableView*>(QStringLiteral("sagaMovesView"));
        QVERIFY(movesView->isVisible());
        QCOMPARE(movesView->rootIndex(), first.siblingAtColumn(0));
        QCOMPARE(
            movesView->model()->rowCount(movesView->rootIndex()), static_cast<int>(sagas->instance(0).moves.size()));
        QCOMPARE(movesView->model()->index(0, 0, movesView->rootIndex()).data(SagaModel::PhaseRole).toString(),
            QStringLiteral("started"));
        saveScreenshot(window, QStringLiteral("saga-compensated"));

        // Export the event log as JSON Lines through the File menu's action, and read it back.
        QTemporaryDir dir;
        const QString target = dir.filePath(QStringLiteral("events.jsonl"));
        window.setSavePathProvider([&](const QString& filters, QString* chosen) {
            *chosen = filters.split(QStringLiteral(";;")).front(); // JSON Lines
            return target;
        });
        QSignalSpy exported(&window, &MainWindow::exportFinished);
        QAction* exportAction = action(window, "actionExportEventLog");
        QVERIFY(exportAction->isEnabled());
        exportAction->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(exported.size(), 1, 30000);
        QCOMPARE(exported.front().at(1).toString(), QString());
        QFile file(target);
        QVERIFY(file.open(QIODevice::ReadOnly));
        int lines = 0, sagaRecords = 0, releases = 0;
        while (!file.atEnd()) {
            const QJsonObject record = QJsonDocument::fromJson(file.readLine()).object();
            QVERIFY(record.contains(QLatin1String("kind")) && record.contains(QLatin1String("t")));
            ++lines;
            sagaRecords += record.value(QLatin1String("kind")).toString() == QLatin1String("saga");
            releases += record.value(QLatin1String("type")).toString() == QLatin1String("ReleaseStock")
                && record.value(QLatin1String("kind")).toString() == QLatin1String("command");
        }
        QCOMPARE(lines, logModel(window)->rowCount());
        QVERIFY(sagaRecords > 60);
        QVERIFY(releases >= 1);
    }

    void startPageListsTheLessons()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto* stack = window.findChild<QStackedWidget*>(QStringLiteral("centralStack"));
        QCOMPARE(stack->currentWidget()->objectName(), QStringLiteral("startPage"));
        const QAbstractItemModel* list = window.findChild<QListView*>(QStringLiteral("lessonList"))->model();
        QVERIFY(list->rowCount() >= 1);
        QStringList ids;
        for (int i = 0; i < list->rowCount(); ++i) {
            ids << list->index(i, 0).data(CourseModel::IdRole).toString();
            QVERIFY(!list->index(i, 0).data(CourseModel::PathRole).toString().contains(QLatin1String("/schema/")));
        }
        QVERIFY(ids.contains(kLesson));
        QVERIFY(!action(window, "actionPlay")->isEnabled());
        saveScreenshot(window, QStringLiteral("start-page"));
    }

    void playPauseStepAndRunToTheEnd()
    {
        MainWindow window;
        Errors errors;
        window.setErrorHandler(errors.handler());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        openLessonFromStartPage(window);
        QCOMPARE(window.windowTitle(), lessonTitle(kLesson));

        QAbstractItemModel* model = logModel(window);
        QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAction* play = action(window, "actionPlay");
        QVERIFY(play->isEnabled());

        // Paced play: fast enough to fill the table in a moment, slow enough to pause mid-run.
        selectSpeed(window, 2.0);
        play->trigger();
        QVERIFY(play->isChecked());
        QTRY_VERIFY_WITH_TIMEOUT(model->rowCount() > 200 && statusNumber(window, "eventsLabel") > 0, 15000);
        QCOMPARE(labelText(window, "stateLabel"), QStringLiteral("Playing"));
        QVERIFY(statusNumber(window, "deliveriesLabel") > 0);

        play->trigger();
        QVERIFY(!play->isChecked());
        QCOMPARE(labelText(window, "stateLabel"), QStringLiteral("Paused"));
        // A slice the engine had started may still land: once the window has caught up with the engine,
        // the pause holds — nothing arrives any more.
        QVERIFY(caughtUp(window));
        const int pausedRows = model->rowCount();
        const QString pausedTime = labelText(window, "timeLabel");
        QVERIFY(caughtUp(window));
        QCOMPARE(model->rowCount(), pausedRows);
        QCOMPARE(labelText(window, "timeLabel"), pausedTime);

        action(window, "actionStep")->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(model->rowCount() > pausedRows, 5000);
        QVERIFY(!play->isChecked());

        // Space is the Play/Pause shortcut, also while the table has the focus.
        auto* view = window.findChild<QTableView*>(QStringLiteral("eventLogView"));
        view->setFocus();
        QTest::keyClick(view, Qt::Key_Space);
        QVERIFY(play->isChecked());
        QTest::keyClick(view, Qt::Key_Space);
        QVERIFY(!play->isChecked());

        // Flat out to the end: the pacing so far must not have changed the trace.
        selectSpeed(window, PlaybackSpeed::kMax);
        play->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(labelText(window, "stateLabel"), QStringLiteral("Finished"), 30000);
        QVERIFY(!play->isChecked());
        QVERIFY(!play->isEnabled());
        std::uint64_t events = 0;
        const QString fingerprint = headlessFingerprint(&events);
        QCOMPARE(labelText(window, "fingerprintLabel"), QStringLiteral("Fingerprint: ") + fingerprint);
        QCOMPARE(statusNumber(window, "eventsLabel"), static_cast<qint64>(events));
        QVERIFY(errors.messages.isEmpty());
        view->selectRow(model->rowCount() - 40);
        saveScreenshot(window, QStringLiteral("main-window-finished"));

        // Reset starts over from time 0 with the same seed.
        action(window, "actionReset")->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(labelText(window, "timeLabel"), QStringLiteral("t = 0.000 s"), 5000);
        QCOMPARE(model->rowCount(), 0);
        QVERIFY(play->isEnabled());
        QCOMPARE(labelText(window, "stateLabel"), QStringLiteral("Paused"));
    }

    void playingShowsRowsAsTheyArrive()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.openFile(kLesson));
        selectSpeed(window, 1.0);
        window.play();
        QTRY_VERIFY_WITH_TIMEOUT(logModel(window)->rowCount() > 60, 15000);
        saveScreenshot(window, QStringLiteral("main-window-playing"));
        QCOMPARE(labelText(window, "stateLabel"), QStringLiteral("Playing"));
    }

    // The engine runs flat out on its own thread; the UI thread keeps turning its event loop meanwhile.
    void staysResponsiveAtMaxSpeed()
    {
        QFile lesson(ShippedScenarios::resolve(kLesson));
        QVERIFY(lesson.open(QIODevice::ReadOnly));
        QByteArray text = lesson.readAll();
        QVERIFY(text.contains("\"orders\": 200"));
        text.replace("\"orders\": 200", "\"orders\": 50000").replace("\"rate\": 20", "\"rate\": 2000");
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("big.json"));
        QFile big(path);
        QVERIFY(big.open(QIODevice::WriteOnly));
        big.write(text);
        big.close();

        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.openFile(path));
        selectSpeed(window, PlaybackSpeed::kMax);
        QElapsedTimer sinceTick;
        qint64 longestGapMs = 0;
        QTimer ticker;
        QObject::connect(
            &ticker, &QTimer::timeout, [&] { longestGapMs = std::max(longestGapMs, sinceTick.restart()); });
        QSignalSpy insertions(logModel(window), &QAbstractItemModel::rowsInserted);
        QElapsedTimer playing;
        window.play();
        playing.start();
        sinceTick.start();
        ticker.start(5);
        QTRY_VERIFY_WITH_TIMEOUT(logModel(window)->rowCount() > 100'000, 60000);
        ticker.stop();
        const qint64 elapsedMs = playing.elapsed();
        const qsizetype inserted = insertions.size();
        action(window, "actionPlay")->trigger();
        // How long the UI thread was away is the machine's business (B7 in docs/benchmarks.md measures
        // it); what must hold on any machine is that the rows pouring in reach the table in a few large
        // insertions — the first at once, then at most one per refresh period — not one per batch.
        qInfo("rows: %d in %lld ms, %lld insertions, longest gap between 5 ms UI ticks: %lld ms",
            logModel(window)->rowCount(), elapsedMs, static_cast<long long>(inserted), longestGapMs);
        QVERIFY(inserted >= 2);
        QVERIFY2(inserted <= elapsedMs / EventLogModel::kFlushMs + 2, qPrintable(QString::number(inserted)));
    }

    void seedOverrideChangesTheRun()
    {
        MainWindow window;
        QVERIFY(window.openFile(kLesson, 12345));
        QTRY_COMPARE_WITH_TIMEOUT(labelText(window, "seedLabel"), QStringLiteral("Seed: 12345"), 5000);
        QVERIFY(window.openFile(kLesson));
        QTRY_COMPARE_WITH_TIMEOUT(labelText(window, "seedLabel"), QStringLiteral("Seed: 7"), 5000);
        // Run › Reset With Seed: the same scenario again from 0, with other draws.
        QVERIFY(action(window, "actionResetWithSeed")->isEnabled());
        window.resetWithSeed(8);
        QTRY_COMPARE_WITH_TIMEOUT(labelText(window, "seedLabel"), QStringLiteral("Seed: 8"), 5000);
        QCOMPARE(window.scenario()->id, kLesson);
    }

    void brokenScenarioKeepsThePreviousOne()
    {
        MainWindow window;
        Errors errors;
        window.setErrorHandler(errors.handler());
        QVERIFY(window.openFile(kLesson));
        action(window, "actionStep")->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(logModel(window)->rowCount() > 0, 5000);
        const QString title = window.windowTitle();
        const int rows = logModel(window)->rowCount();

        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString broken = dir.filePath(QStringLiteral("broken.json"));
        QFile file(broken);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\n  \"id\": \"broken\",\n  \"title\": \"Broken\",\n  \"topics\": [ { \"id\": 3 ]\n}\n");
        file.close();

        QVERIFY(!window.openFile(broken));
        QCOMPARE(errors.messages.size(), 1);
        QVERIFY2(errors.messages.front().contains(QLatin1String("broken.json")), qPrintable(errors.messages.front()));
        QVERIFY(!errors.details.isEmpty());
        for (const QString& line : errors.details)
            QVERIFY2(line.contains(QLatin1String("broken.json:")) && line.contains(QLatin1String("error:")),
                qPrintable(line));

        QCOMPARE(window.scenario()->id, kLesson);
        QCOMPARE(window.windowTitle(), title);
        QVERIFY(caughtUp(window)); // nothing was sent to the engine: the run shown is untouched
        QCOMPARE(logModel(window)->rowCount(), rows);
        QVERIFY(action(window, "actionPlay")->isEnabled());
    }

    void runFilesAndUnknownNamesExplainThemselves()
    {
        MainWindow window;
        Errors errors;
        window.setErrorHandler(errors.handler());
        QVERIFY(!window.openFile(QStringLiteral("run.sqlite")));
        // A run file that is not there (an existing one opens for review: tst_reviewmode).
        QVERIFY2(errors.messages.last().contains(QLatin1String("no run file")), qPrintable(errors.messages.last()));
        QVERIFY(!window.openFile(QStringLiteral("no-such-lesson")));
        QVERIFY(errors.messages.last().contains(QLatin1String("no-such-lesson")));
        QVERIFY(!window.scenario());
    }

    void startPageActionReturnsToTheLessons()
    {
        MainWindow window;
        QVERIFY(window.openFile(kLesson));
        auto* stack = window.findChild<QStackedWidget*>(QStringLiteral("centralStack"));
        QCOMPARE(stack->currentWidget()->objectName(), QStringLiteral("runPage"));
        action(window, "actionStartPage")->trigger();
        QCOMPARE(stack->currentWidget()->objectName(), QStringLiteral("startPage"));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
