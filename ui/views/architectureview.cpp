#include "architectureview.h"

#include "palette.h"

#include "faults/injectionspec.h"
#include "scenario/scenario.h"

#include <QEvent>
#include <algorithm>
#include <cmath>

namespace eventloom {

namespace {
using NodeKind = ArchitectureLayout::NodeKind;
using EdgeKind = ArchitectureLayout::EdgeKind;

constexpr int kFrameMs = 25; ///< ~40 frames a second, only while dots move
constexpr qint64 kMaxStaggerMs = 40; ///< a batch's dots start over at most this long, in their order

QString lagKey(const QString& group, const QString& topic)
{
    return group + QLatin1Char('\n') + topic;
}
}

ArchitectureView::ArchitectureView(const RunTrace* trace, QWidget* parent)
    : QWidget(parent)
    , m_trace(trace)
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
    connect(trace, &RunTrace::appended, this, &ArchitectureView::append);
}

void ArchitectureView::setScenario(const Scenario* scenario)
{
    m_graph = scenario ? ArchitectureLayout::fromScenario(*scenario) : ArchitectureLayout();
    m_state.assign(m_graph.nodes().size(), ServiceState {});
    m_statuses.assign(m_graph.nodes().size(), static_cast<std::uint8_t>(Status::Up));
    for (std::size_t i = 0; i < m_graph.nodes().size(); ++i)
        m_state[i].instances = m_graph.nodes()[i].instances;
    for (const ArchitectureLayout::Edge& edge : m_graph.edges())
        if (edge.kind == EdgeKind::Subscribe && edge.to >= 0)
            m_state[static_cast<std::size_t>(edge.to)].consumer = true;
    if (scenario)
        for (const ServiceSpec& spec : scenario->services)
            if (const int node = m_graph.find(NodeKind::Service, spec.id); node >= 0) {
                ServiceState& state = m_state[static_cast<std::size_t>(node)];
                if (serviceKindHasInbox(spec.kind))
                    state.idempotent = spec.idempotent;
                state.attachAt = spec.attachAt;
            }
    m_initialState = m_state;
    m_statusEvents.clear();
    m_viewTime = -1;
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

void ArchitectureView::learnAtoms(const TraceGrowth& growth)
{
    const std::size_t size = growth.firstAtom + growth.atoms;
    if (m_serviceOfAtom.size() < size) {
        m_serviceOfAtom.resize(size, -1);
        m_topicOfAtom.resize(size, -1);
        m_colourOfAtom.resize(size, 0xFF);
    }
    for (std::size_t i = 0; i < growth.atoms; ++i) {
        const std::size_t atom = growth.firstAtom + i;
        const QString text = m_trace->atomText(static_cast<Atom>(atom));
        m_serviceOfAtom[atom] = m_graph.find(NodeKind::Service, text);
        m_topicOfAtom[atom] = m_graph.find(NodeKind::Topic, text);
        if (!m_followed.isEmpty() && text == m_followed)
            m_followedAtom = static_cast<Atom>(atom);
    }
}

void ArchitectureView::setFollowed(const QString& correlation)
{
    if (correlation == m_followed)
        return;
    m_followed = correlation;
    const std::optional<Atom> atom = correlation.isEmpty() ? std::nullopt : m_trace->findAtom(correlation);
    m_followedAtom = atom.value_or(~Atom { 0 });
    m_dots.clear(); // what moves now is the lens's; the others' dots would not be told apart
    update();
}

int ArchitectureView::serviceOf(Atom atom) const
{
    return atom != 0 && atom < m_serviceOfAtom.size() ? m_serviceOfAtom[atom] : -1;
}

int ArchitectureView::topicOf(Atom atom) const
{
    return atom != 0 && atom < m_topicOfAtom.size() ? m_topicOfAtom[atom] : -1;
}

std::uint8_t ArchitectureView::colourOf(Atom type)
{
    if (type >= m_colourOfAtom.size())
        return 0;
    std::uint8_t& colour = m_colourOfAtom[type];
    if (colour == 0xFF)
        colour = palette::indexOfType(m_trace->atomText(type)); // a type has the same colour as in the timeline
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
        if (!m_sharedPair[static_cast<std::size_t>(i)]
            || (group < m_trace->atomCount() && m_trace->atomText(group) == e.group))
            return i;
    }
    return -1;
}

int ArchitectureView::edgeFor(const TraceRow& row, bool& graphChanged)
{
    EdgeKind kind = EdgeKind::Publish;
    int from = -1, to = -1;
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
        break;
    case TraceKind::DeadLettered:
        if (row.topic >= m_trace->atomCount())
            return -1;
        from = serviceOf(row.service);
        to = m_graph.find(NodeKind::Topic, m_trace->atomText(row.topic) + QStringLiteral(".dlq"));
        kind = EdgeKind::DeadLetter;
        break;
    default:
        return -1;
    }
    if (from < 0 || to < 0)
        return -1;
    int edge = outEdge(kind, from, to, row.group);
    // The group's name only for an edge not seen yet (a subscription's): not copied for every delivery.
    const QString group = edge < 0 && kind == EdgeKind::Subscribe ? m_trace->atomText(row.group) : QString();
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

void ArchitectureView::append(const TraceGrowth& growth)
{
    learnAtoms(growth);
    if (m_graph.nodes().empty())
        return;
    const bool drawing = RefreshThrottle::onScreen(this);
    bool changed = false;
    m_candidates.clear();
    for (const TraceRow& row : m_trace->rows(growth)) {
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
    if (growth.hasStatus)
        m_now = std::max(m_now, m_trace->status().now);
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

            const double wallMs
                = std::isfinite(speed) && speed > 0 ? static_cast<double>(c.t - first) / 1000.0 / speed : 0.0;
            m_dots.push_back({ now + std::min<qint64>(kMaxStaggerMs, static_cast<qint64>(wallMs)), duration, c.edge,
                colourOf(c.type) });
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
        const auto now = static_cast<std::uint8_t>(
            static_cast<int>(statusOf(static_cast<int>(i))) | static_cast<int>(consumerOf(static_cast<int>(i))) << 2);
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
        if (event.detail < m_trace->atomCount())
            applyInjection(event.time, m_trace->atomText(event.detail));
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
    } else if (spec->kind == InjectionSpec::Kind::Attach) {
        state.attachedEarly = true;
        state.detached = false;
    } else if (spec->kind == InjectionSpec::Kind::Detach) {
        state.detached = true;
    } else if (spec->kind == InjectionSpec::Kind::Scale && spec->instances) {
        state.instances = *spec->instances;
        m_graphDirty = true; // "×N" on its box
    }
}

void ArchitectureView::setBusState(const BusState& state)
{
    m_lag.clear();
    for (const BusState::Group& group : state.groups) {
        qint64 lag = 0;
        for (const BusState::GroupPartition& partition : group.partitions)
            lag += partition.lag;
        m_lag[lagKey(group.name, group.topic)] += lag;
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

ArchitectureView::Consumer ArchitectureView::consumerOf(int node) const
{
    const ServiceState& state = m_state[static_cast<std::size_t>(node)];
    if (!state.consumer)
        return Consumer::None;
    if (state.detached)
        return Consumer::Detached;
    const SimTime now = m_viewTime >= 0 ? m_viewTime : m_now;
    return state.attachAt >= 0 && !state.attachedEarly && now < state.attachAt ? Consumer::Waiting : Consumer::Attached;
}

ArchitectureView::Consumer ArchitectureView::consumer(const QString& service) const
{
    const int node = m_graph.find(NodeKind::Service, service);
    return node < 0 ? Consumer::None : consumerOf(node);
}

int ArchitectureView::instances(const QString& service) const
{
    const int node = m_graph.find(NodeKind::Service, service);
    return node < 0 ? 0 : m_state[static_cast<std::size_t>(node)].instances;
}

std::optional<bool> ArchitectureView::idempotent(const QString& service) const
{
    const int node = m_graph.find(NodeKind::Service, service);
    return node < 0 ? std::nullopt : m_state[static_cast<std::size_t>(node)].idempotent;
}

QRectF ArchitectureView::nodeRect(NodeKind kind, const QString& name) const
{
    const int node = m_graph.find(kind, name);
    return node < 0 || static_cast<std::size_t>(node) >= m_nodeRects.size()
        ? QRectF()
        : m_nodeRects[static_cast<std::size_t>(node)];
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

void ArchitectureView::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange
        || event->type() == QEvent::StyleChange)
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

} // namespace eventloom
