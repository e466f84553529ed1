#pragma once

#include "simulation/eventstoredescription.h"

#include <QAbstractTableModel>
#include <QJsonObject>
#include <QString>
#include <vector>

namespace eventloom {

/// The streams the Event Store dock lists (EventStoreDescription::streams): a row per stream — aggregate
/// type, stream id, version, time of its last event — in the order the engine sends them. An update
/// that moves the window (new streams at the end, the oldest dropped at the front) or changes versions
/// is applied in place, so the selection and the scroll position stay.
class EventStoreStreamModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Aggregate, Stream, Version, LastEvent, ColumnCount };
    enum Roles {
        StoreRole = Qt::UserRole, ///< QString: the service that keeps the stream
        StreamRole, ///< QString: the stream id
        VersionRole, ///< qint64
    };
    Q_ENUM(Roles)

    explicit EventStoreStreamModel(QObject* parent = nullptr);

    void setStreams(const std::vector<EventStoreDescription::Stream>& streams);
    void clear();
    /// The row of stream `id` of store `store`, or -1.
    int rowOf(const QString& store, const QString& id) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    using Row = EventStoreDescription::Stream;

    std::vector<Row> m_rows;
};

/// The events of the stream the Event Store dock shows (EventStoreDescription::OpenStream::events): version,
/// time, type and the log message that caused the append (its seq and type). Events never change once stored, so an
/// update of the same stream only appends rows (or, at an earlier time, removes the last ones).
class EventStoreEventModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Version, Time, Type, Message, ColumnCount };
    enum Roles {
        VersionRole = Qt::UserRole, ///< qint64
        MessageRole, ///< qint64: the causing message's seq in the log, -1 if none
        PayloadRole, ///< QString: the event's payload, compact JSON
    };
    Q_ENUM(Roles)

    explicit EventStoreEventModel(QObject* parent = nullptr);

    /// The events of stream `id` of `store`; another stream resets the table.
    void setEvents(const QString& store, const QString& id, const std::vector<EventStoreDescription::Event>& events);
    void clear();
    QString store() const { return m_store; }
    QString stream() const { return m_stream; }
    /// The row of the event of `version`, or -1.
    int rowOfVersion(qint64 version) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    using Row = EventStoreDescription::Event;

    QString m_store;
    QString m_stream;
    std::vector<Row> m_rows;
};

/// An aggregate's folded state (EventStoreDescription::Fold::state) as a table of fields and values; nested
/// objects and arrays are flattened into dotted paths (`steps[1].status`), in key order.
class EventStoreStateModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { FieldColumn, ValueColumn, ColumnCount };

    explicit EventStoreStateModel(QObject* parent = nullptr);

    /// The state; the same fields update the values in place, other fields reset the table.
    void setState(const QJsonObject& state);
    void clear();
    /// The value shown for field path `path` (as text), or a null QString if there is no such field.
    QString value(const QString& path) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// `state` flattened into (path, text) pairs, in key order: what the table shows.
    static std::vector<std::pair<QString, QString>> flatten(const QJsonObject& state);

private:
    std::vector<std::pair<QString, QString>> m_rows;
};

} // namespace eventloom
