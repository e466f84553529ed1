#pragma once

#include <QWidget>
#include <functional>

class QAction;
class QComboBox;
class QLineEdit;
class QSpinBox;

namespace eventloom {

struct Scenario;

/// The Faults dock's contents: one-shot faults against the open scenario's services and topics
/// (fail the next operation, crash for a while, duplicate the next event) and a line for any
/// `--inject` spec. It only builds specs; `inject` sends them to the run and says if it took them.
class FaultsPanel final : public QWidget {
    Q_OBJECT
public:
    using Injector = std::function<bool(const QString& spec)>;

    FaultsPanel(QAction* failNextPayment, Injector inject, QWidget* parent = nullptr);

    /// Offers the scenario's services and topics as targets (nullptr: none).
    void setScenario(const Scenario* scenario);

private:
    Injector m_inject;
    QComboBox* m_failService = nullptr;
    QComboBox* m_crashService = nullptr;
    QSpinBox* m_crashSeconds = nullptr;
    QComboBox* m_duplicateTopic = nullptr;
    QLineEdit* m_injectionEdit = nullptr;
};

} // namespace eventloom
