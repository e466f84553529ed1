#pragma once

#include "base/simtime.h"

#include <QObject>
#include <QString>
#include <cstdint>

namespace eventloom {

/// What the window shows, in one place every panel listens to: the correlation id followed, the moment
/// shown (live, or a past simulated time) and the message selected. Panels do not call each other:
/// one that wants another view sets it here, and each panel follows the signals. A setter signals only
/// when its value changes; the *Requested signals below fire on every call.
class ViewState final : public QObject {
    Q_OBJECT
public:
    /// No message selected (the trace's kNoMessage).
    static constexpr std::uint32_t kNoSelection = 0xFFFFFFFFu;

    explicit ViewState(QObject* parent = nullptr);

    /// The "follow this order" lens: the correlation id every panel narrows to (empty: everything).
    QString followed() const { return m_followed; }
    void setFollowed(const QString& correlation);

    /// The moment the panels show: a past simulated time, or -1 for the run as it is (live).
    SimTime viewTime() const { return m_viewTime; }
    bool isLive() const { return m_viewTime < 0; }
    /// `t` < 0 is live.
    void setViewTime(SimTime t);

    /// The message selected (the event log's current row), or kNoSelection.
    std::uint32_t selectedMessage() const { return m_selected; }
    void setSelectedMessage(std::uint32_t seq);
    /// Asks for message `seq` to become the selection, as a click on it in a panel does: the event log
    /// makes it its current row if it shows it, which selects it here. A message the log does not show
    /// (filtered out) stays unselected.
    void chooseMessage(std::uint32_t seq);
    /// Asks for trace record `row` (its position in the run's trace, the event log's row) to become the
    /// log's current row, as a click on a finding's record does: its message becomes the selection (the
    /// Inspector shows it, the timeline marks it) and the timeline brings its time into view. A row the
    /// log does not show (filtered out, or after the moment shown) is not selected.
    void chooseRecord(qint64 row);

Q_SIGNALS:
    void followedChanged(const QString& correlation);
    void viewTimeChanged(eventloom::SimTime t);
    void selectedMessageChanged(std::uint32_t seq);
    /// chooseMessage() was called: a request, not a change of state.
    void messageChosen(std::uint32_t seq);
    /// chooseRecord() was called: a request, not a change of state.
    void recordChosen(qint64 row);
    /// Every call of setFollowed, setViewTime or setSelectedMessage, after its change signal if the value
    /// changed: for the few panels that act on a request repeated with the same value, as the window did
    /// before ViewState — the Event Store dock re-applies a follow its own ✕ cleared, the log scrolls to
    /// the moment again, the Inspector asks for a message again (its deliveries may have grown).
    void followRequested(const QString& correlation);
    void viewTimeRequested(eventloom::SimTime t);
    void selectionRequested(std::uint32_t seq);

private:
    QString m_followed;
    SimTime m_viewTime = -1;
    std::uint32_t m_selected = kNoSelection;
};

} // namespace eventloom
