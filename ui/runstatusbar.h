#pragma once

#include "simulation/tracebatch.h"

#include <QStatusBar>
#include <QStringList>

class QLabel;

namespace eventloom {

/// The status bar's run facts: state, simulated time, events, deliveries, seed and fingerprint.
class RunStatusBar final : public QStatusBar {
    Q_OBJECT
public:
    enum class State { NoRun, Paused, Playing, Finished };

    explicit RunStatusBar(QWidget* parent = nullptr);

    void setState(State state);
    void setStatus(const RunStatus& status);
    /// Blank facts, for a run that has not reported yet.
    void clearStatus();
    /// The run's `--set` overrides (Scenario Settings), shown first; hidden when it runs as shipped.
    void setOverrides(const QStringList& overrides);

private:
    QLabel* addFact(const QString& objectName, const QString& widest);

    QLabel* m_overrides = nullptr;
    QLabel* m_state = nullptr;
    QLabel* m_time = nullptr;
    QLabel* m_events = nullptr;
    QLabel* m_deliveries = nullptr;
    QLabel* m_duplicateEffects = nullptr;
    QLabel* m_seed = nullptr;
    QLabel* m_fingerprint = nullptr;
};

} // namespace eventloom
