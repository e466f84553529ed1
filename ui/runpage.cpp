#include "runpage.h"

#include "docks/dockcontext.h"
#include "models/eventlogfilter.h"
#include "models/eventlogmodel.h"
#include "runstatusbar.h"
#include "scenariolanes.h"
#include "simulation/simulationcontroller.h"
#include "views/timelineview.h"
#include "viewstate.h"

#include <QAction>
#include <QDir>
#include <QHeaderView>
#include <QLineEdit>
#include <QScrollBar>
#include <QTableView>
#include <QVBoxLayout>
#include <memory>

namespace eventloom {

static_assert(ViewState::kNoSelection == kNoMessage);

RunPage::RunPage(const DockContext& context, QWidget* parent)
    : QSplitter(Qt::Vertical, parent)
    , m_model(context.log)
{
    setObjectName(QStringLiteral("runPage"));
    createLog();
    ViewState* view = context.view;
    SimulationController* controller = context.controller;
    // Selections linked both ways: the log's current row is the selection, a click elsewhere chooses one.
    connect(m_timeline, &TimelineView::messageClicked, view, &ViewState::chooseMessage);
    connect(view, &ViewState::messageChosen, this, &RunPage::selectMessage);
    connect(view, &ViewState::recordChosen, this, &RunPage::selectRecord);
    connect(view, &ViewState::selectedMessageChanged, m_timeline, &TimelineView::selectMessage);
    connect(
        m_logView->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [view](const QModelIndex& current) {
            const qint64 message = current.data(EventLogModel::MessageRole).toLongLong();
            view->setSelectedMessage(message < 0 ? ViewState::kNoSelection : static_cast<std::uint32_t>(message));
        });
    connect(view, &ViewState::followedChanged, m_filter, &EventLogFilter::setCorrelation);
    connect(view, &ViewState::followedChanged, this, &RunPage::showFilterChanged);
    connect(view, &ViewState::followedChanged, m_timeline, &TimelineView::setFollowed);
    // Another moment: the log up to it, its end in view.
    connect(view, &ViewState::viewTimeRequested, this, [this](SimTime t) {
        m_model->flush();
        m_filter->setMaxTime(t);
        m_timeline->setViewTime(t);
        if (t >= 0)
            m_logView->scrollToBottom();
    });
    connect(controller, &SimulationController::runStarted, this, [this, scenario = context.scenario] {
        m_filter->setMaxTime(-1); // the log itself was reset with the trace
        reset(scenario());
    });
    connect(controller, &SimulationController::batchArrived, this, [this, controller](const TraceBatch& batch) {
        // Paused, stepping or finished: the log shows every row now rather than at its next refresh.
        if (!controller->isPlaying() || (batch.hasStatus && batch.status.finished))
            m_model->flush();
    });
    connect(controller, &SimulationController::playingChanged, this, [this](bool playing) {
        if (!playing)
            m_model->flush();
    });
    createActions(context);
}

void RunPage::createLog()
{
    m_logView = new QTableView(this); // the font of its page, for the sizes below; its pane adopts it
    m_logView->setObjectName(QStringLiteral("eventLogView"));
    m_filter = new EventLogFilter(m_model, this);
    m_logView->setModel(m_filter);
    m_logView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_logView->setAlternatingRowColors(true);
    m_logView->setWordWrap(false);
    m_logView->setShowGrid(false);
    m_logView->setCornerButtonEnabled(false);
    m_logView->setTextElideMode(Qt::ElideMiddle);
    // Fixed row heights let the view lay out a million rows without measuring any of them.
    QHeaderView* rows = m_logView->verticalHeader();
    rows->hide();
    rows->setSectionResizeMode(QHeaderView::Fixed);
    rows->setDefaultSectionSize(m_logView->fontMetrics().height() + 6);

    QHeaderView* columns = m_logView->horizontalHeader();
    columns->setHighlightSections(false);
    columns->setStretchLastSection(true);
    columns->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    const QFontMetrics metrics = m_logView->fontMetrics();
    const auto width = [&](const char* sample) { return metrics.horizontalAdvance(QLatin1String(sample)) + 24; };
    using Column = EventLogModel::Column;
    const std::pair<Column, int> widths[] = {
        { Column::Time, width("0000.000000 s") },
        { Column::Kind, width("instance-removed") },
        { Column::Type, width("StockReservationFailed") },
        { Column::Location, width("inventory.events[10]@00000") },
        { Column::Key, width("order-000000") },
        { Column::Consumer, width("notification#00") },
        { Column::Outcome, width("skipped-duplicate") },
    };
    for (const auto& [column, pixels] : widths)
        columns->resizeSection(static_cast<int>(column), pixels);

    m_timeline = new TimelineView(&m_model->trace(), this);
    // The log with its filter bar: free text, and the "follow this saga" lens on one correlation id.
    auto* logPane = new QWidget(this);
    auto* logLayout = new QVBoxLayout(logPane);
    logLayout->setContentsMargins(0, 2, 0, 0);
    logLayout->setSpacing(2);
    auto* filterBar = new QHBoxLayout;
    auto* filterEdit = new QLineEdit(logPane);
    filterEdit->setObjectName(QStringLiteral("logFilterEdit"));
    filterEdit->setPlaceholderText(tr("Filter the log: type, service, key, correlation id, kind…"));
    filterEdit->setClearButtonEnabled(true);
    connect(filterEdit, &QLineEdit::textChanged, m_filter, &EventLogFilter::setText);
    connect(filterEdit, &QLineEdit::textChanged, this, &RunPage::showFilterChanged);
    filterBar->addWidget(filterEdit);
    logLayout->addLayout(filterBar);
    m_logView->setParent(logPane);
    logLayout->addWidget(m_logView);
    addWidget(m_timeline);
    addWidget(logPane);
    setSizes({ 330, 270 }); // the timeline's lanes whole, the log under them
    // Follow the tail only if the user was already looking at it, so scrolling back stays put.
    auto following = std::make_shared<bool>(true);
    connect(m_model, &QAbstractItemModel::rowsAboutToBeInserted, this, [this, following] {
        const QScrollBar* scroll = m_logView->verticalScrollBar();
        *following = scroll->value() >= scroll->maximum() - 1;
    });
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this, following] {
        if (*following)
            m_logView->scrollToBottom();
    });
}

void RunPage::createActions(const DockContext& context)
{
    const auto add = [this](const QString& text, const char* name, const QKeySequence& key) {
        auto* action = new QAction(text, this);
        action->setObjectName(QLatin1String(name));
        action->setShortcut(key);
        m_timelineActions << action;
        return action;
    };
    connect(add(tr("Zoom &In"), "actionZoomIn", QKeySequence::ZoomIn), &QAction::triggered, m_timeline,
        &TimelineView::zoomIn);
    connect(add(tr("Zoom &Out"), "actionZoomOut", QKeySequence::ZoomOut), &QAction::triggered, m_timeline,
        &TimelineView::zoomOut);
    connect(add(tr("&Fit Run"), "actionFit", QKeySequence(Qt::CTRL | Qt::Key_0)), &QAction::triggered, m_timeline,
        &TimelineView::fitAll);
    QAction* topics = add(tr("Show &Topic Lanes"), "actionShowTopicLanes", {});
    topics->setCheckable(true);
    topics->setToolTip(
        tr("A lane per topic in the timeline: events go down to their topic when published, and on from there"));
    connect(topics, &QAction::triggered, m_timeline, &TimelineView::setTopicLanesShown);

    // Pick an order in the log (its context menu, or Ctrl+Shift+F), the timeline (an arrow's context menu),
    // the sagas (double-click) or the read models (a row's context menu): every panel follows it.
    m_followAction = new QAction(tr("&Follow This Order"), this);
    m_followAction->setObjectName(QStringLiteral("actionFollowOrder"));
    m_followAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F));
    m_followAction->setToolTip(tr("Show only the selected message's correlation id in every panel"));
    connect(m_followAction, &QAction::triggered, this, [this, view = context.view] {
        const QString correlation = m_logView->currentIndex().data(EventLogModel::CorrelationRole).toString();
        if (!correlation.isEmpty())
            view->setFollowed(correlation);
    });
    m_logView->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_logView->addAction(m_followAction);
    connect(m_timeline, &TimelineView::followRequested, context.view, &ViewState::setFollowed);

    for (const bool whole : { false, true }) {
        auto* exportTimeline = new QAction(whole ? tr("Export &Whole Timeline…") : tr("&Export Timeline…"), this);
        exportTimeline->setObjectName(
            whole ? QStringLiteral("actionExportWholeTimeline") : QStringLiteral("actionExportTimeline"));
        exportTimeline->setToolTip(whole ? tr("The whole run, fitted to the width, as SVG or PNG")
                                         : tr("What the timeline shows, as SVG or PNG"));
        connect(exportTimeline, &QAction::triggered, this, [this, whole, context] {
            QString chosen;
            const QString path = context.savePath(tr("Export Timeline"), tr("SVG (*.svg);;PNG (*.png)"), &chosen);
            if (path.isEmpty())
                return;
            QString error;
            if (m_timeline->exportImage(path, whole, error))
                context.statusBar->showMessage(
                    tr("Exported the timeline to %1").arg(QDir::toNativeSeparators(path)), 6000);
            else
                context.reportError(tr("The timeline could not be exported."), { error });
        });
        m_exportActions << exportTimeline;
    }
}

QString RunPage::correlation() const
{
    const QString selected = m_logView->currentIndex().data(EventLogModel::CorrelationRole).toString();
    return selected.isEmpty() ? m_filter->correlation() : selected;
}

void RunPage::selectMessage(std::uint32_t seq)
{
    m_model->flush(); // the message may be in rows not shown yet
    setCurrentRow(m_model->firstRowOf(seq));
}

void RunPage::selectRecord(qint64 row)
{
    m_model->flush(); // the record may be in rows not shown yet
    if (row < 0 || row >= m_model->rowCount() || !setCurrentRow(static_cast<int>(row)))
        return;
    m_timeline->reveal(m_model->index(static_cast<int>(row), 0).data(EventLogModel::TimeRole).toLongLong());
}

bool RunPage::setCurrentRow(int row)
{
    if (row < 0)
        return false;
    const QModelIndex index = m_filter->mapFromSource(m_model->index(row, 0));
    if (!index.isValid())
        return false; // filtered out of the log
    m_logView->selectionModel()->setCurrentIndex(
        index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_logView->scrollTo(index, QAbstractItemView::PositionAtCenter);
    return true;
}

void RunPage::showFilterChanged()
{
    // A filtered log is read from its first match: an order's story starts at the top, and the row
    // that matters (its first delivery, the redelivery after it) is seldom the last. Unfiltered, the
    // log goes back to the selected row, or to its tail.
    m_model->flush();
    if (m_filter->correlation().isEmpty() && m_filter->text().isEmpty()) {
        if (m_logView->currentIndex().isValid())
            m_logView->scrollTo(m_logView->currentIndex(), QAbstractItemView::PositionAtCenter);
        else
            m_logView->scrollToBottom();
        return;
    }
    m_logView->scrollToTop();
}

void RunPage::reset(const Scenario* scenario)
{
    m_timeline->reset(scenarioLanes(scenario), scenarioCompensations(scenario));
}

} // namespace eventloom
