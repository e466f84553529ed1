#pragma once

// What the GUI suites that drive the docks' context menus and the run share: the injections the log
// shows, a context menu's actions, the Architecture's service menu, a group's row in the Topics dock, and
// Run › Run Until… answered as a user would.

#include "uitesting.h"

#include "models/topicsmodel.h"
#include "views/architectureview.h"

#include <QApplication>
#include <QContextMenuEvent>
#include <QInputDialog>
#include <QMenu>
#include <QTableView>
#include <QTimer>
#include <algorithm>

namespace eventloom::uitesting {

/// The specs of the run's injection records, as the event log shows them (the outcome's tooltip).
inline QStringList injections(const MainWindow& window)
{
    const QAbstractItemModel* model = window.findChild<QTableView*>(QStringLiteral("eventLogView"))->model();
    QStringList specs;
    for (int r = 0; r < model->rowCount(); ++r)
        if (model->index(r, 0).data(EventLogModel::KindRole).toString() == QLatin1String("injection"))
            specs << model->index(r, int(EventLogModel::Column::Outcome)).data(Qt::ToolTipRole).toString();
    return specs;
}

inline bool anyStartsWith(const QStringList& specs, const QString& kind, const QString& contains)
{
    return std::any_of(
        specs.begin(), specs.end(), [&](const QString& s) { return s.startsWith(kind) && s.contains(contains); });
}

/// Right-clicks `service`'s node and returns the menu that opens (null if none does).
inline QMenu* openMenu(ArchitectureView* view, const QString& service)
{
    const QPoint at = view->nodeRect(ArchitectureLayout::NodeKind::Service, service).center().toPoint();
    QContextMenuEvent event(QContextMenuEvent::Mouse, at, view->mapToGlobal(at));
    QApplication::sendEvent(view, &event);
    const auto menus = view->findChildren<QMenu*>(QStringLiteral("architectureMenu"));
    return menus.isEmpty() ? nullptr : menus.back();
}

/// The action of `menu` called `name`, or null.
inline QAction* menuAction(QMenu* menu, const char* name)
{
    for (QAction* a : menu->actions())
        if (a->objectName() == QLatin1String(name))
            return a;
    return nullptr;
}

/// The row of `group` under `topic` in the Topics dock's model, or an invalid index.
inline QModelIndex groupRow(const TopicsModel& model, const QString& topic, const QString& group)
{
    for (int t = 0; t < model.rowCount(); ++t) {
        const QModelIndex topicIndex = model.index(t, 0);
        if (topicIndex.data().toString() != topic)
            continue;
        for (int r = 0; r < model.rowCount(topicIndex); ++r) {
            const QModelIndex row = model.index(r, 0, topicIndex);
            if (row.data(TopicsModel::KindRole).toInt() == static_cast<int>(TopicsModel::NodeKind::Group)
                && row.data(TopicsModel::GroupRole).toString() == group)
                return row;
        }
    }
    return {};
}

/// Runs the window to `seconds` with Run › Run Until…, as a user would.
inline void runUntil(MainWindow& window, double seconds)
{
    auto* action = window.findChild<QAction*>(QStringLiteral("actionRunUntil"));
    QVERIFY(action);
    QTRY_VERIFY(action->isEnabled());
    QTimer::singleShot(0, &window, [seconds] {
        auto* dialog = qobject_cast<QInputDialog*>(QApplication::activeModalWidget());
        QVERIFY(dialog);
        dialog->setDoubleValue(seconds);
        dialog->accept();
    });
    action->trigger();
}

} // namespace eventloom::uitesting
