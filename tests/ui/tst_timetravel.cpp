// Time travel in the window: the scrubber takes every panel that asks the engine for its state — read
// models, topics and groups, a service's own state, the lesson's checks — to a past moment, and the
// event log and the timeline to the same moment. At pseudo-random times, what they show must equal a
// fresh simulation of the same scenario stopped at that time.

#include "freshrun.h"
#include "mainwindow.h"
#include "models/eventlogfilter.h"
#include "models/eventlogmodel.h"
#include "models/readmodeltablemodel.h"
#include "models/sagamodel.h"
#include "models/topicsmodel.h"
#include "playbackspeed.h"
#include "simulation/simulationcontroller.h"
#include "uitesting.h"
#include "views/inspectorpanel.h"
#include "views/readmodelsview.h"
#include "views/servicestateview.h"
#include "views/timelineview.h"
#include "views/timescrubber.h"
#include "views/topicsview.h"

#include <QDockWidget>
#include <QJsonArray>
#include <QLabel>
#include <QRandomGenerator>
#include <QSettings>
#include <QSlider>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QToolButton>

using namespace eventloom;
using namespace eventloom::uitesting;

namespace {
std::vector<QString> shownKeys(const ReadModelsView& view)
{
    std::vector<QString> keys;
    for (int r = 0; r < view.model()->rowCount(); ++r)
        keys.push_back(view.model()->index(r, 0).data().toString());
    return keys;
}

std::set<QString> shownStale(const ReadModelsView& view)
{
    std::set<QString> keys;
    for (int r = 0; r < view.model()->rowCount(); ++r)
        if (view.model()->index(r, 0).data(ReadModelTableModel::StaleRole).toBool())
            keys.insert(view.model()->index(r, 0).data().toString());
    return keys;
}

/// Every integer or string leaf of `state`, two levels deep, as "path=value": what the Service State tab must show.
QStringList leaves(const QJsonObject& state)
{
    QStringList out;
    for (auto it = state.begin(); it != state.end(); ++it) {
        const auto leaf = [&](const QString& path, const QJsonValue& v) {
            if (v.isString())
                out << path + u'=' + v.toString();
            else if (v.isDouble() && v.toDouble() == static_cast<double>(v.toInteger()))
                out << path + u'=' + QString::number(v.toInteger());
        };
        if (it.value().isObject()) {
            const QJsonObject inner = it.value().toObject();
            for (auto in = inner.begin(); in != inner.end(); ++in)
                leaf(it.key() + u'.' + in.key(), in.value());
        } else {
            leaf(it.key(), it.value());
        }
    }
    return out;
}
}

class TestTimeTravel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init() { QSettings().clear(); }

    void panelsShowThePastAsAFreshRunStoppedThere()
    {
        const QString scenario = QStringLiteral("05-cqrs-read-models");
        MainWindow window;
        Errors errors;
        window.setErrorHandler(errors.handler());
        window.resize(1400, 900);
        window.show();
        QVERIFY(window.openFile(scenario));
        auto* controller = window.findChild<SimulationController*>();
        window.setSpeed(PlaybackSpeed::kMax);
        window.play();
        QTRY_COMPARE_WITH_TIMEOUT(labelText(window, "stateLabel"), QStringLiteral("Finished"), 30000);
        const SimTime end = controller->status().now;
        QVERIFY(end > 5 * kSecond);

        auto* readModelsDock = window.findChild<QDockWidget*>(QStringLiteral("readModelsDock"));
        auto* topicsDock = window.findChild<QDockWidget*>(QStringLiteral("topicsDock"));
        ReadModelsView* readModels = window.readModelsView();
        TimeScrubber* scrubber = window.timeScrubber();
        QVERIFY(scrubber->isVisible());
        QCOMPARE(scrubber->slider()->value(), scrubber->slider()->maximum()); // live: at the end
        auto* inspector = window.findChild<InspectorPanel*>();
        ServiceStateView* serviceState = inspector->serviceState();
        inspector->findChild<QTabWidget*>()->setCurrentWidget(serviceState);
        serviceState->setService(QStringLiteral("inventory"));
        const auto* log = window.findChild<QTableView*>(QStringLiteral("eventLogView"))->model();
        const auto* all = qobject_cast<const EventLogFilter*>(log)->sourceModel();

        QRandomGenerator random(20261126);
        for (int round = 0; round < 3; ++round) {
            const SimTime t = kSecond + static_cast<SimTime>(random.bounded(static_cast<quint64>(end - 2 * kSecond)));
            scrubber->scrubTo(t);
            QTRY_COMPARE_WITH_TIMEOUT(controller->viewTime(), t, 10000);
            QCOMPARE(scrubber->viewTime(), t);
            QCOMPARE(window.timeline()->viewTime(), t);
            QVERIFY(window.timeline()->axis().start <= t); // the moment shown is in view
            QVERIFY(window.timeline()->axis().toX(t) <= window.timeline()->viewport()->width());
            const auto fresh = freshRun(scenario, t);

            // The read model, its rows and its stale ones.
            readModelsDock->show();
            readModelsDock->raise();
            readModels->setCurrent(QStringLiteral("order-status-view"));
            const ReadModelRows rows = readModelRows(*fresh, "order-status-view");
            QTRY_VERIFY2_WITH_TIMEOUT(shownKeys(*readModels) == rows.keys, qPrintable(QString::number(t)), 5000);
            QCOMPARE(shownStale(*readModels), rows.stale);

            // Each group's lag on each partition.
            topicsDock->raise();
            const EventBus& bus = fresh->bus();
            const auto name = [&](Atom a) { return QString::fromStdString(std::string(fresh->log().text(a))); };
            QTRY_VERIFY_WITH_TIMEOUT(window.topicsView()->model()->rowCount() > 0, 5000);
            const auto lagsMatch = [&] {
                for (std::size_t g = 0; g < bus.groupCount(); ++g) {
                    const ConsumerGroup& group = bus.group(static_cast<std::uint16_t>(g));
                    for (std::size_t p = 0; p < group.partitions.size(); ++p)
                        if (window.topicsView()->model()->lag(
                                name(bus.topic(group.topic).name), name(group.name), static_cast<int>(p))
                            != bus.lag(static_cast<std::uint16_t>(g), static_cast<std::int32_t>(p)))
                            return false;
                }
                return true;
            };
            QTRY_VERIFY_WITH_TIMEOUT(lagsMatch(), 5000);

            // The inventory service's own state.
            const QJsonObject inventory = fresh->service(fresh->findService("inventory")).state();
            const QStringList expected = leaves(inventory);
            QVERIFY(expected.size() > 2);
            const auto stateMatches = [&] {
                for (const QString& entry : expected)
                    if (serviceState->valueAt(entry.section(u'=', 0, 0)) != entry.section(u'=', 1))
                        return false;
                return true;
            };
            QTRY_VERIFY_WITH_TIMEOUT(stateMatches(), 5000);

            // The log up to t, and nothing after it.
            int upToT = 0;
            for (int r = 0; r < all->rowCount(); ++r)
                upToT += all->index(r, 0).data(EventLogModel::TimeRole).toLongLong() <= t;
            QCOMPARE(log->rowCount(), upToT);
            QCOMPARE(static_cast<std::uint64_t>(upToT), fresh->counters().records);
            if (round == 1) {
                saveScreenshot(window, QStringLiteral("time-travel"));
                saveScreenshot(*scrubber, QStringLiteral("time-scrubber"));
            }
        }

        // Live again: the end of the run everywhere.
        QTest::mouseClick(scrubber->findChild<QToolButton*>(QStringLiteral("liveButton")), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(controller->viewTime(), SimTime { -1 }, 10000);
        QCOMPARE(window.timeline()->viewTime(), SimTime { -1 });
        QCOMPARE(log->rowCount(), all->rowCount());
        readModelsDock->raise();
        const ReadModelRows atEnd = readModelRows(*freshRun(scenario, -1), "order-status-view");
        QTRY_VERIFY_WITH_TIMEOUT(shownKeys(*readModels) == atEnd.keys, 5000);
        QVERIFY2(errors.messages.isEmpty(), qPrintable(errors.messages.join(u'\n')));
    }

    // The Sagas dock at a past moment: the instances started by then, with their state then.
    void sagasAsTheyWere()
    {
        const QString scenario = QStringLiteral("07-saga-orchestration");
        MainWindow window;
        window.show();
        QVERIFY(window.openFile(scenario));
        auto* controller = window.findChild<SimulationController*>();
        window.setSpeed(PlaybackSpeed::kMax);
        window.play();
        QTRY_COMPARE_WITH_TIMEOUT(labelText(window, "stateLabel"), QStringLiteral("Finished"), 30000);
        const auto* sagas = window.findChild<SagaModel*>();
        QVERIFY(sagas);
        const int all = sagas->instanceCount();
        QRandomGenerator random(7);
        for (int round = 0; round < 2; ++round) {
            const SimTime t = kSecond / 2
                + static_cast<SimTime>(random.bounded(static_cast<quint64>(controller->status().now - kSecond)));
            window.timeScrubber()->scrubTo(t);
            QTRY_COMPARE_WITH_TIMEOUT(controller->viewTime(), t, 10000);
            const auto fresh = freshRun(scenario, t);
            const RunCounters::Sagas& expected = fresh->counters().sagas;
            QCOMPARE(static_cast<std::uint64_t>(sagas->instanceCount()), expected.started);
            QVERIFY(sagas->instanceCount() < all);
            std::uint64_t completed = 0, compensated = 0, stuck = 0;
            for (int row = 0; row < sagas->instanceCount(); ++row) {
                const QString status = sagas->index(row, 0).data(SagaModel::StatusRole).toString();
                completed += status == QLatin1String("completed");
                compensated += status == QLatin1String("compensated");
                stuck += status == QLatin1String("stuck");
            }
            QCOMPARE(completed, expected.completed);
            QCOMPARE(compensated, expected.compensated);
            QCOMPARE(stuck, expected.stuck);
        }
        window.timeScrubber()->scrubTo(-1);
        QTRY_COMPARE_WITH_TIMEOUT(sagas->instanceCount(), all, 10000);
    }

    void draggingTheSliderSeeksAndPlayComesBack()
    {
        MainWindow window;
        window.show();
        QVERIFY(window.openFile(QStringLiteral("01-pubsub-fanout")));
        auto* controller = window.findChild<SimulationController*>();
        controller->runTo(4 * kSecond);
        QTRY_COMPARE_WITH_TIMEOUT(controller->status().now, 4 * kSecond, 10000);
        TimeScrubber* scrubber = window.timeScrubber();
        QTRY_COMPARE_WITH_TIMEOUT(labelText(*scrubber, "timeTravelLabel"), QStringLiteral("Live at 4.000000 s"), 5000);
        // A user drags to the middle: the panels go to about 2 s.
        scrubber->slider()->setValue(scrubber->slider()->maximum() / 2);
        QTRY_COMPARE_WITH_TIMEOUT(controller->viewTime(), 2 * kSecond, 5000);
        QCOMPARE(labelText(*scrubber, "timeTravelLabel"), QStringLiteral("Viewing 2.000000 s of 4.000000 s"));
        QVERIFY(scrubber->findChild<QToolButton*>(QStringLiteral("liveButton"))->isEnabled());
        // Moving the run again comes back to the present.
        window.findChild<QAction*>(QStringLiteral("actionStep"))->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(controller->viewTime(), SimTime { -1 }, 5000);
        QCOMPARE(scrubber->slider()->value(), scrubber->slider()->maximum());
        QTRY_VERIFY_WITH_TIMEOUT(controller->status().now > 4 * kSecond, 5000);
    }
};

QTEST_MAIN(TestTimeTravel)
#include "tst_timetravel.moc"
