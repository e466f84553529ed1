#include "topicsview.h"

#include "consumeractions.h"
#include "models/topicsmodel.h"
#include "offsetresetdialog.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QMenu>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

namespace eventloom {

TopicsView::TopicsView(QWidget* parent)
    : QWidget(parent)
    , m_model(new TopicsModel(this))
{
    setObjectName(QStringLiteral("topicsView"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    m_tree = new QTreeView(this);
    m_tree->setObjectName(QStringLiteral("topicsTree"));
    m_tree->setModel(m_model);
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_tree->header()->setStretchLastSection(false);
    m_tree->setContextMenuPolicy(Qt::CustomContextMenu);

    m_resetAction = new QAction(tr("Reset Offset…"), this);
    m_resetAction->setObjectName(QStringLiteral("actionResetOffset"));
    m_resetAction->setToolTip(tr("Move the selected group's committed offset to the earliest, the latest or a time: "
                                 "it reads again from there (a replay) or skips ahead"));
    m_resetAction->setEnabled(false);
    connect(m_resetAction, &QAction::triggered, this, &TopicsView::openResetDialog);
    m_resetButton = new QToolButton(this);
    m_resetButton->setObjectName(QStringLiteral("resetOffsetButton"));
    m_resetButton->setDefaultAction(m_resetAction);
    m_resetButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    auto* bar = new QHBoxLayout;
    bar->setContentsMargins(0, 0, 0, 0);
    bar->addStretch();
    bar->addWidget(m_resetButton);
    layout->addLayout(bar);
    layout->addWidget(m_tree);

    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        m_expanded = false;
        selectionChanged();
    });
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this, &TopicsView::selectionChanged);
    connect(m_tree, &QWidget::customContextMenuRequested, this, [this](const QPoint& pos) {
        const QModelIndex index = m_tree->indexAt(pos);
        if (index.data(TopicsModel::GroupRole).toString().isEmpty())
            return;
        m_tree->setCurrentIndex(index);
        auto* menu = new QMenu(this);
        menu->setObjectName(QStringLiteral("topicsMenu"));
        menu->setAttribute(Qt::WA_DeleteOnClose);
        menu->addAction(m_resetAction);
        if (const QList<QAction*> consumer = consumerActions(menu); !consumer.isEmpty()) {
            menu->addSeparator();
            menu->addActions(consumer);
        }
        menu->popup(m_tree->viewport()->mapToGlobal(pos));
    });
}

OffsetResetDialog* TopicsView::resetDialog() const
{
    return m_dialog.data();
}

QString TopicsView::selectedGroup() const
{
    return m_tree->currentIndex().data(TopicsModel::GroupRole).toString();
}

QList<QAction*> TopicsView::consumerActions(QObject* parent)
{
    const QString group = selectedGroup();
    const TopicsModel::Reader reader = group.isEmpty() ? TopicsModel::Reader() : m_model->readerOf(group);
    if (!m_injectable || reader.service.isEmpty() || reader.instances <= 0)
        return {};
    return ConsumerActions::make(reader.service,
        reader.detached ? ConsumerActions::State::Detached : ConsumerActions::State::Attached, reader.instances,
        QStringLiteral("actionTopics"), parent, [this](const InjectionSpec& spec) { Q_EMIT injectRequested(spec); });
}

void TopicsView::selectionChanged()
{
    const QString group = selectedGroup();
    m_resetAction->setEnabled(!group.isEmpty());
    m_resetAction->setText(group.isEmpty() ? tr("Reset Offset…") : tr("Reset Offset of %1…").arg(group));
}

void TopicsView::openResetDialog()
{
    const QString group = selectedGroup();
    if (group.isEmpty())
        return;
    if (m_dialog)
        m_dialog->close();
    std::vector<OffsetResetDialog::Topic> topics;
    for (const auto& [name, partitions] : m_model->topicsOf(group))
        topics.push_back({ name, partitions });
    m_dialog = new OffsetResetDialog(group, std::move(topics), m_now, this);
    m_dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(
        m_dialog, &QDialog::accepted, this, [this, dialog = m_dialog] { Q_EMIT resetOffsetRequested(dialog->spec()); });
    m_dialog->open();
}

void TopicsView::setState(const BusState& state)
{
    m_model->setState(state);
    if (!m_expanded && m_model->rowCount() > 0) {
        // Topics and their groups open, the per-partition rows of groups closed unless there are few.
        m_expanded = true;
        for (int t = 0; t < m_model->rowCount(); ++t) {
            const QModelIndex topic = m_model->index(t, 0);
            m_tree->expand(topic);
            for (int c = 0; c < m_model->rowCount(topic); ++c) {
                const QModelIndex child = m_model->index(c, 0, topic);
                if (m_model->rowCount(child) > 0 && m_model->rowCount(child) <= 4)
                    m_tree->expand(child);
            }
        }
    }
}

void TopicsView::runAdvanced()
{
    m_refresh->changed();
}

void TopicsView::clear()
{
    m_model->clear();
}

void TopicsView::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    request();
}

void TopicsView::request()
{
    if (RefreshThrottle::onScreen(this))
        Q_EMIT stateRequested();
}

} // namespace eventloom
