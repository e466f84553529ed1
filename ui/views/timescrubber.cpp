#include "timescrubber.h"

#include "models/eventlogmodel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSlider>
#include <QToolButton>
#include <cmath>

namespace eventloom {

TimeScrubber::TimeScrubber(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("timeScrubber"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 0, 4, 0);
    auto* title = new QLabel(tr("Time travel"), this);
    m_slider = new QSlider(Qt::Horizontal, this);
    m_slider->setObjectName(QStringLiteral("timeSlider"));
    m_slider->setRange(0, kSteps);
    m_slider->setValue(kSteps);
    m_slider->setMinimumWidth(240);
    m_slider->setToolTip(tr("Drag to see every panel as the system was at that moment"));
    m_label = new QLabel(this);
    m_label->setObjectName(QStringLiteral("timeTravelLabel"));
    m_label->setMinimumWidth(
        m_label->fontMetrics().horizontalAdvance(QStringLiteral("Viewing 0000.000000 s of 0000.000 s")));
    m_live = new QToolButton(this);
    m_live->setObjectName(QStringLiteral("liveButton"));
    m_live->setText(tr("Live"));
    m_live->setToolTip(tr("Back to the run as it is now"));
    m_live->setEnabled(false);
    layout->addWidget(title);
    layout->addWidget(m_slider, 1);
    layout->addWidget(m_label);
    layout->addWidget(m_live);

    m_throttle.setSingleShot(true);
    m_throttle.setInterval(100);
    connect(&m_throttle, &QTimer::timeout, this, [this] {
        if (!m_pending)
            return;
        m_pending = false;
        Q_EMIT seekRequested(m_wanted);
        m_throttle.start();
    });
    connect(m_slider, &QSlider::valueChanged, this, [this](int value) {
        m_wanted = value >= kSteps ? -1 : timeAt(value);
        if (m_throttle.isActive()) {
            m_pending = true;
            return;
        }
        Q_EMIT seekRequested(m_wanted);
        m_throttle.start();
    });
    connect(m_live, &QToolButton::clicked, this, [this] { m_slider->setValue(kSteps); });
    updateLabel();
}

SimTime TimeScrubber::timeAt(int value) const
{
    return static_cast<SimTime>(std::llround(static_cast<double>(m_runTime) * value / kSteps));
}

int TimeScrubber::valueAt(SimTime t) const
{
    if (t < 0 || m_runTime <= 0)
        return kSteps;
    return static_cast<int>(std::llround(static_cast<double>(t) * kSteps / static_cast<double>(m_runTime)));
}

void TimeScrubber::setRunTime(SimTime now)
{
    m_runTime = now;
    if (m_viewTime < 0 && !m_slider->isSliderDown()) {
        const QSignalBlocker block(m_slider);
        m_slider->setValue(kSteps);
    }
    updateLabel();
}

void TimeScrubber::setViewTime(SimTime t)
{
    m_viewTime = t;
    m_live->setEnabled(t >= 0);
    if (t < 0 && !m_slider->isSliderDown()) {
        const QSignalBlocker block(m_slider);
        m_slider->setValue(kSteps);
    }
    updateLabel();
}

void TimeScrubber::scrubTo(SimTime t)
{
    // Exactly t, not the slider step nearest to it: asked for directly, with the slider moved silently.
    {
        const QSignalBlocker block(m_slider);
        m_slider->setValue(valueAt(t));
    }
    m_wanted = t;
    Q_EMIT seekRequested(t);
}

void TimeScrubber::clear()
{
    m_throttle.stop();
    m_pending = false;
    m_runTime = 0;
    setViewTime(-1);
}

void TimeScrubber::updateLabel()
{
    const QString end = EventLogModel::formatTime(m_runTime).trimmed();
    m_label->setText(m_viewTime < 0
            ? tr("Live at %1 s").arg(end)
            : tr("Viewing %1 s of %2 s").arg(EventLogModel::formatTime(m_viewTime).trimmed(), end));
}

} // namespace eventloom
