#pragma once

#include "faults/injectionspec.h"

#include <QHash>
#include <QWidget>
#include <functional>

class QAction;
class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTimer;

namespace eventloom {

struct Scenario;

/// The Faults dock's contents, all of it turned into injection specs (InjectionSpec's builders) that go
/// through the engine's injection queue, so every change is traced and replays exactly:
/// - global controls — drop %, duplicate %, reorder window, latency and jitter on every topic — each
///   one rule named with `id=ui-…`, so changing a control replaces its rule (0 switches it off);
/// - per-service controls — crash for N s, slow ×, idempotent on/off, fail the next operation;
/// - one-shot actions — Fail next payment, Decline payments for N s, Duplicate next event on a topic,
///   Crash a service — also offered as QActions for the Faults menu (actions()).
/// It only builds specs; `inject` sends them to the run and says if it took them. The free-text line
/// ("Any injection") hands its text to `injectText`, which parses it.
class FaultsPanel final : public QWidget {
    Q_OBJECT
public:
    using Injector = std::function<bool(const InjectionSpec& spec)>;
    using TextInjector = std::function<bool(const QString& spec)>;

    FaultsPanel(QAction* failNextPayment, Injector inject, TextInjector injectText, QWidget* parent = nullptr);

    /// Offers the scenario's services and topics as targets and puts every control back to "no
    /// fault", without injecting anything: a new run starts with none (nullptr: no scenario).
    void setScenario(const Scenario* scenario);
    /// The one-shot actions other than Fail Next Payment, for the Faults menu.
    QList<QAction*> oneShotActions() const;
    /// How long a change of a global or per-service control waits for the next one before it is
    /// injected (typing "25" into a spin box injects once, not twice). Tests shorten it.
    void setSettleMs(int ms);

private:
    QWidget* createGlobalControls();
    QWidget* createServiceControls();
    QWidget* createOneShots(QAction* failNextPayment);
    void serviceChanged();
    /// Injects what the global controls say now, for those that changed since the last time.
    void applyGlobal();
    void applySlow();

    Injector m_inject;
    TextInjector m_injectText;
    QSpinBox* m_drop = nullptr;
    QSpinBox* m_duplicate = nullptr;
    QSpinBox* m_reorder = nullptr;
    QSpinBox* m_latency = nullptr;
    QSpinBox* m_jitter = nullptr;
    QTimer* m_globalSettle = nullptr;
    QHash<QString, InjectionSpec> m_globalApplied; ///< rule id → the spec in force (or the "off" spec)

    QComboBox* m_service = nullptr;
    QSpinBox* m_crashSeconds = nullptr;
    QDoubleSpinBox* m_slow = nullptr;
    QTimer* m_slowSettle = nullptr;
    QCheckBox* m_idempotent = nullptr;
    QPushButton* m_failButton = nullptr;
    QHash<QString, double> m_slowFactor; ///< by service: the factor in force
    std::pair<QString, double> m_slowPending { QString(), 1.0 }; ///< (service, factor) waiting to settle
    QHash<QString, bool> m_idempotentNow; ///< by service with an inbox: its setting now
    QHash<QString, QString> m_serviceKind;

    QSpinBox* m_declineSeconds = nullptr;
    QComboBox* m_duplicateTopic = nullptr;
    QAction* m_declineAction = nullptr;
    QAction* m_duplicateAction = nullptr;
    QAction* m_crashAction = nullptr;
    QLineEdit* m_injectionEdit = nullptr;
};

} // namespace eventloom
