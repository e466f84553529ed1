#pragma once

#include <QWidget>

class QComboBox;
class QLabel;
class QStackedWidget;
class QTableView;

namespace eventloom {

class SagaChart;
class SagaFilter;
class SagaModel;

/// The Sagas dock: the run's saga instances in a flat table (status, current step, reason), the
/// selected instance's moves below it, and its step chart beside them. Flat tables on purpose: a
/// tree view lays out every top-level row again whenever one is added, which with a hundred thousand
/// orders costs the UI thread milliseconds a batch, growing with the run (B7, docs/benchmarks.md).
/// The list sorts by any column (a header click: ascending, descending, then the run's order again)
/// and shows one status or all (the combo above it).
class SagaPanel final : public QWidget {
    Q_OBJECT
public:
    explicit SagaPanel(SagaModel* model, QWidget* parent = nullptr);

    /// Selects instance `row` (a top-level row of the model): its moves and chart are shown.
    void selectInstance(int row);
    int selectedInstance() const;
    /// The "follow this order" lens: only the instances of this correlation id are listed, and the
    /// first is selected (empty: every instance, as the model has them).
    void setFollowed(const QString& correlation);
    /// Instances listed now (all of them, or those the lens or the status filter let through).
    int listedInstances() const;
    /// The model row of the instance listed at `row` of the instances table.
    int listedInstance(int row) const;
    /// Lists only the instances with this status (SagaInstance::statusName; empty: all), as the combo does.
    void setStatusShown(const QString& status);
    /// Sorts the list by `column` (-1: the run's order), as a click on its header does.
    void sortBy(int column, Qt::SortOrder order);
    QComboBox* statusFilter() const { return m_status; }
    QTableView* instancesView() const { return m_instances; }
    QTableView* movesView() const { return m_moves; }
    SagaChart* chart() const { return m_chart; }

Q_SIGNALS:
    /// The user asked to follow this saga (double-click): its correlation id.
    void followRequested(const QString& correlation);

private:
    void showInstance(int row);
    /// The model row of a row of the instances table (which may show the filter).
    int sourceRow(const QModelIndex& listed) const;
    void connectSelection();
    /// Puts the filter between the model and the table while it filters or sorts, keeping the selection.
    void useFilter();
    void updateCount();
    QWidget* createFilterBar();

    SagaModel* m_model;
    /// Between the model and the instances table while following an order, showing one status or
    /// sorting; off otherwise, so the table takes the model's insertions directly (B7).
    SagaFilter* m_filter;
    QComboBox* m_status = nullptr;
    QLabel* m_count = nullptr;
    QTableView* m_instances;
    QStackedWidget* m_movesStack;
    QTableView* m_moves;
    SagaChart* m_chart;
};

} // namespace eventloom
