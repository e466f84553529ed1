#pragma once

#include "models/chunkedarray.h"
#include "simulation/runtrace.h"
#include "timeaxis.h"

#include <QAbstractScrollArea>
#include <QHash>
#include <QImage>
#include <QSet>
#include <QTimer>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

namespace eventloom {

/// The run as a sequence chart: a lane per service, an arrow from where a message was published or
/// sent to where it was handled, coloured by type (a colour-blind-safe palette), a red cross on a
/// failed handling, shaded crash windows, injection marks, delivery faults marked where they struck
/// (drop ▽, duplicate ＋, delay as a bar as long as the delay, reorder ⇄), and compensations drawn
/// dashed in amber. Topic lanes can be shown: each event then goes from its producer down to its
/// topic's lane when published and on from there to its consumers. Wheel or +/− zoom around the
/// cursor, dragging pans, a click selects the message under it, hovering explains what is there.
///
/// Level of detail: only what intersects the visible time range is looked at (arrows are kept in
/// handling order, so a binary search finds them), and when there are more arrows than pixels the
/// lanes show how many messages each pixel column handles instead of drawing each arrow.
class TimelineView final : public QAbstractScrollArea {
    Q_OBJECT
public:
    /// Draws `trace`'s rows as they are appended; the trace must outlive the view.
    explicit TimelineView(const RunTrace* trace, QWidget* parent = nullptr);
    /// Time travel: veils what came after `t` and draws a line at it (-1: the present, no veil).
    void setViewTime(SimTime t);
    SimTime viewTime() const { return m_viewTime; }

    /// A new run: forget everything; `lanes` are the services in the order to show them, and
    /// `compensations` the command names that undo saga steps (drawn apart).
    void reset(const QStringList& lanes, const QSet<QString>& compensations);

    TimeAxis& axis() { return *m_axis; }
    const TimeAxis& axis() const { return *m_axis; }
    /// Puts this view on `other`'s time axis: one TimeAxis for both, so zooming or panning either shows
    /// the same times in the other (two runs compared one above the other).
    void shareAxis(TimelineView* other);
    /// Shows [from, to] across the plot (and in the views that share the axis).
    void showRange(SimTime from, SimTime to);
    /// The times at the left and right edges of the plot now.
    std::pair<SimTime, SimTime> visibleRange() const;
    void zoomIn();
    void zoomOut();
    /// Shows the whole run.
    void fitAll();
    /// Brings time `t` into view (in the middle) if it is not, and stops following the run's end.
    void reveal(SimTime t);
    /// Keeps the newest time in view while the run plays (on until the user pans or zooms).
    void setFollowing(bool following);
    bool following() const { return m_following; }
    /// How many arrows a run has before its scale is chosen, and how wide its median arrow is drawn.
    static constexpr std::size_t kScaleArrows = 32;
    static constexpr double kArrowPixels = 16;

    std::size_t arrowCount() const { return m_arrows.size(); }
    int laneCount() const { return static_cast<int>(m_laneNames.size()); }
    /// Highlights every arrow of message `seq` (kNoMessage: none).
    void selectMessage(std::uint32_t seq);
    std::uint32_t selectedMessage() const { return m_selected; }
    /// Where the first arrow of message `seq` is drawn now (its middle), if it is.
    std::optional<QPointF> pointOf(std::uint32_t seq) const;
    /// Writes what the timeline shows — or, with `wholeRun`, the whole run fitted to its width — as
    /// SVG (a `.svg` path) or PNG, atomically. False with `error` when it cannot be written.
    bool exportImage(const QString& path, bool wholeRun, QString& error);
    /// True when the last paint drew density columns instead of arrows.
    bool drewDensity() const { return m_drewDensity; }
    /// Shows a lane per topic between producers and consumers (View › Show Topic Lanes).
    void setTopicLanesShown(bool shown);
    bool topicLanesShown() const { return m_showTopics; }
    /// Lanes drawn now, top to bottom (services, then topics when they are shown).
    QStringList visibleLanes() const;
    /// Delivery faults marked so far (drop, duplicate, delay, reorder).
    std::size_t faultMarkCount() const { return m_faults.size(); }
    /// What the tooltip says at `position` in the viewport (empty: nothing there): text for QToolTip,
    /// in which names from the run are never markup (escaped, or RichTextGuard::literal()).
    QString toolTipAt(QPointF position) const;
    /// The "follow this order" lens: only the messages of this correlation id are drawn, and the
    /// view fits their time span (empty: every message, the view stays where it is).
    void setFollowed(const QString& correlation);
    QString followed() const { return m_followed; }
    /// Arrows drawn for the followed correlation id (all arrows when none is followed).
    std::size_t shownArrowCount() const;

Q_SIGNALS:
    void messageClicked(std::uint32_t seq);
    /// "Follow this order" chosen in an arrow's context menu: its message's correlation id.
    void followRequested(const QString& correlation);
    /// This view moved its time axis (zoomed, panned, fitted): views sharing it repaint.
    void axisMoved();

protected:
    void paintEvent(QPaintEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void scrollContentsBy(int dx, int dy) override;
    bool viewportEvent(QEvent* event) override;

private:
    /// Takes in what a batch added to the trace (RunTrace::appended).
    void append(const TraceGrowth& growth);

    struct Arrow {
        SimTime from = 0;
        SimTime to = 0;
        std::uint32_t message = kNoMessage;
        Atom type = 0;
        std::uint16_t fromLane = 0;
        std::uint16_t toLane = 0;
        std::uint16_t topicLane = kNoIndex; ///< the event's topic (commands have none)
        bool failed = false;
        bool compensation = false;
    };
    struct Sent {
        SimTime time = -1; ///< -1: not sent (yet)
        Atom correlation = 0; ///< fits in the padding: the entry stays 16 bytes
        std::uint16_t lane = 0;
        std::uint16_t topicLane = kNoIndex;
    };
    struct Window {
        SimTime from = 0;
        SimTime to = -1; ///< -1: still down
        std::uint16_t lane = 0;
    };
    struct Mark {
        SimTime time = 0;
        Atom text = 0;
    };
    struct FaultMark {
        SimTime time = 0;
        SimTime length = 0; ///< delay: how long the delivery waited
        Atom detail = 0; ///< the rule's spec
        Atom type = 0;
        Atom correlation = 0;
        std::uint16_t lane = 0;
        TraceKind kind = TraceKind::Dropped;
    };
    static constexpr Atom kNoAtom = ~Atom { 0 }; ///< matches no row
    static constexpr int kGutter = 120; ///< lane names
    static constexpr int kAxisHeight = 24;
    static constexpr int kLaneHeight = 30;

    std::uint16_t laneOf(Atom service, bool topic = false);
    double laneY(int lane) const;
    /// Where `lane` is drawn, counted from the top, or -1 while it is hidden.
    int laneRow(int lane) const { return m_laneRows[static_cast<std::size_t>(lane)]; }
    void layoutLanes();
    int visibleLaneCount() const;
    // Painting (timelineviewpainting.cpp), one layer each, bottom to top.
    void paintLanes(QPainter& p, double width) const;
    void paintArrows(QPainter& p, SimTime t0, SimTime t1, double width);
    void paintDensity(QPainter& p, std::size_t first, std::size_t last, double width);
    void paintArrowLines(QPainter& p, std::size_t first, std::size_t last, SimTime t1, bool smooth) const;
    void paintFaults(QPainter& p, SimTime t0, SimTime t1);
    void paintInjections(QPainter& p, SimTime t0, SimTime t1) const;
    void paintViewTime(QPainter& p, double width) const;
    void paintAxis(QPainter& p, SimTime t0, SimTime t1) const;
    void paintLaneNames(QPainter& p) const;
    double plotWidth() const;
    QColor colourOf(Atom type) const;
    QString atomText(Atom atom) const { return m_trace->atomText(atom); }
    /// Index of the first arrow that may be visible from `t`.
    std::size_t firstArrowFrom(SimTime t) const;
    QLineF lineOf(const Arrow& arrow) const;
    std::optional<std::size_t> arrowAt(QPointF position) const;
    /// Whether the lens lets arrow `a` be drawn.
    bool shown(const Arrow& a) const
    {
        return m_followed.isEmpty() || (a.message < m_sent.size() && m_sent[a.message].correlation == m_followedAtom);
    }
    void fitFollowed();
    /// The first scale of a run, once it has kScaleArrows arrows: the typical arrow kArrowPixels wide.
    void chooseScale();
    /// The correlation id of message `seq` (empty if unknown).
    QString correlationOf(std::uint32_t seq) const;
    std::optional<std::uint32_t> messageAt(QPointF position) const;
    void updateScrollBar();
    /// updateScrollBar() as batches come: at once after a quiet spell, then at most every kScrollBarMs.
    void followScrollBar();
    void userMoved();
    /// The axis moved here: repaint, and tell the views that share it.
    void axisChanged();
    /// A view sharing the axis moved it: show the times it shows.
    void sharedAxisMoved();

    const RunTrace* m_trace;
    std::shared_ptr<TimeAxis> m_axis = std::make_shared<TimeAxis>(); ///< shared with the views of shareAxis()
    SimTime m_viewTime = -1; ///< time travel: the moment shown, or -1
    // Millions of entries in a long run: chunked, so growing never copies them all at once (B7).
    ChunkedArray<Arrow> m_arrows; ///< in handling order: `to` never decreases
    ChunkedArray<Sent> m_sent; ///< by message seq (seqs are dense from 0)
    std::vector<Window> m_crashes;
    std::vector<Mark> m_injections;
    std::vector<FaultMark> m_faults; ///< in time order
    QHash<Atom, std::uint16_t> m_lanes;
    QHash<Atom, std::uint16_t> m_topicLanes;
    std::vector<QString> m_laneNames;
    std::vector<bool> m_laneIsTopic;
    std::vector<int> m_laneRows;
    QImage m_density; ///< the density columns, reused from paint to paint
    QStringList m_plannedLanes;
    QSet<QString> m_compensationNames;
    QSet<Atom> m_compensationTypes;
    SimTime m_end = 0;
    SimTime m_longest = 0; ///< the longest arrow, for the visible-range search
    std::uint32_t m_selected = kNoMessage;
    QString m_followed; ///< the lens's correlation id, or empty
    Atom m_followedAtom = kNoAtom; ///< its atom once a batch has brought it
    bool m_following = true;
    /// The scale is still the first one: it is chosen from the run's first arrows (chooseScale).
    bool m_autoScale = true;
    bool m_drewDensity = false;
    bool m_showTopics = false;
    bool m_updatingScrollBar = false;
    QTimer m_scrollBarPace; ///< while batches keep coming, the scroll bar follows them at this pace
    bool m_scrollBarBehind = false; ///< a batch came since the scroll bar was last brought up to date
    std::optional<QPoint> m_dragFrom;
    SimTime m_dragStart = 0;
};

} // namespace eventloom
