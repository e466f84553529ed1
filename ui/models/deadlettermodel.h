#pragma once

#include "simulation/busstate.h"

#include <QAbstractTableModel>
#include <vector>

namespace eventloom {

/// The run's dead letters as the engine reported them (BusState::deadLetters):
/// one row each, oldest first. Dead letters only accumulate during a run, so an update appends the
/// new rows; a shorter list (a new run) starts over.
class DeadLetterModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Topic, Type, Offset, Group, Attempts, Reason, Time, ColumnCount };
    enum Roles {
        IndexRole = Qt::UserRole + 1, ///< the position in Simulation::deadLetters() (`republish,index=N`)
        PayloadRole, ///< the message's payload, a QJsonObject
    };

    explicit DeadLetterModel(QObject* parent = nullptr);

    void setLetters(std::vector<BusState::DeadLetter> letters);
    void clear();

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<BusState::DeadLetter> m_letters;
};

} // namespace eventloom
