#include "settingsdock.h"

#include "scenario/scenario.h"
#include "scenario/scenariooverrides.h"
#include "simulation/simulationcontroller.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

namespace eventloom {

namespace {
/// Numbers as the document would hold them: 6, not 6.0, so an unchanged knob compares equal.
QJsonValue number(double v)
{
    return v == std::floor(v) && std::abs(v) < 1e15 ? QJsonValue(static_cast<qint64>(v)) : QJsonValue(v);
}

bool sameValue(const QJsonValue& a, const QJsonValue& b)
{
    if (a.isDouble() && b.isDouble())
        return a.toDouble() == b.toDouble();
    return a == b;
}
}

SettingsDock::SettingsDock(const DockContext& context, QWidget* parent)
    : QDockWidget(tr("Scenario Settings"), parent)
    , m_context(context)
    , m_schema(ScenarioSettings::schema())
{
    setObjectName(QStringLiteral("settingsDock"));
    auto* body = new QWidget(this);
    auto* layout = new QVBoxLayout(body);
    layout->setContentsMargins(6, 6, 6, 6);
    m_summary = new QLabel(body);
    m_summary->setObjectName(QStringLiteral("settingsSummary"));
    m_summary->setWordWrap(true);
    layout->addWidget(m_summary);
    m_scroll = new QScrollArea(body);
    m_scroll->setObjectName(QStringLiteral("settingsScroll"));
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    layout->addWidget(m_scroll, 1);
    auto* buttons = new QHBoxLayout;
    m_apply = new QPushButton(tr("Apply: New Run"), body);
    m_apply->setObjectName(QStringLiteral("applySettingsButton"));
    m_apply->setToolTip(tr("Start a new run with the changed settings, as eventloom-cli run --set PATH=VALUE"));
    m_shipped = new QPushButton(tr("Reset to Shipped Values"), body);
    m_shipped->setObjectName(QStringLiteral("shippedSettingsButton"));
    m_shipped->setToolTip(tr("Start a new run of the scenario exactly as shipped, without any setting changed"));
    buttons->addWidget(m_apply);
    buttons->addWidget(m_shipped);
    buttons->addStretch(1);
    layout->addLayout(buttons);
    setWidget(body);

    m_showAction = new QAction(tr("Scenario &Settings…"), this);
    m_showAction->setObjectName(QStringLiteral("actionScenarioSettings"));
    m_showAction->setToolTip(tr("Change the open scenario's settings (interaction, saga styles, instances, "
                                "partitions, workload…) and run it again"));
    connect(m_showAction, &QAction::triggered, this, [this] {
        show();
        raise();
    });
    connect(m_apply, &QPushButton::clicked, this, &SettingsDock::apply);
    connect(m_shipped, &QPushButton::clicked, this, [this] { m_context.applyOverrides({}); });
    connect(m_context.controller, &SimulationController::runStarted, this, &SettingsDock::rebuild);
    rebuild();
}

void SettingsDock::rebuild()
{
    const Scenario* scenario = m_context.scenario();
    const bool live = scenario && !m_context.controller->isReviewing();
    const QJsonObject document = scenario ? scenario->json : QJsonObject();
    const QStringList applied = scenario ? scenario->overrides : QStringList();
    m_showAction->setEnabled(scenario != nullptr);
    widget()->setEnabled(live);
    if (m_scroll->widget() && document == m_document && applied == m_applied) {
        updatePending(); // the same document again (Reset): the edits not applied stay
        return;
    }
    m_document = document;
    m_applied = applied;
    m_settings = ScenarioSettings::discover(document, m_schema);
    m_editors.clear();
    m_labels.clear();
    auto* content = new QWidget;
    auto* layout = new QVBoxLayout(content);
    layout->setContentsMargins(0, 0, 0, 0);
    QGroupBox* group = nullptr;
    QFormLayout* form = nullptr;
    for (const ScenarioSetting& setting : std::as_const(m_settings)) {
        if (!group || group->title() != setting.group) {
            group = new QGroupBox(setting.group, content);
            form = new QFormLayout(group);
            form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
            layout->addWidget(group);
        }
        auto* label = new QLabel(setting.label, group);
        const QString tip = (setting.description.isEmpty() ? QString() : setting.description + QStringLiteral("\n\n"))
            + QStringLiteral("--set ") + setting.assignment(setting.value);
        label->setToolTip(tip);
        QWidget* editor = createEditor(setting);
        editor->setParent(group);
        editor->setToolTip(tip);
        form->addRow(label, editor);
        m_labels.insert(setting.path, label);
        m_editors.insert(setting.path, editor);
    }
    if (m_settings.isEmpty() && scenario)
        layout->addWidget(new QLabel(tr("This scenario has no settings to change."), content));
    layout->addStretch(1);
    m_scroll->setWidget(content);
    updatePending();
}

QWidget* SettingsDock::createEditor(const ScenarioSetting& setting)
{
    QWidget* editor = nullptr;
    switch (setting.kind) {
    case ScenarioSetting::Kind::Choice: {
        auto* box = new QComboBox;
        box->addItems(setting.choices);
        box->setCurrentText(setting.value.toString());
        connect(box, &QComboBox::currentTextChanged, this, &SettingsDock::updatePending);
        editor = box;
        break;
    }
    case ScenarioSetting::Kind::Boolean: {
        auto* box = new QCheckBox;
        box->setChecked(setting.value.toBool());
        connect(box, &QCheckBox::toggled, this, &SettingsDock::updatePending);
        editor = box;
        break;
    }
    case ScenarioSetting::Kind::Integer: {
        auto* box = new QSpinBox;
        box->setRange(
            static_cast<int>(std::max(setting.minimum, -2e9)), static_cast<int>(std::min(setting.maximum, 2e9)));
        box->setValue(setting.value.toInt(box->minimum()));
        connect(box, &QSpinBox::valueChanged, this, &SettingsDock::updatePending);
        editor = box;
        break;
    }
    case ScenarioSetting::Kind::Number: {
        auto* box = new QDoubleSpinBox;
        box->setDecimals(3);
        // Three decimals: a minimum just above 0 (a rate) is 0.001; a minimum of 0 (a quota) stays 0.
        box->setRange(setting.minimum > 0 ? std::max(setting.minimum, 0.001) : setting.minimum, setting.maximum);
        box->setValue(setting.value.toDouble(box->minimum()));
        connect(box, &QDoubleSpinBox::valueChanged, this, &SettingsDock::updatePending);
        editor = box;
        break;
    }
    case ScenarioSetting::Kind::Duration:
    case ScenarioSetting::Kind::Json: {
        auto* line = new QLineEdit;
        if (!setting.value.isUndefined())
            line->setText(ScenarioSetting::valueText(setting.value));
        line->setPlaceholderText(setting.kind == ScenarioSetting::Kind::Duration ? tr("not set (e.g. 2s)") : QString());
        connect(line, &QLineEdit::textChanged, this, &SettingsDock::updatePending);
        editor = line;
        break;
    }
    }
    editor->setObjectName(setting.path);
    return editor;
}

QJsonValue SettingsDock::editedValue(const ScenarioSetting& setting) const
{
    QWidget* editor = m_editors.value(setting.path);
    switch (setting.kind) {
    case ScenarioSetting::Kind::Choice:
        return static_cast<QComboBox*>(editor)->currentText();
    case ScenarioSetting::Kind::Boolean:
        return static_cast<QCheckBox*>(editor)->isChecked();
    case ScenarioSetting::Kind::Integer:
        return static_cast<QSpinBox*>(editor)->value();
    case ScenarioSetting::Kind::Number:
        return number(static_cast<QDoubleSpinBox*>(editor)->value());
    case ScenarioSetting::Kind::Duration:
    case ScenarioSetting::Kind::Json: {
        const QString text = static_cast<QLineEdit*>(editor)->text().trimmed();
        if (text.isEmpty())
            return QJsonValue(QJsonValue::Undefined);
        return overrideValue(text); // as `--set` reads it: JSON if it parses, else the text (a duration, a typo)
    }
    }
    return {};
}

QStringList SettingsDock::pendingOverrides() const
{
    QStringList overrides = m_applied;
    for (const ScenarioSetting& setting : m_settings) {
        const QJsonValue edited = editedValue(setting);
        if (edited.isUndefined() || sameValue(edited, setting.value))
            continue;
        const QString assignment = setting.assignment(edited);
        // A knob changed again replaces its earlier assignment, in place; a new one goes last.
        const auto same = std::find_if(overrides.begin(), overrides.end(),
            [&](const QString& o) { return ScenarioSettings::pathOf(o) == setting.path; });
        if (same != overrides.end())
            *same = assignment;
        else
            overrides << assignment;
    }
    return overrides;
}

void SettingsDock::updatePending()
{
    int changed = 0;
    for (const ScenarioSetting& setting : std::as_const(m_settings)) {
        const QJsonValue edited = editedValue(setting);
        const bool edit = !edited.isUndefined() && !sameValue(edited, setting.value);
        const bool overridden = std::any_of(m_applied.begin(), m_applied.end(),
            [&](const QString& o) { return ScenarioSettings::pathOf(o) == setting.path; });
        changed += edit ? 1 : 0;
        QLabel* label = m_labels.value(setting.path);
        QFont font = label->font();
        font.setBold(edit || overridden); // what differs from the scenario as shipped, or is about to
        label->setFont(font);
        label->setText(edit ? setting.label + QStringLiteral(" •") : setting.label);
    }
    m_apply->setEnabled(changed > 0);
    m_shipped->setEnabled(!m_applied.isEmpty());
    QString text = m_applied.isEmpty()
        ? tr("This run uses the scenario as shipped.")
        : tr("This run: <b>%1</b>").arg(ScenarioSettings::summary(m_applied).toHtmlEscaped());
    if (changed > 0)
        text += QStringLiteral("<br>") + tr("%n setting(s) changed (•): Apply starts a new run.", nullptr, changed);
    m_summary->setText(text);
}

void SettingsDock::apply()
{
    m_context.applyOverrides(pendingOverrides());
}

} // namespace eventloom
