#include "topicsmodel.h"

#include <QColor>

namespace eventloom {

TopicsModel::TopicsModel(QObject* parent)
    : QAbstractItemModel(parent)
{
}

std::vector<TopicsModel::Node> TopicsModel::build(const BusState& state, std::vector<int>& roots)
{
    std::vector<Node> nodes;
    const auto add = [&](Node n, int parent) {
        const int id = static_cast<int>(nodes.size());
        n.parent = parent;
        if (parent < 0) {
            n.row = static_cast<int>(roots.size());
            roots.push_back(id);
        } else {
            n.row = static_cast<int>(nodes[static_cast<std::size_t>(parent)].children.size());
            nodes[static_cast<std::size_t>(parent)].children.push_back(id);
        }
        nodes.push_back(std::move(n));
        return id;
    };
    for (const BusState::Topic& topic : state.topics) {
        const QString& topicName = topic.name;
        const std::vector<qint64>& ends = topic.ends;
        const std::vector<qint64>& starts = topic.logStarts;
        const auto start = [&](std::size_t p) { return p < starts.size() ? starts[p] : 0; };
        qint64 total = 0;
        qint64 deleted = 0;
        for (std::size_t p = 0; p < ends.size(); ++p) {
            total += ends[p];
            deleted += start(p);
        }
        const int t = add({ NodeKind::Topic, -1, 0, topicName, total, -1, -1, {}, topicName, {}, -1, deleted }, -1);
        for (std::size_t p = 0; p < ends.size(); ++p)
            add({ NodeKind::Partition, -1, 0, tr("partition %1").arg(p), ends[p], -1, -1, {}, topicName, {},
                    static_cast<int>(p), start(p) },
                t);
        for (const BusState::Group& group : state.groups) {
            if (group.topic != topicName)
                continue;
            qint64 committed = 0, lag = 0;
            for (const BusState::GroupPartition& part : group.partitions) {
                committed += part.committed;
                lag += part.lag;
            }
            Node groupNode { NodeKind::Group, -1, 0, tr("group %1").arg(group.name), total, committed, lag, {},
                topicName, group.name, -1 };
            groupNode.reader = { group.service, group.instances, group.detached };
            groupNode.readBy = group.detached ? tr("%1, detached").arg(group.service)
                : group.instances > 1         ? tr("%1 ×%2").arg(group.service).arg(group.instances)
                                              : group.service;
            const int g = add(std::move(groupNode), t);
            for (std::size_t p = 0; p < group.partitions.size(); ++p) {
                const BusState::GroupPartition& part = group.partitions[p];
                Node partNode { NodeKind::GroupPartition, -1, 0, tr("partition %1").arg(p),
                    p < ends.size() ? ends[p] : -1, part.committed, part.lag, {}, topicName, group.name,
                    static_cast<int>(p) };
                partNode.readBy = part.owner < 0 ? tr("nobody")
                    : group.service.isEmpty()    ? tr("#%1").arg(part.owner)
                                                 : tr("%1#%2").arg(group.service).arg(part.owner);
                add(std::move(partNode), g);
            }
        }
    }
    return nodes;
}

void TopicsModel::setState(const BusState& state)
{
    std::vector<int> roots;
    std::vector<Node> nodes = build(state, roots);
    bool sameShape = nodes.size() == m_nodes.size() && roots == m_roots;
    for (std::size_t i = 0; sameShape && i < nodes.size(); ++i)
        sameShape = nodes[i].kind == m_nodes[i].kind && nodes[i].name == m_nodes[i].name
            && nodes[i].children == m_nodes[i].children;
    if (!sameShape) {
        beginResetModel();
        m_nodes = std::move(nodes);
        m_roots = std::move(roots);
        endResetModel();
        return;
    }
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        Node& old = m_nodes[i];
        const Node& now = nodes[i];
        if (old.end == now.end && old.committed == now.committed && old.lag == now.lag && old.logStart == now.logStart
            && old.readBy == now.readBy)
            continue;
        old.end = now.end;
        old.committed = now.committed;
        old.lag = now.lag;
        old.logStart = now.logStart;
        old.readBy = now.readBy;
        old.reader = now.reader;
        Q_EMIT dataChanged(createIndex(old.row, LogStart, quintptr(i)), createIndex(old.row, ReadBy, quintptr(i)));
    }
}

void TopicsModel::clear()
{
    if (m_nodes.empty())
        return;
    beginResetModel();
    m_nodes.clear();
    m_roots.clear();
    endResetModel();
}

const TopicsModel::Node* TopicsModel::groupPartition(const QString& topic, const QString& group, int partition) const
{
    for (const int t : m_roots) {
        if (m_nodes[static_cast<std::size_t>(t)].name != topic)
            continue;
        for (const int g : m_nodes[static_cast<std::size_t>(t)].children) {
            const Node& n = m_nodes[static_cast<std::size_t>(g)];
            if (n.kind == NodeKind::Group && n.group == group && partition >= 0
                && static_cast<std::size_t>(partition) < n.children.size())
                return &m_nodes[static_cast<std::size_t>(n.children[static_cast<std::size_t>(partition)])];
        }
    }
    return nullptr;
}

qint64 TopicsModel::lag(const QString& topic, const QString& group, int partition) const
{
    const Node* n = groupPartition(topic, group, partition);
    return n ? n->lag : -1;
}

qint64 TopicsModel::logStart(const QString& topic, int partition) const
{
    for (const int t : m_roots) {
        const Node& n = m_nodes[static_cast<std::size_t>(t)];
        if (n.name == topic && partition >= 0 && static_cast<std::size_t>(partition) < n.children.size())
            return m_nodes[static_cast<std::size_t>(n.children[static_cast<std::size_t>(partition)])].logStart;
    }
    return -1;
}

qint64 TopicsModel::committed(const QString& topic, const QString& group, int partition) const
{
    const Node* n = groupPartition(topic, group, partition);
    return n ? n->committed : -1;
}

QString TopicsModel::readBy(const QString& topic, const QString& group, int partition) const
{
    if (partition >= 0) {
        const Node* n = groupPartition(topic, group, partition);
        return n ? n->readBy : QString();
    }
    for (const Node& n : m_nodes)
        if (n.kind == NodeKind::Group && n.topic == topic && n.group == group)
            return n.readBy;
    return {};
}

TopicsModel::Reader TopicsModel::readerOf(const QString& group) const
{
    for (const Node& n : m_nodes)
        if (n.kind == NodeKind::Group && n.group == group)
            return n.reader;
    return {};
}

std::vector<std::pair<QString, int>> TopicsModel::topicsOf(const QString& group) const
{
    std::vector<std::pair<QString, int>> out;
    for (const int t : m_roots)
        for (const int g : m_nodes[static_cast<std::size_t>(t)].children) {
            const Node& n = m_nodes[static_cast<std::size_t>(g)];
            if (n.kind == NodeKind::Group && n.group == group)
                out.emplace_back(n.topic, static_cast<int>(n.children.size()));
        }
    return out;
}

const TopicsModel::Node* TopicsModel::node(const QModelIndex& index) const
{
    if (!index.isValid() || index.model() != this || index.internalId() >= m_nodes.size())
        return nullptr;
    return &m_nodes[index.internalId()];
}

QModelIndex TopicsModel::index(int row, int column, const QModelIndex& parent) const
{
    if (row < 0 || column < 0 || column >= ColumnCount)
        return {};
    const std::vector<int>* children = &m_roots;
    if (parent.isValid()) {
        const Node* p = node(parent);
        if (!p || parent.column() != 0)
            return {};
        children = &p->children;
    }
    if (static_cast<std::size_t>(row) >= children->size())
        return {};
    return createIndex(row, column, quintptr((*children)[static_cast<std::size_t>(row)]));
}

QModelIndex TopicsModel::parent(const QModelIndex& child) const
{
    const Node* n = node(child);
    if (!n || n->parent < 0)
        return {};
    return createIndex(m_nodes[static_cast<std::size_t>(n->parent)].row, 0, quintptr(n->parent));
}

int TopicsModel::rowCount(const QModelIndex& parent) const
{
    if (!parent.isValid())
        return static_cast<int>(m_roots.size());
    const Node* n = node(parent);
    return n && parent.column() == 0 ? static_cast<int>(n->children.size()) : 0;
}

int TopicsModel::columnCount(const QModelIndex&) const
{
    return ColumnCount;
}

QVariant TopicsModel::data(const QModelIndex& index, int role) const
{
    const Node* n = node(index);
    if (!n)
        return {};
    const auto value = [&]() -> qint64 {
        switch (index.column()) {
        case LogStart:
            return n->logStart;
        case EndOffset:
            return n->end;
        case Committed:
            return n->committed;
        case Lag:
            return n->lag;
        default:
            return -1;
        }
    };
    switch (role) {
    case Qt::DisplayRole:
        if (index.column() == Name)
            return n->name;
        if (index.column() == ReadBy)
            return n->readBy.isEmpty() ? QVariant() : QVariant(n->readBy);
        if (value() >= 0 && !(n->kind == NodeKind::Group && index.column() == EndOffset))
            return value();
        return {};
    case ValueRole:
        return index.column() != Name && value() >= 0 ? QVariant(value()) : QVariant();
    case KindRole:
        return static_cast<int>(n->kind);
    case GroupRole:
        return n->group;
    case TopicRole:
        return n->topic;
    case PartitionRole:
        return n->partition;
    case Qt::TextAlignmentRole:
        return index.column() == Name || index.column() == ReadBy ? QVariant()
                                                                  : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::ForegroundRole:
        if (index.column() == Lag && n->lag > 0)
            return QColor(0xD5, 0x5E, 0x00); // Okabe–Ito vermillion: behind
        return {};
    case Qt::ToolTipRole:
        if (index.column() == ReadBy && (n->kind == NodeKind::GroupPartition || n->kind == NodeKind::Group))
            return tr("Read by: the service whose instances read the group, and which instance the last rebalance "
                      "gave each partition to (nobody: detached or down).");
        if (n->kind == NodeKind::GroupPartition || n->kind == NodeKind::Group)
            return tr("Committed: offsets below it survive a crash. Lag: records written but not yet committed by this "
                      "group.");
        if (n->kind == NodeKind::Partition)
            return tr(
                "Log start: the first offset the partition still keeps (its topic's retention deleted the records "
                "below it). End offset: the number of records written to this partition.");
        if (n->kind == NodeKind::Topic)
            return tr(
                "Log start: the records its retention deleted, over all partitions. End offset: the records written.");
        return {};
    default:
        return {};
    }
}

QVariant TopicsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name:
        return tr("Topic / group / partition");
    case LogStart:
        return tr("Log start");
    case EndOffset:
        return tr("End offset");
    case Committed:
        return tr("Committed");
    case Lag:
        return tr("Lag");
    case ReadBy:
        return tr("Read by");
    default:
        return {};
    }
}

} // namespace eventloom
