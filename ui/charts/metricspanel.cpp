#include "metricspanel.h"

#include "metricspoints.h"
#include "views/palette.h"
#include "views/refreshthrottle.h"

#include <QChart>
#include <QChartView>
#include <QLineSeries>
#include <QTabWidget>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>
#include <cmath>

namespace eventloom {

namespace {
using palette::kBlue;
using palette::kGreen;
using palette::kOrange;
using palette::kVermillion;

/// A round tick step (1, 2 or 5 × 10^n) giving at most `ticks` intervals over [0, top].
double niceStep(double top, int ticks)
{
    const double raw = top / ticks;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    for (const double m : { 1.0, 2.0, 5.0 })
        if (m * magnitude >= raw)
            return m * magnitude;
    return 10 * magnitude;
}

/// [0, top] exactly (no room wasted past the data), ticks at round values from 0.
void fit(QValueAxis* axis, double top, int ticks)
{
    // Never a small step over a large range, even for a moment: that would be thousands of ticks.
    axis->setTickType(QValueAxis::TicksDynamic);
    axis->setTickAnchor(0);
    const double step = niceStep(top, ticks);
    if (step >= axis->tickInterval()) {
        axis->setTickInterval(step);
        axis->setRange(0, top);
    } else {
        axis->setRange(0, top);
        axis->setTickInterval(step);
    }
}

QValueAxis* axis(const QChart* chart, Qt::Orientation orientation)
{
    const QList<QAbstractAxis*> axes = chart->axes(orientation);
    return axes.isEmpty() ? nullptr : static_cast<QValueAxis*>(axes.front());
}
}

MetricsPanel::MetricsPanel(const RunTrace* trace, QWidget* parent)
    : QWidget(parent)
    , m_trace(trace)
    , m_throttle(new RefreshThrottle([this] { redraw(); }, this))
{
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("metricsTabs"));
    m_tabs->setDocumentMode(true);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tabs);
    // Narrower than this, the axes' labels and the legend leave no plot.
    setMinimumSize(300, 170);

    addChart(Chart::Throughput, tr("Throughput"), tr("Events published per topic"), tr("events / s"))
        ->setObjectName(QStringLiteral("throughputChart"));
    addChart(Chart::Lag, tr("Lag"), tr("Consumer group lag (highest in each interval)"), tr("records"))
        ->setObjectName(QStringLiteral("lagChart"));
    addChart(Chart::Latency, tr("Latency"), tr("End-to-end latency, first message → OrderCompleted"), tr("ms"))
        ->setObjectName(QStringLiteral("latencyChart"));
    addChart(Chart::Duplicates, tr("Duplicates"),
        tr("Duplicates: delivered again, suppressed, repeated effects (running totals)"), tr("messages"))
        ->setObjectName(QStringLiteral("duplicatesChart"));
    addChart(Chart::Sagas, tr("Sagas"), tr("Saga outcomes (running totals)"), tr("sagas"))
        ->setObjectName(QStringLiteral("sagasChart"));

    // The series whose names are known up front; topics and groups get theirs as they appear.
    addSeries(plot(Chart::Latency), tr("p50"), kBlue);
    addSeries(plot(Chart::Latency), tr("p95"), kOrange);
    addSeries(plot(Chart::Latency), tr("p99"), kVermillion);
    addSeries(plot(Chart::Duplicates), tr("delivered again"), kBlue);
    addSeries(plot(Chart::Duplicates), tr("suppressed (idempotent)"), kGreen);
    addSeries(plot(Chart::Duplicates), tr("repeated effects"), kVermillion);
    addSeries(plot(Chart::Sagas), tr("completed"), kGreen);
    addSeries(plot(Chart::Sagas), tr("compensated"), kOrange);
    addSeries(plot(Chart::Sagas), tr("stuck"), kVermillion);

    connect(m_tabs, &QTabWidget::currentChanged, this, [this] { redraw(); });
    connect(trace, &RunTrace::appended, this, &MetricsPanel::append);
}

MetricsPanel::~MetricsPanel() = default;

QChartView* MetricsPanel::addChart(Chart which, const QString& tab, const QString& title, const QString& yTitle)
{
    // Small type throughout: in a low dock the plot gets the room.
    auto* chart = new QChart;
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setMargins(QMargins(2, 2, 2, 0));
    chart->setBackgroundRoundness(0);
    QFont small = chart->font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    chart->setTitle(title);
    chart->setTitleFont(small);
    chart->legend()->setAlignment(Qt::AlignRight);
    chart->legend()->setFont(small);
    auto* x = new QValueAxis;
    x->setTitleText(tr("simulated time (s)"));
    x->setLabelFormat(QStringLiteral("%g"));
    x->setRange(0, 1);
    auto* y = new QValueAxis;
    y->setTitleText(yTitle);
    y->setLabelFormat(QStringLiteral("%g"));
    y->setRange(0, 1);
    for (QValueAxis* a : { x, y }) {
        a->setGridLineColor(QColor(0xe0, 0xe0, 0xe0));
        a->setMinorTickCount(0);
        a->setLabelsFont(small);
        a->setTitleFont(small);
    }
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);

    auto* view = new QChartView(chart);
    view->setRenderHint(QPainter::Antialiasing);
    plot(which).view = view;
    m_tabs->addTab(view, tab);
    m_tabs->setTabToolTip(m_tabs->count() - 1, title);
    return view;
}

QLineSeries* MetricsPanel::addSeries(Plot& plot, const QString& name, const QColor& colour)
{
    // `name` is rich text: Qt Charts shows legend labels as HTML, so names from a run come escaped.
    auto* series = new QLineSeries;
    series->setName(name);
    QPen pen(colour);
    pen.setWidthF(2.0);
    series->setPen(pen);
    QChart* chart = plot.view->chart();
    chart->addSeries(series);
    series->attachAxis(axis(chart, Qt::Horizontal));
    series->attachAxis(axis(chart, Qt::Vertical));
    plot.series.append(series);
    return series;
}

QChart* MetricsPanel::chart(Chart which) const
{
    return m_plots[static_cast<std::size_t>(which)].view->chart();
}

void MetricsPanel::clear()
{
    m_throttle->cancel();
    m_data.clear();
    m_viewTime = -1;
    // Topics and groups differ from run to run: their series go; the fixed ones are emptied.
    for (const Chart which : { Chart::Throughput, Chart::Lag }) {
        Plot& p = plot(which);
        for (QLineSeries* series : p.series) {
            p.view->chart()->removeSeries(series);
            delete series;
        }
        p.series.clear();
    }
    for (Plot& p : m_plots) {
        p.drawn = ~std::uint64_t(0);
        for (QLineSeries* series : p.series)
            series->clear();
    }
    redraw();
}

void MetricsPanel::append(const TraceGrowth& growth)
{
    const std::uint64_t before = m_data.revision();
    m_data.append(*m_trace, growth);
    if (m_data.revision() != before)
        m_throttle->changed();
}

void MetricsPanel::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    redraw();
}

void MetricsPanel::redraw()
{
    // Only the chart in view: the others catch up when their tab is chosen.
    if (!RefreshThrottle::onScreen(this))
        return;
    const auto which = static_cast<Chart>(std::max(0, m_tabs->currentIndex()));
    if (plot(which).drawn != m_data.revision())
        draw(which);
}

void MetricsPanel::setViewTime(SimTime t)
{
    if (t == m_viewTime)
        return;
    m_viewTime = t;
    for (Plot& p : m_plots)
        p.drawn = ~std::uint64_t(0); // every chart is behind now
    redraw();
}

void MetricsPanel::draw(Chart which)
{
    Plot& p = plot(which);
    QChart* chart = p.view->chart();
    switch (which) {
    case Chart::Throughput:
        for (int topic = static_cast<int>(p.series.size()); topic < m_data.topics().size(); ++topic)
            addSeries(p, m_data.topics()[topic].toHtmlEscaped(), palette::nth(topic));
        for (int topic = 0; topic < p.series.size(); ++topic)
            p.series[topic]->replace(MetricsPoints::publishRate(m_data, topic));
        break;
    case Chart::Lag:
        for (int group = static_cast<int>(p.series.size()); group < m_data.groups().size(); ++group)
            addSeries(p, m_data.groups()[group].toHtmlEscaped(), palette::nth(group));
        for (int group = 0; group < p.series.size(); ++group)
            p.series[group]->replace(MetricsPoints::lag(m_data, group));
        break;
    case Chart::Latency:
        for (const auto percentile :
            { MetricsPoints::Percentile::P50, MetricsPoints::Percentile::P95, MetricsPoints::Percentile::P99 })
            p.series[static_cast<int>(percentile)]->replace(MetricsPoints::latency(m_data, percentile));
        break;
    case Chart::Duplicates:
        for (const auto kind : { MetricsPoints::Duplicate::Delivered, MetricsPoints::Duplicate::Suppressed,
                 MetricsPoints::Duplicate::Effects })
            p.series[static_cast<int>(kind)]->replace(MetricsPoints::duplicatesSoFar(m_data, kind));
        break;
    case Chart::Sagas:
        for (const auto outcome :
            { MetricsPoints::SagaEnd::Completed, MetricsPoints::SagaEnd::Compensated, MetricsPoints::SagaEnd::Stuck })
            p.series[static_cast<int>(outcome)]->replace(MetricsPoints::sagasSoFar(m_data, outcome));
        break;
    case Chart::Count:
        break;
    }
    double end = static_cast<double>(std::max(m_data.end(), m_data.bucketStart(m_data.bucketCount()))) / kSecond;
    if (m_viewTime >= 0) { // time travel: the run up to the moment shown (to the interval it falls in)
        end = static_cast<double>(m_viewTime) / kSecond;
        for (QLineSeries* series : p.series) {
            QList<QPointF> points = series->points();
            const auto after
                = std::find_if(points.begin(), points.end(), [end](const QPointF& point) { return point.x() > end; });
            if (after != points.end()) {
                points.erase(after, points.end());
                series->replace(points);
            }
        }
    }
    double top = 0;
    for (const QLineSeries* series : p.series)
        for (const QPointF& point : series->points())
            top = std::max(top, point.y());
    fit(axis(chart, Qt::Horizontal), std::max(end, 0.001), 8);
    fit(axis(chart, Qt::Vertical), top > 0 ? top * 1.08 : 1, 4);
    p.drawn = m_data.revision();
    ++m_redraws;
}

} // namespace eventloom
