#include "faultspanel.h"

#include "scenario/scenario.h"

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
#include <QSignalBlocker>
#include <QSpinBox>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace eventloom {

namespace {
constexpr int kSettleMs = 350;

QSpinBox* spinBox(QWidget* parent, const char* name, int max, const QString& suffix)
{
    auto* box = new QSpinBox(parent);
    box->setObjectName(QLatin1String(name));
    box->setRange(0, max);
    box->setSuffix(suffix);
    box->setAccelerated(true);
    return box;
}

QPushButton* buttonFor(QAction* action, QWidget* parent)
{
    auto* button = new QPushButton(action->text().remove(u'&').remove(QStringLiteral("…")), parent);
    button->setObjectName(action->objectName() + QStringLiteral("Button"));
    button->setToolTip(action->toolTip());
    button->setEnabled(action->isEnabled());
    QObject::connect(button, &QPushButton::clicked, action, &QAction::trigger);
    QObject::connect(action, &QAction::enabledChanged, button, &QWidget::setEnabled);
    return button;
}

double probability(int percent)
{
    return percent / 100.0;
}
}

FaultsPanel::FaultsPanel(QAction* failNextPayment, Injector inject, TextInjector injectText, QWidget* parent)
    : QWidget(parent)
    , m_inject(std::move(inject))
    , m_injectText(std::move(injectText))
{
    setObjectName(QStringLiteral("faultsPanel"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(createGlobalControls());
    layout->addWidget(createServiceControls());
    layout->addWidget(createOneShots(failNextPayment));

    auto* custom = new QGroupBox(tr("Any injection"), this);
    auto* customRow = new QHBoxLayout(custom);
    m_injectionEdit = new QLineEdit(custom);
    m_injectionEdit->setObjectName(QStringLiteral("injectionEdit"));
    m_injectionEdit->setPlaceholderText(QStringLiteral("slow,service=payment,factor=5,for=3s"));
    m_injectionEdit->setToolTip(tr("KIND[,key=value]… as for eventloom-cli --inject; it takes effect now"));
    auto* apply = new QPushButton(tr("Inject"), custom);
    connect(m_injectionEdit, &QLineEdit::returnPressed, apply, &QPushButton::click);
    connect(apply, &QPushButton::clicked, this, [this] {
        if (m_injectText(m_injectionEdit->text())) // the one place the window's own controls take text
            m_injectionEdit->clear();
    });
    customRow->addWidget(m_injectionEdit);
    customRow->addWidget(apply);
    layout->addWidget(custom);
    layout->addStretch();
    setScenario(nullptr);
}

QWidget* FaultsPanel::createGlobalControls()
{
    auto* box = new QGroupBox(tr("Every topic"), this);
    box->setToolTip(
        tr("Faults on every delivery to every consumer group. Each control is one rule; changing it replaces "
           "the rule from the current simulated time, 0 removes it."));
    auto* form = new QFormLayout(box);
    m_drop = spinBox(box, "dropPercent", 100, tr(" %"));
    m_drop->setToolTip(tr("Each delivery is dropped with this probability (drop,probability=…)"));
    m_duplicate = spinBox(box, "duplicatePercent", 100, tr(" %"));
    m_duplicate->setToolTip(tr("Each delivery is delivered twice with this probability (duplicate,probability=…)"));
    m_reorder = spinBox(box, "reorderWindow", 20, QString());
    m_reorder->setMinimum(1);
    m_reorder->setSpecialValueText(tr("off"));
    m_reorder->setToolTip(
        tr("Deliveries reach each group shuffled in windows of this many records (reorder,window=…). "
           "Kafka never does this: it stands for a consumer that handles a fetched batch on several threads"));
    m_latency = spinBox(box, "latencyMs", 60'000, tr(" ms"));
    m_latency->setToolTip(tr("Every delivery waits this long (delay,latency=…)"));
    m_jitter = spinBox(box, "jitterMs", 60'000, tr(" ms"));
    m_jitter->setToolTip(tr("…plus a uniform draw up to this much (delay,jitter=…)"));
    auto* delayRow = new QHBoxLayout;
    delayRow->addWidget(m_latency);
    delayRow->addWidget(new QLabel(tr("± up to"), box));
    delayRow->addWidget(m_jitter);
    auto* dropRow = new QHBoxLayout;
    dropRow->addWidget(m_drop);
    dropRow->addWidget(new QLabel(tr("Duplicate"), box));
    dropRow->addWidget(m_duplicate);
    form->addRow(tr("Drop"), dropRow);
    form->addRow(tr("Reorder window"), m_reorder);
    form->addRow(tr("Delay"), delayRow);

    m_globalSettle = new QTimer(this);
    m_globalSettle->setSingleShot(true);
    m_globalSettle->setInterval(kSettleMs);
    connect(m_globalSettle, &QTimer::timeout, this, &FaultsPanel::applyGlobal);
    for (QSpinBox* control : { m_drop, m_duplicate, m_reorder, m_latency, m_jitter })
        connect(control, &QSpinBox::valueChanged, m_globalSettle, qOverload<>(&QTimer::start));
    return box;
}

QWidget* FaultsPanel::createServiceControls()
{
    auto* box = new QGroupBox(tr("Service"), this);
    auto* form = new QFormLayout(box);
    m_service = new QComboBox(box);
    m_service->setObjectName(QStringLiteral("serviceCombo"));
    form->addRow(m_service);

    m_crashAction = new QAction(tr("&Crash Service"), this);
    m_crashAction->setObjectName(QStringLiteral("actionCrashService"));
    m_crashAction->setToolTip(tr("The service in the Faults dock goes down for the seconds set there, then restarts "
                                 "from its committed offsets (crash,service=…,for=…)"));
    connect(m_crashAction, &QAction::triggered, this, [this] {
        if (m_service->count() > 0)
            m_inject(InjectionSpec::crash(m_service->currentText(), m_crashSeconds->value() * kSecond));
    });
    m_crashSeconds = spinBox(box, "crashSeconds", 600, tr(" s down"));
    m_crashSeconds->setMinimum(1);
    m_crashSeconds->setValue(2);
    auto* crashRow = new QHBoxLayout;
    crashRow->addWidget(m_crashSeconds);
    crashRow->addWidget(buttonFor(m_crashAction, box));
    form->addRow(tr("Crash for"), crashRow);

    m_slow = new QDoubleSpinBox(box);
    m_slow->setObjectName(QStringLiteral("slowFactor"));
    m_slow->setRange(1.0, 100.0);
    m_slow->setSingleStep(0.5);
    m_slow->setDecimals(1);
    m_slow->setPrefix(QStringLiteral("× "));
    m_slow->setToolTip(
        tr("The service's processing time is multiplied by this (slow,service=…,factor=…); × 1.0 is normal"));
    m_slowSettle = new QTimer(this);
    m_slowSettle->setSingleShot(true);
    m_slowSettle->setInterval(kSettleMs);
    connect(m_slowSettle, &QTimer::timeout, this, &FaultsPanel::applySlow);
    connect(m_slow, &QDoubleSpinBox::valueChanged, this, [this](double factor) {
        m_slowPending = { m_service->currentText(), factor };
        m_slowSettle->start();
    });
    form->addRow(tr("Slow"), m_slow);

    m_idempotent = new QCheckBox(tr("Idempotent consumer (skips messages it has handled)"), box);
    m_idempotent->setObjectName(QStringLiteral("idempotentCheck"));
    m_idempotent->setToolTip(tr("Off: a redelivered or duplicated message is handled again and its effects repeat "
                                "(idempotency,service=…,on=…)"));
    connect(m_idempotent, &QCheckBox::clicked, this, [this](bool on) {
        const QString service = m_service->currentText();
        if (m_inject(InjectionSpec::idempotency(service, on)))
            m_idempotentNow[service] = on;
        else
            m_idempotent->setChecked(!on);
    });
    form->addRow(m_idempotent);

    m_failButton = new QPushButton(tr("Fail next operation"), box);
    m_failButton->setObjectName(QStringLiteral("failOperationButton"));
    m_failButton->setToolTip(
        tr("The service's next operation fails: its failure event is published (fail,service=…,count=1)"));
    connect(m_failButton, &QPushButton::clicked, this,
        [this] { m_inject(InjectionSpec::failNext(m_service->currentText())); });
    form->addRow(m_failButton);
    connect(m_service, &QComboBox::currentIndexChanged, this, &FaultsPanel::serviceChanged);
    return box;
}

QWidget* FaultsPanel::createOneShots(QAction* failNextPayment)
{
    auto* box = new QGroupBox(tr("One-shot faults"), this);
    auto* form = new QFormLayout(box);
    auto* failPayment = buttonFor(failNextPayment, box);
    failPayment->setObjectName(QStringLiteral("failPaymentButton"));
    form->addRow(failPayment);

    m_declineAction = new QAction(tr("&Decline Payments For…"), this);
    m_declineAction->setObjectName(QStringLiteral("actionDeclinePayments"));
    m_declineAction->setToolTip(tr("Every charge fails for the seconds set in the Faults dock (fail-payment,for=…)"));
    m_declineAction->setEnabled(failNextPayment->isEnabled());
    connect(failNextPayment, &QAction::enabledChanged, m_declineAction, &QAction::setEnabled);
    connect(m_declineAction, &QAction::triggered, this,
        [this] { m_inject(InjectionSpec::declinePayments(m_declineSeconds->value() * kSecond)); });
    m_declineSeconds = spinBox(box, "declineSeconds", 600, tr(" s"));
    m_declineSeconds->setMinimum(1);
    m_declineSeconds->setValue(3);
    auto* declineRow = new QHBoxLayout;
    declineRow->addWidget(buttonFor(m_declineAction, box), 1);
    declineRow->addWidget(m_declineSeconds);
    form->addRow(declineRow);

    m_duplicateAction = new QAction(tr("D&uplicate Next Event"), this);
    m_duplicateAction->setObjectName(QStringLiteral("actionDuplicateNextEvent"));
    m_duplicateAction->setToolTip(tr("The next event delivered from the topic chosen in the Faults dock arrives twice "
                                     "(duplicate,topic=…,count=1)"));
    connect(m_duplicateAction, &QAction::triggered, this, [this] {
        if (m_duplicateTopic->count() > 0)
            m_inject(InjectionSpec::duplicateNext(m_duplicateTopic->currentText()));
    });
    m_duplicateTopic = new QComboBox(box);
    m_duplicateTopic->setObjectName(QStringLiteral("duplicateTopicCombo"));
    auto* duplicateRow = new QHBoxLayout;
    duplicateRow->addWidget(buttonFor(m_duplicateAction, box), 1);
    duplicateRow->addWidget(m_duplicateTopic);
    form->addRow(duplicateRow);
    return box;
}

QList<QAction*> FaultsPanel::oneShotActions() const
{
    return { m_declineAction, m_duplicateAction, m_crashAction };
}

void FaultsPanel::setSettleMs(int ms)
{
    m_globalSettle->setInterval(ms);
    m_slowSettle->setInterval(ms);
}

void FaultsPanel::setScenario(const Scenario* scenario)
{
    m_globalSettle->stop();
    m_slowSettle->stop();
    m_slowPending = {};
    m_globalApplied.clear();
    m_slowFactor.clear();
    m_idempotentNow.clear();
    m_serviceKind.clear();
    {
        const QSignalBlocker blockService(m_service), blockTopic(m_duplicateTopic);
        m_service->clear();
        m_duplicateTopic->clear();
        if (scenario) {
            for (const ServiceSpec& service : scenario->services) {
                if (service.kind == QLatin1String("read-model"))
                    continue;
                m_service->addItem(service.id);
                m_serviceKind.insert(service.id, service.kind);
                if (serviceKindHasInbox(service.kind))
                    m_idempotentNow.insert(service.id, service.idempotent);
            }
            for (const SagaDefinition& saga : scenario->sagas)
                if (saga.style == SagaDefinition::Style::Orchestration)
                    m_service->addItem(QString::fromStdString(saga.coordinator));
            for (const TopicSpec& topic : scenario->topics)
                m_duplicateTopic->addItem(topic.id);
        }
    }
    for (QSpinBox* control : { m_drop, m_duplicate, m_reorder, m_latency, m_jitter }) {
        const QSignalBlocker block(control);
        control->setValue(control->minimum());
    }
    m_crashAction->setEnabled(m_service->count() > 0);
    m_duplicateAction->setEnabled(m_duplicateTopic->count() > 0);
    m_duplicateTopic->setEnabled(m_duplicateTopic->count() > 0);
    for (QWidget* control :
        std::initializer_list<QWidget*> { m_drop, m_duplicate, m_reorder, m_latency, m_jitter, m_service })
        control->setEnabled(scenario != nullptr);
    serviceChanged();
}

void FaultsPanel::serviceChanged()
{
    if (m_slowSettle->isActive()) { // the previous service's factor was still settling
        m_slowSettle->stop();
        applySlow();
    }
    const QString service = m_service->currentText();
    const bool any = !service.isEmpty();
    const QSignalBlocker block(m_slow);
    m_slow->setValue(m_slowFactor.value(service, 1.0));
    m_slow->setEnabled(any);
    m_crashSeconds->setEnabled(any);
    m_idempotent->setEnabled(m_idempotentNow.contains(service));
    m_idempotent->setChecked(m_idempotentNow.value(service, false));
    m_failButton->setEnabled(any && serviceKindCanFail(m_serviceKind.value(service)));
}

void FaultsPanel::applyGlobal()
{
    using Kind = InjectionSpec::Kind;
    const auto off = [](Kind kind) { return InjectionSpec::of(kind).withProbability(0); };
    const std::pair<const char*, InjectionSpec> wanted[] = {
        { "ui-drop", m_drop->value() > 0 ? InjectionSpec::drop(probability(m_drop->value())) : off(Kind::Drop) },
        { "ui-duplicate",
            m_duplicate->value() > 0 ? InjectionSpec::duplicate(probability(m_duplicate->value()))
                                     : off(Kind::Duplicate) },
        { "ui-reorder", m_reorder->value() >= 2 ? InjectionSpec::reorder(m_reorder->value()) : off(Kind::Reorder) },
        { "ui-delay",
            m_latency->value() > 0 || m_jitter->value() > 0
                ? InjectionSpec::delay(m_latency->value() * kMillisecond, m_jitter->value() * kMillisecond)
                : off(Kind::Delay) },
    };
    for (auto [id, spec] : wanted) {
        const QString key = QLatin1String(id);
        spec.withId(key); // one rule per control: a new spec with its id replaces the one in force
        // Nothing was injected yet for a control left at "off": a run starts without the rule.
        const bool isOff = spec.probability == 0.0;
        const std::optional<InjectionSpec> applied = m_globalApplied.contains(key)
            ? std::optional(m_globalApplied.value(key))
            : isOff ? std::optional(spec)
                    : std::nullopt;
        if (applied != spec && m_inject(spec))
            m_globalApplied.insert(key, spec);
    }
}

void FaultsPanel::applySlow()
{
    const auto [service, factor] = m_slowPending;
    if (service.isEmpty() || factor == m_slowFactor.value(service, 1.0))
        return;
    const QString id = QStringLiteral("ui-slow-") + service;
    const InjectionSpec spec
        = (factor > 1.0 ? InjectionSpec::slow(service, factor)
                        : InjectionSpec::of(InjectionSpec::Kind::Slow).onService(service).withProbability(0))
              .withId(id);
    if (m_inject(spec))
        m_slowFactor.insert(service, factor);
}

} // namespace eventloom
