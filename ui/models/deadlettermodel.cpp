#include "deadlettermodel.h"

namespace eventloom {

DeadLetterModel::DeadLetterModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void DeadLetterModel::setLetters(const QJsonArray& letters)
{
    const auto count = static_cast<std::size_t>(letters.size());
    if (count < m_letters.size()) {
        beginResetModel();
        m_letters.clear();
        for (const QJsonValue& v : letters)
            m_letters.push_back(v.toObject());
        endResetModel();
        return;
    }
    if (count == m_letters.size())
        return;
    beginInsertRows({}, static_cast<int>(m_letters.size()), static_cast<int>(count) - 1);
    for (auto i = static_cast<qsizetype>(m_letters.size()); i < letters.size(); ++i)
        m_letters.push_back(letters[i].toObject());
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

int DeadLetterModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant DeadLetterModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QJsonObject& letter = m_letters[static_cast<std::size_t>(index.row())];
    switch (role) {
    case IndexRole:
        return letter.value(QLatin1String("index")).toInt();
    case PayloadRole:
        return letter.value(QLatin1String("payload")).toObject();
    case Qt::TextAlignmentRole:
        return index.column() == Offset || index.column() == Attempts || index.column() == Time
            ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
            : QVariant();
    case Qt::ToolTipRole:
        return index.column() == Reason ? letter.value(QLatin1String("reason")).toString() : QVariant();
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    switch (index.column()) {
    case Topic:
        return letter.value(QLatin1String("topic")).toString();
    case Type:
        return letter.value(QLatin1String("type")).toString();
    case Offset:
        return QStringLiteral("[%1]@%2")
            .arg(letter.value(QLatin1String("partition")).toInt())
            .arg(letter.value(QLatin1String("offset")).toInteger());
    case Group:
        return letter.value(QLatin1String("group")).toString();
    case Attempts:
        return letter.value(QLatin1String("attempts")).toInt();
    case Reason:
        return letter.value(QLatin1String("reason")).toString();
    case Time:
        return QString(QString::number(static_cast<double>(letter.value(QLatin1String("tUs")).toInteger()) / 1e6, 'f', 3)
            + QStringLiteral(" s"));
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
