#include "variantdialog.h"

#include "scenario/scenario.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace eventloom {

VariantDialog::VariantDialog(const Scenario& scenario, QWidget* parent)
    : QDialog(parent)
    , m_settings(ScenarioSettings::discover(scenario.json, ScenarioSettings::schema()))
{
    setObjectName(QStringLiteral("variantDialog"));
    setWindowTitle(tr("Compare with a Variant"));
    auto* intro = new QLabel(tr("Runs <b>%1</b> to its end twice, headless — as it is now (its seed, settings and "
                                "injections) and with one setting changed — records both runs and compares them.")
                                 .arg(scenario.id.toHtmlEscaped()),
        this);
    intro->setWordWrap(true);
    m_setting = new QComboBox(this);
    m_setting->setObjectName(QStringLiteral("variantSetting"));
    for (const ScenarioSetting& s : std::as_const(m_settings))
        m_setting->addItem(s.group + QStringLiteral(" · ") + s.label, s.path);
    m_value = new QComboBox(this);
    m_value->setObjectName(QStringLiteral("variantValue"));
    m_value->setMinimumContentsLength(16);
    m_description = new QLabel(this);
    m_description->setObjectName(QStringLiteral("variantDescription"));
    m_description->setWordWrap(true);
    auto* form = new QFormLayout;
    form->addRow(tr("&Setting:"), m_setting);
    form->addRow(tr("&Variant's value:"), m_value);
    form->addRow(m_description);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_run = buttons->addButton(tr("&Run Both and Compare"), QDialogButtonBox::AcceptRole);
    m_run->setObjectName(QStringLiteral("variantRunButton"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_setting, &QComboBox::currentIndexChanged, this, &VariantDialog::settingChosen);
    connect(m_value, &QComboBox::currentTextChanged, this, &VariantDialog::updateRunButton);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addStretch(1);
    layout->addWidget(buttons);
    settingChosen(m_setting->currentIndex());
    // Room for a knob's description and the run's value, whichever knob is chosen.
    m_description->setMinimumHeight(fontMetrics().lineSpacing() * 4);
    resize(600, sizeHint().height());
}

void VariantDialog::settingChosen(int index)
{
    m_value->clear();
    if (index < 0) {
        m_description->setText(tr("This scenario has no settings to change."));
        m_run->setEnabled(false);
        return;
    }
    const ScenarioSetting& s = m_settings.at(index);
    const QString current = s.value.isUndefined() ? QString() : ScenarioSetting::valueText(s.value);
    // The values it may take, the run's own last: the one proposed is another.
    QStringList values = s.kind == ScenarioSetting::Kind::Choice ? s.choices
        : s.kind == ScenarioSetting::Kind::Boolean ? QStringList { QStringLiteral("true"), QStringLiteral("false") }
                                                   : QStringList();
    values.removeAll(current);
    const bool listed = !values.isEmpty();
    if (!current.isEmpty())
        values << current;
    m_value->setEditable(!listed); // a number, a duration: typed
    m_value->addItems(values);
    m_value->setCurrentIndex(0);
    m_description->setText(
        (s.description.isEmpty() ? QString() : s.description.toHtmlEscaped() + QStringLiteral("<br>"))
        + tr("The run now: <tt>%1</tt>").arg((current.isEmpty() ? tr("not set") : current).toHtmlEscaped()));
    updateRunButton();
}

void VariantDialog::updateRunButton()
{
    const int i = m_setting->currentIndex();
    // A variant is another run: the value must differ from the run's.
    m_run->setEnabled(i >= 0 && !assignment().isEmpty()
        && m_value->currentText().trimmed() != ScenarioSetting::valueText(m_settings.at(i).value));
}

bool VariantDialog::chooseSetting(const QString& path)
{
    const int index = m_setting->findData(path);
    if (index >= 0)
        m_setting->setCurrentIndex(index);
    return index >= 0;
}

QString VariantDialog::assignment() const
{
    const int index = m_setting->currentIndex();
    const QString value = m_value->currentText().trimmed();
    if (index < 0 || value.isEmpty())
        return {};
    return m_settings.at(index).path + u'=' + value;
}

} // namespace eventloom
