#include "topicsview.h"

#include "models/topicsmodel.h"

#include <QHeaderView>
#include <QTreeView>
#include <QVBoxLayout>

namespace eventloom {

namespace {
}

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
    layout->addWidget(m_tree);
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] { m_expanded = false; });
}

void TopicsView::setState(const QJsonObject& state)
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

void TopicsView::clear() { m_model->clear(); }

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
