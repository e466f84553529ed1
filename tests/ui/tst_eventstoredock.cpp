// The Event Store dock: the streams of the run's event stores, a stream's events and the aggregate
// folded at the event chosen. The models are checked alone (windows sliding in place, flattening), then
// the real window on 06 against a fresh simulation of the same scenario stopped at the same time —
// live, and at a past time through the scrubber — and the lens and the log link.

#include "freshrun.h"
#include "mainwindow.h"
#include "models/eventlogmodel.h"
#include "models/eventstoremodel.h"
#include "services/ecommerce/orderservice.h"
#include "simulation/eventstorestate.h"
#include "simulation/simulationcontroller.h"
#include "uitesting.h"
#include "views/eventstoreview.h"
#include "views/inspectorpanel.h"
#include "views/refreshthrottle.h"
#include "views/timescrubber.h"

#include <QAbstractItemModelTester>
#include <QDockWidget>
#include <QJsonArray>
#include <QLineEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <set>

using namespace eventloom;
using namespace eventloom::uitesting;

namespace {
const QString k06 = QStringLiteral("06-event-sourcing-time-travel");

EventStoreDescription::Stream streamRow(const QString& id, qint64 version, qint64 lastUs)
{
    return { QStringLiteral("order"), QStringLiteral("Order"), id, version, lastUs };
}
EventStoreDescription::Event eventRow(qint64 version, const QString& type, qint64 seq)
{
    return { version, version * 1000, type, seq, {}, 0, QStringLiteral("{}") };
}

QString text(std::string_view s)
{
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

const EventStore& orderStore(const Simulation& sim)
{
    return dynamic_cast<const OrderService&>(sim.service(sim.findService("order"))).store();
}

/// One stream as the engine has it: id, version, time of the last event.
struct StreamRow {
    QString id;
    qint64 version = 0;
    QString last;
    bool operator==(const StreamRow&) const = default;
};
std::vector<StreamRow> engineStreams(const Simulation& sim)
{
    const EventStore& store = orderStore(sim);
    std::vector<StreamRow> rows;
    for (const Atom id : store.streams()) {
        const std::uint32_t v = store.version(id);
        rows.push_back(
            { text(sim.log().text(id)), v, EventLogModel::formatTime(store.streamEvent(id, v).time).trimmed() });
    }
    return rows;
}
std::vector<StreamRow> shownStreams(const EventStoreView& view)
{
    const EventStoreStreamModel& m = *view.streamModel();
    std::vector<StreamRow> rows;
    for (int r = 0; r < m.rowCount(); ++r)
        rows.push_back({ m.index(r, EventStoreStreamModel::Stream).data().toString(),
            m.index(r, 0).data(EventStoreStreamModel::VersionRole).toLongLong(),
            m.index(r, EventStoreStreamModel::LastEvent).data().toString() });
    return rows;
}

/// One event as the engine has it: version, time, type, the message that caused it.
struct EventRow {
    qint64 version = 0;
    QString time;
    QString type;
    qint64 seq = -1;
    QString causedBy; ///< as the Caused by column shows it: "#seq Type" of the causing message
    bool operator==(const EventRow&) const = default;
};
std::vector<EventRow> engineEvents(const Simulation& sim, const QString& stream)
{
    const EventStore& store = orderStore(sim);
    const Atom id = sim.log().atoms().find(stream.toStdString());
    std::vector<EventRow> rows;
    for (std::uint32_t v = 1; v <= store.version(id); ++v) {
        const StoredEvent& e = store.streamEvent(id, v);
        rows.push_back({ e.version, EventLogModel::formatTime(e.time).trimmed(), text(sim.log().text(e.type)),
            e.causation == kNoMessage ? -1 : static_cast<qint64>(e.causation),
            e.causation == kNoMessage ? QString()
                                      : QStringLiteral("#%1 %2")
                                            .arg(e.causation)
                                            .arg(text(sim.log().text(sim.log().at(e.causation).type))) });
    }
    return rows;
}
std::vector<EventRow> shownEvents(const EventStoreView& view)
{
    const EventStoreEventModel& m = *view.eventModel();
    std::vector<EventRow> rows;
    for (int r = 0; r < m.rowCount(); ++r)
        rows.push_back({ m.index(r, 0).data(EventStoreEventModel::VersionRole).toLongLong(),
            m.index(r, EventStoreEventModel::Time).data().toString(),
            m.index(r, EventStoreEventModel::Type).data().toString(),
            m.index(r, 0).data(EventStoreEventModel::MessageRole).toLongLong(),
            m.index(r, EventStoreEventModel::Message).data().toString() });
    return rows;
}

/// The order folded from the empty state over its first `version` events, ignoring snapshots (replay),
/// flattened as the dock shows it.
std::vector<std::pair<QString, QString>> replayed(const Simulation& sim, const QString& stream, std::uint32_t version)
{
    const EventStore& store = orderStore(sim);
    const Atom id = sim.log().atoms().find(stream.toStdString());
    const std::unique_ptr<Aggregate> order = store.newAggregate(id);
    store.replay(id, version, *order, sim.log());
    return EventStoreStateModel::flatten(order->state());
}
std::vector<std::pair<QString, QString>> shownState(const EventStoreView& view)
{
    const EventStoreStateModel& m = *view.stateModel();
    std::vector<std::pair<QString, QString>> rows;
    for (int r = 0; r < m.rowCount(); ++r)
        rows.emplace_back(m.index(r, EventStoreStateModel::FieldColumn).data().toString(),
            m.index(r, EventStoreStateModel::ValueColumn).data().toString());
    return rows;
}

/// The latest snapshot of `stream` at or before `version` in the fresh run's store (0: none).
std::uint32_t snapshotAtOrBefore(const Simulation& sim, const QString& stream, std::uint32_t version)
{
    const EventStore& store = orderStore(sim);
    std::uint32_t best = 0;
    for (const EventStore::Snapshot& s : store.snapshots(sim.log().atoms().find(stream.toStdString())))
        if (s.version <= version)
            best = s.version;
    return best;
}

void clickRow(QTableView* table, int row, bool twice = false)
{
    const QModelIndex index = table->model()->index(row, 1);
    table->scrollTo(index);
    const QPoint at = table->visualRect(index).center();
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, at);
    if (twice) // QTest sends the double-click event alone: the click before it is the press a user makes
        QTest::mouseDClick(table->viewport(), Qt::LeftButton, {}, at);
}

struct Window {
    MainWindow window;
    Errors errors;
    SimulationController* controller = nullptr;
    QDockWidget* dock = nullptr;
    EventStoreView* view = nullptr;

    bool open(const QString& scenario)
    {
        window.setErrorHandler(errors.handler());
        window.resize(1500, 950);
        window.show();
        if (!window.openFile(scenario))
            return false;
        controller = window.findChild<SimulationController*>();
        dock = window.findChild<QDockWidget*>(QStringLiteral("eventStoreDock"));
        view = window.eventStoreView();
        return controller && dock && view;
    }
    void runTo(SimTime t)
    {
        controller->runTo(t);
        QTRY_COMPARE_WITH_TIMEOUT(controller->status().now, t, 20000);
    }
    void showDock()
    {
        dock->show();
        dock->raise();
        QTRY_VERIFY_WITH_TIMEOUT(RefreshThrottle::onScreen(view), 5000);
    }
};
}

class TestEventStoreDock : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        QSettings().clear();
        chooseWorkbenchLayout(); // the expert docks
    }

    void streamWindowSlidesInPlace()
    {
        EventStoreStreamModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setStreams({ streamRow(QStringLiteral("o-1"), 2, 10), streamRow(QStringLiteral("o-2"), 1, 20) });
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.columnCount(), 4);
        QCOMPARE(model.index(1, EventStoreStreamModel::Stream).data().toString(), QStringLiteral("o-2"));
        QCOMPARE(model.index(0, EventStoreStreamModel::Aggregate).data().toString(), QStringLiteral("Order"));
        QCOMPARE(model.rowOf(QStringLiteral("order"), QStringLiteral("o-2")), 1);
        QCOMPARE(model.rowOf(QStringLiteral("saga"), QStringLiteral("o-2")), -1);

        // The newest window a moment later: o-1 dropped at the front, o-2 grew, o-3 new. No reset.
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setStreams({ streamRow(QStringLiteral("o-2"), 3, 30), streamRow(QStringLiteral("o-3"), 1, 31) });
        QCOMPARE(resets.size(), 0);
        QCOMPARE(removed.size(), 1);
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(model.index(0, 0).data(EventStoreStreamModel::VersionRole).toLongLong(), 3);
        QCOMPARE(model.index(1, EventStoreStreamModel::Stream).data().toString(), QStringLiteral("o-3"));
        // An earlier time: the newest stream is gone from the end.
        model.setStreams({ streamRow(QStringLiteral("o-2"), 1, 20) });
        QCOMPARE(resets.size(), 0);
        QCOMPARE(removed.size(), 2);
        QCOMPARE(model.rowCount(), 1);
        // Another list (a search): a reset.
        model.setStreams({ streamRow(QStringLiteral("o-9"), 1, 90) });
        QCOMPARE(resets.size(), 1);
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void eventsAppendAndStateFlattens()
    {
        EventStoreEventModel events;
        QAbstractItemModelTester eventsTester(&events, QAbstractItemModelTester::FailureReportingMode::QtTest);
        events.setEvents(
            QStringLiteral("order"), QStringLiteral("o-1"), { eventRow(1, QStringLiteral("OrderCreated"), 4) });
        QSignalSpy resets(&events, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(&events, &QAbstractItemModel::rowsInserted);
        events.setEvents(QStringLiteral("order"), QStringLiteral("o-1"),
            { eventRow(1, QStringLiteral("OrderCreated"), 4), eventRow(2, QStringLiteral("StockReserved"), 9) });
        QCOMPARE(resets.size(), 0);
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(events.rowOfVersion(2), 1);
        QCOMPARE(events.index(1, EventStoreEventModel::Type).data().toString(), QStringLiteral("StockReserved"));
        QCOMPARE(events.index(1, EventStoreEventModel::Message).data().toString(), QStringLiteral("#9"));
        QCOMPARE(events.index(1, 0).data(EventStoreEventModel::MessageRole).toLongLong(), 9);
        EventStoreDescription::Event withCause = eventRow(3, QStringLiteral("OrderPaid"), 12);
        withCause.causeType = QStringLiteral("PaymentCharged");
        events.setEvents(QStringLiteral("order"), QStringLiteral("o-1"),
            { eventRow(1, QStringLiteral("OrderCreated"), 4), eventRow(2, QStringLiteral("StockReserved"), 9),
                withCause });
        QCOMPARE(
            events.index(2, EventStoreEventModel::Message).data().toString(), QStringLiteral("#12 PaymentCharged"));
        QCOMPARE(
            events.headerData(EventStoreEventModel::Message, Qt::Horizontal).toString(), QStringLiteral("Caused by"));
        events.setEvents(
            QStringLiteral("order"), QStringLiteral("o-2"), { eventRow(1, QStringLiteral("OrderCreated"), -1) });
        QCOMPARE(resets.size(), 1); // another stream
        QCOMPARE(events.index(0, EventStoreEventModel::Message).data().toString(), QString());

        EventStoreStateModel state;
        QAbstractItemModelTester stateTester(&state, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QJsonObject nested { { QStringLiteral("status"), QStringLiteral("paid") },
            { QStringLiteral("amountCents"), 4500 },
            { QStringLiteral("steps"),
                QJsonArray { QJsonObject { { QStringLiteral("id"), QStringLiteral("reserve") } }, 2 } },
            { QStringLiteral("empty"), QJsonArray {} } };
        state.setState(nested);
        const std::vector<std::pair<QString, QString>> expected { { QStringLiteral("amountCents"),
                                                                      QStringLiteral("4500") },
            { QStringLiteral("empty"), QStringLiteral("[]") }, { QStringLiteral("status"), QStringLiteral("paid") },
            { QStringLiteral("steps[0].id"), QStringLiteral("reserve") },
            { QStringLiteral("steps[1]"), QStringLiteral("2") } };
        QCOMPARE(EventStoreStateModel::flatten(nested), expected);
        QCOMPARE(state.rowCount(), 5);
        QCOMPARE(state.value(QStringLiteral("steps[0].id")), QStringLiteral("reserve"));
        QSignalSpy stateResets(&state, &QAbstractItemModel::modelReset);
        QSignalSpy stateChanged(&state, &QAbstractItemModel::dataChanged);
        QJsonObject later = nested;
        later.insert(QStringLiteral("status"), QStringLiteral("shipped"));
        state.setState(later); // same fields: in place
        QCOMPARE(stateResets.size(), 0);
        QCOMPARE(stateChanged.size(), 1);
        QCOMPARE(state.value(QStringLiteral("status")), QStringLiteral("shipped"));
        QVERIFY(state.value(QStringLiteral("nothing")).isNull());
    }

    void describeListsTheNewestAndSearches()
    {
        const auto sim = freshRun(k06, 3 * kSecond);
        const std::vector<StreamRow> all = engineStreams(*sim);
        QVERIFY(all.size() > 20);
        const EventStoreDescription everything = EventStoreState::describe(*sim, {});
        QCOMPARE(everything.totalStreams, static_cast<qint64>(all.size()));
        QCOMPARE(everything.streams.size(), all.size());
        QVERIFY(!everything.stream);
        // A search for one id lists just the streams whose id contains it.
        EventStoreQuery query;
        query.filter = all[7].id.toUpper(); // case-insensitive
        std::size_t expected = 0;
        for (const StreamRow& r : all)
            expected += r.id.contains(all[7].id, Qt::CaseInsensitive);
        const EventStoreDescription found = EventStoreState::describe(*sim, query);
        QCOMPARE(found.matching, static_cast<qint64>(expected));
        QCOMPARE(found.streams.front().id, all[7].id);
        // An unknown stream, an unknown store: no stream, no crash, the list still there.
        query = {};
        query.store = QStringLiteral("order");
        query.stream = QStringLiteral("no-such-order");
        QVERIFY(!EventStoreState::describe(*sim, query).stream);
        query.store = QStringLiteral("nobody");
        query.stream = all[0].id;
        const EventStoreDescription none = EventStoreState::describe(*sim, query);
        QVERIFY(!none.stream);
        QVERIFY(none.asked);
        QCOMPARE(none.asked->id, all[0].id);
        // A correlation id the run never used: no stream carries it.
        query = {};
        query.correlation = QStringLiteral("never-used-correlation");
        QCOMPARE(EventStoreState::describe(*sim, query).matching, 0);
    }

    void showsTheStoreAsTheEngineHasIt()
    {
        Window w;
        QVERIFY(w.open(k06));
        QTRY_VERIFY_WITH_TIMEOUT(w.dock->isVisible(), 5000); // 06 keeps an event store
        w.showDock();
        QAbstractItemModelTester streamsTester(
            w.view->streamModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester eventsTester(
            w.view->eventModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester stateTester(
            w.view->stateModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);

        const SimTime at = 3 * kSecond;
        w.runTo(at);
        const auto fresh = freshRun(k06, at);
        const std::vector<StreamRow> expected = engineStreams(*fresh);
        QTRY_VERIFY_WITH_TIMEOUT(shownStreams(*w.view) == expected, 5000);
        QVERIFY2(w.view->summary().contains(QStringLiteral("order: %1 Order stream").arg(expected.size())),
            qPrintable(w.view->summary()));

        // A stream that went past a snapshot (every 3 events): click it, its events are the store's.
        const auto longOne
            = std::find_if(expected.begin(), expected.end(), [](const StreamRow& r) { return r.version >= 5; });
        QVERIFY(longOne != expected.end());
        const int row = static_cast<int>(longOne - expected.begin());
        auto* streams = w.view->findChild<QTableView*>(QStringLiteral("eventStoreStreams"));
        clickRow(streams, row);
        QCOMPARE(w.view->selectedStream(), longOne->id);
        const std::vector<EventRow> events = engineEvents(*fresh, longOne->id);
        QCOMPARE(static_cast<qint64>(events.size()), longOne->version);
        QTRY_VERIFY_WITH_TIMEOUT(shownEvents(*w.view) == events, 5000);
        // With no event chosen, the state is the last one's.
        QTRY_VERIFY_WITH_TIMEOUT(shownState(*w.view) == replayed(*fresh, longOne->id, longOne->version), 5000);
        QVERIFY2(
            w.view->foldNote().contains(QStringLiteral("the stream's last event")), qPrintable(w.view->foldNote()));

        // Each event chosen: the state folded up to and including it equals a replay from scratch; the
        // note says which snapshot the fold started from.
        auto* eventTable = w.view->findChild<QTableView*>(QStringLiteral("eventStoreEvents"));
        for (int k = 1; k <= static_cast<int>(longOne->version); ++k) {
            clickRow(eventTable, k - 1);
            QCOMPARE(w.view->selectedVersion(), k);
            const auto state = replayed(*fresh, longOne->id, static_cast<std::uint32_t>(k));
            QTRY_VERIFY2_WITH_TIMEOUT(shownState(*w.view) == state, qPrintable(QString::number(k)), 5000);
            QVERIFY(w.view->stateModel()->value(QStringLiteral("version")) == QString::number(k));
            const std::uint32_t snapshot = snapshotAtOrBefore(*fresh, longOne->id, static_cast<std::uint32_t>(k));
            const QString note = w.view->foldNote();
            if (snapshot > 0)
                QVERIFY2(
                    note.contains(QStringLiteral("from the snapshot at version %1").arg(snapshot)), qPrintable(note));
            else
                QVERIFY2(note.contains(QStringLiteral("from the empty state: %1 event").arg(k)), qPrintable(note));
        }
        QVERIFY(snapshotAtOrBefore(*fresh, longOne->id, static_cast<std::uint32_t>(longOne->version)) > 0);
        clickRow(eventTable, 3); // version 4: one past the first snapshot
        QTRY_VERIFY_WITH_TIMEOUT(shownState(*w.view) == replayed(*fresh, longOne->id, 4), 5000);
        saveScreenshot(*w.dock, QStringLiteral("event-store"));

        // Double-click an event: its message is chosen in the event log, and the Inspector shows it.
        const qint64 seq = events[1].seq;
        QVERIFY(seq >= 0);
        QSignalSpy chosen(w.view, &EventStoreView::messageChosen);
        clickRow(eventTable, 1, true);
        QCOMPARE(chosen.size(), 1);
        QCOMPARE(static_cast<qint64>(chosen.front().at(0).toUInt()), seq);
        auto* log = w.window.findChild<QTableView*>(QStringLiteral("eventLogView"));
        QTRY_COMPARE_WITH_TIMEOUT(log->currentIndex().data(EventLogModel::MessageRole).toLongLong(), seq, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(static_cast<qint64>(w.window.inspector()->message()), seq, 5000);

        // The search box: only the streams whose id contains the text.
        auto* filter = w.view->findChild<QLineEdit*>(QStringLiteral("eventStoreFilter"));
        QTest::keyClicks(filter, longOne->id);
        std::vector<StreamRow> matching;
        for (const StreamRow& r : expected)
            if (r.id.contains(longOne->id))
                matching.push_back(r);
        QTRY_VERIFY_WITH_TIMEOUT(shownStreams(*w.view) == matching, 5000);
        QCOMPARE(w.view->selectedStream(), longOne->id); // the open stream stays open
        filter->clear();
        QTRY_VERIFY_WITH_TIMEOUT(shownStreams(*w.view) == expected, 5000);
        saveScreenshot(w.window, QStringLiteral("event-store-window"));
        QVERIFY2(w.errors.messages.isEmpty(), qPrintable(w.errors.messages.join(u'\n')));
    }

    void followsTheRunBackInTime()
    {
        Window w;
        QVERIFY(w.open(k06));
        w.showDock();
        w.runTo(5 * kSecond);
        const auto late = freshRun(k06, 5 * kSecond);
        QTRY_VERIFY_WITH_TIMEOUT(shownStreams(*w.view) == engineStreams(*late), 5000);

        // A past moment: the dock shows the store as a fresh run stopped there has it.
        const SimTime past = 2 * kSecond + 345 * kMillisecond;
        const auto fresh = freshRun(k06, past);
        const std::vector<StreamRow> then = engineStreams(*fresh);
        QVERIFY(then.size() < engineStreams(*late).size());
        // Open a stream that has grown since: at the past moment it has fewer events.
        const std::vector<StreamRow> now = engineStreams(*late);
        std::size_t grown = 0;
        while (grown < then.size() && then[grown].version == now[grown].version)
            ++grown;
        QVERIFY2(grown < then.size(), "some order should move on between the two moments");
        w.view->selectStream(QStringLiteral("order"), then[grown].id);
        QTRY_VERIFY_WITH_TIMEOUT(shownEvents(*w.view) == engineEvents(*late, then[grown].id), 5000);

        w.window.timeScrubber()->scrubTo(past);
        QTRY_COMPARE_WITH_TIMEOUT(w.controller->viewTime(), past, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(shownStreams(*w.view) == then, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(shownEvents(*w.view) == engineEvents(*fresh, then[grown].id), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(
            shownState(*w.view) == replayed(*fresh, then[grown].id, static_cast<std::uint32_t>(then[grown].version)),
            5000);
        // A stream that did not exist yet then: said so, nothing shown.
        w.view->selectStream(QStringLiteral("order"), now.back().id);
        QTRY_VERIFY_WITH_TIMEOUT(w.view->findChild<QLabel*>(QStringLiteral("eventStoreStreamTitle"))
                                     ->text()
                                     .contains(QStringLiteral("not in")),
            5000);
        QCOMPARE(w.view->eventModel()->rowCount(), 0);
        QCOMPARE(w.view->stateModel()->rowCount(), 0);

        // Back to the present.
        w.window.timeScrubber()->scrubTo(-1);
        w.runTo(5 * kSecond + kMillisecond);
        QTRY_COMPARE_WITH_TIMEOUT(w.controller->viewTime(), SimTime { -1 }, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(
            shownStreams(*w.view) == engineStreams(*freshRun(k06, 5 * kSecond + kMillisecond)), 5000);
    }

    void followCorrelationOpensItsStreams()
    {
        Window w;
        QVERIFY(w.open(k06));
        w.showDock();
        const SimTime at = 4 * kSecond;
        w.runTo(at);
        const auto fresh = freshRun(k06, at);
        const EventStore& store = orderStore(*fresh);
        const EventLog& log = fresh->log();
        // A correlation id of some stream's event, and every stream with an event caused under it.
        const Atom someStream = store.streams()[store.streams().size() / 2];
        const StoredEvent& first = store.streamEvent(someStream, 1);
        QVERIFY(first.causation != kNoMessage);
        const Atom correlation = log.at(first.causation).correlation;
        QVERIFY(correlation != 0);
        std::set<QString> carrying;
        QString firstCarrying;
        for (const Atom id : store.streams()) {
            for (std::uint32_t v = 1; v <= store.version(id); ++v) {
                const std::uint32_t cause = store.streamEvent(id, v).causation;
                if (cause != kNoMessage && log.at(cause).correlation == correlation) {
                    carrying.insert(QStringLiteral("order/") + text(log.text(id)));
                    if (firstCarrying.isEmpty())
                        firstCarrying = text(log.text(id));
                    break;
                }
            }
        }
        QVERIFY(carrying.count(QStringLiteral("order/") + text(log.text(someStream))));

        // Through the window's lens (View › Follow This Order), which every panel follows.
        w.window.followCorrelation(text(log.text(correlation)));
        QCOMPARE(w.view->correlation(), text(log.text(correlation)));
        QTRY_COMPARE_WITH_TIMEOUT(w.view->selectedStream(), firstCarrying, 5000);
        QStringList expected;
        for (const QString& s : carrying)
            expected << s;
        QTRY_COMPARE_WITH_TIMEOUT(w.view->chosenStreams(), expected, 5000);
        QCOMPARE(w.view->streamModel()->rowCount(), static_cast<int>(carrying.size())); // only those are listed
        QTRY_VERIFY_WITH_TIMEOUT(shownEvents(*w.view) == engineEvents(*fresh, firstCarrying), 5000);
        QVERIFY2(w.view->summary().contains(QStringLiteral("carr")), qPrintable(w.view->summary()));

        // Its own ✕ lets go of the lens here only (what the button does); following the same order again
        // from the window applies it here again, though the window's lens never changed.
        w.view->followCorrelation({});
        QTRY_VERIFY_WITH_TIMEOUT(shownStreams(*w.view) == engineStreams(*fresh), 5000);
        w.window.followCorrelation(text(log.text(correlation)));
        QCOMPARE(w.view->correlation(), text(log.text(correlation)));
        QTRY_COMPARE_WITH_TIMEOUT(w.view->streamModel()->rowCount(), static_cast<int>(carrying.size()), 5000);

        // Unknown: nothing listed, nothing open; then every stream again.
        w.view->followCorrelation(QStringLiteral("no-such-correlation"));
        QTRY_COMPARE_WITH_TIMEOUT(w.view->streamModel()->rowCount(), 0, 5000);
        QVERIFY(w.view->selectedStream().isEmpty());
        w.view->followCorrelation({});
        QTRY_VERIFY_WITH_TIMEOUT(shownStreams(*w.view) == engineStreams(*fresh), 5000);
        // Letting go of the lens lists every stream too.
        w.view->followCorrelation(text(log.text(correlation)));
        QTRY_COMPARE_WITH_TIMEOUT(w.view->streamModel()->rowCount(), static_cast<int>(carrying.size()), 5000);
        w.window.followCorrelation({});
        QVERIFY(w.view->correlation().isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(shownStreams(*w.view) == engineStreams(*fresh), 5000);
    }

    void aScenarioWithoutAnEventStoreHidesTheDock()
    {
        Window w;
        QVERIFY(w.open(QStringLiteral("01-pubsub-fanout")));
        QVERIFY(caughtUp(w.window));
        QVERIFY(!w.dock->isVisible());
        // Shown by hand anyway, it says so once the engine has answered it.
        w.showDock();
        QSignalSpy answered(w.controller, &SimulationController::eventStoreReady);
        w.runTo(kSecond);
        QTRY_VERIFY_WITH_TIMEOUT(!answered.isEmpty(), 10000);
        QCOMPARE(w.view->summary(), QStringLiteral("No event store in this scenario."));
        QCOMPARE(w.view->streamModel()->rowCount(), 0);
        // 14 has no order service, but its saga coordinator keeps a saga log: the dock is there.
        QVERIFY(w.window.openFile(QStringLiteral("14-trip-booking-saga")));
        QTRY_VERIFY_WITH_TIMEOUT(w.dock->isVisible(), 5000);
    }
};

QTEST_MAIN(TestEventStoreDock)
#include "tst_eventstoredock.moc"
