#pragma once

#include "metricsseries.h"

#include <QWidget>
#include <array>

class QChart;
class QChartView;
class QLineSeries;
class QTabWidget;

namespace eventloom {

class RefreshThrottle;

/// The Metrics dock: throughput per topic, lag per consumer group, end-to-end latency percentiles,
/// duplicates delivered / suppressed / repeated, and saga outcomes over simulated time, one Qt Charts
/// chart per tab. The run trace's rows are folded into MetricsSeries as they are appended; the chart
/// shown is redrawn from the reduced buckets at most every 250 ms (RefreshThrottle), each series
/// replaced in one call.
class MetricsPanel final : public QWidget {
    Q_OBJECT
public:
    enum class Chart { Throughput, Lag, Latency, Duplicates, Sagas, Count };

    /// Folds `trace`'s rows as they are appended; the trace must outlive the panel.
    explicit MetricsPanel(const RunTrace* trace, QWidget* parent = nullptr);
    ~MetricsPanel() override;

    /// A new run: empty charts.
    void clear();
    const MetricsSeries& data() const { return m_data; }
    QChart* chart(Chart which) const;
    QTabWidget* tabs() const { return m_tabs; }
    /// Whether `which` shows the data as it is now (a chart not in view catches up when shown).
    bool showsLatest(Chart which) const { return m_plots[static_cast<std::size_t>(which)].drawn == m_data.revision(); }
    /// How many times a chart was redrawn (the throttle's effect shows in it).
    int redrawCount() const { return m_redraws; }
    /// Draws the chart in view if it is behind the data (nothing while the panel is off screen).
    void redraw();
    /// Time travel: the charts end at `t`, what came after it left out (-1: the whole run again).
    void setViewTime(SimTime t);
    SimTime viewTime() const { return m_viewTime; }

protected:
    void showEvent(QShowEvent* event) override;

private:
    struct Plot {
        QChartView* view = nullptr;
        QList<QLineSeries*> series;
        std::uint64_t drawn = ~std::uint64_t(0); ///< the data's revision last drawn
    };

    QChartView* addChart(Chart which, const QString& tab, const QString& title, const QString& yTitle);
    QLineSeries* addSeries(Plot& plot, const QString& name, const QColor& colour);
    void draw(Chart which);
    Plot& plot(Chart which) { return m_plots[static_cast<std::size_t>(which)]; }
    /// Folds what a batch added to the trace (RunTrace::appended).
    void append(const TraceGrowth& growth);

    const RunTrace* m_trace;
    MetricsSeries m_data;
    QTabWidget* m_tabs = nullptr;
    std::array<Plot, static_cast<std::size_t>(Chart::Count)> m_plots;
    RefreshThrottle* m_throttle = nullptr;
    int m_redraws = 0;
    SimTime m_viewTime = -1;
};

} // namespace eventloom
