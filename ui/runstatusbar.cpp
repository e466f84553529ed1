#include "runstatusbar.h"

#include "sim/fingerprint.h"

#include <QFontDatabase>
#include <QLabel>

namespace eventloom {

RunStatusBar::RunStatusBar(QWidget* parent)
    : QStatusBar(parent)
{
    setObjectName(QStringLiteral("runStatusBar"));
    m_overrides = new QLabel(this);
    m_overrides->setObjectName(QStringLiteral("overridesLabel"));
    m_overrides->setMaximumWidth(m_overrides->fontMetrics().horizontalAdvance(QLatin1Char('x')) * 48);
    addPermanentWidget(m_overrides);
    m_overrides->hide();
    m_state = addFact(QStringLiteral("stateLabel"), tr("No scenario"));
    m_time = addFact(QStringLiteral("timeLabel"), tr("t = 0000.000 s"));
    m_events = addFact(QStringLiteral("eventsLabel"), tr("Events: 0000000"));
    m_deliveries = addFact(QStringLiteral("deliveriesLabel"), tr("Deliveries: 0000000"));
    m_duplicateEffects = addFact(QStringLiteral("duplicateEffectsLabel"), tr("Double effects: 00000"));
    m_duplicateEffects->setToolTip(tr("Effects a consumer repeated for a message it had already handled (a second "
                                      "charge, a second email): what an idempotent consumer prevents"));
    m_seed = addFact(QStringLiteral("seedLabel"), tr("Seed: 0000000000"));
    m_fingerprint = addFact(QStringLiteral("fingerprintLabel"), tr("Fingerprint: 0123456789abcdef"));
    m_fingerprint->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_fingerprint->setToolTip(tr("Trace fingerprint: the same scenario and seed always give the same value"));
    setState(State::NoRun);
    clearStatus();
}

QLabel* RunStatusBar::addFact(const QString& objectName, const QString& widest)
{
    auto* label = new QLabel(this);
    label->setObjectName(objectName);
    // Fixed widths keep the facts from jittering as their digits change sixty times a second.
    label->setMinimumWidth(label->fontMetrics().horizontalAdvance(widest) + 8);
    addPermanentWidget(label);
    return label;
}

void RunStatusBar::setState(State state)
{
    switch (state) {
    case State::NoRun:
        m_state->setText(tr("No scenario"));
        break;
    case State::Paused:
        m_state->setText(tr("Paused"));
        break;
    case State::Playing:
        m_state->setText(tr("Playing"));
        break;
    case State::Finished:
        m_state->setText(tr("Finished"));
        break;
    }
}

void RunStatusBar::setStatus(const RunStatus& status)
{
    m_time->setText(tr("t = %1 s").arg(static_cast<double>(status.now) / kSecond, 0, 'f', 3));
    m_events->setText(tr("Events: %1").arg(status.events));
    m_deliveries->setText(tr("Deliveries: %1").arg(status.deliveries));
    m_duplicateEffects->setText(tr("Double effects: %1").arg(status.duplicateEffects));
    m_seed->setText(tr("Seed: %1").arg(status.seed));
    m_fingerprint->setText(tr("Fingerprint: %1").arg(QString::fromStdString(Fingerprint::format(status.fingerprint))));
}

void RunStatusBar::setOverrides(const QStringList& overrides)
{
    const QString all = overrides.join(QStringLiteral(", "));
    const QString text = tr("Settings: %1").arg(all);
    // Many overrides would push the run's facts off the bar: elided here, whole in the tooltip.
    m_overrides->setText(m_overrides->fontMetrics().elidedText(text, Qt::ElideRight, m_overrides->maximumWidth() - 8));
    m_overrides->setToolTip(tr("This run's scenario settings (as eventloom-cli run --set): %1").arg(all));
    m_overrides->setVisible(!overrides.isEmpty());
}

void RunStatusBar::clearStatus()
{
    m_time->setText(tr("t = –"));
    m_events->setText(tr("Events: –"));
    m_deliveries->setText(tr("Deliveries: –"));
    m_duplicateEffects->setText(tr("Double effects: –"));
    m_seed->setText(tr("Seed: –"));
    m_fingerprint->setText(tr("Fingerprint: –"));
}

} // namespace eventloom
