#include "sidebysideruns.h"

#include "comparedrun.h"
#include "sagachart.h"
#include "simulation/runtrace.h"
#include "timelineview.h"

#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QSplitter>
#include <QVBoxLayout>
#include <algorithm>

namespace eventloom {

namespace {
QLabel* newRunLabel(const QString& name, QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setObjectName(name);
    label->setWordWrap(true);
    label->setTextFormat(Qt::RichText); // built by the comparison from escaped parts
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}
}

SideBySideRuns::SideBySideRuns(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("sideBySideRuns"));
    auto* timelines = new QWidget(this);
    auto* timelineLayout = new QVBoxLayout(timelines);
    timelineLayout->setContentsMargins(0, 0, 0, 0);
    auto* sagas = new QWidget(this);
    auto* sagaLayout = new QGridLayout(sagas);
    sagaLayout->setContentsMargins(0, 0, 0, 0);

    auto* orderRow = new QHBoxLayout;
    auto* orderLabel = new QLabel(tr("Saga of &order:"), sagas);
    m_orders = new QComboBox(sagas);
    m_orders->setObjectName(QStringLiteral("comparisonOrderPicker"));
    m_orders->setToolTip(tr("An order of either run: both runs' saga charts of it, side by side"));
    m_orders->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_orders->setMinimumContentsLength(16);
    orderLabel->setBuddy(m_orders);
    m_orderNote = new QLabel(sagas);
    m_orderNote->setObjectName(QStringLiteral("comparisonOrderNote"));
    orderRow->addWidget(orderLabel);
    orderRow->addWidget(m_orders);
    orderRow->addWidget(m_orderNote, 1);
    sagaLayout->addLayout(orderRow, 0, 0, 1, 2);

    for (std::size_t i = 0; i < 2; ++i) {
        const QString name = i == 0 ? QStringLiteral("A") : QStringLiteral("B");
        m_labels[i] = newRunLabel(QStringLiteral("run%1Label").arg(name), timelines);
        m_runs[i] = new ComparedRun(timelines, this);
        TimelineView* timeline = m_runs[i]->timeline();
        timeline->setObjectName(QStringLiteral("comparisonTimeline%1").arg(name));
        timeline->setMinimumHeight(150);
        // Both plots as wide whatever their lanes: the same axis then shows the same times in both.
        timeline->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOn);
        timelineLayout->addWidget(m_labels[i]);
        timelineLayout->addWidget(timeline, 1);
        connect(m_runs[i], &ComparedRun::loaded, this, [this] {
            if (isLoaded())
                bothLoaded();
        });

        m_chartLabels[i] = newRunLabel(QStringLiteral("comparisonChartLabel%1").arg(name), sagas);
        m_charts[i] = new SagaChart(sagas);
        m_charts[i]->setObjectName(QStringLiteral("comparisonSagaChart%1").arg(name));
        m_charts[i]->setModel(m_runs[i]->sagas());
        sagaLayout->addWidget(m_chartLabels[i], 1, static_cast<int>(i));
        sagaLayout->addWidget(m_charts[i], 2, static_cast<int>(i));
    }
    sagaLayout->setRowStretch(2, 1);
    // One time axis: what either timeline shows, the other shows too.
    m_runs[1]->timeline()->shareAxis(m_runs[0]->timeline());
    connect(m_orders, &QComboBox::currentTextChanged, this, &SideBySideRuns::chooseOrder);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(timelines);
    splitter->addWidget(sagas);
    splitter->setStretchFactor(0, 1); // the timelines take what the charts leave
    splitter->setStretchFactor(1, 0);
    splitter->setChildrenCollapsible(false);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);
}

SideBySideRuns::~SideBySideRuns() = default;

TimelineView* SideBySideRuns::timeline(int which) const
{
    return run(which)->timeline();
}

void SideBySideRuns::load(const QString& a, const QString& b)
{
    const QSignalBlocker blocker(m_orders);
    m_orders->clear();
    m_orderNote->clear();
    for (std::size_t i = 0; i < 2; ++i) {
        m_charts[i]->setInstance(-1);
        m_chartLabels[i]->clear();
    }
    m_runs[0]->load(a);
    m_runs[1]->load(b);
}

bool SideBySideRuns::isLoaded() const
{
    return m_runs[0]->isLoaded() && m_runs[1]->isLoaded();
}

void SideBySideRuns::bothLoaded()
{
    // The whole of the longer run across the width: where the other one ends shows at a glance.
    const SimTime end = std::max({ m_runs[0]->trace()->status().now, m_runs[1]->trace()->status().now, kMillisecond });
    m_runs[0]->timeline()->showRange(0, end);
    QStringList orders = m_runs[0]->sagaIds();
    for (const QString& id : m_runs[1]->sagaIds())
        if (!orders.contains(id))
            orders << id;
    {
        const QSignalBlocker blocker(m_orders);
        m_orders->clear();
        m_orders->addItems(orders);
    }
    m_orderNote->setText(orders.isEmpty() ? tr("Neither run has a saga.") : tr("%n order(s)", nullptr, orders.size()));
    if (!orders.isEmpty())
        chooseOrder(firstDifferingOrder(orders));
    Q_EMIT loaded();
}

QString SideBySideRuns::firstDifferingOrder(const QStringList& orders) const
{
    for (const QString& id : orders)
        if (m_runs[0]->sagaStatus(id) != m_runs[1]->sagaStatus(id))
            return id;
    return orders.front();
}

void SideBySideRuns::chooseOrder(const QString& id)
{
    if (m_orders->currentText() != id) {
        const QSignalBlocker blocker(m_orders);
        m_orders->setCurrentIndex(m_orders->findText(id));
    }
    for (std::size_t i = 0; i < 2; ++i) {
        const int row = m_runs[i]->sagaRow(id);
        m_charts[i]->setInstance(row);
        m_charts[i]->setMinimumHeight(m_charts[i]->sizeHint().height()); // every step's row, the end command's too
        const QString run = i == 0 ? tr("Run A") : tr("Run B");
        m_chartLabels[i]->setText(row < 0
                ? tr("<b>%1</b>: no saga for %2").arg(run, id.toHtmlEscaped())
                : tr("<b>%1</b>: %2 <b>%3</b>")
                      .arg(run, id.toHtmlEscaped(), m_runs[i]->sagaStatus(id).toHtmlEscaped()));
    }
}

void SideBySideRuns::setRunText(int which, const QString& html)
{
    runLabel(which)->setText(html);
    fitLabels();
}

void SideBySideRuns::fitLabels()
{
    // Word-wrapped rich text in a splitter's pane gets one line's height unless asked for its lines.
    for (QLabel* label : m_labels)
        label->setMinimumHeight(label->heightForWidth(std::max(width(), 200))); // as wide as this: no margins
}

void SideBySideRuns::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    fitLabels();
}

QString SideBySideRuns::chosenOrder() const
{
    return m_orders->currentText();
}

} // namespace eventloom
