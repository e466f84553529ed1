#include "sagamodel.h"

#include "eventlogmodel.h"

#include <QBrush>
#include <QColor>
#include <algorithm>
#include <iterator>
#include <unordered_map>

namespace eventloom {

namespace {
quint64 keyOf(std::uint16_t saga, Atom id)
{
    return (static_cast<quint64>(saga) << 32) | id;
}

QColor statusColour(SagaInstance::Status status)
{
    switch (status) {
    case SagaInstance::Status::Completed:
        return QColor(0x1a, 0x85, 0x3a);
    case SagaInstance::Status::Compensated:
    case SagaInstance::Status::Compensating:
        return QColor(0xb9, 0x5c, 0x00);
    case SagaInstance::Status::Stuck:
        return QColor(0xc0, 0x39, 0x2b);
    case SagaInstance::Status::Running:
        break;
    }
    return {};
}
}

SagaModel::SagaModel(const RunTrace* trace, QObject* parent)
    : QAbstractItemModel(parent)
    , m_trace(trace)
{
    connect(trace, &RunTrace::appended, this, &SagaModel::append);
}

void SagaModel::setDefinitions(std::vector<SagaDefinition> definitions)
{
    beginResetModel();
    m_definitions = std::move(definitions);
    endResetModel();
}

void SagaModel::clear()
{
    beginResetModel();
    m_instances.clear();
    m_rowOf.clear();
    m_viewTime = -1;
    endResetModel();
}

const SagaDefinition* SagaModel::definition(std::uint16_t saga) const
{
    return saga < m_definitions.size() ? &m_definitions[saga] : nullptr;
}

QString SagaModel::stepName(std::uint16_t saga, int step) const
{
    const SagaDefinition* d = definition(saga);
    if (!d || step < 0 || step >= static_cast<int>(d->steps.size()))
        return {};
    return QString::fromStdString(d->steps[static_cast<std::size_t>(step)].id);
}

void SagaModel::append(const TraceGrowth& growth)
{
    // Sort the batch's moves first and tell the views afterwards, in a few signals however many moves
    // came: one insertion per instance that moved and one for all the new instances (with their moves),
    // then one dataChanged over the rows that moved. A busy run brings thousands of moves a batch; a
    // signal for each kept the UI thread busy for tens of milliseconds (B7, docs/benchmarks.md).
    const int known = static_cast<int>(m_instances.size());
    // While time travelling nothing new is shown: what arrives happened after the moment shown.
    const bool silent = m_viewTime >= 0;
    std::vector<Instance> fresh;
    std::vector<std::pair<int, std::vector<Move>>> moved; // existing instances and their new moves
    std::unordered_map<int, std::size_t> movedIndex; // row → index in `moved`; looked up, never iterated
    for (const TraceRow& row : m_trace->rows(growth)) {
        if (row.kind != TraceKind::Saga)
            continue;
        const Move move { row.time, row.phase, static_cast<int>(row.aux), row.attempt, row.detail };
        const quint64 key = keyOf(row.saga, row.subject);
        auto it = m_rowOf.find(key);
        if (it == m_rowOf.end()) {
            Instance instance;
            instance.id = row.subject;
            instance.saga = row.saga;
            instance.state.id = row.subject;
            it = m_rowOf.insert(key, known + static_cast<int>(fresh.size()));
            fresh.push_back(std::move(instance));
        }
        const int at = it.value();
        if (at >= known) {
            Instance& instance = fresh[static_cast<std::size_t>(at - known)];
            instance.moves.push_back(move);
            instance.state.on(move.phase, move.step, move.attempt, move.time, 0, move.reason);
            continue;
        }
        const auto [slot, added] = movedIndex.try_emplace(at, moved.size());
        if (added)
            moved.emplace_back(at, std::vector<Move>());
        moved[slot->second].second.push_back(move);
    }

    std::sort(moved.begin(), moved.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& [at, moves] : moved) {
        Instance& instance = m_instances[static_cast<std::size_t>(at)];
        const int first = static_cast<int>(instance.moves.size());
        if (!silent)
            beginInsertRows(index(at, 0), first, first + static_cast<int>(moves.size()) - 1);
        for (const Move& move : moves) {
            instance.moves.push_back(move);
            instance.state.on(move.phase, move.step, move.attempt, move.time, 0, move.reason);
        }
        if (!silent)
            endInsertRows();
    }
    if (!moved.empty() && !silent) {
        Q_EMIT dataChanged(
            index(moved.front().first, 0), index(moved.back().first, static_cast<int>(Column::Count) - 1));
        for (const auto& entry : moved)
            Q_EMIT instanceChanged(entry.first);
    }
    if (!fresh.empty()) {
        if (!silent)
            beginInsertRows({}, known, known + static_cast<int>(fresh.size()) - 1);
        m_instances.insert(
            m_instances.end(), std::make_move_iterator(fresh.begin()), std::make_move_iterator(fresh.end()));
        if (!silent)
            endInsertRows();
    }
}

int SagaModel::instanceCount() const
{
    if (m_viewTime < 0)
        return static_cast<int>(m_instances.size());
    // Instances come in the order of their first move, so those started by then are a prefix.
    const auto end = std::upper_bound(m_instances.begin(), m_instances.end(), m_viewTime,
        [](SimTime t, const Instance& i) { return !i.moves.empty() && t < i.moves.front().time; });
    return static_cast<int>(end - m_instances.begin());
}

int SagaModel::movesShown(const Instance& instance) const
{
    if (m_viewTime < 0)
        return static_cast<int>(instance.moves.size());
    const auto end = std::upper_bound(
        instance.moves.begin(), instance.moves.end(), m_viewTime, [](SimTime t, const Move& m) { return t < m.time; });
    return static_cast<int>(end - instance.moves.begin());
}

SagaModel::Instance SagaModel::instanceShown(int row) const
{
    const Instance& all = instance(row);
    if (m_viewTime < 0)
        return all;
    Instance shown;
    shown.id = all.id;
    shown.saga = all.saga;
    shown.state.id = all.id;
    shown.moves.assign(all.moves.begin(), all.moves.begin() + movesShown(all));
    for (const Move& move : shown.moves)
        shown.state.on(move.phase, move.step, move.attempt, move.time, 0, move.reason);
    return shown;
}

void SagaModel::setViewTime(SimTime t)
{
    if (t == m_viewTime)
        return;
    beginResetModel();
    m_viewTime = t;
    endResetModel();
}

QModelIndex SagaModel::index(int row, int column, const QModelIndex& parent) const
{
    if (row < 0 || column < 0 || column >= static_cast<int>(Column::Count))
        return {};
    if (!parent.isValid())
        return row < instanceCount() ? createIndex(row, column, kTopLevel) : QModelIndex();
    if (parent.internalId() != kTopLevel || parent.row() >= instanceCount())
        return {};
    const Instance& owner = instance(parent.row());
    return row < movesShown(owner) ? createIndex(row, column, static_cast<quintptr>(parent.row())) : QModelIndex();
}

QModelIndex SagaModel::parent(const QModelIndex& child) const
{
    if (!child.isValid() || child.internalId() == kTopLevel)
        return {};
    return createIndex(static_cast<int>(child.internalId()), 0, kTopLevel);
}

int SagaModel::rowCount(const QModelIndex& parent) const
{
    if (!parent.isValid())
        return instanceCount();
    if (parent.column() != 0 || parent.internalId() != kTopLevel)
        return 0;
    return movesShown(instance(parent.row()));
}

int SagaModel::columnCount(const QModelIndex& parent) const
{
    (void)parent;
    return static_cast<int>(Column::Count);
}

int SagaModel::instanceRow(const QModelIndex& index) const
{
    if (!index.isValid())
        return -1;
    return index.internalId() == kTopLevel ? index.row() : static_cast<int>(index.internalId());
}

QVariant SagaModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const char* const kTitles[] = { "Saga", "Type", "Status / move", "Step", "Time (s)", "Reason" };
    return section >= 0 && section < static_cast<int>(Column::Count) ? tr(kTitles[section]) : QVariant();
}

QVariant SagaModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid())
        return {};
    const Column column = static_cast<Column>(index.column());
    if (index.internalId() == kTopLevel)
        return m_viewTime < 0 ? instanceData(instance(index.row()), column, role)
                              : instanceData(instanceShown(index.row()), column, role);
    const Instance& owner = instance(static_cast<int>(index.internalId()));
    return moveData(owner, owner.moves[static_cast<std::size_t>(index.row())], column, role);
}

QVariant SagaModel::instanceData(const Instance& instance, Column column, int role) const
{
    const SagaInstance& s = instance.state;
    if (role == StatusRole)
        return QString::fromLatin1(SagaInstance::statusName(s.status));
    if (role == TimeRole)
        return static_cast<qint64>(s.startedAt);
    if (role == SortRole && column == Column::Time)
        return static_cast<qint64>(s.endedAt >= 0 ? s.endedAt : s.startedAt); // the time shown
    if (role == SortRole && column == Column::Step)
        return s.finished() ? -1 : s.step;
    if (role == SortRole)
        role = Qt::DisplayRole;
    if (role == Qt::ForegroundRole && column == Column::Status) {
        const QColor colour = statusColour(s.status);
        return colour.isValid() ? QVariant(QBrush(colour)) : QVariant();
    }
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (column) {
    case Column::Saga:
        return atomText(instance.id);
    case Column::Type: {
        const SagaDefinition* d = definition(instance.saga);
        return d ? QStringLiteral("%1 (%2)").arg(
                   QString::fromStdString(d->id), QLatin1String(SagaDefinition::styleName(d->style)))
                 : QString();
    }
    case Column::Status:
        return QString::fromLatin1(SagaInstance::statusName(s.status));
    case Column::Step:
        return s.finished() ? QString() : stepName(instance.saga, s.step);
    case Column::Time:
        return EventLogModel::formatTime(s.endedAt >= 0 ? s.endedAt : s.startedAt);
    case Column::Reason:
        return s.reason ? atomText(s.reason) : QString();
    case Column::Count:
        break;
    }
    return {};
}

QVariant SagaModel::moveData(const Instance& instance, const Move& move, Column column, int role) const
{
    if (role == PhaseRole)
        return QString::fromLatin1(sagaPhaseName(move.phase).data());
    if (role == StepRole)
        return stepName(instance.saga, move.step);
    if (role == TimeRole)
        return static_cast<qint64>(move.time);
    const bool compensation
        = move.phase >= SagaPhase::CompensationStarted && move.phase <= SagaPhase::CompensationFailed;
    if (role == Qt::ForegroundRole && column == Column::Status && compensation)
        return QBrush(QColor(0xb9, 0x5c, 0x00));
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (column) {
    case Column::Saga:
        return QString();
    case Column::Type:
        return move.attempt > 1 ? tr("try %1").arg(move.attempt) : QString();
    case Column::Status:
        return QString::fromLatin1(sagaPhaseName(move.phase).data());
    case Column::Step:
        return stepName(instance.saga, move.step);
    case Column::Time:
        return EventLogModel::formatTime(move.time);
    case Column::Reason:
        return move.reason ? atomText(move.reason) : QString();
    case Column::Count:
        break;
    }
    return {};
}

} // namespace eventloom
