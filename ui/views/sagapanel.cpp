#include "sagapanel.h"

#include "models/sagafilter.h"
#include "models/sagamodel.h"
#include "sagachart.h"
#include "sagas/sagainstance.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace eventloom {

namespace {
constexpr const char* kInstanceStatus = "compensating";

void configure(QTableView* view, int rowHeight)
{
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setAlternatingRowColors(true);
    view->setShowGrid(false);
    view->setWordWrap(false);
    view->setCornerButtonEnabled(false);
    view->verticalHeader()->hide();
    view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view->verticalHeader()->setDefaultSectionSize(rowHeight);
    view->horizontalHeader()->setHighlightSections(false);
    view->horizontalHeader()->setStretchLastSection(true);
    view->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
}

/// Column widths and hidden columns; a table forgets them with its model. `status`: the longest status
/// (an instance's, or a move's phase).
void sizeColumns(QTableView* view, const char* status)
{
    const QFontMetrics metrics = view->fontMetrics();
    const auto width = [&](const char* sample) { return metrics.horizontalAdvance(QLatin1String(sample)) + 16; };
    view->setColumnWidth(static_cast<int>(SagaModel::Column::Saga), width("order-000000"));
    view->setColumnWidth(static_cast<int>(SagaModel::Column::Status), width(status));
    view->setColumnWidth(static_cast<int>(SagaModel::Column::Step), width("schedule-shipping"));
    view->setColumnWidth(static_cast<int>(SagaModel::Column::Time), width("0000.000000"));
    // The saga type is the same for most rows of a scenario: the chart's title shows it.
    view->setColumnHidden(static_cast<int>(SagaModel::Column::Type), true);
    // The time before the step: a finished saga (most of them) has none, the time it always has.
    QHeaderView* header = view->horizontalHeader();
    const int time = header->visualIndex(static_cast<int>(SagaModel::Column::Time));
    const int step = header->visualIndex(static_cast<int>(SagaModel::Column::Step));
    if (time > step)
        header->moveSection(time, step);
}
}

SagaPanel::SagaPanel(SagaModel* model, QWidget* parent)
    : QWidget(parent)
    , m_model(model)
    , m_filter(new SagaFilter(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    // The instances and the selected one's moves on the left, its step chart on the right: the dock is wide and low.
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    auto* lists = new QSplitter(Qt::Vertical, splitter);
    auto* listPane = new QWidget(lists);
    auto* listLayout = new QVBoxLayout(listPane);
    listLayout->setContentsMargins(0, 0, 0, 0);
    listLayout->setSpacing(2);
    listLayout->addWidget(createFilterBar());
    m_instances = new QTableView(listPane);
    listLayout->addWidget(m_instances);
    m_instances->setObjectName(QStringLiteral("sagaView"));
    m_instances->setModel(model);
    // The selected instance's moves, or a hint while none is selected.
    m_movesStack = new QStackedWidget(lists);
    auto* hint = new QLabel(tr("Select a saga to see its moves."), m_movesStack);
    hint->setAlignment(Qt::AlignCenter);
    hint->setEnabled(false);
    m_movesStack->addWidget(hint);
    m_moves = new QTableView(m_movesStack);
    m_movesStack->addWidget(m_moves);
    m_moves->setObjectName(QStringLiteral("sagaMovesView"));
    m_moves->setModel(model);
    configure(m_instances, fontMetrics().height() + 6);
    configure(m_moves, fontMetrics().height() + 6);
    sizeColumns(m_instances, kInstanceStatus);
    sizeColumns(m_moves, "compensation-succeeded");
    // A move row has no id of its own: its first column is empty, so the moves table starts at the phase.
    m_moves->setColumnHidden(static_cast<int>(SagaModel::Column::Saga), true);
    m_moves->setToolTip(tr("The selected saga's moves, in order"));
    // A header click sorts: ascending, descending, then the run's order again. The table does not sort
    // itself (the model has no sort of its own): the filter, put in place for it, does.
    QHeaderView* header = m_instances->horizontalHeader();
    header->setSectionsClickable(true);
    header->setSortIndicatorShown(true);
    header->setSortIndicatorClearable(true);
    header->setSortIndicator(-1, Qt::AscendingOrder);
    connect(header, &QHeaderView::sortIndicatorChanged, this,
        [this](int column, Qt::SortOrder order) { sortBy(column, order); });
    lists->setStretchFactor(0, 3);
    lists->setStretchFactor(1, 2);
    m_chart = new SagaChart(splitter);
    m_chart->setModel(model);
    splitter->setStretchFactor(1, 1); // the chart takes what the list leaves
    splitter->setSizes({ 390, 510 });
    layout->addWidget(splitter);

    showInstance(-1);
    connectSelection();
    connect(m_instances, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
        if (index.isValid())
            Q_EMIT followRequested(m_model->atomText(m_model->instance(sourceRow(index)).id));
    });
    connect(model, &QAbstractItemModel::modelReset, this, [this] { showInstance(-1); });
    for (const QAbstractItemModel* counted :
        { static_cast<QAbstractItemModel*>(m_model), static_cast<QAbstractItemModel*>(m_filter) }) {
        connect(counted, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex& parent) {
            if (!parent.isValid())
                updateCount();
        });
        connect(counted, &QAbstractItemModel::rowsRemoved, this, &SagaPanel::updateCount);
        connect(counted, &QAbstractItemModel::modelReset, this, &SagaPanel::updateCount);
    }
    updateCount();
}

QWidget* SagaPanel::createFilterBar()
{
    auto* bar = new QWidget(this);
    auto* layout = new QHBoxLayout(bar);
    layout->setContentsMargins(4, 2, 4, 0);
    auto* label = new QLabel(tr("&Show:"), bar);
    m_status = new QComboBox(bar);
    m_status->setObjectName(QStringLiteral("sagaStatusFilter"));
    m_status->setToolTip(tr("List only the sagas in this state"));
    label->setBuddy(m_status);
    m_status->addItem(tr("All sagas"), QString());
    using Status = SagaInstance::Status;
    for (const Status status :
        { Status::Running, Status::Compensating, Status::Completed, Status::Compensated, Status::Stuck }) {
        const QString name = QString::fromLatin1(SagaInstance::statusName(status));
        m_status->addItem(name, name);
    }
    connect(m_status, &QComboBox::currentIndexChanged, this,
        [this](int index) { setStatusShown(m_status->itemData(index).toString()); });
    m_count = new QLabel(bar);
    m_count->setObjectName(QStringLiteral("sagaCount"));
    layout->addWidget(label);
    layout->addWidget(m_status);
    layout->addWidget(m_count, 1);
    return bar;
}

void SagaPanel::updateCount()
{
    const int all = m_model->instanceCount();
    const int listed = listedInstances();
    const QString sagas = all == 1 ? tr("1 saga") : tr("%1 sagas").arg(all);
    m_count->setText(listed == all ? sagas : tr("%1 of %2").arg(listed).arg(sagas));
}

void SagaPanel::setStatusShown(const QString& status)
{
    const int index = m_status->findData(status);
    if (index >= 0 && index != m_status->currentIndex()) {
        m_status->setCurrentIndex(index); // comes back here
        return;
    }
    m_filter->setStatus(status);
    useFilter();
}

void SagaPanel::sortBy(int column, Qt::SortOrder order)
{
    QHeaderView* header = m_instances->horizontalHeader();
    if (header->sortIndicatorSection() != column || header->sortIndicatorOrder() != order) {
        header->setSortIndicator(column, order); // comes back here
        return;
    }
    if (!m_filter->sourceModel())
        m_filter->setSourceModel(m_model); // so that the sort maps its column
    m_filter->sort(column, order); // -1: the model's order
    useFilter();
}

void SagaPanel::useFilter()
{
    const int selected = selectedInstance();
    const bool on = m_filter->filtering() || m_filter->sortColumn() >= 0;
    QAbstractItemModel* wanted = on ? static_cast<QAbstractItemModel*>(m_filter) : m_model;
    if (m_instances->model() != wanted) {
        if (m_filter->sourceModel() != (on ? m_model : nullptr))
            m_filter->setSourceModel(on ? m_model : nullptr);
        QItemSelectionModel* old = m_instances->selectionModel();
        m_instances->setModel(wanted);
        delete old;
        sizeColumns(m_instances, kInstanceStatus);
        connectSelection();
    }
    updateCount();
    // The saga selected stays selected while it is listed.
    const QModelIndex listed
        = selected >= 0 && on ? m_filter->mapFromSource(m_model->index(selected, 0)) : QModelIndex();
    if (selected >= 0 && (!on || listed.isValid())) {
        selectInstance(selected);
        m_instances->scrollTo(m_instances->currentIndex());
    } else {
        selectInstance(-1);
    }
}

void SagaPanel::connectSelection()
{
    // A table's selection model is replaced with its model.
    connect(m_instances->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this](const QModelIndex& current) { showInstance(current.isValid() ? sourceRow(current) : -1); });
}

int SagaPanel::sourceRow(const QModelIndex& listed) const
{
    if (!listed.isValid())
        return -1;
    return listed.model() == m_filter ? m_filter->mapToSource(listed).row() : listed.row();
}

void SagaPanel::setFollowed(const QString& correlation)
{
    // The lens lists the order followed whatever its status: the status filter waits until it is let go.
    m_filter->setCorrelation(correlation);
    m_status->setEnabled(correlation.isEmpty());
    useFilter();
    if (!correlation.isEmpty() && m_filter->rowCount() > 0)
        m_instances->setCurrentIndex(m_filter->index(0, 0));
    else
        selectInstance(-1);
}

int SagaPanel::listedInstances() const
{
    return m_instances->model()->rowCount();
}

int SagaPanel::listedInstance(int row) const
{
    return sourceRow(m_instances->model()->index(row, 0));
}

void SagaPanel::selectInstance(int row)
{
    if (row < 0 || row >= m_model->instanceCount()) {
        m_instances->setCurrentIndex({});
        showInstance(-1);
        return;
    }
    const QModelIndex index = m_model->index(row, 0);
    m_instances->setCurrentIndex(m_instances->model() == m_filter ? m_filter->mapFromSource(index) : index);
}

int SagaPanel::selectedInstance() const
{
    return m_chart->instance();
}

void SagaPanel::showInstance(int row)
{
    // The moves table shows the children of the selected instance. Without one it would show the
    // model's root — the instances again — so the hint takes its place.
    if (row >= 0)
        m_moves->setRootIndex(m_model->index(row, 0));
    m_movesStack->setCurrentIndex(row >= 0 ? 1 : 0);
    m_chart->setInstance(row);
}

} // namespace eventloom
