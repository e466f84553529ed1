#pragma once

#include "architecturelayout.h"
#include "faults/injectionspec.h"
#include "refreshthrottle.h"
#include "simulation/busstate.h"
#include "simulation/runtrace.h"

#include <QElapsedTimer>
#include <QFont>
#include <QHash>
#include <QPainterPath>
#include <QPixmap>
#include <QTimer>
#include <QWidget>
#include <functional>
#include <optional>
#include <vector>

class QMenu;
class QPainter;

namespace eventloom {

struct Scenario;

/// The Architecture dock: the scenario's services and topics as a diagram (ArchitectureLayout), the
/// run's messages as dots travelling along its edges, each service's status (up, crashed, slow, its
/// instances, a consumer not attached yet or detached) and each consumer group's lag. A service's context
/// menu injects its faults and, for a consumer, attaches, detaches or scales it (injectRequested, the
/// `--inject` grammar). It reads only the run trace and the bus state it asks for (stateRequested,
/// at most every 250 ms while the run moves): never the engine.
class ArchitectureView final : public QWidget {
    Q_OBJECT
public:
    enum class Status { Up, Crashed, Slow };
    Q_ENUM(Status)
    /// Whether a service reads topics, and whether it does now: waiting for its `attachAt`, attached, or
    /// detached (the `attach` and `detach` injections).
    enum class Consumer { None, Waiting, Attached, Detached };
    Q_ENUM(Consumer)
    /// At most this many dots move at once; beyond it new messages are sampled.
    static constexpr int kMaxDots = 300;

    /// Follows `trace` as it is appended; the trace must outlive the view.
    explicit ArchitectureView(const RunTrace* trace, QWidget* parent = nullptr);

    /// A new run of `scenario` (null: none): the graph is built again, dots, statuses and lag cleared.
    void setScenario(const Scenario* scenario);
    /// Where the playback speed is read (simulated seconds per wall second; infinity for max).
    void setSpeedSource(std::function<double()> speed) { m_speed = std::move(speed); }
    /// The bus as the engine reported it (SimulationWorker::busState): the groups' lag.
    void setBusState(const BusState& state);
    /// The run moved: ask for the bus again (throttled).
    void runAdvanced() { m_refresh->changed(); }

    const ArchitectureLayout& graph() const { return m_graph; }
    Status status(const QString& service) const;
    /// The factor of a slow service (1 when it is not slow).
    double slowFactor(const QString& service) const;
    /// A service's consumer state and its instances, as the scenario and the injections left them.
    Consumer consumer(const QString& service) const;
    int instances(const QString& service) const;
    /// Whether a service's idempotent-consumer inbox is on, as the scenario and the injections left it.
    std::optional<bool> idempotent(const QString& service) const;
    /// A consumer group's lag on a topic (records written it has not committed), as last reported.
    std::optional<qint64> lag(const QString& group, const QString& topic) const;
    /// What the badge on the group's edge says (empty: no badge, the group is caught up).
    QString lagBadge(const QString& group, const QString& topic) const;
    int liveDots() const { return static_cast<int>(m_dots.size()); }
    /// Time travel: statuses (crashed, slow, idempotent) as they were at `t`, lag badges asked for again
    /// (the engine answers about `t`), no dots; -1: the present again.
    void setViewTime(SimTime t);
    /// The "follow this order" lens: only the messages of this correlation id get a dot (empty: all).
    void setFollowed(const QString& correlation);
    QString followed() const { return m_followed; }
    /// Whether the animation timer runs (only while dots move).
    bool animating() const { return m_animation.isActive(); }
    /// Dots started since the run began, and messages not given one because too many were moving.
    std::uint64_t dotsStarted() const { return m_dotsStarted; }
    std::uint64_t dotsSampledOut() const { return m_sampledOut; }
    /// Where a node is drawn, in this widget's coordinates (an empty rect if there is no such node).
    QRectF nodeRect(ArchitectureLayout::NodeKind kind, const QString& name) const;
    /// The point size the names are drawn at: the view's font's until the dock is too narrow for the
    /// names, when they shrink (then are elided).
    qreal namePointSize() const { return m_nameFont.pointSizeF(); }
    /// The selected service (empty: none); clicking a service selects it and its edges.
    QString selectedService() const { return m_selected; }
    /// The fault actions for `service`'s context menu (empty for the customers and read models), with a
    /// consumer's Attach, Detach and Scale actions.
    QList<QAction*> faultActions(const QString& service, QObject* parent);

    QSize sizeHint() const override { return { 860, 300 }; }
    QSize minimumSizeHint() const override { return { 240, 140 }; }

Q_SIGNALS:
    void stateRequested();
    /// The user asked for a fault: an injection spec for the engine's queue.
    void injectRequested(const eventloom::InjectionSpec& spec);
    /// A service was double-clicked: show its state.
    void serviceActivated(const QString& service);

protected:
    void paintEvent(QPaintEvent* event) override;
    void changeEvent(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void showEvent(QShowEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;
    bool event(QEvent* event) override;

private:
    struct ServiceState {
        bool crashed = false;
        double slowFactor = 1.0;
        SimTime slowUntil = -1; ///< -1: until told otherwise
        std::optional<bool> idempotent;
        int instances = 1;
        bool consumer = false; ///< it reads a topic (a subscription edge leads to it)
        SimTime attachAt = -1; ///< its subscriptions wait until then (the scenario's `attachAt`); -1: none
        bool attachedEarly = false; ///< an `attach` came before its attachAt
        bool detached = false;
    };
    Consumer consumerOf(int node) const;
    /// A consumer's Attach, Detach and Scale actions (architectureviewinput.cpp).
    void addConsumerActions(const QString& service, int node, QList<QAction*>& actions, QObject* parent);
    /// An edge as drawn: a cubic from p0 to p3, in widget coordinates.
    struct Curve {
        QPointF p0, c1, c2, p3;
        QPointF at(double t) const;
    };
    struct Dot {
        qint64 startMs = 0;
        float durationMs = 0;
        std::uint16_t edge = 0;
        std::uint8_t colour = 0;
    };

    void relayout();
    // Geometry and painting (architectureviewpainting.cpp): the diagram, drawn into m_graphPixmap
    // (edges, then each node), and each frame's layers over it.
    void paintGraph(QPainter& p) const;
    void paintEdges(QPainter& p, int selected) const;
    void paintTopic(QPainter& p, std::size_t node) const;
    void paintService(QPainter& p, std::size_t node, bool selected) const;
    void paintDots(QPainter& p) const;
    void paintLagBadges(QPainter& p) const;
    void paintCaptions(QPainter& p) const;
    /// Takes in what a batch added to the trace (RunTrace::appended).
    void append(const TraceGrowth& growth);
    void learnAtoms(const TraceGrowth& growth);
    int serviceOf(Atom atom) const;
    int topicOf(Atom atom) const;
    int edgeFor(const TraceRow& row, bool& graphChanged);
    int outEdge(ArchitectureLayout::EdgeKind kind, int from, int to, Atom group) const;
    std::uint8_t colourOf(Atom type);
    void applyInjection(SimTime t, const QString& spec);
    /// A crash, restart or injection: what changes a service's status.
    struct StatusEvent {
        SimTime time = 0;
        TraceKind kind = TraceKind::Injection;
        Atom service = 0;
        Atom detail = 0;
    };
    void applyStatusEvent(const StatusEvent& event);
    /// Statuses changed: the graph is drawn again where they did. True if one did.
    bool refreshStatuses();
    void startAnimation();
    void animate();
    void request();
    int nodeAt(QPointF pos) const;
    double dotDurationMs() const;
    QString statusText(int node) const;
    Status statusOf(int node) const;

    ArchitectureLayout m_graph;
    std::vector<std::vector<int>> m_outEdges; ///< per node: its edges' indices
    std::vector<bool> m_sharedPair; ///< per edge: another edge joins the same nodes (told apart by group)
    std::vector<bool> m_deadLetterTopic; ///< per node: a topic only dead letters reach
    std::vector<QRectF> m_nodeRects;
    QPixmap m_graphPixmap; ///< the nodes and edges as last drawn; a frame adds the dots
    mutable std::vector<QPixmap> m_dotSprites; ///< a dot of each colour of palette::kColours, drawn once
    bool m_graphDirty = true;
    std::vector<std::uint8_t> m_statuses; ///< per node: the Status and Consumer drawn in m_graphPixmap
    QFont m_nameFont, m_topicFont, m_smallFont; ///< as the columns' width allows
    bool m_compact = false; ///< narrow columns: the status light on the box's corner, names centred
    bool m_twoLineTopics = false; ///< narrow columns: a long topic name on two lines
    std::vector<Curve> m_curves;
    const RunTrace* m_trace; ///< the run's rows and atom strings
    std::vector<int> m_serviceOfAtom, m_topicOfAtom; ///< node index per atom, -1 if none
    std::vector<std::uint8_t> m_colourOfAtom; ///< palette index per event type atom, 0xFF if not yet hashed
    std::vector<ServiceState> m_state; ///< per node (services only)
    std::vector<ServiceState> m_initialState; ///< per node, as the scenario starts them
    std::vector<StatusEvent> m_statusEvents; ///< every crash, restart and injection so far, in order
    SimTime m_viewTime = -1; ///< time travel: the moment shown, or -1
    QHash<QString, qint64> m_lag; ///< "group\ntopic" → lag
    std::vector<Dot> m_dots;
    struct Candidate {
        SimTime t;
        std::uint16_t edge;
        Atom type;
    };
    std::vector<Candidate> m_candidates; ///< reused by append: the batch's messages that may get a dot
    QElapsedTimer m_clock;
    QTimer m_animation;
    SimTime m_now = 0;
    std::uint64_t m_dotsStarted = 0;
    std::uint64_t m_sampledOut = 0;
    QString m_selected;
    QString m_followed; ///< the lens's correlation id, or empty
    Atom m_followedAtom = ~Atom { 0 }; ///< its atom once a batch has brought it (else matches nothing)
    std::function<double()> m_speed;
    RefreshThrottle* m_refresh = new RefreshThrottle([this] { request(); }, this);
};

} // namespace eventloom
