#pragma once

#include "refreshthrottle.h"

#include "simulation/busstate.h"

#include "base/simtime.h"
#include "faults/injectionspec.h"

#include <QPointer>
#include <QWidget>

class QAction;
class QToolButton;
class QTreeView;

namespace eventloom {

class OffsetResetDialog;
class TopicsModel;

/// The Topics dock: each topic's partitions with their end offsets, each group's committed offset and
/// lag per partition. It never reads the simulation: it asks (stateRequested, at most every 250 ms
/// while the run moves) and shows what setState hands it. Reset Offset… (a button, and the context menu
/// of a group row) asks for a `reset-offset` injection for the selected group (resetOffsetRequested),
/// which the engine applies, traces and records like any fault. A group row's context menu also detaches,
/// attaches again or scales the service that reads the group (consumerActions, injectRequested).
class TopicsView final : public QWidget {
    Q_OBJECT
public:
    explicit TopicsView(QWidget* parent = nullptr);

    TopicsModel* model() const { return m_model; }
    /// The bus as the engine reported it (SimulationWorker::busState).
    void setState(const BusState& state);
    /// The run moved: ask again (throttled).
    void runAdvanced();
    /// A new run: forget the old one's figures.
    void clear();
    /// The run's simulated time: what Reset Offset… offers as the time to reset to.
    void setCurrentTime(SimTime t) { m_now = t; }
    QTreeView* tree() const { return m_tree; }
    /// Reset Offset…: enabled while a group's row (or one of its partitions') is selected.
    QAction* resetOffsetAction() const { return m_resetAction; }
    /// Detach, Attach Again and Scale for the service reading the selected group (empty if none is known):
    /// what the group row's context menu offers below Reset Offset….
    QList<QAction*> consumerActions(QObject* parent);
    /// Whether the run takes injections (not a recorded run under review): the consumer actions need it.
    void setInjectable(bool injectable) { m_injectable = injectable; }
    /// The group of the selected row, or empty.
    QString selectedGroup() const;
    /// The Reset Offset dialog while it is open, else nullptr.
    OffsetResetDialog* resetDialog() const;
    QSize sizeHint() const override { return { 380, 240 }; }

Q_SIGNALS:
    void stateRequested();
    /// The user chose a reset: `reset-offset,group=G[,topic=T][,partition=P],to=…`.
    void resetOffsetRequested(const eventloom::InjectionSpec& spec);
    /// The user chose to attach, detach or scale the selected group's service (ConsumerActions).
    void injectRequested(const eventloom::InjectionSpec& spec);

protected:
    void showEvent(QShowEvent* event) override;

private:
    void request();
    void openResetDialog();
    void selectionChanged();

    TopicsModel* m_model = nullptr;
    QTreeView* m_tree = nullptr;
    QAction* m_resetAction = nullptr;
    QToolButton* m_resetButton = nullptr;
    QPointer<OffsetResetDialog> m_dialog;
    SimTime m_now = 0;
    RefreshThrottle* m_refresh = new RefreshThrottle([this] { request(); }, this);
    bool m_expanded = false;
    bool m_injectable = true;
};

} // namespace eventloom
