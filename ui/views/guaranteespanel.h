#pragma once

#include "refreshthrottle.h"
#include "simulation/deliveryverdicts.h"

#include <QWidget>
#include <map>

class QLabel;
class QTreeWidget;
class QTreeWidgetItem;

namespace eventloom {

/// The Guarantees panel: the engine's delivery checker on the run shown, as `eventloom-cli run` reports
/// it — each category (lost events, monotonic offsets, duplicate deliveries, duplicate effects, order)
/// with how many it found and how it stands, a broken bus guarantee told apart from what a consumer
/// chose (not being idempotent), and under each its first offending records as links. Above them, the
/// moment judged: the run as far as it has gone, which may be later than the moment the window shows.
class GuaranteesPanel final : public QWidget {
    Q_OBJECT
public:
    explicit GuaranteesPanel(QWidget* parent = nullptr);

    /// A new run: nothing judged yet.
    void clear();
    void setVerdicts(const DeliveryVerdicts& verdicts);
    const DeliveryVerdicts& verdicts() const { return m_verdicts; }
    /// The moment the window shows (-1: the present), to say how it relates to the moment judged.
    void setViewTime(SimTime t);
    /// The run moved: ask for the verdicts again (at most every RefreshThrottle::kIntervalMs, on screen only).
    void runAdvanced();
    /// Asks now, if on screen (its tab was chosen).
    void refresh();

    QTreeWidget* tree() const { return m_tree; }
    /// The item of category `category`'s `k`-th first record, or null.
    QTreeWidgetItem* recordItem(int category, int k) const;

Q_SIGNALS:
    void checkRequested();
    /// A finding's record was clicked: its row in the trace, and its time.
    void recordChosen(qint64 row, eventloom::SimTime t);

private:
    void rebuild();
    void showMoment();

    QLabel* m_moment = nullptr;
    QLabel* m_summary = nullptr;
    QTreeWidget* m_tree = nullptr;
    DeliveryVerdicts m_verdicts;
    bool m_judged = false;
    bool m_rebuilding = false;
    std::map<QString, bool> m_expanded; ///< categories the user opened (true) or closed, by check name
    SimTime m_viewTime = -1;
    RefreshThrottle* m_ask = new RefreshThrottle([this] { Q_EMIT checkRequested(); }, this);
};

} // namespace eventloom
