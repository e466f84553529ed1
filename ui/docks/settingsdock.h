#pragma once

#include "dockcontext.h"
#include "scenario/scenariosettings.h"

#include <QDockWidget>
#include <QHash>
#include <QJsonObject>

class QAction;
class QLabel;
class QPushButton;
class QScrollArea;

namespace eventloom {

/// The Scenario Settings dock: the knobs the open scenario has (ScenarioSettings, found in its document and
/// schema) as editors, grouped by what they belong to. Apply starts a new run of the scenario file with the
/// changed knobs as `--set PATH=VALUE` overrides (DockContext::applyOverrides), the same run the CLI makes;
/// Reset to Shipped Values starts one without any. Disabled while a recorded run is reviewed.
class SettingsDock final : public QDockWidget {
    Q_OBJECT
public:
    SettingsDock(const DockContext& context, QWidget* parent);

    /// Run › Scenario Settings…: shows the dock and brings it to the front.
    QAction* showAction() const { return m_showAction; }
    /// The overrides Apply would run with: those of the run shown, with the knobs edited since.
    QStringList pendingOverrides() const;

private:
    /// Rebuilds the editors when the run shown is of another document (a new scenario, new overrides).
    void rebuild();
    /// An editor's value, as JSON (undefined: an empty duration, left unset).
    QJsonValue editedValue(const ScenarioSetting& setting) const;
    /// Marks the knobs whose editors differ from the run's values, and updates Apply.
    void updatePending();
    void apply();
    QWidget* createEditor(const ScenarioSetting& setting);

    DockContext m_context;
    QJsonObject m_schema;
    QJsonObject m_document; ///< the document the editors were built from
    QStringList m_applied; ///< the overrides of the run the editors were built from
    QList<ScenarioSetting> m_settings;
    QHash<QString, QWidget*> m_editors; ///< by path
    QHash<QString, QLabel*> m_labels; ///< by path
    QScrollArea* m_scroll = nullptr;
    QLabel* m_summary = nullptr;
    QPushButton* m_apply = nullptr;
    QPushButton* m_shipped = nullptr;
    QAction* m_showAction = nullptr;
};

} // namespace eventloom
