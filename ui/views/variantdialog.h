#pragma once

#include "scenario/scenariosettings.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QPushButton;

namespace eventloom {

struct Scenario;

/// Tools › Compare with a Variant…: asks for ONE setting of the open scenario to change — one of the knobs
/// the Scenario Settings dock offers (ScenarioSettings::discover: interaction events↔sync, a saga's style,
/// a service's idempotency…) and its value in the variant, another than the run's, proposed.
class VariantDialog final : public QDialog {
    Q_OBJECT
public:
    explicit VariantDialog(const Scenario& scenario, QWidget* parent = nullptr);

    /// The setting changed, as `--set` writes it: `sagas.order-fulfilment.style=choreography`.
    QString assignment() const;
    /// Chooses the knob at `path` ("services.payment.idempotent"); false if the scenario has none.
    bool chooseSetting(const QString& path);
    QComboBox* settingBox() const { return m_setting; }
    QComboBox* valueBox() const { return m_value; }

private:
    void settingChosen(int index);
    void updateRunButton();

    QList<ScenarioSetting> m_settings;
    QComboBox* m_setting = nullptr;
    QComboBox* m_value = nullptr;
    QLabel* m_description = nullptr;
    QPushButton* m_run = nullptr;
};

} // namespace eventloom
