#include "eventlogmodel.h"

#include "base/simtime.h"

#include <QColor>
#include <QFontDatabase>
#include <algorithm>

namespace eventloom {

namespace {
QString fromView(std::string_view text)
{
    return QString::fromLatin1(text.data(), static_cast<qsizetype>(text.size()));
}
}

EventLogModel::EventLogModel(const RunTrace* trace, QObject* parent)
    : QAbstractTableModel(parent)
    , m_trace(trace)
    , m_shown(trace->rowCount())
{
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(kFlushMs);
    // While rows keep coming the timer keeps flushing them; once a period passes without any it stops,
    // and the next batch shows at once again.
    connect(&m_flushTimer, &QTimer::timeout, this, [this] {
        if (pendingRows() == 0)
            return;
        flush();
        m_flushTimer.start();
    });
    connect(trace, &RunTrace::appended, this, &EventLogModel::rowsAppended);
    connect(trace, &RunTrace::cleared, this, &EventLogModel::traceCleared);
}

int EventLogModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_shown);
}

int EventLogModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(Column::Count);
}

QVariant EventLogModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const TraceRow& r = row(index.row());
    const auto column = static_cast<Column>(index.column());
    switch (role) {
    case Qt::DisplayRole:
        return displayText(r, column);
    case Qt::ToolTipRole:
        if (column == Column::Consumer && r.group != 0)
            return tr("Consumer group: %1").arg(atomText(r.group));
        if (column == Column::Outcome && r.detail != 0)
            return atomText(r.detail);
        if (column == Column::Kind && r.attempt > 1)
            return tr("Attempt %1").arg(r.attempt);
        return {};
    case Qt::TextAlignmentRole:
        if (column == Column::Time)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::FontRole:
        if (column == Column::Time)
            return QFontDatabase::systemFont(QFontDatabase::FixedFont);
        return {};
    case Qt::ForegroundRole:
        return foreground(r, column);
    case TimeRole:
        return QVariant::fromValue<qint64>(r.time);
    case KindRole:
        return fromView(traceKindName(r.kind));
    case MessageRole:
        return QVariant::fromValue<qint64>(r.message == kNoMessage ? -1 : static_cast<qint64>(r.message));
    case CorrelationRole:
        return atomText(r.correlation);
    case OutcomeRole:
        return fromView(outcomeName(r.outcome));
    default:
        return {};
    }
}

QVariant EventLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= static_cast<int>(Column::Count))
        return {};
    if (role == Qt::TextAlignmentRole && static_cast<Column>(section) == Column::Time)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (static_cast<Column>(section)) {
    case Column::Time:
        return tr("Time (s)");
    case Column::Kind:
        return tr("Kind");
    case Column::Type:
        return tr("Type");
    case Column::Location:
        return tr("Topic [partition] @offset");
    case Column::Key:
        return tr("Key");
    case Column::Consumer:
        return tr("Consumer");
    case Column::Outcome:
        return tr("Outcome");
    case Column::Correlation:
        return tr("Correlation");
    case Column::Count:
        break;
    }
    return {};
}

QHash<int, QByteArray> EventLogModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(TimeRole, "time");
    names.insert(KindRole, "kind");
    names.insert(MessageRole, "message");
    names.insert(CorrelationRole, "correlation");
    names.insert(OutcomeRole, "outcome");
    return names;
}

void EventLogModel::rowsAppended(const TraceGrowth& growth)
{
    if (growth.rows == 0)
        return;
    if (!m_flushTimer.isActive()) {
        flush();
        m_flushTimer.start();
    }
}

void EventLogModel::flush()
{
    const std::size_t pending = pendingRows();
    if (pending == 0)
        return;
    const int first = static_cast<int>(m_shown);
    beginInsertRows({}, first, first + static_cast<int>(pending) - 1);
    m_shown += pending;
    endInsertRows();
}

void EventLogModel::traceCleared()
{
    // The trace has already let go of its rows; nothing reads them before the reset ends.
    beginResetModel();
    m_shown = 0;
    m_flushTimer.stop();
    endResetModel();
}

int EventLogModel::firstRowOf(std::uint32_t seq) const
{
    for (std::size_t i = 0; i < m_shown; ++i)
        if (m_trace->row(i).message == seq)
            return static_cast<int>(i);
    return -1;
}

std::vector<int> EventLogModel::rowsOf(std::uint32_t seq) const
{
    std::vector<int> rows;
    for (std::size_t i = 0; i < m_shown; ++i)
        if (m_trace->row(i).message == seq)
            rows.push_back(static_cast<int>(i));
    return rows;
}

QString EventLogModel::formatTime(SimTime t)
{
    const SimTime seconds = t / kSecond;
    const SimTime micros = t % kSecond;
    return QString::number(seconds) + QLatin1Char('.') + QStringLiteral("%1").arg(micros, 6, 10, QLatin1Char('0'));
}

QString EventLogModel::displayText(const TraceRow& r, Column column) const
{
    switch (column) {
    case Column::Time:
        return formatTime(r.time);
    case Column::Kind:
        return fromView(traceKindName(r.kind));
    case Column::Type:
        return atomText(r.type);
    case Column::Location:
        return location(r);
    case Column::Key:
        return atomText(r.key);
    case Column::Consumer:
        return consumer(r);
    case Column::Outcome:
        return outcome(r);
    case Column::Correlation:
        return atomText(r.correlation);
    case Column::Count:
        break;
    }
    return {};
}

QString EventLogModel::location(const TraceRow& r) const
{
    if (r.command)
        return QStringLiteral("→ ") + atomText(r.topic);
    if (r.topic == 0 && r.partition < 0)
        return {};
    QString text = atomText(r.topic);
    if (r.partition >= 0)
        text += QLatin1Char('[') + QString::number(r.partition) + QLatin1Char(']');
    if (r.kind == TraceKind::Rebalanced)
        return text + (r.aux >= 0 ? tr(" → #%1").arg(r.aux) : tr(" → unassigned"));
    if (r.offset >= 0)
        text += QLatin1Char('@') + QString::number(r.offset);
    return text;
}

QString EventLogModel::consumer(const TraceRow& r) const
{
    if (r.kind == TraceKind::Published || r.kind == TraceKind::CommandSent || r.service == 0)
        return {};
    QString text = atomText(r.service);
    if (r.instance != kNoIndex && r.kind != TraceKind::Committed)
        text += QLatin1Char('#') + QString::number(r.instance);
    return text;
}

QString EventLogModel::outcome(const TraceRow& r) const
{
    if (r.kind == TraceKind::Crashed)
        return tr("down for %1").arg(QString::fromStdString(formatDuration(r.aux)));
    QString text = fromView(outcomeName(r.outcome));
    if (r.outcome == HandleOutcome::Failed && r.detail != 0)
        text += QStringLiteral(": ") + atomText(r.detail);
    return text;
}

QVariant EventLogModel::foreground(const TraceRow& r, Column column) const
{
    // Trouble stands out; everything else keeps the palette's text colour.
    if (column == Column::Outcome && r.outcome == HandleOutcome::Failed)
        return QColor(0xc0, 0x39, 0x2b);
    if (column == Column::Outcome && r.outcome == HandleOutcome::SkippedDuplicate)
        return QColor(0xb9, 0x77, 0x0e);
    if (column == Column::Kind) {
        switch (r.kind) {
        case TraceKind::Crashed:
        case TraceKind::CommandLost:
            return QColor(0xc0, 0x39, 0x2b);
        case TraceKind::Redelivered:
            return QColor(0xb9, 0x77, 0x0e);
        default:
            break;
        }
    }
    return {};
}

} // namespace eventloom
