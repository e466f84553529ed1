#pragma once

#include "refreshthrottle.h"
#include "simulation/eventstorestate.h"

#include "simulation/eventstoredescription.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace eventloom {

class EventStoreEventModel;
class EventStoreStateModel;
class EventStoreStreamModel;

/// The Event Store dock: the streams of the run's event stores (the order service's Order streams, the
/// saga coordinators' saga logs) with a search box; the events of the stream chosen, each with the log
/// message that caused it (double-click: that message in the event log and the Inspector); and the
/// aggregate's state folded up to and including the event chosen, saying when the fold started from a
/// snapshot. It never reads the simulation: it asks (stateRequested, at most every 250 ms while the run
/// moves and only while on screen) and shows what setState hands it — the run as it is, or as it was at
/// the time the scrubber shows.
class EventStoreView final : public QWidget {
    Q_OBJECT
public:
    explicit EventStoreView(QWidget* parent = nullptr);

    EventStoreStreamModel* streamModel() const { return m_streams; }
    EventStoreEventModel* eventModel() const { return m_events; }
    EventStoreStateModel* stateModel() const { return m_state; }

    /// Opens stream `id` of the store kept by service `store`, its state folded at its last event.
    void selectStream(const QString& store, const QString& id);
    /// Folds the open stream's aggregate at its event of `version` (0: its last event, following new ones).
    void selectVersion(qint64 version);
    /// Lists only the streams with an event caused by a message of `correlationId` and opens them (the
    /// first one's events and state); an empty id lists every stream again.
    void followCorrelation(const QString& correlationId);
    QString correlation() const { return m_query.correlation; }
    /// The stream open (its store and id; empty if none) and the version its state is folded at (0: the last).
    QString selectedStore() const { return m_query.store; }
    QString selectedStream() const { return m_query.stream; }
    qint64 selectedVersion() const { return m_query.version; }
    /// The streams chosen in the table (after followCorrelation: every stream that carries it), as "store/id".
    QStringList chosenStreams() const;

    /// What EventStoreState::describe reported.
    void setState(const EventStoreDescription& state);
    /// The run moved (or the time shown changed): ask again (throttled; nothing while off screen).
    void runAdvanced();
    /// A new run: forget the old one's streams.
    void clear();

    /// The line over the streams: the stores, how many streams, how many are listed.
    QString summary() const;
    /// The line over the state: at which version it is folded, and from which snapshot.
    QString foldNote() const;
    QSize sizeHint() const override { return { 900, 260 }; }

Q_SIGNALS:
    void stateRequested(const eventloom::EventStoreQuery& query);
    /// The user chose an event's message: select message `seq` in the event log.
    void messageChosen(std::uint32_t seq);

protected:
    void showEvent(QShowEvent* event) override;

private:
    void request(bool force = false);
    void showStream(const EventStoreDescription::OpenStream& stream);
    void showFold(const EventStoreDescription::Fold& fold);
    /// Selects the rows of the open stream and its folded event, without asking again.
    void restoreSelection();

    EventStoreQuery m_query;
    bool m_followPending = false; ///< the next answer about m_query.correlation chooses its streams
    QLineEdit* m_filter = nullptr;
    QPushButton* m_following = nullptr;
    QLabel* m_summary = nullptr;
    QLabel* m_streamTitle = nullptr;
    QLabel* m_foldNote = nullptr;
    QTableView* m_streamTable = nullptr;
    QTableView* m_eventTable = nullptr;
    QTableView* m_stateTable = nullptr;
    EventStoreStreamModel* m_streams = nullptr;
    EventStoreEventModel* m_events = nullptr;
    EventStoreStateModel* m_state = nullptr;
    bool m_updating = false; ///< selection changes made by setState are not the user's
    RefreshThrottle* m_refresh = new RefreshThrottle([this] { request(); }, this);
};

} // namespace eventloom
