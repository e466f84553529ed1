#pragma once

#include "simulation/busstate.h"

#include <QAbstractItemModel>
#include <utility>
#include <vector>

namespace eventloom {

/// Topics and consumer groups as a tree, from SimulationWorker::busState: each topic with its
/// partitions (log-start offset: the first record still kept; end offset: records written) and its groups, each group
/// with its committed offset and lag per partition and who reads it: the service and its instances (or "detached")
/// on a group's row, the instance a rebalance gave the partition to on a partition's. The tree's shape is fixed by the
/// scenario, so an update of the same run only changes values (dataChanged); another shape resets the model.
class TopicsModel final : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Column { Name, LogStart, EndOffset, Committed, Lag, ReadBy, ColumnCount };
    enum class NodeKind { Topic, Partition, Group, GroupPartition };
    enum Roles {
        KindRole = Qt::UserRole + 1, ///< NodeKind as int
        ValueRole, ///< the column's number (qint64), or an invalid QVariant where there is none
        GroupRole, ///< a group row's (or its partition row's) consumer group name; empty elsewhere
        TopicRole, ///< the topic the row belongs to
        PartitionRole, ///< a partition row's partition number; -1 elsewhere
    };

    explicit TopicsModel(QObject* parent = nullptr);

    void setState(const BusState& state);
    void clear();
    /// The lag shown for `group` on `topic`'s partition `partition` (-1 if none), for tests.
    qint64 lag(const QString& topic, const QString& group, int partition) const;
    /// The log-start offset shown for `topic`'s partition `partition` (-1 if none), for tests.
    qint64 logStart(const QString& topic, int partition) const;
    /// The committed offset shown for `group` on `topic`'s partition `partition` (-1 if none), for tests.
    qint64 committed(const QString& topic, const QString& group, int partition) const;
    /// What the "Read by" column shows for `group` on `topic`'s partition `partition` (-1: the group's row).
    QString readBy(const QString& topic, const QString& group, int partition) const;
    /// The service that reads `group` (empty if not known), its instances (0: not known), whether it is detached.
    struct Reader {
        QString service;
        int instances = 0;
        bool detached = false;
    };
    Reader readerOf(const QString& group) const;
    /// The topics `group` reads (in the order shown) with their partition counts.
    std::vector<std::pair<QString, int>> topicsOf(const QString& group) const;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Node {
        NodeKind kind = NodeKind::Topic;
        int parent = -1; ///< node index, -1 at the top
        int row = 0;
        QString name;
        qint64 end = -1, committed = -1, lag = -1; ///< -1: not shown
        std::vector<int> children;
        QString topic, group; ///< raw names: the topic the row is under, the group of group rows
        int partition = -1;
        qint64 logStart = -1; ///< topic and partition rows: the log-start offset (summed for a topic); -1: not shown
        QString readBy {}; ///< group rows: the service and its instances; their partition rows: the instance
        Reader reader {}; ///< group rows
    };
    const Node* groupPartition(const QString& topic, const QString& group, int partition) const;
    static std::vector<Node> build(const BusState& state, std::vector<int>& roots);
    const Node* node(const QModelIndex& index) const;

    std::vector<Node> m_nodes;
    std::vector<int> m_roots;
};

} // namespace eventloom
