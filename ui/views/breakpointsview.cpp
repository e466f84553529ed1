#include "breakpointsview.h"

#include "models/pendingdeliverymodel.h"
#include "scenario/scenario.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QSpinBox>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>

namespace eventloom {

namespace {
constexpr int kServiceRole = Qt::UserRole + 1; ///< the service id; empty for "All consumers"
}

BreakpointsView::BreakpointsView(QWidget* parent)
    : QWidget(parent)
    , m_model(new PendingDeliveryModel(this))
{
    auto* layout = new QVBoxLayout(this);
    auto* pauseLabel = new QLabel(tr("Pause before deliveries to:"));
    layout->addWidget(pauseLabel);
    m_consumers = new QListWidget;
    m_consumers->setObjectName(QStringLiteral("breakpointConsumers"));
    m_consumers->setAccessibleName(tr("Consumers to pause before"));
    m_consumers->setMaximumHeight(6 * m_consumers->fontMetrics().height() + 12);
    pauseLabel->setBuddy(m_consumers);
    layout->addWidget(m_consumers);
    connect(m_consumers, &QListWidget::itemChanged, this, &BreakpointsView::consumerToggled);

    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("breakpointStatus"));
    m_status->setWordWrap(true);
    layout->addWidget(m_status);

    m_table = new QTableView;
    m_table->setObjectName(QStringLiteral("pendingDeliveries"));
    m_table->setAccessibleName(tr("Deliveries waiting at a breakpoint"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setTabKeyNavigation(false);
    m_table->verticalHeader()->setVisible(false);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->setContextMenuPolicy(Qt::ActionsContextMenu);
    layout->addWidget(m_table, 1);

    const auto action = [this](const QString& text, const QString& name, const QKeySequence& key, const QString& tip) {
        auto* a = new QAction(text, this);
        a->setObjectName(name);
        a->setShortcut(key);
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        a->setToolTip(QStringLiteral("%1 (%2)").arg(tip, key.toString(QKeySequence::NativeText)));
        m_table->addAction(a);
        return a;
    };
    m_deliver = action(tr("Deliver"), QStringLiteral("actionDeliver"), QKeySequence(Qt::Key_Return),
        tr("Hand the selected deliveries to their consumers now, in the table's order"));
    m_drop = action(tr("Drop"), QStringLiteral("actionDrop"), QKeySequence(QKeySequence::Delete),
        tr("Lose the selected deliveries: their consumers never see them"));
    m_duplicate = action(tr("Duplicate"), QStringLiteral("actionDuplicate"), QKeySequence(Qt::CTRL | Qt::Key_D),
        tr("Deliver the selected deliveries twice"));
    m_delayAction = action(tr("Delay"), QStringLiteral("actionDelay"), QKeySequence(Qt::CTRL | Qt::Key_L),
        tr("Deliver the selected deliveries after the time beside"));
    m_deliverAll = new QAction(tr("Deliver All"), this);
    m_deliverAll->setObjectName(QStringLiteral("actionDeliverAll"));
    m_deliverAll->setToolTip(tr("Deliver every waiting delivery, top to bottom"));
    connect(m_deliver, &QAction::triggered, this, [this] { resolveSelected(QStringLiteral("deliver")); });
    connect(m_drop, &QAction::triggered, this, [this] { resolveSelected(QStringLiteral("drop")); });
    connect(m_duplicate, &QAction::triggered, this, [this] { resolveSelected(QStringLiteral("duplicate")); });
    connect(m_delayAction, &QAction::triggered, this, [this] { resolveSelected(QStringLiteral("delay")); });
    connect(m_deliverAll, &QAction::triggered, this, [this] {
        for (const PendingDeliveryInfo& d : m_model->deliveries())
            if (!m_requested.contains(d.id)) {
                m_requested.insert(d.id);
                Q_EMIT resolveRequested(d, QStringLiteral("deliver"), 0);
            }
    });

    m_delay = new QSpinBox;
    m_delay->setObjectName(QStringLiteral("breakpointDelay"));
    m_delay->setAccessibleName(tr("Delay by"));
    m_delay->setRange(0, 600'000);
    m_delay->setSingleStep(50);
    m_delay->setValue(100);
    m_delay->setSuffix(tr(" ms"));
    m_delay->setToolTip(tr("How long Delay holds a delivery back (simulated time)"));

    const auto button = [](QAction* a) {
        auto* b = new QToolButton;
        b->setDefaultAction(a);
        b->setToolButtonStyle(Qt::ToolButtonTextOnly);
        b->setObjectName(a->objectName() + QStringLiteral("Button"));
        return b;
    };
    auto* decide = new QHBoxLayout;
    decide->addWidget(button(m_deliver));
    decide->addWidget(button(m_drop));
    decide->addWidget(button(m_duplicate));
    decide->addWidget(button(m_delayAction));
    decide->addWidget(m_delay);
    decide->addStretch(1);
    decide->addWidget(button(m_deliverAll));
    layout->addLayout(decide);

    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &BreakpointsView::updateState);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &BreakpointsView::keepSelection);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &BreakpointsView::keepSelection);
    setScenario(nullptr);
}

void BreakpointsView::setScenario(const Scenario* scenario)
{
    m_updating = true;
    m_consumers->clear();
    auto* all = new QListWidgetItem(tr("All consumers"), m_consumers);
    all->setData(kServiceRole, QString());
    all->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
    all->setCheckState(Qt::Unchecked);
    all->setToolTip(tr("Pause before every delivery to any consumer group"));
    if (scenario)
        for (const ServiceSpec& s : scenario->services) {
            if (s.subscriptions.empty())
                continue; // reads nothing from the bus: no delivery to pause before
            auto* item = new QListWidgetItem(s.id, m_consumers);
            item->setData(kServiceRole, s.id);
            item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
            item->setCheckState(Qt::Unchecked);
            item->setToolTip(tr("Pause before every delivery to %1's consumer groups").arg(s.id));
        }
    m_updating = false;
    m_requested.clear();
    m_model->clear();
    updateState();
}

QListWidgetItem* BreakpointsView::item(const QString& service) const
{
    for (int i = 0; i < m_consumers->count(); ++i)
        if (m_consumers->item(i)->data(kServiceRole).toString() == service)
            return m_consumers->item(i);
    return nullptr;
}

void BreakpointsView::setBreakpoint(const QString& service, bool on)
{
    if (QListWidgetItem* it = item(service); it && (it->flags() & Qt::ItemIsEnabled))
        it->setCheckState(on ? Qt::Checked : Qt::Unchecked);
}

bool BreakpointsView::hasBreakpoint(const QString& service) const
{
    const QListWidgetItem* it = item(service);
    return it && it->checkState() == Qt::Checked;
}

void BreakpointsView::consumerToggled(QListWidgetItem* changed)
{
    if (m_updating)
        return;
    const QString service = changed->data(kServiceRole).toString();
    const bool on = changed->checkState() == Qt::Checked;
    if (service.isEmpty()) {
        // "All consumers" covers every service; switching it off ends every breakpoint.
        m_updating = true;
        for (int i = 1; i < m_consumers->count(); ++i) {
            QListWidgetItem* it = m_consumers->item(i);
            it->setCheckState(on ? Qt::Checked : Qt::Unchecked);
            it->setFlags(on ? it->flags() & ~Qt::ItemIsEnabled : it->flags() | Qt::ItemIsEnabled);
        }
        m_updating = false;
    }
    Q_EMIT breakpointChanged(service, on);
    updateState();
}

void BreakpointsView::setPending(const PendingDeliveries& pending)
{
    QSet<quint64> still;
    for (const PendingDeliveryInfo& d : pending)
        if (m_requested.contains(d.id))
            still.insert(d.id);
    m_requested = still;
    m_model->setDeliveries(pending);
    updateState();
}

void BreakpointsView::resolveSelected(const QString& choice)
{
    QModelIndexList rows = m_table->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(), [](const QModelIndex& a, const QModelIndex& b) { return a.row() < b.row(); });
    const SimTime delay = static_cast<SimTime>(m_delay->value()) * kMillisecond;
    for (const QModelIndex& row : rows) {
        const PendingDeliveryInfo& d = m_model->at(row.row());
        if (m_requested.contains(d.id))
            continue; // asked already: the engine has not answered yet
        m_requested.insert(d.id);
        Q_EMIT resolveRequested(d, choice, delay);
    }
}

void BreakpointsView::keepSelection()
{
    // Decided rows go away: the one now in their place is next, so Return, Return… works through the list.
    if (m_model->rowCount() > 0 && !m_table->selectionModel()->hasSelection()) {
        const int row = std::clamp(
            m_table->currentIndex().isValid() ? m_table->currentIndex().row() : 0, 0, m_model->rowCount() - 1);
        m_table->selectionModel()->setCurrentIndex(
            m_model->index(row, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    }
    updateState();
}

void BreakpointsView::updateState()
{
    const int waiting = m_model->rowCount();
    const bool selected = waiting > 0 && m_table->selectionModel()->hasSelection();
    for (QAction* a : { m_deliver, m_drop, m_duplicate, m_delayAction })
        a->setEnabled(selected);
    m_deliverAll->setEnabled(waiting > 0);
    bool any = false;
    for (int i = 0; i < m_consumers->count(); ++i)
        any = any || m_consumers->item(i)->checkState() == Qt::Checked;
    if (waiting > 0)
        m_status->setText(
            (waiting == 1 ? tr("<b>1 delivery waiting</b>") : tr("<b>%1 deliveries waiting</b>").arg(waiting))
            + tr(" — the run stands still until each is decided."));
    else if (any)
        m_status->setText(tr("No delivery is waiting yet: the run pauses before the next one to a checked consumer."));
    else
        m_status->setText(tr("No breakpoint: check a consumer to pause before its deliveries."));
}

} // namespace eventloom
