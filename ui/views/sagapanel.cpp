#include "sagapanel.h"

#include "models/sagamodel.h"
#include "sagachart.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QRegularExpression>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace eventloom {

namespace {
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

/// Column widths and hidden columns; a table forgets them with its model.
void sizeColumns(QTableView* view)
{
    const QFontMetrics metrics = view->fontMetrics();
    const auto width = [&](const char* sample) { return metrics.horizontalAdvance(QLatin1String(sample)) + 16; };
    view->setColumnWidth(static_cast<int>(SagaModel::Column::Saga), width("order-000000"));
    view->setColumnWidth(static_cast<int>(SagaModel::Column::Status), width("compensation-succeeded"));
    view->setColumnWidth(static_cast<int>(SagaModel::Column::Step), width("schedule-shipping"));
    view->setColumnWidth(static_cast<int>(SagaModel::Column::Time), width("0000.000000"));
    // The saga type is the same for most rows of a scenario: the chart's title shows it.
    view->setColumnHidden(static_cast<int>(SagaModel::Column::Type), true);
}
}

SagaPanel::SagaPanel(SagaModel* model, QWidget* parent)
    : QWidget(parent)
    , m_model(model)
    , m_lens(new QSortFilterProxyModel(this))
{
    m_lens->setFilterKeyColumn(static_cast<int>(SagaModel::Column::Saga));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    // The instances and the selected one's moves on the left, its step chart on the right: the dock is wide and low.
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    auto* lists = new QSplitter(Qt::Vertical, splitter);
    m_instances = new QTableView(lists);
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
    for (QTableView* view : { m_instances, m_moves }) {
        configure(view, fontMetrics().height() + 6);
        sizeColumns(view);
    }
    // A move row has no id of its own: its first column is empty, so the moves table starts at the phase.
    m_moves->setColumnHidden(static_cast<int>(SagaModel::Column::Saga), true);
    m_moves->setToolTip(tr("The selected saga's moves, in order"));
    lists->setStretchFactor(0, 3);
    lists->setStretchFactor(1, 2);
    m_chart = new SagaChart(splitter);
    m_chart->setModel(model);
    splitter->setSizes({ 600, 560 });
    layout->addWidget(splitter);

    showInstance(-1);
    connectSelection();
    connect(m_instances, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
        if (index.isValid())
            Q_EMIT followRequested(m_model->atomText(m_model->instance(sourceRow(index)).id));
    });
    connect(model, &QAbstractItemModel::modelReset, this, [this] { showInstance(-1); });
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
    return listed.model() == m_lens ? m_lens->mapToSource(listed).row() : listed.row();
}

void SagaPanel::setFollowed(const QString& correlation)
{
    const bool lens = !correlation.isEmpty();
    if (lens) {
        m_lens->setFilterRegularExpression(
            QRegularExpression(QStringLiteral("^%1$").arg(QRegularExpression::escape(correlation))));
    }
    QAbstractItemModel* wanted = lens ? static_cast<QAbstractItemModel*>(m_lens) : m_model;
    if (m_instances->model() != wanted) {
        m_lens->setSourceModel(lens ? m_model : nullptr);
        QItemSelectionModel* old = m_instances->selectionModel();
        m_instances->setModel(wanted);
        delete old;
        sizeColumns(m_instances);
        connectSelection();
    }
    if (lens && m_lens->rowCount() > 0)
        m_instances->setCurrentIndex(m_lens->index(0, 0));
    else
        selectInstance(-1);
}

int SagaPanel::listedInstances() const
{
    return m_instances->model()->rowCount();
}

void SagaPanel::selectInstance(int row)
{
    if (row < 0 || row >= m_model->instanceCount()) {
        m_instances->setCurrentIndex({});
        showInstance(-1);
        return;
    }
    const QModelIndex index = m_model->index(row, 0);
    m_instances->setCurrentIndex(m_instances->model() == m_lens ? m_lens->mapFromSource(index) : index);
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
