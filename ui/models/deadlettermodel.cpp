#include "deadlettermodel.h"

#include <iterator>

namespace eventloom {

DeadLetterModel::DeadLetterModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void DeadLetterModel::setLetters(std::vector<BusState::DeadLetter> letters)
{
    const std::size_t count = letters.size();
    if (count < m_letters.size()) {
        beginResetModel();
        m_letters = std::move(letters);
        endResetModel();
        return;
    }
    if (count == m_letters.size())
        return;
    beginInsertRows({}, static_cast<int>(m_letters.size()), static_cast<int>(count) - 1);
    m_letters.insert(m_letters.end(),
        std::make_move_iterator(letters.begin() + static_cast<std::ptrdiff_t>(m_letters.size())),
        std::make_move_iterator(letters.end()));
    endInsertRows();
}

void DeadLetterModel::clear()
{
    if (m_letters.empty())
        return;
    beginResetModel();
    m_letters.clear();
    endResetModel();
}

int DeadLetterModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_letters.size());
}

int DeadLetterModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DeadLetterModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const BusState::DeadLetter& letter = m_letters[static_cast<std::size_t>(index.row())];
    switch (role) {
    case IndexRole:
        return static_cast<int>(letter.index);
    case PayloadRole:
        return letter.payload;
    case Qt::TextAlignmentRole:
        return index.column() == Offset || index.column() == Attempts || index.column() == Time
            ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
            : QVariant();
    case Qt::ToolTipRole:
        return index.column() == Reason ? QVariant(letter.reason) : QVariant();
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    switch (index.column()) {
    case Topic:
        return letter.topic;
    case Type:
        return letter.type;
    case Offset:
        return QStringLiteral("[%1]@%2").arg(letter.partition).arg(letter.offset);
    case Group:
        return letter.group;
    case Attempts:
        return letter.attempts;
    case Reason:
        return letter.reason;
    case Time:
        return QString(QString::number(static_cast<double>(letter.t) / 1e6, 'f', 3) + QStringLiteral(" s"));
    default:
        return {};
    }
}

QVariant DeadLetterModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Topic:
        return tr("Topic");
    case Type:
        return tr("Event type");
    case Offset:
        return tr("Original offset");
    case Group:
        return tr("Consumer group");
    case Attempts:
        return tr("Attempts");
    case Reason:
        return tr("Reason");
    case Time:
        return tr("Time");
    default:
        return {};
    }
}

} // namespace eventloom
