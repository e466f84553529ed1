#include "runcountersmodel.h"

#include <QColor>
#include <QFont>
#include <QLocale>

namespace eventloom {

namespace {
QString value(const RunComparison::Counter& c, const std::optional<std::int64_t>& v)
{
    if (!v)
        return QStringLiteral("—");
    return c.isTime ? QString::fromStdString(formatDuration(*v)) : QLocale().toString(static_cast<qlonglong>(*v));
}

QString change(const RunComparison::Counter& c)
{
    if (!c.differs())
        return {};
    if (!c.a || !c.b)
        return QObject::tr("differs");
    const std::int64_t d = *c.b - *c.a;
    const QString magnitude = c.isTime ? QString::fromStdString(formatDuration(d < 0 ? -d : d))
                                       : QLocale().toString(static_cast<qlonglong>(d < 0 ? -d : d));
    return (d < 0 ? QStringLiteral("−") : QStringLiteral("+")) + magnitude;
}
}

RunCountersModel::RunCountersModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void RunCountersModel::setComparison(std::shared_ptr<const RunComparison> comparison)
{
    beginResetModel();
    m_comparison = std::move(comparison);
    endResetModel();
}

QStringList RunCountersModel::differingKeys() const
{
    QStringList keys;
    if (m_comparison)
        for (const RunComparison::Counter& c : m_comparison->counters)
            if (c.differs())
                keys << c.key;
    return keys;
}

int RunCountersModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() || !m_comparison ? 0 : static_cast<int>(m_comparison->counters.size());
}

int RunCountersModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RunCountersModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const RunComparison::Counter& c = m_comparison->counters[static_cast<std::size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Counter:
            return c.label;
        case RunA:
            return value(c, c.a);
        case RunB:
            return value(c, c.b);
        case Change:
            return change(c);
        }
        return {};
    case Qt::TextAlignmentRole:
        return index.column() == Counter ? QVariant() : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::BackgroundRole:
        return c.differs() ? QVariant(QColor(0xff, 0xe7, 0xb3)) : QVariant();
    case Qt::FontRole:
        if (c.differs()) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case Qt::ToolTipRole:
        return c.key;
    case DiffersRole:
        return c.differs();
    case KeyRole:
        return c.key;
    }
    return {};
}

QVariant RunCountersModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Counter:
        return tr("Counter");
    case RunA:
        return tr("Run A");
    case RunB:
        return tr("Run B");
    case Change:
        return tr("B − A");
    }
    return {};
}

} // namespace eventloom
