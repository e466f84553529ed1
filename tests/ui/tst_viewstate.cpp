// ViewState on its own: each setter signals once per real change, never for the value it already holds,
// and the request to choose a message changes nothing by itself. No engine, no window.

#include "viewstate.h"

#include <QSignalSpy>
#include <QTest>

namespace eventloom {

class TestViewState : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void startsLiveFollowingNothingWithNothingSelected()
    {
        const ViewState state;
        QVERIFY(state.followed().isEmpty());
        QCOMPARE(state.viewTime(), SimTime { -1 });
        QVERIFY(state.isLive());
        QCOMPARE(state.selectedMessage(), ViewState::kNoSelection);
    }

    void followedSignalsOncePerChange()
    {
        ViewState state;
        QSignalSpy changed(&state, &ViewState::followedChanged);
        state.setFollowed({});
        QCOMPARE(changed.size(), 0);
        state.setFollowed(QStringLiteral("order-000001"));
        state.setFollowed(QStringLiteral("order-000001"));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.at(0).at(0).toString(), QStringLiteral("order-000001"));
        QCOMPARE(state.followed(), QStringLiteral("order-000001"));
        state.setFollowed(QStringLiteral("order-000002"));
        state.setFollowed({});
        state.setFollowed({});
        QCOMPARE(changed.size(), 3);
        QCOMPARE(changed.at(1).at(0).toString(), QStringLiteral("order-000002"));
        QVERIFY(changed.at(2).at(0).toString().isEmpty());
        QVERIFY(state.followed().isEmpty());
    }

    void viewTime_data()
    {
        QTest::addColumn<QList<qint64>>("sets");
        QTest::addColumn<QList<qint64>>("signalled");
        QTest::newRow("live stays live") << QList<qint64> { -1, -1 } << QList<qint64> {};
        QTest::newRow("any negative is live") << QList<qint64> { -5, -1, -1000 } << QList<qint64> {};
        QTest::newRow("a past moment once") << QList<qint64> { 2'000'000, 2'000'000 } << QList<qint64> { 2'000'000 };
        QTest::newRow("time 0 is a moment") << QList<qint64> { 0, 0, -1 } << QList<qint64> { 0, -1 };
        QTest::newRow("scrubbing and back") << QList<qint64> { 5, 7, 7, 5, -3, -1 } << QList<qint64> { 5, 7, 5, -1 };
    }

    void viewTime()
    {
        QFETCH(QList<qint64>, sets);
        QFETCH(QList<qint64>, signalled);
        ViewState state;
        QSignalSpy changed(&state, &ViewState::viewTimeChanged);
        for (const qint64 t : sets)
            state.setViewTime(t);
        QList<qint64> got;
        for (const QList<QVariant>& args : changed)
            got << args.at(0).value<SimTime>();
        QCOMPARE(got, signalled);
        QCOMPARE(state.viewTime(), sets.back() < 0 ? SimTime { -1 } : SimTime { sets.back() });
        QCOMPARE(state.isLive(), sets.back() < 0);
    }

    void selectionSignalsOncePerChange()
    {
        ViewState state;
        QSignalSpy changed(&state, &ViewState::selectedMessageChanged);
        state.setSelectedMessage(ViewState::kNoSelection);
        QCOMPARE(changed.size(), 0);
        state.setSelectedMessage(0);
        state.setSelectedMessage(0);
        state.setSelectedMessage(41);
        state.setSelectedMessage(ViewState::kNoSelection);
        state.setSelectedMessage(ViewState::kNoSelection);
        QCOMPARE(changed.size(), 3);
        QCOMPARE(changed.at(0).at(0).toUInt(), 0u);
        QCOMPARE(changed.at(1).at(0).toUInt(), 41u);
        QCOMPARE(changed.at(2).at(0).toUInt(), ViewState::kNoSelection);
        QCOMPARE(state.selectedMessage(), ViewState::kNoSelection);
    }

    void choosingAMessageIsARequestOnly()
    {
        ViewState state;
        state.setSelectedMessage(3);
        QSignalSpy chosen(&state, &ViewState::messageChosen);
        QSignalSpy changed(&state, &ViewState::selectedMessageChanged);
        state.chooseMessage(7);
        state.chooseMessage(7); // asked twice: asked twice
        QCOMPARE(chosen.size(), 2);
        QCOMPARE(chosen.at(1).at(0).toUInt(), 7u);
        QCOMPARE(changed.size(), 0);
        QCOMPARE(state.selectedMessage(), 3u);
    }

    void choosingARecordIsARequestForTheLogToo()
    {
        // A finding's record (the Guarantees dock): the log makes that row current, which selects it.
        ViewState state;
        state.setSelectedMessage(3);
        QSignalSpy chosen(&state, &ViewState::recordChosen);
        QSignalSpy changed(&state, &ViewState::selectedMessageChanged);
        state.chooseRecord(1234);
        state.chooseRecord(1234);
        QCOMPARE(chosen.size(), 2);
        QCOMPARE(chosen.at(1).at(0).toLongLong(), 1234);
        QCOMPARE(changed.size(), 0);
        QCOMPARE(state.selectedMessage(), 3u);
    }

    void theThreeAreIndependent()
    {
        ViewState state;
        QSignalSpy followed(&state, &ViewState::followedChanged);
        QSignalSpy time(&state, &ViewState::viewTimeChanged);
        QSignalSpy selected(&state, &ViewState::selectedMessageChanged);
        state.setFollowed(QStringLiteral("order-000003"));
        QCOMPARE(followed.size() + time.size() + selected.size(), 1);
        state.setViewTime(10);
        QCOMPARE(followed.size() + time.size() + selected.size(), 2);
        state.setSelectedMessage(9);
        QCOMPARE(followed.size() + time.size() + selected.size(), 3);
        QCOMPARE(state.followed(), QStringLiteral("order-000003"));
        QCOMPARE(state.viewTime(), SimTime { 10 });
        QCOMPARE(state.selectedMessage(), 9u);
    }

    void everyCallIsARequestAfterItsChange()
    {
        // A panel that acts on a repeated request (the Event Store's lens after its own ✕, the log's scroll
        // to the moment, the Inspector's deliveries) hears every call, the change first.
        ViewState state;
        QStringList order;
        connect(&state, &ViewState::followedChanged, this, [&] { order << QStringLiteral("changed"); });
        connect(&state, &ViewState::followRequested, this,
            [&](const QString& c) { order << QStringLiteral("requested ") + c; });
        state.setFollowed(QStringLiteral("order-000001"));
        state.setFollowed(QStringLiteral("order-000001"));
        QCOMPARE(order,
            (QStringList { QStringLiteral("changed"), QStringLiteral("requested order-000001"),
                QStringLiteral("requested order-000001") }));

        QSignalSpy timeChanged(&state, &ViewState::viewTimeChanged);
        QSignalSpy timeRequested(&state, &ViewState::viewTimeRequested);
        state.setViewTime(25);
        state.setViewTime(25);
        state.setViewTime(-7); // live, said another way
        QCOMPARE(timeChanged.size(), 2);
        QCOMPARE(timeRequested.size(), 3);
        QCOMPARE(timeRequested.at(2).at(0).value<SimTime>(), SimTime { -1 });

        QSignalSpy selectionChanged(&state, &ViewState::selectedMessageChanged);
        QSignalSpy selectionRequested(&state, &ViewState::selectionRequested);
        state.setSelectedMessage(4);
        state.setSelectedMessage(4);
        QCOMPARE(selectionChanged.size(), 1);
        QCOMPARE(selectionRequested.size(), 2);
        QCOMPARE(selectionRequested.at(1).at(0).toUInt(), 4u);
    }
};

} // namespace eventloom

QTEST_GUILESS_MAIN(eventloom::TestViewState)
#include "tst_viewstate.moc"
