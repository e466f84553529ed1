#pragma once

#include <QWidget>
#include <array>

class QComboBox;
class QLabel;

namespace eventloom {

class ComparedRun;
class SagaChart;
class TimelineView;

/// The two runs of a comparison shown side by side: each run's timeline, one above the other on one
/// time axis (TimelineView::shareAxis: zooming or panning either moves both), each under a label that
/// says which run it is; and, for an order chosen in a picker that lists the orders of either run, each
/// run's saga chart of that order, side by side. Each run is read back as review mode reads a run file
/// (ComparedRun).
class SideBySideRuns final : public QWidget {
    Q_OBJECT
public:
    explicit SideBySideRuns(QWidget* parent = nullptr);
    ~SideBySideRuns() override;

    /// Reads run files `a` and `b`; loaded() follows once both are read.
    void load(const QString& a, const QString& b);
    bool isLoaded() const;

    /// Run 0 (A) or 1 (B).
    ComparedRun* run(int which) const { return m_runs[static_cast<std::size_t>(which)]; }
    TimelineView* timeline(int which) const;
    SagaChart* chart(int which) const { return m_charts[static_cast<std::size_t>(which)]; }
    /// The label above run `which`'s timeline (what the run is: scenario, seed, settings, injections).
    QLabel* runLabel(int which) const { return m_labels[static_cast<std::size_t>(which)]; }
    /// Says what run `which` is, above its timeline (rich text).
    void setRunText(int which, const QString& html);
    QComboBox* orderPicker() const { return m_orders; }
    /// Shows both runs' saga charts of order `id` (a saga instance's id: the order's correlation id).
    void chooseOrder(const QString& id);
    QString chosenOrder() const;

protected:
    void resizeEvent(QResizeEvent* event) override;

Q_SIGNALS:
    /// Both runs are read and shown, the whole of the longer one in view.
    void loaded();

private:
    void bothLoaded();
    void fitLabels();
    /// The order shown first: the first whose saga ended differently in the two runs, else the first.
    QString firstDifferingOrder(const QStringList& orders) const;

    std::array<ComparedRun*, 2> m_runs {};
    std::array<QLabel*, 2> m_labels {};
    std::array<QLabel*, 2> m_chartLabels {};
    std::array<SagaChart*, 2> m_charts {};
    QComboBox* m_orders = nullptr;
    QLabel* m_orderNote = nullptr;
};

} // namespace eventloom
