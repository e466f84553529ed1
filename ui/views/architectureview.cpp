#include "architectureview.h"

#include "palette.h"

#include "faults/injectionspec.h"
#include "scenario/scenario.h"

#include <QAction>
#include <QContextMenuEvent>
#include <QFontMetricsF>
#include <QHelpEvent>
#include <QJsonArray>
#include <QMenu>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace eventloom {

namespace {
    using NodeKind = ArchitectureLayout::NodeKind;
    using EdgeKind = ArchitectureLayout::EdgeKind;

    constexpr int kFrameMs = 25; ///< ~40 frames a second, only while dots move
    constexpr double kMargin = 14.0;
    constexpr QSizeF kServiceSize(124, 42);
    constexpr QSizeF kTopicSize(136, 30);
    constexpr double kMaxScale = 1.5; ///< a small graph in a big dock is spread out, not blown up
    constexpr double kMinColumn = 56; ///< a column's width at the least, however short its names
    constexpr double kServicePadding = 30; ///< around a service's name: the status light on its left
    constexpr double kCompactPadding = 10; ///< ... with the light on the box's corner
    constexpr double kTopicPadding = 20; ///< around a topic's name: the pill's round ends
    constexpr double kMinGap = 18; ///< between columns: room for the arrows
    constexpr double kMaxGap = 110;
    constexpr double kMinFontScale = 0.7;
    constexpr qint64 kMaxStaggerMs = 40; ///< a batch's dots start over at most this long, in their order
    constexpr double kDotRadius = 4.5;

    const QColor kUp = palette::kGreen;
    const QColor kCrashed(0xc0, 0x39, 0x2b);
    const QColor kSlow = palette::kOrange;
    const QColor kLag = palette::kVermillion;
    const QColor kTopicInk = palette::kBlue;
    const QColor kDeadLetter = palette::kVermillion;


    QString lagKey(const QString& group, const QString& topic) { return group + QLatin1Char('\n') + topic; }

    /// A topic's name on two lines where it is too long for one: "inventory" / ".events".
    std::pair<QString, QString> splitName(const QString& name)
    {
        qsizetype at = name.lastIndexOf(QLatin1Char('.'));
        if (at <= 0)
            at = name.lastIndexOf(QLatin1Char('-'));
        if (at <= 0)
            return { name, QString() };
        return { name.left(at), name.mid(at) };
    }
}

QPointF ArchitectureView::Curve::at(double t) const
{
    const double u = 1.0 - t;
    return u * u * u * p0 + 3 * u * u * t * c1 + 3 * u * t * t * c2 + t * t * t * p3;
}

ArchitectureView::ArchitectureView(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("architectureView"));
    setBackgroundRole(QPalette::Base);
    setAutoFillBackground(true);
    setMouseTracking(false);
    setFocusPolicy(Qt::ClickFocus); // a click selects a service; the menu key then opens its faults
    m_dots.reserve(kMaxDots);
    m_clock.start();
    m_animation.setInterval(kFrameMs);
    connect(&m_animation, &QTimer::timeout, this, &ArchitectureView::animate);
}

void ArchitectureView::setScenario(const Scenario* scenario)
{
    m_graph = scenario ? ArchitectureLayout::fromScenario(*scenario) : ArchitectureLayout();
    m_state.assign(m_graph.nodes().size(), ServiceState {});
    m_statuses.assign(m_graph.nodes().size(), static_cast<std::uint8_t>(Status::Up));
    if (scenario)
        for (const ServiceSpec& spec : scenario->services)
            if (serviceKindHasInbox(spec.kind))
                if (const int node = m_graph.find(NodeKind::Service, spec.id); node >= 0)
                    m_state[static_cast<std::size_t>(node)].idempotent = spec.idempotent;
    m_initialState = m_state;
    m_statusEvents.clear();
    m_viewTime = -1;
    m_atoms.clear();
    m_followedAtom = ~Atom { 0 };
    m_serviceOfAtom.clear();
    m_topicOfAtom.clear();
    m_colourOfAtom.clear();
    m_lag.clear();
    m_dots.clear();
    m_animation.stop();
    m_now = 0;
    m_dotsStarted = 0;
    m_sampledOut = 0;
    m_selected.clear();
    m_refresh->cancel();
    relayout();
}

void ArchitectureView::relayout()
{
    const std::vector<ArchitectureLayout::Node>& nodes = m_graph.nodes();
    const std::vector<ArchitectureLayout::Edge>& edges = m_graph.edges();
    m_outEdges.assign(nodes.size(), {});
    m_sharedPair.assign(edges.size(), false);
    m_deadLetterTopic.assign(nodes.size(), false);
    for (std::size_t i = 0; i < edges.size(); ++i) {
        const auto& e = edges[i];
        for (const int other : m_outEdges[static_cast<std::size_t>(e.from)])
            if (edges[static_cast<std::size_t>(other)].to == e.to && edges[static_cast<std::size_t>(other)].kind == e.kind)
                m_sharedPair[i] = m_sharedPair[static_cast<std::size_t>(other)] = true;
        m_outEdges[static_cast<std::size_t>(e.from)].push_back(static_cast<int>(i));
        if (e.kind == EdgeKind::DeadLetter)
            m_deadLetterTopic[static_cast<std::size_t>(e.to)] = true;
    }
    if (m_state.size() < nodes.size())
        m_state.resize(nodes.size());
    if (m_statuses.size() < nodes.size())
        m_statuses.resize(nodes.size(), static_cast<std::uint8_t>(Status::Up));

    // Each column as wide as its longest name needs, the room left spread between the columns (up to
    // a limit: a small graph is spread out, not blown up). Too narrow for that: the status light moves
    // to the boxes' corner, then the names' font shrinks (to a point), then names are elided. A level
    // of detail, not a zoom: text stays readable.
    const int layers = std::max(1, m_graph.layerCount());
    m_nameFont = font();
    m_nameFont.setBold(true);
    m_topicFont = font();
    const QFontMetricsF nameMetrics(m_nameFont), topicMetrics(m_topicFont);
    // Rows: spread over the height, keeping room below for the arcs of edges that run back.
    const double spanY = (m_graph.maxRows() - 1) * ArchitectureLayout::kRowPitch;
    const double availY = height() - 2 * kMargin - kServiceSize.height() - 16;
    const double sy = spanY > 0 ? std::clamp(availY / spanY, 0.45, kMaxScale) : 1.0;
    const double serviceH = std::clamp(ArchitectureLayout::kRowPitch * sy - 8, 22.0, kServiceSize.height());
    // Compact topics may take two lines if the boxes are tall enough.
    const bool twoLines = serviceH >= 2 * topicMetrics.height() + 4;
    std::vector<double> full(static_cast<std::size_t>(layers), kMinColumn), compact(static_cast<std::size_t>(layers), kMinColumn);
    std::vector<double> compactText(static_cast<std::size_t>(layers), 0.0); ///< the part of `compact` that is text
    for (const auto& n : nodes) {
        const bool topic = n.kind == NodeKind::Topic;
        const double text = (topic ? topicMetrics : nameMetrics).horizontalAdvance(n.name);
        double shortest = text;
        if (twoLines) { // a service's name on two lines goes without its kind (the tooltip has it)
            const auto [first, second] = splitName(n.name);
            const QFontMetricsF& metrics = topic ? topicMetrics : nameMetrics;
            shortest = std::max(metrics.horizontalAdvance(first), metrics.horizontalAdvance(second));
        }
        auto& f = full[static_cast<std::size_t>(n.layer)];
        auto& c = compact[static_cast<std::size_t>(n.layer)];
        const double withPartitions = topic && n.partitions > 1
            ? topicMetrics.horizontalAdvance(QStringLiteral("%1 [%2]").arg(n.name).arg(n.partitions))
            : text;
        f = std::max(f, withPartitions + (topic ? kTopicPadding : kServicePadding));
        if (shortest + (topic ? kTopicPadding : kCompactPadding) > c) {
            c = shortest + (topic ? kTopicPadding : kCompactPadding);
            compactText[static_cast<std::size_t>(n.layer)] = shortest;
        }
    }
    const double avail = width() - 2 * kMargin;
    const double gaps = (layers - 1) * kMinGap;
    const double sumFull = std::accumulate(full.begin(), full.end(), 0.0);
    const double sumCompact = std::accumulate(compact.begin(), compact.end(), 0.0);
    m_compact = sumFull + gaps > avail;
    std::vector<double> columns = m_compact ? compact : full;
    double scale = 1.0;
    if (m_compact && sumCompact + gaps > avail) {
        // Only the text shrinks, not the padding around it.
        const double text = std::accumulate(compactText.begin(), compactText.end(), 0.0);
        const double f = text > 0 ? std::clamp((avail - gaps - (sumCompact - text)) / text, 0.3, 1.0) : 1.0;
        scale = std::max(kMinFontScale, f * 0.95); // text does not shrink quite in proportion (hinting)
        for (std::size_t k = 0; k < columns.size(); ++k)
            columns[k] = std::max(kMinColumn * 0.75, compact[k] - compactText[k] * (1.0 - f));
    }
    const double used = std::accumulate(columns.begin(), columns.end(), 0.0);
    const double gap = layers > 1 ? std::clamp((avail - used) / (layers - 1), kMinGap, kMaxGap) : 0.0;
    const double points = font().pointSizeF() > 0 ? font().pointSizeF() : 9.0;
    m_nameFont.setPointSizeF(points * scale);
    m_topicFont.setPointSizeF(points * scale);
    m_smallFont = font();
    m_smallFont.setPointSizeF(std::max(6.5, points * 0.82 * std::max(scale, 0.9)));
    std::vector<double> centreX(static_cast<std::size_t>(layers));
    double left = (width() - (used + gap * (layers - 1))) / 2.0;
    for (std::size_t k = 0; k < columns.size(); ++k) {
        centreX[k] = left + columns[k] / 2.0;
        left += columns[k] + gap;
    }
    m_twoLineTopics = m_compact && twoLines;
    const double topicH = m_twoLineTopics ? serviceH : std::min(serviceH, kTopicSize.height());
    const double middle = height() / 2.0 - 8;
    m_nodeRects.assign(nodes.size(), QRectF());
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        const double w = columns[static_cast<std::size_t>(nodes[i].layer)];
        const double h = nodes[i].kind == NodeKind::Topic ? topicH : serviceH;
        const QPointF c(centreX[static_cast<std::size_t>(nodes[i].layer)], middle + nodes[i].centre.y() * sy);
        m_nodeRects[i] = QRectF(c.x() - w / 2, c.y() - h / 2, w, h);
    }
    m_curves.assign(edges.size(), Curve {});
    for (std::size_t i = 0; i < edges.size(); ++i) {
        const QRectF& a = m_nodeRects[static_cast<std::size_t>(edges[i].from)];
        const QRectF& b = m_nodeRects[static_cast<std::size_t>(edges[i].to)];
        Curve& c = m_curves[i];
        if (b.left() >= a.right()) {
            c.p0 = QPointF(a.right(), a.center().y());
            c.p3 = QPointF(b.left() - 1, b.center().y());
            const double dx = std::max(18.0, (c.p3.x() - c.p0.x()) / 2.0);
            c.c1 = c.p0 + QPointF(dx, 0);
            c.c2 = c.p3 - QPointF(dx, 0);
        } else {
            // A cycle's closing edge runs back, arching under (or over) the nodes between.
            const bool below = (a.center().y() + b.center().y()) / 2.0 >= height() / 2.0 - 8 - 1;
            c.p0 = below ? QPointF(a.center().x(), a.bottom()) : QPointF(a.center().x(), a.top());
            c.p3 = below ? QPointF(b.center().x(), b.bottom() + 1) : QPointF(b.center().x(), b.top() - 1);
            // A cubic whose two control points are moved by d strays up to 3/4 d: kept inside the widget.
            const double room = below ? height() - 3 - std::max(c.p0.y(), c.p3.y()) : std::min(c.p0.y(), c.p3.y()) - 3;
            const double dip = (below ? 1 : -1)
                * std::clamp(28 + 0.18 * std::abs(a.center().x() - b.center().x()), 8.0, std::max(8.0, room / 0.75));
            c.c1 = c.p0 + QPointF(0, dip);
            c.c2 = c.p3 + QPointF(0, dip);
        }
    }
    m_graphDirty = true;
    update();
}

void ArchitectureView::learnAtoms(const TraceBatch& batch)
{
    const std::size_t size = batch.firstAtom + batch.atoms.size();
    if (m_atoms.size() < size) {
        m_atoms.resize(size);
        m_serviceOfAtom.resize(size, -1);
        m_topicOfAtom.resize(size, -1);
        m_colourOfAtom.resize(size, 0xFF);
    }
    for (std::size_t i = 0; i < batch.atoms.size(); ++i) {
        const std::size_t atom = batch.firstAtom + i;
        m_atoms[atom] = batch.atoms[i];
        m_serviceOfAtom[atom] = m_graph.find(NodeKind::Service, batch.atoms[i]);
        m_topicOfAtom[atom] = m_graph.find(NodeKind::Topic, batch.atoms[i]);
        if (!m_followed.isEmpty() && batch.atoms[i] == m_followed)
            m_followedAtom = static_cast<Atom>(atom);
    }
}

void ArchitectureView::setFollowed(const QString& correlation)
{
    if (correlation == m_followed)
        return;
    m_followed = correlation;
    const auto it = std::find(m_atoms.begin(), m_atoms.end(), correlation);
    m_followedAtom = !correlation.isEmpty() && it != m_atoms.end() ? static_cast<Atom>(it - m_atoms.begin()) : ~Atom { 0 };
    m_dots.clear(); // what moves now is the lens's; the others' dots would not be told apart
    update();
}

int ArchitectureView::serviceOf(Atom atom) const
{
    return atom != 0 && atom < m_serviceOfAtom.size() ? m_serviceOfAtom[atom] : -1;
}

int ArchitectureView::topicOf(Atom atom) const { return atom != 0 && atom < m_topicOfAtom.size() ? m_topicOfAtom[atom] : -1; }

std::uint8_t ArchitectureView::colourOf(Atom type)
{
    if (type >= m_colourOfAtom.size())
        return 0;
    std::uint8_t& colour = m_colourOfAtom[type];
    if (colour == 0xFF)
        colour = palette::indexOfType(m_atoms[type]); // a type has the same colour as in the timeline
    return colour;
}

int ArchitectureView::outEdge(EdgeKind kind, int from, int to, Atom group) const
{
    if (from < 0 || to < 0)
        return -1;
    for (const int i : m_outEdges[static_cast<std::size_t>(from)]) {
        const ArchitectureLayout::Edge& e = m_graph.edges()[static_cast<std::size_t>(i)];
        if (e.kind != kind || e.to != to)
            continue;
        // Two groups of one service on one topic: only then is the group's name compared.
        if (!m_sharedPair[static_cast<std::size_t>(i)] || (group < m_atoms.size() && m_atoms[group] == e.group))
            return i;
    }
    return -1;
}

int ArchitectureView::edgeFor(const TraceRow& row, bool& graphChanged)
{
    EdgeKind kind = EdgeKind::Publish;
    int from = -1, to = -1;
    QString group;
    switch (row.kind) {
    case TraceKind::Published:
        if (row.command)
            return -1;
        from = serviceOf(row.producer);
        to = topicOf(row.topic);
        // A dead letter's copy is drawn as the consumer giving up (DeadLettered), not as its producer publishing.
        if (to < 0 || m_deadLetterTopic[static_cast<std::size_t>(to)])
            return -1;
        kind = EdgeKind::Publish;
        break;
    case TraceKind::CommandSent:
        from = serviceOf(row.producer);
        to = serviceOf(row.topic); // a command's "topic" is its target service
        kind = EdgeKind::Command;
        break;
    case TraceKind::Delivered:
        if (row.command)
            return -1;
        from = topicOf(row.topic);
        to = serviceOf(row.service);
        kind = EdgeKind::Subscribe;
        group = row.group < m_atoms.size() ? m_atoms[row.group] : QString();
        break;
    case TraceKind::DeadLettered:
        if (row.topic >= m_atoms.size())
            return -1;
        from = serviceOf(row.service);
        to = m_graph.find(NodeKind::Topic, m_atoms[row.topic] + QStringLiteral(".dlq"));
        kind = EdgeKind::DeadLetter;
        break;
    default:
        return -1;
    }
    if (from < 0 || to < 0)
        return -1;
    int edge = outEdge(kind, from, to, row.group);
    if (edge < 0 && m_graph.addEdge(kind, from, to, group, true)) {
        // Something the scenario does not declare (e.g. a reply in the synchronous style): learned, and
        // the graph laid out again. It happens once per edge, early in a run.
        m_graph.layout();
        relayout();
        graphChanged = true;
        edge = outEdge(kind, from, to, row.group);
    }
    return edge;
}

void ArchitectureView::appendBatch(const TraceBatch& batch)
{
    learnAtoms(batch);
    if (m_graph.nodes().empty())
        return;
    const bool drawing = RefreshThrottle::onScreen(this);
    bool changed = false;
    m_candidates.clear();
    for (const TraceRow& row : batch.rows) {
        m_now = std::max(m_now, row.time);
        switch (row.kind) {
        case TraceKind::Crashed:
        case TraceKind::Restarted:
        case TraceKind::Injection:
            // Kept, so that time travel can fold the statuses up to any moment; while the past is
            // shown, what happens now changes nothing drawn.
            m_statusEvents.push_back({ row.time, row.kind, row.service, row.detail });
            if (m_viewTime < 0) {
                applyStatusEvent(m_statusEvents.back());
                changed = true;
            }
            continue;
        default:
            break;
        }
        const int edge = edgeFor(row, changed);
        if (edge >= 0 && drawing && m_viewTime < 0 && (m_followed.isEmpty() || row.correlation == m_followedAtom))
            m_candidates.push_back({ row.time, static_cast<std::uint16_t>(edge), row.type });
    }
    if (batch.hasStatus)
        m_now = std::max(m_now, batch.status.now);
    // A status drawn in the graph may have changed (a crash, a restart, a slow window that ended).
    changed = refreshStatuses() || changed;

    // Dots: all of the batch's messages while there is room, else an even sample of them.
    const std::size_t room = static_cast<std::size_t>(kMaxDots) - m_dots.size();
    if (!m_candidates.empty()) {
        const std::size_t n = m_candidates.size();
        const std::size_t take = std::min(n, room);
        const double speed = m_speed ? m_speed() : 1.0;
        const qint64 now = m_clock.elapsed();
        const SimTime first = m_candidates.front().t;
        const float duration = static_cast<float>(dotDurationMs());
        std::uint64_t started = 0;
        for (std::size_t k = 0; k < take; ++k) {
            const Candidate& c = m_candidates[k * n / take]; // evenly spread over the batch

            const double wallMs = std::isfinite(speed) && speed > 0 ? static_cast<double>(c.t - first) / 1000.0 / speed : 0.0;
            m_dots.push_back({ now + std::min<qint64>(kMaxStaggerMs, static_cast<qint64>(wallMs)), duration, c.edge, colourOf(c.type) });
            ++started;
        }
        m_dotsStarted += started;
        m_sampledOut += n - started;
        startAnimation();
    }
    if (changed)
        update();
}

bool ArchitectureView::refreshStatuses()
{
    bool changed = false;
    for (std::size_t i = 0; i < m_statuses.size() && i < m_state.size(); ++i) {
        const auto now = static_cast<std::uint8_t>(statusOf(static_cast<int>(i)));
        if (now != m_statuses[i]) {
            m_statuses[i] = now;
            m_graphDirty = changed = true;
        }
    }
    return changed;
}

void ArchitectureView::applyStatusEvent(const StatusEvent& event)
{
    if (event.kind == TraceKind::Injection) {
        if (event.detail < m_atoms.size())
            applyInjection(event.time, m_atoms[event.detail]);
    } else if (const int node = serviceOf(event.service); node >= 0) {
        m_state[static_cast<std::size_t>(node)].crashed = event.kind == TraceKind::Crashed;
    }
}

void ArchitectureView::setViewTime(SimTime t)
{
    if (t == m_viewTime)
        return;
    m_viewTime = t;
    m_state = m_initialState;
    m_state.resize(m_graph.nodes().size()); // nodes the run added (a consumer attached at runtime) start up
    for (const StatusEvent& event : m_statusEvents) {
        if (t >= 0 && event.time > t)
            break;
        applyStatusEvent(event);
    }
    m_dots.clear();
    refreshStatuses();
    m_graphDirty = true;
    m_refresh->changed(); // the lag badges: the engine answers about the moment shown
    update();
}

void ArchitectureView::applyInjection(SimTime t, const QString& text)
{
    QString error;
    const std::optional<InjectionSpec> spec = InjectionSpec::parse(text, error);
    if (!spec)
        return;
    const int node = m_graph.find(NodeKind::Service, spec->service);
    if (node < 0)
        return;
    ServiceState& state = m_state[static_cast<std::size_t>(node)];
    if (spec->kind == InjectionSpec::Kind::Slow) {
        const bool off = spec->probability && *spec->probability <= 0.0;
        state.slowFactor = off ? 1.0 : spec->factor.value_or(1.0);
        state.slowUntil = spec->duration ? addTime(t, *spec->duration) : -1;
    } else if (spec->kind == InjectionSpec::Kind::Idempotency && spec->on) {
        state.idempotent = *spec->on;
    }
}

void ArchitectureView::setBusState(const QJsonObject& state)
{
    m_lag.clear();
    for (const QJsonValue& value : state.value(QLatin1String("groups")).toArray()) {
        const QJsonObject group = value.toObject();
        qint64 lag = 0;
        for (const QJsonValue& partition : group.value(QLatin1String("partitions")).toArray())
            lag += partition.toObject().value(QLatin1String("lag")).toInteger();
        m_lag[lagKey(group.value(QLatin1String("name")).toString(), group.value(QLatin1String("topic")).toString())] += lag;
    }
    update();
}

std::optional<qint64> ArchitectureView::lag(const QString& group, const QString& topic) const
{
    const auto it = m_lag.constFind(lagKey(group, topic));
    return it == m_lag.constEnd() ? std::nullopt : std::optional<qint64>(it.value());
}

QString ArchitectureView::lagBadge(const QString& group, const QString& topic) const
{
    const std::optional<qint64> value = lag(group, topic);
    return value && *value > 0 ? tr("lag %1").arg(*value) : QString();
}

ArchitectureView::Status ArchitectureView::statusOf(int node) const
{
    const ServiceState& state = m_state[static_cast<std::size_t>(node)];
    if (state.crashed)
        return Status::Crashed;
    const SimTime now = m_viewTime >= 0 ? m_viewTime : m_now;
    if (state.slowFactor > 1.0 && (state.slowUntil < 0 || now < state.slowUntil))
        return Status::Slow;
    return Status::Up;
}

ArchitectureView::Status ArchitectureView::status(const QString& service) const
{
    const int node = m_graph.find(NodeKind::Service, service);
    return node < 0 ? Status::Up : statusOf(node);
}

double ArchitectureView::slowFactor(const QString& service) const
{
    const int node = m_graph.find(NodeKind::Service, service);
    return node >= 0 && statusOf(node) == Status::Slow ? m_state[static_cast<std::size_t>(node)].slowFactor : 1.0;
}

std::optional<bool> ArchitectureView::idempotent(const QString& service) const
{
    const int node = m_graph.find(NodeKind::Service, service);
    return node < 0 ? std::nullopt : m_state[static_cast<std::size_t>(node)].idempotent;
}

QRectF ArchitectureView::nodeRect(NodeKind kind, const QString& name) const
{
    const int node = m_graph.find(kind, name);
    return node < 0 || static_cast<std::size_t>(node) >= m_nodeRects.size() ? QRectF() : m_nodeRects[static_cast<std::size_t>(node)];
}

double ArchitectureView::dotDurationMs() const
{
    // Slower playback, slower dots; at high speeds they only flick across, so as not to lag behind the run.
    const double speed = m_speed ? m_speed() : 1.0;
    if (!std::isfinite(speed) || speed <= 0)
        return 180.0;
    return std::clamp(600.0 / speed, 180.0, 1400.0);
}

void ArchitectureView::startAnimation()
{
    if (!m_dots.empty() && !m_animation.isActive())
        m_animation.start();
}

void ArchitectureView::animate()
{
    const qint64 now = m_clock.elapsed();
    std::erase_if(m_dots, [now](const Dot& d) { return now >= d.startMs + static_cast<qint64>(d.durationMs); });
    if (m_dots.empty())
        m_animation.stop();
    update();
}

void ArchitectureView::request()
{
    if (RefreshThrottle::onScreen(this))
        Q_EMIT stateRequested();
}

int ArchitectureView::nodeAt(QPointF pos) const
{
    for (std::size_t i = 0; i < m_nodeRects.size(); ++i)
        if (m_nodeRects[i].adjusted(-3, -3, 3, 3).contains(pos))
            return static_cast<int>(i);
    return -1;
}

QString ArchitectureView::statusText(int node) const
{
    const ArchitectureLayout::Node& n = m_graph.nodes()[static_cast<std::size_t>(node)];
    switch (statusOf(node)) {
    case Status::Crashed:
        return tr("✕ crashed");
    case Status::Slow:
        return tr("slow ×%1").arg(m_state[static_cast<std::size_t>(node)].slowFactor);
    case Status::Up:
        break;
    }
    // The kind when it says something the name does not ("payment" of kind payment: nothing).
    QString text = n.serviceKind == QLatin1String("workload") ? tr("customers")
        : n.serviceKind == QLatin1String("declarative") || n.serviceKind == n.name ? QString()
                                                                                   : n.serviceKind;
    if (n.instances > 1)
        text += (text.isEmpty() ? QString() : QStringLiteral(" ")) + QStringLiteral("×%1").arg(n.instances);
    return text;
}

QList<QAction*> ArchitectureView::faultActions(const QString& service, QObject* parent)
{
    const int node = m_graph.find(NodeKind::Service, service);
    if (node < 0)
        return {};
    const QString kind = m_graph.nodes()[static_cast<std::size_t>(node)].serviceKind;
    if (kind == QLatin1String("workload") || kind == QLatin1String("read-model"))
        return {};
    QList<QAction*> actions;
    const auto add = [&](const QString& text, const char* name, const QString& spec) {
        auto* action = new QAction(text, parent);
        action->setObjectName(QLatin1String(name));
        action->setToolTip(spec);
        connect(action, &QAction::triggered, this, [this, spec] { Q_EMIT injectRequested(spec); });
        actions << action;
        return action;
    };
    add(tr("Crash for 5 s"), "actionArchitectureCrash", QStringLiteral("crash,service=%1,for=5s").arg(service));
    add(tr("Slow ×4 for 10 s"), "actionArchitectureSlow", QStringLiteral("slow,service=%1,factor=4,for=10s").arg(service));
    if (const std::optional<bool> on = m_state[static_cast<std::size_t>(node)].idempotent) {
        QAction* idempotency = add(*on ? tr("Turn Idempotency Off") : tr("Turn Idempotency On"), "actionArchitectureIdempotency",
            QStringLiteral("idempotency,service=%1,on=%2").arg(service, *on ? QStringLiteral("false") : QStringLiteral("true")));
        idempotency->setStatusTip(*on ? tr("Redelivered and duplicated messages will repeat their effects")
                                      : tr("Messages already handled will be skipped"));
    }
    if (serviceKindCanFail(kind)) {
        if (service == QLatin1String("payment"))
            add(tr("Fail Next Payment"), "actionArchitectureFailNext", QStringLiteral("fail-payment,count=1"));
        else
            add(tr("Fail Next Operation"), "actionArchitectureFailNext", QStringLiteral("fail,service=%1,count=1").arg(service));
    }
    return actions;
}

void ArchitectureView::contextMenuEvent(QContextMenuEvent* event)
{
    // The menu key opens the selected service's menu, beside it.
    const bool keyboard = event->reason() == QContextMenuEvent::Keyboard;
    const int node = keyboard && !m_selected.isEmpty() ? m_graph.find(NodeKind::Service, m_selected) : nodeAt(event->pos());
    if (node < 0 || m_graph.nodes()[static_cast<std::size_t>(node)].kind != NodeKind::Service)
        return;
    const QPoint at = keyboard ? mapToGlobal(m_nodeRects[static_cast<std::size_t>(node)].bottomLeft().toPoint()) : event->globalPos();
    const QString name = m_graph.nodes()[static_cast<std::size_t>(node)].name;
    auto* menu = new QMenu(this);
    menu->setObjectName(QStringLiteral("architectureMenu"));
    menu->setAttribute(Qt::WA_DeleteOnClose);
    const QList<QAction*> actions = faultActions(name, menu);
    if (actions.isEmpty()) {
        delete menu;
        return;
    }
    menu->addSection(name);
    menu->addActions(actions);
    menu->popup(at);
    event->accept();
}

void ArchitectureView::mousePressEvent(QMouseEvent* event)
{
    const int node = nodeAt(event->position());
    const bool service = node >= 0 && m_graph.nodes()[static_cast<std::size_t>(node)].kind == NodeKind::Service;
    if (event->button() == Qt::LeftButton) {
        m_selected = service ? m_graph.nodes()[static_cast<std::size_t>(node)].name : QString();
        m_graphDirty = true;
        update();
    }
    QWidget::mousePressEvent(event);
}

void ArchitectureView::mouseDoubleClickEvent(QMouseEvent* event)
{
    const int node = nodeAt(event->position());
    if (node >= 0 && m_graph.nodes()[static_cast<std::size_t>(node)].kind == NodeKind::Service)
        Q_EMIT serviceActivated(m_graph.nodes()[static_cast<std::size_t>(node)].name);
}

bool ArchitectureView::event(QEvent* event)
{
    if (event->type() != QEvent::ToolTip)
        return QWidget::event(event);
    auto* help = static_cast<QHelpEvent*>(event);
    const int node = nodeAt(help->pos());
    if (node < 0) {
        QToolTip::hideText();
        event->ignore();
        return true;
    }
    const ArchitectureLayout::Node& n = m_graph.nodes()[static_cast<std::size_t>(node)];
    QStringList lines;
    lines << QStringLiteral("<b>%1</b>").arg(n.name.toHtmlEscaped());
    if (n.kind == NodeKind::Topic) {
        lines << tr("topic, %n partition(s)", nullptr, n.partitions);
        for (const ArchitectureLayout::Edge& e : m_graph.edges())
            if (e.kind == EdgeKind::Subscribe && e.from == node) {
                const std::optional<qint64> value = lag(e.group, n.name);
                lines << tr("group %1: lag %2").arg(e.group.toHtmlEscaped(), value ? QString::number(*value) : QStringLiteral("–"));
            }
    } else {
        const QString state = statusOf(node) == Status::Crashed ? tr("crashed") : statusOf(node) == Status::Slow ? tr("slow") : tr("up");
        lines << tr("%1 service, %2 instance(s), %3").arg(n.serviceKind.toHtmlEscaped()).arg(n.instances).arg(state);
        if (const std::optional<bool> on = m_state[static_cast<std::size_t>(node)].idempotent)
            lines << (*on ? tr("idempotent consumer on") : tr("idempotent consumer off"));
        lines << tr("Right-click for faults; double-click for its state");
    }
    QToolTip::showText(help->globalPos(), lines.join(QStringLiteral("<br>")), this);
    return true;
}

void ArchitectureView::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange)
        relayout();
}

void ArchitectureView::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    relayout();
}

void ArchitectureView::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    relayout();
    request();
}

void ArchitectureView::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    const QPalette pal = palette();
    if (m_graph.nodes().empty()) {
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter, tr("Open a scenario to see its services and topics."));
        return;
    }
    // The graph changes seldom (a status, a selection, a resize); the dots move every frame. So the
    // graph is drawn once into a pixmap, and a frame is that pixmap, the dots and the badges.
    const qreal ratio = devicePixelRatioF();
    const QSize pixels = (QSizeF(size()) * ratio).toSize();
    if (m_graphDirty || m_graphPixmap.size() != pixels) {
        m_graphPixmap = QPixmap(pixels);
        m_graphPixmap.setDevicePixelRatio(ratio);
        m_graphPixmap.fill(Qt::transparent);
        QPainter g(&m_graphPixmap);
        paintGraph(g);
        m_graphDirty = false;
    }
    p.drawPixmap(0, 0, m_graphPixmap);
    p.setRenderHint(QPainter::Antialiasing);
    const auto& nodes = m_graph.nodes();
    const auto& edges = m_graph.edges();
    const QFontMetricsF smallMetrics(m_smallFont);

    // The messages on their way.
    const qint64 now = m_clock.elapsed();
    for (const Dot& d : m_dots) {
        if (now < d.startMs)
            continue;
        const double t = std::min(1.0, static_cast<double>(now - d.startMs) / static_cast<double>(d.durationMs));
        const QColor colour = palette::kColours[d.colour];
        p.setPen(QPen(colour.darker(150), 1));
        p.setBrush(colour);
        p.drawEllipse(m_curves[d.edge].at(t), kDotRadius, kDotRadius);
    }
    // Lag badges, on the edge from the topic to the group that is behind (over the dots, to be read).
    p.setFont(m_smallFont);
    for (std::size_t i = 0; i < edges.size(); ++i) {
        const ArchitectureLayout::Edge& e = edges[i];
        if (e.kind != EdgeKind::Subscribe)
            continue;
        const QString badge = lagBadge(e.group, nodes[static_cast<std::size_t>(e.from)].name);
        if (badge.isEmpty())
            continue;
        const QPointF at = m_curves[i].at(0.72);
        const double w = smallMetrics.horizontalAdvance(badge) + 10;
        const double h = smallMetrics.height() + 2;
        const QRectF box(at.x() - w / 2, at.y() - h / 2, w, h);
        p.setPen(Qt::NoPen);
        p.setBrush(kLag);
        p.drawRoundedRect(box, h / 2, h / 2);
        p.setPen(Qt::white);
        p.drawText(box, Qt::AlignCenter, badge);
    }
    if (!m_followed.isEmpty()) {
        p.setPen(pal.color(QPalette::Highlight));
        p.drawText(rect().adjusted(8, 4, -8, -4), Qt::AlignLeft | Qt::AlignTop,
            tr("Following %1: only its messages move").arg(m_followed));
    }
    if (m_sampledOut > 0) {
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(rect().adjusted(8, 4, -8, -4), Qt::AlignLeft | Qt::AlignBottom,
            tr("A dot for some of the messages: %1 were too many to draw").arg(m_sampledOut));
    }
}

void ArchitectureView::paintGraph(QPainter& p) const
{
    const QPalette pal = palette();
    p.setRenderHint(QPainter::Antialiasing);
    const auto& nodes = m_graph.nodes();
    const auto& edges = m_graph.edges();
    const int selected = m_selected.isEmpty() ? -1 : m_graph.find(NodeKind::Service, m_selected);
    const QColor edgeInk = pal.color(QPalette::Mid);
    const QColor highlight = pal.color(QPalette::Highlight);

    // Edges, with an arrowhead where they arrive.
    for (std::size_t i = 0; i < edges.size(); ++i) {
        const ArchitectureLayout::Edge& e = edges[i];
        const Curve& c = m_curves[i];
        const bool lit = selected >= 0 && (e.from == selected || e.to == selected);
        QColor ink = e.kind == EdgeKind::DeadLetter ? kDeadLetter : lit ? highlight : edgeInk;
        if (selected >= 0 && !lit)
            ink.setAlpha(90);
        QPen pen(ink, lit ? 2.2 : 1.4);
        if (e.kind == EdgeKind::Command)
            pen.setStyle(Qt::DashLine);
        else if (e.kind == EdgeKind::DeadLetter)
            pen.setStyle(Qt::DotLine);
        p.setPen(pen);
        p.setBrush(Qt::NoBrush);
        QPainterPath path(c.p0);
        path.cubicTo(c.c1, c.c2, c.p3);
        p.drawPath(path);
        QPointF d = c.p3 - c.c2;
        const double length = std::hypot(d.x(), d.y());
        if (length > 0.01) {
            d /= length;
            const QPointF n(-d.y(), d.x());
            const QPointF tip = c.p3;
            const QPolygonF head { tip, tip - 8 * d + 3.5 * n, tip - 8 * d - 3.5 * n };
            p.setPen(Qt::NoPen);
            p.setBrush(ink);
            p.drawPolygon(head);
        }
    }

    // Nodes: services as boxes with their status, topics as pills.
    const QFont& nameFont = m_nameFont;
    const QFont& smallFont = m_smallFont;
    const QFontMetricsF nameMetrics(nameFont), smallMetrics(smallFont), topicMetrics(m_topicFont);
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        const ArchitectureLayout::Node& n = nodes[i];
        const QRectF r = m_nodeRects[i];
        const bool lit = static_cast<int>(i) == selected;
        const bool twoLines = r.height() >= nameMetrics.height() + smallMetrics.height() + 4;
        if (n.kind == NodeKind::Topic) {
            QColor fill = kTopicInk;
            fill.setAlpha(m_deadLetterTopic[i] ? 18 : 40);
            p.setPen(QPen(m_deadLetterTopic[i] ? kDeadLetter : kTopicInk, 1.4));
            p.setBrush(fill);
            p.drawRoundedRect(r, r.height() / 2, r.height() / 2);
            p.setPen(pal.color(QPalette::Text));
            p.setFont(m_topicFont);
            // The partitions if there is room for them (the tooltip has them too).
            const double room = r.width() - 12;
            QString label = n.partitions > 1 ? QStringLiteral("%1 [%2]").arg(n.name).arg(n.partitions) : n.name;
            if (topicMetrics.horizontalAdvance(label) > room)
                label = n.name;
            if (topicMetrics.horizontalAdvance(label) > room && m_twoLineTopics) {
                const auto [first, second] = splitName(n.name);
                if (!second.isEmpty()) {
                    const double h = topicMetrics.height();
                    p.drawText(QRectF(r.left(), r.center().y() - h, r.width(), h), Qt::AlignCenter,
                        topicMetrics.elidedText(first, Qt::ElideMiddle, room));
                    p.drawText(QRectF(r.left(), r.center().y(), r.width(), h), Qt::AlignCenter,
                        topicMetrics.elidedText(second, Qt::ElideMiddle, room));
                    continue;
                }
            }
            p.drawText(r, Qt::AlignCenter, topicMetrics.elidedText(label, Qt::ElideMiddle, room));
            continue;
        }
        const Status status = statusOf(static_cast<int>(i));
        const QColor border = status == Status::Crashed ? kCrashed : status == Status::Slow ? kSlow : lit ? highlight : pal.color(QPalette::Dark);
        QPen pen(border, status == Status::Up ? (lit ? 2.4 : 1.2) : 2.6);
        if (status == Status::Slow)
            pen.setStyle(Qt::DashLine);
        p.setPen(pen);
        p.setBrush(pal.color(QPalette::Window));
        p.drawRoundedRect(r, 6, 6);
        if (status == Status::Crashed) {
            p.setPen(Qt::NoPen);
            QColor hatch = kCrashed;
            hatch.setAlpha(110); // light enough to read the status on
            p.setBrush(QBrush(hatch, Qt::BDiagPattern));
            p.drawRoundedRect(r, 6, 6);
        }
        // The status light: filled green when up, a red cross when down, an amber ring when slow.
        const QPointF light = m_compact ? r.topLeft() + QPointF(3, 3) : QPointF(r.left() + 9, r.top() + (twoLines ? 11 : r.height() / 2));
        if (m_compact) { // on the corner: a ring of background keeps it apart from the border
            p.setPen(Qt::NoPen);
            p.setBrush(pal.color(QPalette::Base));
            p.drawEllipse(light, 5.5, 5.5);
        }
        if (status == Status::Up) {
            p.setPen(Qt::NoPen);
            p.setBrush(kUp);
            p.drawEllipse(light, 3.5, 3.5);
        } else if (status == Status::Crashed) {
            p.setPen(QPen(kCrashed, 2));
            p.drawLine(light + QPointF(-3.5, -3.5), light + QPointF(3.5, 3.5));
            p.drawLine(light + QPointF(-3.5, 3.5), light + QPointF(3.5, -3.5));
        } else {
            p.setPen(QPen(kSlow, 2));
            p.setBrush(Qt::NoBrush);
            p.drawEllipse(light, 3.5, 3.5);
        }
        const QRectF text = m_compact ? r.adjusted(5, 2, -5, -2) : r.adjusted(16, 2, -4, -2);
        const Qt::Alignment horizontal = m_compact ? Qt::AlignHCenter : Qt::AlignLeft;
        p.setPen(pal.color(QPalette::WindowText));
        p.setFont(nameFont);
        const QString detail = statusText(static_cast<int>(i));
        const auto [first, second] = splitName(n.name);
        if (m_twoLineTopics && !second.isEmpty() && nameMetrics.horizontalAdvance(n.name) > text.width()
            && (status == Status::Up || !twoLines)) {
            const double h = nameMetrics.height();
            p.drawText(QRectF(text.left(), text.center().y() - h, text.width(), h), horizontal | Qt::AlignVCenter,
                nameMetrics.elidedText(first, Qt::ElideRight, text.width()));
            p.drawText(QRectF(text.left(), text.center().y(), text.width(), h), horizontal | Qt::AlignVCenter,
                nameMetrics.elidedText(second, Qt::ElideRight, text.width()));
        } else if (twoLines && !detail.isEmpty()) {
            p.drawText(QRectF(text.left(), text.top(), text.width(), text.height() / 2 + 2), horizontal | Qt::AlignBottom,
                nameMetrics.elidedText(n.name, Qt::ElideRight, text.width()));
            p.setFont(smallFont);
            p.setPen(status == Status::Crashed ? kCrashed : status == Status::Slow ? QColor(0x9a, 0x63, 0x00) : pal.color(QPalette::PlaceholderText));
            p.drawText(QRectF(text.left(), text.center().y() + 1, text.width(), text.height() / 2), horizontal | Qt::AlignTop,
                smallMetrics.elidedText(detail, Qt::ElideRight, text.width()));
        } else {
            p.drawText(text, horizontal | Qt::AlignVCenter, nameMetrics.elidedText(n.name, Qt::ElideRight, text.width()));
        }
    }

}

} // namespace eventloom
