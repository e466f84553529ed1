// The "follow this order" lens and "Continue from here", in the real window.
//
// Following an order narrows every panel to its correlation id: the log to its messages, the timeline
// to their arrows, the sagas to its instance, the read model to its row, a service's state to what
// names it, the architecture view's dots to its messages. Continuing from a past moment makes a new
// run that is the old one up to that moment (same fingerprint when played on with the same
// injections, another one with other injections). Time travel takes the architecture view's statuses
// to the moment shown.

#include "../core/injectiontext.h"
#include "charts/metricspanel.h"
#include "faults/faultinjector.h"
#include "faults/injectionspec.h"
#include "freshrun.h"
#include "mainwindow.h"
#include "models/deadlettermodel.h"
#include "models/eventlogfilter.h"
#include "models/eventlogmodel.h"
#include "models/readmodeltablemodel.h"
#include "models/sagamodel.h"
#include "models/topicsmodel.h"
#include "playbackspeed.h"
#include "simulation/simulationcontroller.h"
#include "uitesting.h"
#include "views/architectureview.h"
#include "views/deadlettersview.h"
#include "views/inspectorpanel.h"
#include "views/readmodelsview.h"
#include "views/sagapanel.h"
#include "views/servicestateview.h"
#include "views/timelineview.h"
#include "views/timescrubber.h"
#include "views/topicsview.h"

#include <QChart>
#include <QDockWidget>
#include <QJsonArray>
#include <QLineSeries>
#include <QPushButton>
#include <QSettings>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

using namespace eventloom;
using namespace eventloom::uitesting;

namespace {
struct Row {
    qint64 time;
    QString kind, type, correlation;
    bool operator==(const Row&) const = default;
};

std::vector<Row> rowsOf(const QAbstractItemModel& model, SimTime upTo = -1)
{
    std::vector<Row> rows;
    for (int r = 0; r < model.rowCount(); ++r) {
        const QModelIndex i = model.index(r, 0);
        const qint64 t = i.data(EventLogModel::TimeRole).toLongLong();
        if (upTo >= 0 && t > upTo)
            continue;
        rows.push_back({ t, i.data(EventLogModel::KindRole).toString(),
            model.index(r, static_cast<int>(EventLogModel::Column::Type)).data().toString(),
            i.data(EventLogModel::CorrelationRole).toString() });
    }
    return rows;
}

/// Every scalar leaf of `value` as "a.b.c" → text, as the Service State tree shows them.
void leaves(const QJsonValue& value, const QString& path, QHash<QString, QString>& out)
{
    if (value.isObject()) {
        const QJsonObject o = value.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            leaves(it.value(), path.isEmpty() ? it.key() : path + u'.' + it.key(), out);
    } else if (value.isString()) {
        out.insert(path, value.toString());
    } else if (value.isDouble() && value.toDouble() == static_cast<double>(value.toInteger())) {
        out.insert(path, QString::number(value.toInteger()));
    }
}

/// Plays the run open in `window` to its end at full speed.
void playToEnd(MainWindow& window)
{
    window.setSpeed(PlaybackSpeed::kMax);
    window.play();
    QTRY_COMPARE_WITH_TIMEOUT(labelText(window, "stateLabel"), QStringLiteral("Finished"), 30000);
}
}

class TestFollowAndFork : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        QSettings().clear();
        chooseWorkbenchLayout(); // the expert docks
    }

    void mentioningKeepsWhatNamesTheOrder()
    {
        const QJsonObject state {
            { QStringLiteral("charged"),
                QJsonObject { { QStringLiteral("order-1"), 20 }, { QStringLiteral("order-2"), 30 } } },
            { QStringLiteral("shipments"),
                QJsonArray { QJsonObject { { QStringLiteral("order"), QStringLiteral("order-2") },
                                 { QStringLiteral("carrier"), QStringLiteral("dhl") } },
                    QJsonObject { { QStringLiteral("order"), QStringLiteral("order-1") },
                        { QStringLiteral("carrier"), QStringLiteral("ups") } } } },
            { QStringLiteral("total"), 50 },
        };
        const QJsonObject kept = ServiceStateView::mentioning(state, QStringLiteral("order-2")).toObject();
        QCOMPARE(kept.keys(), (QStringList { QStringLiteral("charged"), QStringLiteral("shipments") }));
        QCOMPARE(kept.value(QStringLiteral("charged")).toObject(), (QJsonObject { { QStringLiteral("order-2"), 30 } }));
        const QJsonArray shipments = kept.value(QStringLiteral("shipments")).toArray();
        QCOMPARE(shipments.size(), 1);
        QCOMPARE(shipments[0].toObject().value(QStringLiteral("carrier")).toString(),
            QStringLiteral("dhl")); // its siblings come along
        QVERIFY(ServiceStateView::mentioning(state, QStringLiteral("order-9")).isNull());
    }

    void followOneOrderThroughEveryPanel()
    {
        const QString scenario = QStringLiteral("07-saga-orchestration");
        MainWindow window;
        Errors errors;
        window.setErrorHandler(errors.handler());
        window.resize(1400, 900);
        window.show();
        QVERIFY(window.openFile(scenario));
        playToEnd(window);

        auto* logView = window.findChild<QTableView*>(QStringLiteral("eventLogView"));
        const auto* all = qobject_cast<const EventLogFilter*>(logView->model())->sourceModel();
        const auto* sagas = window.sagaModel();
        auto* sagaPanel = window.findChild<SagaPanel*>();
        TimelineView* timeline = window.timeline();
        const std::size_t arrows = timeline->arrowCount();
        const int instances = sagas->instanceCount();
        QVERIFY(instances > 3);

        // Pick a compensated order if the run has one: its story is the interesting one.
        QString id = sagas->atomText(sagas->instance(2).id);
        for (int r = 0; r < instances; ++r)
            if (sagas->instance(r).state.status == SagaInstance::Status::Compensated) {
                id = sagas->atomText(sagas->instance(r).id);
                break;
            }
        int handled = 0, ofOrder = 0;
        SimTime first = -1, last = -1;
        for (const Row& row : rowsOf(*all))
            if (row.correlation == id) {
                ++ofOrder;
                handled += row.kind == QLatin1String("handled");
                first = first < 0 ? row.time : first;
                last = row.time;
            }
        QVERIFY(handled > 2);

        // Chosen in the log: select one of its messages, then View › Follow This Order.
        for (int r = 0; r < logView->model()->rowCount(); ++r)
            if (logView->model()->index(r, 0).data(EventLogModel::CorrelationRole).toString() == id) {
                logView->setCurrentIndex(logView->model()->index(r, 0));
                break;
            }
        action(window, "actionFollowOrder")->trigger();
        QCOMPARE(window.followed(), id);

        // The log: its messages, all of them.
        QCOMPARE(logView->model()->rowCount(), ofOrder);
        for (const Row& row : rowsOf(*logView->model()))
            QCOMPARE(row.correlation, id);
        // The timeline: an arrow per handling of its messages, and its whole life in view.
        QCOMPARE(timeline->shownArrowCount(), static_cast<std::size_t>(handled));
        QCOMPARE(timeline->arrowCount(), arrows);
        QVERIFY(timeline->axis().start <= first);
        QVERIFY(timeline->axis().toX(last) <= timeline->viewport()->width());
        QVERIFY(timeline->axis().toX(last) - timeline->axis().toX(first) > timeline->viewport()->width() / 2);
        // The sagas: its instance, selected.
        QCOMPARE(sagaPanel->listedInstances(), 1);
        QCOMPARE(sagas->atomText(sagas->instance(sagaPanel->selectedInstance()).id), id);
        // The architecture view: only its dots would move.
        QCOMPARE(window.architectureView()->followed(), id);
        // The read model: its row only.
        auto* readModelsDock = window.findChild<QDockWidget*>(QStringLiteral("readModelsDock"));
        readModelsDock->show();
        readModelsDock->raise();
        ReadModelsView* readModels = window.readModelsView();
        QTRY_COMPARE_WITH_TIMEOUT(readModels->model()->rowCount(), 1, 5000);
        QCOMPARE(readModels->model()->index(0, 0).data().toString(), id);
        QVERIFY2(
            readModels->summary().contains(QStringLiteral("Following %1").arg(id)), qPrintable(readModels->summary()));
        // A service's state: what names the order, exactly as the engine has it.
        auto* inspector = window.findChild<InspectorPanel*>();
        ServiceStateView* serviceState = inspector->serviceState();
        inspector->findChild<QTabWidget*>()->setCurrentWidget(serviceState);
        // The first service whose state names the order (a coordinator's sagas, the emails sent…).
        const auto fresh = freshRun(scenario, -1);
        QHash<QString, QString> expected;
        for (std::uint16_t s = 0; s < fresh->serviceCount() && expected.isEmpty(); ++s) {
            leaves(ServiceStateView::mentioning(fresh->service(s).state(), id), {}, expected);
            if (!expected.isEmpty())
                serviceState->setService(QString::fromStdString(std::string(fresh->serviceName(s))));
        }
        QVERIFY(!expected.isEmpty());
        const auto stateShown = [&] {
            for (auto it = expected.cbegin(); it != expected.cend(); ++it)
                if (serviceState->valueAt(it.key()) != it.value())
                    return false;
            return true;
        };
        QTRY_VERIFY_WITH_TIMEOUT(stateShown(), 5000);
        saveScreenshot(window, QStringLiteral("follow-order"));

        // The lens's button in the toolbar lets go: everything again.
        auto* button = window.findChild<QPushButton*>(QStringLiteral("followButton"));
        QVERIFY(button->isVisible());
        QVERIFY(button->text().contains(id));
        QTest::mouseClick(button, Qt::LeftButton);
        QVERIFY(window.followed().isEmpty());
        QTRY_VERIFY(!button->isVisible());
        QCOMPARE(logView->model()->rowCount(), all->rowCount());
        QCOMPARE(timeline->shownArrowCount(), arrows);
        QCOMPARE(sagaPanel->listedInstances(), instances);
        QTRY_VERIFY_WITH_TIMEOUT(readModels->model()->rowCount() > 1, 5000);
        QVERIFY2(errors.messages.isEmpty(), qPrintable(errors.messages.join(u'\n')));
    }

    void followADeadLetteredOrder()
    {
        const QString scenario = QStringLiteral("13-poison-message-dead-letter");
        MainWindow window;
        window.show();
        QVERIFY(window.openFile(scenario));
        playToEnd(window);
        DeadLettersView* letters = window.deadLettersView();
        window.findChild<QDockWidget*>(QStringLiteral("deadLettersDock"))->raise();
        const auto fresh = freshRun(scenario, -1);
        const auto& dead = fresh->deadLetters();
        QVERIFY(dead.size() > 1);
        QTRY_COMPARE_WITH_TIMEOUT(letters->model()->rowCount(), static_cast<int>(dead.size()), 5000);
        const auto correlationOf = [&](std::size_t i) {
            return QString::fromStdString(std::string(fresh->log().text(fresh->log().at(dead[i].message).correlation)));
        };
        const QString id = correlationOf(0);
        std::vector<qint64> indices; // its dead letters' positions, which Republish names
        for (std::size_t i = 0; i < dead.size(); ++i)
            if (correlationOf(i) == id)
                indices.push_back(static_cast<qint64>(i));
        QVERIFY(indices.size() < dead.size());
        window.followCorrelation(id);
        QCOMPARE(letters->model()->rowCount(), static_cast<int>(indices.size()));
        for (int r = 0; r < letters->model()->rowCount(); ++r)
            QCOMPARE(letters->model()->index(r, 0).data(DeadLetterModel::IndexRole).toLongLong(),
                indices[static_cast<std::size_t>(r)]);
        window.followCorrelation({});
        QCOMPARE(letters->model()->rowCount(), static_cast<int>(dead.size()));
    }

    void continueFromHereForksTheRunAtTheMomentShown()
    {
        const QString scenario = QStringLiteral("07-saga-orchestration");
        MainWindow window;
        Errors errors;
        window.setErrorHandler(errors.handler());
        window.show();
        QVERIFY(window.openFile(scenario));
        auto* controller = window.findChild<SimulationController*>();
        // A payment failure injected by hand at 3 s, then the run to its end.
        const SimTime injectedAt = 3 * kSecond;
        controller->runTo(injectedAt);
        QTRY_COMPARE_WITH_TIMEOUT(controller->status().now, injectedAt, 10000);
        QVERIFY(window.inject(QStringLiteral("fail-payment,count=1")));
        playToEnd(window);
        const std::uint64_t withFault = controller->status().fingerprint;
        const auto* log = qobject_cast<const EventLogFilter*>(
            window.findChild<QTableView*>(QStringLiteral("eventLogView"))->model());
        const std::vector<Row> oldRows = rowsOf(*log->sourceModel());
        QAction* continueAction = action(window, "actionContinueFromHere");
        QVERIFY(!continueAction->isEnabled()); // only while time travelling

        // From a moment after the fault: the new run is the old one up to there, paused there...
        const SimTime after = injectedAt + 2 * kSecond;
        window.timeScrubber()->scrubTo(after);
        QTRY_COMPARE_WITH_TIMEOUT(controller->viewTime(), after, 10000);
        QVERIFY(continueAction->isEnabled());
        continueAction->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(controller->status().now, after, 10000);
        QCOMPARE(controller->viewTime(), SimTime { -1 });
        QVERIFY(!continueAction->isEnabled());
        QVERIFY(!controller->isPlaying());
        std::vector<Row> oldUpToThen;
        std::copy_if(oldRows.begin(), oldRows.end(), std::back_inserter(oldUpToThen),
            [&](const Row& r) { return r.time <= after; });
        QVERIFY(oldUpToThen.size() < oldRows.size());
        QTRY_COMPARE_WITH_TIMEOUT(static_cast<std::size_t>(log->sourceModel()->rowCount()), oldUpToThen.size(), 5000);
        QVERIFY(rowsOf(*log->sourceModel()) == oldUpToThen);
        // The Topics panel (a tab beside the Sagas: chosen) fills from the new run's bus state, which comes
        // back on its own: the screenshot waits for it rather than catching the panel empty.
        window.findChild<QDockWidget*>(QStringLiteral("topicsDock"))->raise();
        QTRY_VERIFY_WITH_TIMEOUT(window.topicsView()->model()->rowCount() > 0, 5000);
        saveScreenshot(window, QStringLiteral("continued-from-here"));
        // ... and played on with the same injections it is the same run.
        window.play();
        QTRY_COMPARE_WITH_TIMEOUT(labelText(window, "stateLabel"), QStringLiteral("Finished"), 30000);
        QCOMPARE(controller->status().fingerprint, withFault);

        // From before the fault, the fault is not part of the new run: it becomes the run without it.
        window.timeScrubber()->scrubTo(injectedAt - kSecond);
        QTRY_COMPARE_WITH_TIMEOUT(controller->viewTime(), injectedAt - kSecond, 10000);
        continueAction->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(controller->status().now, injectedAt - kSecond, 10000);
        window.play();
        QTRY_COMPARE_WITH_TIMEOUT(labelText(window, "stateLabel"), QStringLiteral("Finished"), 30000);
        QCOMPARE(controller->status().fingerprint, freshRun(scenario, -1)->fingerprint());
        QVERIFY(controller->status().fingerprint != withFault);
        QVERIFY2(errors.messages.isEmpty(), qPrintable(errors.messages.join(u'\n')));
    }

    void metricsEndAtTheMomentShown()
    {
        MainWindow window;
        window.show();
        QVERIFY(window.openFile(QStringLiteral("07-saga-orchestration")));
        playToEnd(window);
        auto* controller = window.findChild<SimulationController*>();
        MetricsPanel* metrics = window.metricsPanel();
        window.findChild<QDockWidget*>(QStringLiteral("metricsDock"))->raise();
        metrics->tabs()->setCurrentIndex(static_cast<int>(MetricsPanel::Chart::Sagas));
        const auto lastX = [&] {
            double x = -1;
            for (QAbstractSeries* s : metrics->chart(MetricsPanel::Chart::Sagas)->series())
                for (const QPointF& p : static_cast<QLineSeries*>(s)->points())
                    x = std::max(x, p.x());
            return x;
        };
        QTRY_VERIFY_WITH_TIMEOUT(metrics->showsLatest(MetricsPanel::Chart::Sagas), 5000);
        const double whole = lastX();
        const SimTime t = controller->status().now / 2;
        QVERIFY(whole > static_cast<double>(t) / kSecond);
        window.timeScrubber()->scrubTo(t);
        QTRY_COMPARE_WITH_TIMEOUT(controller->viewTime(), t, 10000);
        QCOMPARE(metrics->viewTime(), t);
        QVERIFY(lastX() <= static_cast<double>(t) / kSecond);
        QVERIFY(lastX() > 0);
        saveScreenshot(*metrics, QStringLiteral("metrics-time-travel"));
        window.timeScrubber()->scrubTo(-1);
        QTRY_COMPARE_WITH_TIMEOUT(controller->viewTime(), SimTime { -1 }, 10000);
        QCOMPARE(lastX(), whole);
    }

    // Not about the lens: an injection typed with a later time waits for it (it used to take effect at once).
    void anInjectionWithALaterTimeWaitsForIt()
    {
        const QString scenario = QStringLiteral("07-saga-orchestration");
        const QString spec = QStringLiteral("fail-payment@2s,count=1");
        MainWindow window;
        window.show();
        QVERIFY(window.openFile(scenario));
        auto* controller = window.findChild<SimulationController*>();
        controller->runTo(kSecond / 2);
        QTRY_COMPARE_WITH_TIMEOUT(controller->status().now, kSecond / 2, 10000);
        QVERIFY(window.inject(spec));
        QVERIFY(caughtUp(*controller)); // the engine has taken the injection in
        QCOMPARE(controller->status().now, kSecond / 2); // a paused run is not moved to it
        playToEnd(window);
        // The same as the spec scheduled before the run, as a replay of the run file does (the trace
        // names its time in microseconds).
        auto sim = ScenarioBuilder::build(*ScenarioLoader::loadFile(ShippedScenarios::resolve(scenario)).scenario);
        QString error;
        QVERIFY(FaultInjector::schedule(*InjectionSpec::parse(injectiontext::withTime(spec, 2 * kSecond), error), *sim)
                    .isEmpty());
        sim->runToQuiescence();
        QCOMPARE(controller->status().fingerprint, sim->fingerprint());
        QVERIFY(controller->status().fingerprint != freshRun(scenario, -1)->fingerprint());
    }

    void architectureStatusesAtTheMomentShown()
    {
        const QString scenario = QStringLiteral("07-saga-orchestration");
        MainWindow window;
        window.show();
        QVERIFY(window.openFile(scenario));
        auto* controller = window.findChild<SimulationController*>();
        const SimTime crashAt = 2 * kSecond;
        controller->runTo(crashAt);
        QTRY_COMPARE_WITH_TIMEOUT(controller->status().now, crashAt, 10000);
        QVERIFY(window.inject(QStringLiteral("crash,service=inventory,for=2s")));
        playToEnd(window);
        ArchitectureView* architecture = window.architectureView();
        const QString inventory = QStringLiteral("inventory");
        QCOMPARE(architecture->status(inventory), ArchitectureView::Status::Up);

        const std::pair<SimTime, ArchitectureView::Status> moments[] = {
            { crashAt - kSecond, ArchitectureView::Status::Up },
            { crashAt + kSecond, ArchitectureView::Status::Crashed },
            { crashAt + 3 * kSecond, ArchitectureView::Status::Up },
        };
        for (const auto& [t, status] : moments) {
            window.timeScrubber()->scrubTo(t);
            QTRY_COMPARE_WITH_TIMEOUT(controller->viewTime(), t, 10000);
            QCOMPARE(architecture->status(inventory), status);
            QCOMPARE(architecture->liveDots(), 0);
            if (status == ArchitectureView::Status::Crashed) {
                window.findChild<QDockWidget*>(QStringLiteral("architectureDock"))->raise();
                saveScreenshot(*architecture, QStringLiteral("architecture-time-travel"));
            }
        }
        window.timeScrubber()->scrubTo(-1);
        QTRY_COMPARE_WITH_TIMEOUT(controller->viewTime(), SimTime { -1 }, 10000);
        QCOMPARE(architecture->status(inventory), ArchitectureView::Status::Up);
    }
};

QTEST_MAIN(TestFollowAndFork)
#include "tst_followandfork.moc"
