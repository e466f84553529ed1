#pragma once

#include "simulation/pendingdelivery.h"

#include <QSet>
#include <QWidget>

class QAction;
class QLabel;
class QListWidget;
class QListWidgetItem;
class QSpinBox;
class QTableView;

namespace eventloom {

class PendingDeliveryModel;
struct Scenario;

/// The Breakpoints dock: which consumers to pause before (any, or chosen services), the deliveries
/// waiting at a breakpoint, and what to do with each — Deliver, Drop, Duplicate, Delay. It never touches
/// the engine: it asks (breakpointChanged, resolveRequested; MainWindow turns them into `break`,
/// `unbreak` and `resolve` injections) and shows what setPending hands it.
///
/// Keyboard: in the table Return delivers the selected deliveries, Delete drops them, Ctrl+D
/// duplicates and Ctrl+L delays them (by the spin box's time); the next one is then selected.
class BreakpointsView final : public QWidget {
    Q_OBJECT
public:
    explicit BreakpointsView(QWidget* parent = nullptr);

    /// The consumers of `scenario` to choose from, none checked (a new run has no breakpoint).
    void setScenario(const Scenario* scenario);
    /// The deliveries waiting now (SimulationController::pendingDeliveriesChanged).
    void setPending(const PendingDeliveries& pending);
    /// Checks or unchecks a consumer service (empty: all consumers), as a click does.
    void setBreakpoint(const QString& service, bool on);
    bool hasBreakpoint(const QString& service) const;

    PendingDeliveryModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    QListWidget* consumers() const { return m_consumers; }
    QSpinBox* delayBox() const { return m_delay; }
    QAction* deliverAction() const { return m_deliver; }
    QAction* dropAction() const { return m_drop; }
    QAction* duplicateAction() const { return m_duplicate; }
    QAction* delayAction() const { return m_delayAction; }
    QAction* deliverAllAction() const { return m_deliverAll; }
    QSize sizeHint() const override { return { 420, 360 }; }

Q_SIGNALS:
    /// Pause before deliveries to `service` (empty: to any consumer), or no longer (`on` false; for
    /// the empty service: no breakpoint at all any more).
    void breakpointChanged(const QString& service, bool on);
    /// Decide on `delivery`: "deliver", "drop", "duplicate" or "delay" (by `delay`).
    void resolveRequested(
        const eventloom::PendingDeliveryInfo& delivery, const QString& choice, eventloom::SimTime delay);

private:
    void consumerToggled(QListWidgetItem* item);
    void resolveSelected(const QString& choice);
    void updateState();
    void keepSelection();
    QListWidgetItem* item(const QString& service) const;

    QListWidget* m_consumers = nullptr;
    QLabel* m_status = nullptr;
    QTableView* m_table = nullptr;
    PendingDeliveryModel* m_model = nullptr;
    QSpinBox* m_delay = nullptr;
    QAction* m_deliver = nullptr;
    QAction* m_drop = nullptr;
    QAction* m_duplicate = nullptr;
    QAction* m_delayAction = nullptr;
    QAction* m_deliverAll = nullptr;
    QSet<quint64> m_requested; ///< decided on, not yet gone from the engine's list: asked once only
    bool m_updating = false; ///< setting check states from code: not the user's click
};

} // namespace eventloom
