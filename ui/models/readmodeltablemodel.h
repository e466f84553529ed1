#pragma once

#include "simulation/readmodelsdescription.h"

#include <QAbstractTableModel>
#include <QSet>
#include <QStringList>

namespace eventloom {

/// One read model's table as the engine last described it (ReadModelsDescription::Focus::rows): a row per
/// key, a column per field, then the row's version in the read model and on the write side. A row the
/// write side has changed since the model last applied it is a stale read, and is marked; so is a row
/// that differs from the last rebuild from the log.
class ReadModelTableModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Roles {
        StaleRole = Qt::UserRole, ///< bool: the write side is ahead of this row
        BehindRole, ///< qint64: changes the row has not applied yet
        RebuildDiffersRole, ///< bool: the last rebuild from the log has this row otherwise
    };
    Q_ENUM(Roles)

    explicit ReadModelTableModel(QObject* parent = nullptr);

    /// The rows of `model`; a different model, or different fields, resets the table, otherwise the
    /// rows are updated in place (inserted, removed, changed) so that the selection and scroll stay.
    void setRows(const QString& model, const std::vector<ReadModelsDescription::Row>& rows);
    /// Keys that the last rebuild has otherwise (empty: none, or no rebuild yet).
    void setRebuildDifferences(const QSet<QString>& keys);
    void clear();

    QString modelId() const { return m_model; }
    int staleRows() const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    using Row = ReadModelsDescription::Row;
    static QStringList fieldsOf(const std::vector<Row>& rows);

    QString m_model;
    QStringList m_fields;
    std::vector<Row> m_rows; ///< in key order, as the engine sends them
    QSet<QString> m_differs;
};

} // namespace eventloom
