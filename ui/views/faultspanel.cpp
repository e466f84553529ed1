#include "faultspanel.h"

#include "scenario/scenario.h"

#include <QAction>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace eventloom {

FaultsPanel::FaultsPanel(QAction* failNextPayment, Injector inject, QWidget* parent)
    : QWidget(parent)
    , m_inject(std::move(inject))
{
    setObjectName(QStringLiteral("faultsPanel"));
    auto* layout = new QVBoxLayout(this);

    auto* oneShot = new QGroupBox(tr("One-shot faults"), this);
    auto* form = new QFormLayout(oneShot);
    auto* failPayment = new QPushButton(tr("Fail next payment"), oneShot);
    failPayment->setObjectName(QStringLiteral("failPaymentButton"));
    connect(failPayment, &QPushButton::clicked, failNextPayment, &QAction::trigger);
    form->addRow(failPayment);

    m_failService = new QComboBox(oneShot);
    m_failService->setObjectName(QStringLiteral("failServiceCombo"));
    auto* fail = new QPushButton(tr("Fail next operation"), oneShot);
    fail->setToolTip(tr("The service's next operation fails: its failure event is published (fail,service=…)"));
    connect(fail, &QPushButton::clicked, this, [this] {
        if (m_failService->count() > 0)
            m_inject(QStringLiteral("fail,service=%1,count=1").arg(m_failService->currentText()));
    });
    connect(m_failService, &QComboBox::currentIndexChanged, fail, [this, fail] { fail->setEnabled(m_failService->count() > 0); });
    form->addRow(m_failService, fail);

    m_crashService = new QComboBox(oneShot);
    m_crashService->setObjectName(QStringLiteral("crashServiceCombo"));
    m_crashSeconds = new QSpinBox(oneShot);
    m_crashSeconds->setRange(1, 600);
    m_crashSeconds->setValue(2);
    m_crashSeconds->setSuffix(tr(" s down"));
    m_crashSeconds->setMinimumWidth(m_crashSeconds->fontMetrics().horizontalAdvance(tr("600 s down")) + 36);
    auto* crash = new QPushButton(tr("Crash"), oneShot);
    crash->setObjectName(QStringLiteral("crashButton"));
    connect(crash, &QPushButton::clicked, this, [this] {
        m_inject(QStringLiteral("crash,service=%1,for=%2s").arg(m_crashService->currentText()).arg(m_crashSeconds->value()));
    });
    auto* crashRow = new QHBoxLayout;
    crashRow->addWidget(m_crashSeconds);
    crashRow->addWidget(crash);
    form->addRow(m_crashService, crashRow);

    m_duplicateTopic = new QComboBox(oneShot);
    m_duplicateTopic->setObjectName(QStringLiteral("duplicateTopicCombo"));
    auto* duplicate = new QPushButton(tr("Duplicate next event"), oneShot);
    connect(duplicate, &QPushButton::clicked, this,
        [this] { m_inject(QStringLiteral("duplicate,topic=%1,count=1").arg(m_duplicateTopic->currentText())); });
    form->addRow(m_duplicateTopic, duplicate);
    layout->addWidget(oneShot);

    auto* custom = new QGroupBox(tr("Any injection"), this);
    auto* customRow = new QHBoxLayout(custom);
    m_injectionEdit = new QLineEdit(custom);
    m_injectionEdit->setObjectName(QStringLiteral("injectionEdit"));
    m_injectionEdit->setPlaceholderText(QStringLiteral("slow,service=payment,factor=5,for=3s"));
    m_injectionEdit->setToolTip(tr("KIND[,key=value]… as for eventloom-cli --inject; it takes effect now"));
    auto* apply = new QPushButton(tr("Inject"), custom);
    connect(m_injectionEdit, &QLineEdit::returnPressed, apply, &QPushButton::click);
    connect(apply, &QPushButton::clicked, this, [this] {
        if (m_inject(m_injectionEdit->text()))
            m_injectionEdit->clear();
    });
    customRow->addWidget(m_injectionEdit);
    customRow->addWidget(apply);
    layout->addWidget(custom);
    layout->addStretch();
    setMaximumHeight(sizeHint().height() + 20);
}

void FaultsPanel::setScenario(const Scenario* scenario)
{
    m_failService->clear();
    m_crashService->clear();
    m_duplicateTopic->clear();
    if (scenario) {
        for (const ServiceSpec& service : scenario->services) {
            if (service.kind != QLatin1String("read-model"))
                m_crashService->addItem(service.id);
            if (serviceKindCanFail(service.kind))
                m_failService->addItem(service.id);
        }
        for (const SagaDefinition& saga : scenario->sagas)
            if (saga.style == SagaDefinition::Style::Orchestration)
                m_crashService->addItem(QString::fromStdString(saga.coordinator));
        for (const TopicSpec& topic : scenario->topics)
            m_duplicateTopic->addItem(topic.id);
    }
    for (QComboBox* combo : { m_failService, m_crashService, m_duplicateTopic })
        combo->setEnabled(combo->count() > 0);
}

} // namespace eventloom
