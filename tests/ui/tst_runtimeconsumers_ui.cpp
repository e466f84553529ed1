// Consumers at run time from the window: the Architecture's service menu attaches fraud (waiting for its
// attachAt) from the latest offset and scales analytics up; the Topics dock's group menu scales analytics
// again and detaches notification. Each is traced as an injection, the architecture shows the instances
// and the detached consumer, and the Topics dock shows which instance reads each partition after the
// rebalance.

#include "docktesting.h"

#include "views/topicsview.h"

#include <QDockWidget>
#include <QSettings>
#include <QTreeView>

using namespace eventloom;
using namespace eventloom::uitesting;

namespace {
/// An injection of `kind` whose spec has `rest`, traced and shown in the log.
bool traced(const MainWindow& window, const QString& kind, const QString& rest)
{
    return anyStartsWith(injections(window), kind + u'@', rest);
}

/// The group row's context menu in the Topics dock, opened as a right click does.
QMenu* topicsMenu(TopicsView* view, const QString& topic, const QString& group)
{
    const QModelIndex row = groupRow(*view->model(), topic, group);
    if (!row.isValid())
        return nullptr;
    view->tree()->scrollTo(row);
    Q_EMIT view->tree()->customContextMenuRequested(view->tree()->visualRect(row).center());
    const auto menus = view->findChildren<QMenu*>(QStringLiteral("topicsMenu"));
    return menus.isEmpty() ? nullptr : menus.back();
}
}

class TestRuntimeConsumersUi : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init() { QSettings().clear(); }

    void attachDetachAndScaleFromTheContextMenus()
    {
        MainWindow window;
        window.setErrorHandler([](const QString& message, const QStringList& details) {
            QFAIL(qPrintable(message + u' ' + details.join(u' ')));
        });
        window.resize(1600, 1000);
        window.show();
        QVERIFY(window.openFile(QStringLiteral("10-new-consumer")));
        auto* topicsDock = window.findChild<QDockWidget*>(QStringLiteral("topicsDock"));
        auto* architectureDock = window.findChild<QDockWidget*>(QStringLiteral("architectureDock"));
        QVERIFY(topicsDock && architectureDock);
        topicsDock->show();
        topicsDock->raise();
        architectureDock->show();
        QTRY_VERIFY(architectureDock->isVisible() && topicsDock->isVisible());
        runUntil(window, 3.0);
        QTRY_COMPARE_WITH_TIMEOUT(labelText(window, "timeLabel"), QStringLiteral("t = 3.000 s"), 30000);

        // The architecture: fraud waits for its attachAt (10 s); attach it now, from the latest offset.
        ArchitectureView* view = window.architectureView();
        QCOMPARE(view->consumer(QStringLiteral("fraud")), ArchitectureView::Consumer::Waiting);
        QMenu* menu = openMenu(view, QStringLiteral("fraud"));
        QVERIFY(menu);
        QVERIFY(!menuAction(menu, "actionArchitectureDetach"));
        QVERIFY(!menuAction(menu, "actionArchitectureScaleDown")); // one instance
        QAction* attach = menuAction(menu, "actionArchitectureAttachLatest");
        QVERIFY(attach);
        QCOMPARE(attach->toolTip(), QStringLiteral("attach,service=fraud,from=latest"));
        attach->trigger();
        menu->close();
        QTRY_COMPARE_WITH_TIMEOUT(view->consumer(QStringLiteral("fraud")), ArchitectureView::Consumer::Attached, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(
            traced(window, QStringLiteral("attach"), QStringLiteral(",service=fraud,from=latest")), 5000);

        // Scale analytics up from its menu: two instances.
        menu = openMenu(view, QStringLiteral("analytics"));
        QVERIFY(menu);
        QVERIFY(menuAction(menu, "actionArchitectureDetach"));
        QVERIFY(!menuAction(menu, "actionArchitectureAttachEarliest")); // attached from the start
        menuAction(menu, "actionArchitectureScaleUp")->trigger();
        menu->close();
        QTRY_COMPARE_WITH_TIMEOUT(view->instances(QStringLiteral("analytics")), 2, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(
            traced(window, QStringLiteral("scale"), QStringLiteral(",service=analytics,instances=2")), 5000);

        // The Topics dock: analytics' group on orders.events (3 partitions) now read by two instances.
        TopicsView* topics = window.topicsView();
        const QString orders = QStringLiteral("orders.events");
        const QString analytics = QStringLiteral("analytics");
        runUntil(window, 3.5);
        QTRY_COMPARE_WITH_TIMEOUT(
            topics->model()->readBy(orders, analytics, -1), QStringLiteral("analytics ×2"), 10000);
        QCOMPARE(topics->model()->readBy(orders, analytics, 0), QStringLiteral("analytics#0"));
        QCOMPARE(topics->model()->readBy(orders, analytics, 2), QStringLiteral("analytics#1"));

        // Its group menu: Reset Offset…, then scale analytics to three: one partition each.
        menu = topicsMenu(topics, orders, analytics);
        QVERIFY(menu);
        QTRY_VERIFY(menu->isVisible());
        QVERIFY(menu->actions().contains(topics->resetOffsetAction()));
        QVERIFY(menuAction(menu, "actionTopicsScaleDown"));
        QAction* scaleUp = menuAction(menu, "actionTopicsScaleUp");
        QVERIFY(scaleUp);
        QCOMPARE(scaleUp->text(), QStringLiteral("Scale analytics Up to 3 Instances"));
        saveScreenshot(*menu, QStringLiteral("consumers-topics-menu"));
        scaleUp->trigger();
        menu->close();
        QTRY_VERIFY_WITH_TIMEOUT(
            traced(window, QStringLiteral("scale"), QStringLiteral(",service=analytics,instances=3")), 5000);
        runUntil(window, 4.0);
        QTRY_COMPARE_WITH_TIMEOUT(topics->model()->readBy(orders, analytics, 2), QStringLiteral("analytics#2"), 10000);
        QCOMPARE(topics->model()->readBy(orders, analytics, 1), QStringLiteral("analytics#1"));
        QTRY_COMPARE_WITH_TIMEOUT(view->instances(analytics), 3, 5000);

        // Detach notification from its group's menu: nobody reads its partitions, its lag grows.
        const QString notification = QStringLiteral("notification");
        menu = topicsMenu(topics, orders, notification);
        QVERIFY(menu);
        QAction* detach = menuAction(menu, "actionTopicsDetach");
        QVERIFY(detach);
        QCOMPARE(detach->toolTip(), QStringLiteral("detach,service=notification"));
        detach->trigger();
        menu->close();
        QTRY_COMPARE_WITH_TIMEOUT(view->consumer(notification), ArchitectureView::Consumer::Detached, 5000);
        runUntil(window, 5.0);
        QTRY_COMPARE_WITH_TIMEOUT(
            topics->model()->readBy(orders, notification, -1), QStringLiteral("notification, detached"), 10000);
        QCOMPARE(topics->model()->readBy(orders, notification, 0), QStringLiteral("nobody"));
        QTRY_VERIFY_WITH_TIMEOUT(topics->model()->lag(orders, notification, 0) > 0, 10000);
        // Detached, its menu offers to attach it again instead.
        menu = topicsMenu(topics, orders, notification);
        QVERIFY(menu);
        QVERIFY(!menuAction(menu, "actionTopicsDetach"));
        QVERIFY(menuAction(menu, "actionTopicsAttachCommitted"));
        menu->close();
        menu = openMenu(view, notification);
        QVERIFY(menu);
        QVERIFY(menuAction(menu, "actionArchitectureAttachCommitted"));
        menu->close();

        // The dock on its own, wide enough for every column, for the person looking at the screenshot.
        topicsDock->setFloating(true);
        topicsDock->resize(820, 620);
        QTRY_VERIFY(topicsDock->width() >= 800);
        topics->tree()->expandAll();
        topics->tree()->scrollTo(groupRow(*topics->model(), orders, notification), QAbstractItemView::PositionAtTop);
        saveScreenshot(*topicsDock, QStringLiteral("consumers-topics"));
        saveScreenshot(*architectureDock, QStringLiteral("consumers-architecture"));
        saveScreenshot(window, QStringLiteral("consumers-window"));
    }
};

QTEST_MAIN(TestRuntimeConsumersUi)
#include "tst_runtimeconsumers_ui.moc"
