#include "timelineview.h"

#include "palette.h"

#include "models/eventlogmodel.h"
#include "richtextguard.h"

#include <QContextMenuEvent>
#include <QHelpEvent>
#include <QImage>
#include <QKeyEvent>
#include <QMenu>
#include <QMouseEvent>
#include <QSaveFile>
#include <QScrollBar>
#include <QSvgGenerator>
#include <QToolTip>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>

namespace eventloom {

namespace {
/// The least time between two updates of the scroll bar while batches keep coming (followScrollBar).
constexpr int kScrollBarMs = 100;
constexpr double kZoomStep = 1.25;

QString seconds(SimTime t)
{
    return QString::number(static_cast<double>(t) / kSecond, 'f', 6) + QStringLiteral(" s");
}

double distanceToSegment(QPointF p, const QLineF& line)
{
    const QPointF d = line.p2() - line.p1();
    const double length2 = d.x() * d.x() + d.y() * d.y();
    double t = length2 > 0 ? QPointF::dotProduct(p - line.p1(), d) / length2 : 0;
    t = std::clamp(t, 0.0, 1.0);
    const QPointF closest = line.p1() + t * d;
    return std::hypot(p.x() - closest.x(), p.y() - closest.y());
}
}

TimelineView::TimelineView(const RunTrace* trace, QWidget* parent)
    : QAbstractScrollArea(parent)
    , m_trace(trace)
{
    setObjectName(QStringLiteral("timelineView"));
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(false);
    setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOn);
    viewport()->setBackgroundRole(QPalette::Base);
    viewport()->setAutoFillBackground(true);
    connect(trace, &RunTrace::appended, this, &TimelineView::append);
    m_scrollBarPace.setSingleShot(true);
    m_scrollBarPace.setInterval(kScrollBarMs);
    connect(&m_scrollBarPace, &QTimer::timeout, this, [this] {
        if (!m_scrollBarBehind)
            return;
        m_scrollBarBehind = false;
        updateScrollBar();
        m_scrollBarPace.start();
    });
}

void TimelineView::followScrollBar()
{
    // Each change of its range or value repaints the scroll bar, which costs more than the arrows a batch
    // adds (a styled bar; at max speed ~60 batches a second, B10), for a handle that moves by a pixel or
    // less: it follows at most every kScrollBarMs. The plot itself is drawn from the axis, never late.
    if (m_scrollBarPace.isActive()) {
        m_scrollBarBehind = true;
        return;
    }
    updateScrollBar();
    m_scrollBarPace.start();
}

void TimelineView::reset(const QStringList& lanes, const QSet<QString>& compensations)
{
    m_viewTime = -1;
    m_arrows.clear();
    m_sent.clear();
    m_crashes.clear();
    m_injections.clear();
    m_faults.clear();
    m_lanes.clear();
    m_topicLanes.clear();
    m_laneNames.clear();
    m_laneIsTopic.clear();
    m_laneRows.clear();
    m_compensationTypes.clear();
    m_plannedLanes = lanes;
    m_compensationNames = compensations;
    m_end = 0;
    m_longest = 0;
    m_selected = kNoMessage;
    m_followedAtom = kNoAtom; // the lens stays on, its atom comes with the new run's batches
    m_following = true;
    m_autoScale = true;
    *m_axis = TimeAxis {};
    updateScrollBar();
    viewport()->update();
}

std::uint16_t TimelineView::laneOf(Atom service, bool topic)
{
    QHash<Atom, std::uint16_t>& lanes = topic ? m_topicLanes : m_lanes;
    const auto it = lanes.constFind(service);
    if (it != lanes.constEnd())
        return it.value();
    const auto lane = static_cast<std::uint16_t>(m_laneNames.size());
    lanes.insert(service, lane);
    m_laneNames.push_back(atomText(service));
    m_laneIsTopic.push_back(topic);
    layoutLanes();
    return lane;
}

void TimelineView::layoutLanes()
{
    // Services in the order they came, then the topics (when shown) below them.
    m_laneRows.assign(m_laneNames.size(), -1);
    int row = 0;
    for (const bool topics : { false, true })
        for (std::size_t lane = 0; lane < m_laneNames.size(); ++lane)
            if (m_laneIsTopic[lane] == topics && (!topics || m_showTopics))
                m_laneRows[lane] = row++;
}

int TimelineView::visibleLaneCount() const
{
    return static_cast<int>(std::count_if(m_laneRows.begin(), m_laneRows.end(), [](int row) { return row >= 0; }));
}

QStringList TimelineView::visibleLanes() const
{
    QStringList lanes(visibleLaneCount());
    for (std::size_t lane = 0; lane < m_laneNames.size(); ++lane)
        if (m_laneRows[lane] >= 0)
            lanes[m_laneRows[lane]] = m_laneNames[lane];
    return lanes;
}

void TimelineView::setTopicLanesShown(bool shown)
{
    m_showTopics = shown;
    layoutLanes();
    updateScrollBar();
    viewport()->update();
}

void TimelineView::append(const TraceGrowth& growth)
{
    QHash<QString, Atom> planned;
    for (std::size_t i = 0; i < growth.atoms; ++i) {
        const Atom atom = static_cast<Atom>(growth.firstAtom + i);
        const QString text = m_trace->atomText(atom);
        if (m_compensationNames.contains(text))
            m_compensationTypes.insert(atom);
        if (m_plannedLanes.contains(text))
            planned.insert(text, atom);
        if (m_followedAtom == kNoAtom && !m_followed.isEmpty() && text == m_followed)
            m_followedAtom = atom;
    }
    // Lanes in the scenario's order, whatever order the services first act in (their names are all
    // interned when the run is built, so they come with the first batch).
    for (auto it = m_plannedLanes.begin(); it != m_plannedLanes.end();) {
        const auto atom = planned.constFind(*it);
        if (atom == planned.constEnd()) {
            ++it;
            continue;
        }
        laneOf(atom.value());
        it = m_plannedLanes.erase(it);
    }
    for (const TraceRow& row : m_trace->rows(growth)) {
        m_end = std::max(m_end, row.time);
        switch (row.kind) {
        case TraceKind::Published:
        case TraceKind::CommandSent:
            if (row.producer != 0 && row.message != kNoMessage) {
                if (row.message >= m_sent.size())
                    m_sent.growTo(std::size_t { row.message } + 1);
                m_sent[row.message] = { row.time, row.correlation, laneOf(row.producer),
                    row.command || row.topic == 0 ? kNoIndex : laneOf(row.topic, true) };
            }
            break;
        case TraceKind::Handled: {
            if (row.message >= m_sent.size() || m_sent[row.message].time < 0 || row.service == 0)
                break;
            const Sent& sent = m_sent[row.message];
            Arrow arrow;
            arrow.from = sent.time;
            arrow.to = row.time;
            arrow.message = row.message;
            arrow.type = row.type;
            arrow.fromLane = sent.lane;
            arrow.toLane = laneOf(row.service);
            arrow.topicLane = sent.topicLane;
            arrow.failed = row.outcome == HandleOutcome::Failed || row.outcome == HandleOutcome::Rejected;
            arrow.compensation = m_compensationTypes.contains(row.type);
            m_longest = std::max(m_longest, arrow.to - arrow.from);
            m_arrows.push_back(arrow);
            break;
        }
        case TraceKind::Crashed:
            if (row.service != 0)
                m_crashes.push_back({ row.time, -1, laneOf(row.service) });
            break;
        case TraceKind::Restarted:
            if (row.service != 0)
                for (auto it = m_crashes.rbegin(); it != m_crashes.rend(); ++it)
                    if (it->lane == laneOf(row.service) && it->to < 0) {
                        it->to = row.time;
                        break;
                    }
            break;
        case TraceKind::Injection:
            m_injections.push_back({ row.time, row.detail });
            break;
        case TraceKind::Dropped:
        case TraceKind::Duplicated:
        case TraceKind::Delayed:
        case TraceKind::Reordered:
            if (row.service != 0)
                m_faults.push_back({ row.time, row.kind == TraceKind::Delayed ? row.aux : 0, row.detail, row.type,
                    row.correlation, laneOf(row.service), row.kind });
            break;
        default:
            break;
        }
    }
    if (m_autoScale && m_arrows.size() >= kScaleArrows)
        chooseScale();
    if (m_following && m_end > 0) {
        const SimTime span = m_axis->toTime(plotWidth()) - m_axis->start;
        m_axis->start = std::max<SimTime>(0, m_end - span);
    }
    followScrollBar();
    viewport()->update();
}

void TimelineView::reveal(SimTime t)
{
    const SimTime span = m_axis->toTime(plotWidth()) - m_axis->start;
    m_following = false;
    if (t >= m_axis->start && t <= m_axis->start + span)
        return;
    m_axis->start = std::max<SimTime>(0, t - span / 2);
    updateScrollBar();
    viewport()->update();
}

void TimelineView::setViewTime(SimTime t)
{
    if (t == m_viewTime)
        return;
    m_viewTime = t;
    const SimTime span = m_axis->toTime(plotWidth()) - m_axis->start;
    if (t >= 0) {
        // The moment shown comes into view, three quarters along, so what led to it is visible.
        if (t < m_axis->start || t > m_axis->start + span)
            m_axis->start = std::max<SimTime>(0, t - span * 3 / 4);
        m_following = false;
    } else {
        m_following = true; // back to the present: the end of the run again
        m_axis->start = std::max<SimTime>(0, m_end - span);
    }
    updateScrollBar();
    viewport()->update();
}

double TimelineView::plotWidth() const
{
    return std::max(10, viewport()->width() - kGutter);
}

double TimelineView::laneY(int lane) const
{
    return kAxisHeight + laneRow(lane) * kLaneHeight + kLaneHeight / 2.0 - verticalScrollBar()->value();
}

QColor TimelineView::colourOf(Atom type) const
{
    return palette::ofType(atomText(type));
}

std::size_t TimelineView::firstArrowFrom(SimTime t) const
{
    const auto it
        = std::lower_bound(m_arrows.begin(), m_arrows.end(), t, [](const Arrow& a, SimTime v) { return a.to < v; });
    return static_cast<std::size_t>(it - m_arrows.begin());
}

QLineF TimelineView::lineOf(const Arrow& a) const
{
    // With topic lanes, the delivery leaves from the topic the event was published to.
    const int from = m_showTopics && a.topicLane != kNoIndex ? a.topicLane : a.fromLane;
    return { QPointF(kGutter + m_axis->toX(a.from), laneY(from)),
        QPointF(kGutter + m_axis->toX(a.to), laneY(a.toLane)) };
}

std::optional<std::size_t> TimelineView::arrowAt(QPointF position) const
{
    const SimTime t0 = m_axis->toTime(position.x() - kGutter - 6);
    const SimTime t1 = m_axis->toTime(position.x() - kGutter + 6);
    double best = 6.0;
    std::optional<std::size_t> found;
    for (std::size_t i = firstArrowFrom(t0); i < m_arrows.size() && m_arrows[i].to <= t1 + m_longest; ++i) {
        if (m_arrows[i].from > t1 || !shown(m_arrows[i]))
            continue;
        const double d = distanceToSegment(position, lineOf(m_arrows[i]));
        if (d < best) {
            best = d;
            found = i;
        }
    }
    return found;
}

std::optional<std::uint32_t> TimelineView::messageAt(QPointF position) const
{
    const auto arrow = arrowAt(position);
    return arrow ? std::optional<std::uint32_t>(m_arrows[*arrow].message) : std::nullopt;
}

QString TimelineView::toolTipAt(QPointF position) const
{
    if (position.x() < kGutter) { // a lane's name
        for (std::size_t lane = 0; lane < m_laneNames.size(); ++lane)
            if (m_laneRows[lane] >= 0 && std::abs(laneY(static_cast<int>(lane)) - position.y()) <= kLaneHeight / 2.0)
                return RichTextGuard::literal(m_laneIsTopic[lane] ? tr("topic %1").arg(m_laneNames[lane])
                                                                  : tr("service %1").arg(m_laneNames[lane]));
        return {};
    }
    for (const FaultMark& f : m_faults) {
        const double x = kGutter + m_axis->toX(f.time);
        if (std::abs(x - position.x()) <= 6 && std::abs(laneY(f.lane) - 8 - position.y()) <= 8) {
            const QString what = f.kind == TraceKind::Dropped ? tr("dropped")
                : f.kind == TraceKind::Duplicated             ? tr("duplicated")
                : f.kind == TraceKind::Delayed ? tr("delayed %1").arg(QString::fromStdString(formatDuration(f.length)))
                                               : tr("reordered");
            return RichTextGuard::literal(
                tr("%1 %2 at %3 (%4)").arg(atomText(f.type), what, seconds(f.time), atomText(f.detail)));
        }
    }
    if (const auto i = arrowAt(position)) {
        const Arrow& a = m_arrows[*i];
        // Rich text for the bold type and the red failure; every name comes from the run, escaped.
        QString text = tr("<b>%1</b><br>%2 → %3<br>sent %4, handled %5 (%6 later)")
                           .arg(atomText(a.type).toHtmlEscaped(), m_laneNames[a.fromLane].toHtmlEscaped(),
                               m_laneNames[a.toLane].toHtmlEscaped(), seconds(a.from), seconds(a.to),
                               QString::fromStdString(formatDuration(a.to - a.from)));
        if (a.topicLane != kNoIndex)
            text += tr("<br>via topic %1").arg(m_laneNames[a.topicLane].toHtmlEscaped());
        if (a.failed)
            text += tr("<br><span style='color:#c0392b'>the handling failed</span>");
        if (a.compensation)
            text += tr("<br>a saga compensation");
        return text;
    }
    for (const Window& w : m_crashes) {
        const double x0 = kGutter + m_axis->toX(w.from);
        const double x1 = kGutter + m_axis->toX(w.to < 0 ? m_end : w.to);
        if (position.x() >= x0 && position.x() <= x1 && std::abs(laneY(w.lane) - position.y()) <= kLaneHeight / 2.0)
            return RichTextGuard::literal(w.to < 0
                    ? tr("%1 down since %2").arg(m_laneNames[w.lane], seconds(w.from))
                    : tr("%1 down from %2 to %3").arg(m_laneNames[w.lane], seconds(w.from), seconds(w.to)));
    }
    for (const Mark& m : m_injections)
        if (std::abs(kGutter + m_axis->toX(m.time) - position.x()) <= 3)
            return RichTextGuard::literal(tr("injected %1").arg(atomText(m.text)));
    return {};
}

bool TimelineView::viewportEvent(QEvent* event)
{
    if (event->type() == QEvent::ToolTip) {
        const auto* help = static_cast<QHelpEvent*>(event);
        const QString text = toolTipAt(help->pos());
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), text, viewport());
        return true;
    }
    return QAbstractScrollArea::viewportEvent(event);
}

std::optional<QPointF> TimelineView::pointOf(std::uint32_t seq) const
{
    for (const Arrow& a : m_arrows)
        if (a.message == seq) {
            const QPointF middle = lineOf(a).center();
            if (middle.x() < kGutter || middle.x() > kGutter + plotWidth())
                return std::nullopt;
            return middle;
        }
    return std::nullopt;
}

bool TimelineView::exportImage(const QString& path, bool wholeRun, QString& error)
{
    const TimeAxis shown = *m_axis;
    const bool following = m_following;
    if (wholeRun)
        m_axis->fit(0, std::max<SimTime>(m_end, kMillisecond), plotWidth());
    QSaveFile file(path);
    bool ok = file.open(QIODevice::WriteOnly);
    if (ok && path.endsWith(QLatin1String(".svg"), Qt::CaseInsensitive)) {
        QSvgGenerator svg;
        svg.setOutputDevice(&file);
        svg.setSize(viewport()->size());
        svg.setViewBox(QRect(QPoint(0, 0), viewport()->size()));
        svg.setTitle(tr("EventLoom timeline"));
        viewport()->render(&svg); // paints through paintEvent, into the SVG
    } else if (ok) {
        ok = viewport()->grab().toImage().save(&file, "PNG");
    }
    *m_axis = shown;
    m_following = following;
    viewport()->update();
    if (!ok || !file.commit()) {
        error = file.errorString().isEmpty() ? tr("could not write %1").arg(path) : file.errorString();
        return false;
    }
    return true;
}

void TimelineView::selectMessage(std::uint32_t seq)
{
    if (seq == m_selected)
        return;
    m_selected = seq;
    viewport()->update();
}

void TimelineView::chooseScale()
{
    // A run of 2 ms hops drawn at a fixed 100 px a second puts a whole order in one pixel column: the
    // scale comes from the run instead, its median arrow (publish to handling) kArrowPixels wide, so
    // each message and the lanes it crosses can be told apart. Fit Run shows the whole run.
    m_autoScale = false;
    std::vector<SimTime> spans;
    spans.reserve(kScaleArrows);
    for (std::size_t i = 0; i < kScaleArrows; ++i)
        spans.push_back(m_arrows[i].to - m_arrows[i].from);
    std::nth_element(spans.begin(), spans.begin() + spans.size() / 2, spans.end());
    const SimTime median = std::max<SimTime>(spans[spans.size() / 2], 1);
    m_axis->pixelsPerUs
        = std::clamp(kArrowPixels / static_cast<double>(median), TimeAxis::kMinPixelsPerUs, TimeAxis::kMaxPixelsPerUs);
}

void TimelineView::userMoved()
{
    m_following = false;
    m_autoScale = false;
    axisChanged();
}

void TimelineView::axisChanged()
{
    updateScrollBar();
    viewport()->update();
    Q_EMIT axisMoved();
}

void TimelineView::sharedAxisMoved()
{
    m_following = false; // another view chose what the shared axis shows
    m_autoScale = false;
    updateScrollBar();
    viewport()->update();
}

void TimelineView::shareAxis(TimelineView* other)
{
    m_axis = other->m_axis;
    connect(other, &TimelineView::axisMoved, this, &TimelineView::sharedAxisMoved);
    connect(this, &TimelineView::axisMoved, other, &TimelineView::sharedAxisMoved);
    sharedAxisMoved();
}

void TimelineView::showRange(SimTime from, SimTime to)
{
    m_axis->fit(from, to, plotWidth());
    userMoved();
}

std::pair<SimTime, SimTime> TimelineView::visibleRange() const
{
    return { m_axis->start, m_axis->toTime(plotWidth()) };
}

void TimelineView::zoomIn()
{
    m_axis->zoom(kZoomStep, plotWidth() / 2);
    userMoved();
}

void TimelineView::zoomOut()
{
    m_axis->zoom(1 / kZoomStep, plotWidth() / 2);
    userMoved();
}

void TimelineView::fitAll()
{
    m_autoScale = false;
    m_axis->fit(0, std::max<SimTime>(m_end, kMillisecond), plotWidth());
    m_following = true;
    axisChanged();
}

void TimelineView::setFollowing(bool following)
{
    m_following = following;
}

QString TimelineView::correlationOf(std::uint32_t seq) const
{
    return seq < m_sent.size() && m_sent[seq].time >= 0 ? atomText(m_sent[seq].correlation) : QString();
}

void TimelineView::contextMenuEvent(QContextMenuEvent* event)
{
    const auto seq = messageAt(event->pos());
    const QString correlation = seq ? correlationOf(*seq) : QString();
    QMenu menu(this);
    if (!correlation.isEmpty()) {
        QAction* follow = menu.addAction(tr("Follow %1").arg(correlation));
        follow->setObjectName(QStringLiteral("actionFollowArrow"));
        connect(follow, &QAction::triggered, this, [this, correlation] { Q_EMIT followRequested(correlation); });
    }
    if (!m_followed.isEmpty()) {
        QAction* all = menu.addAction(tr("Show Every Order"));
        connect(all, &QAction::triggered, this, [this] { Q_EMIT followRequested({}); });
    }
    if (!menu.isEmpty())
        menu.exec(event->globalPos());
}

void TimelineView::setFollowed(const QString& correlation)
{
    if (correlation == m_followed)
        return;
    m_followed = correlation;
    m_followedAtom = kNoAtom;
    if (!correlation.isEmpty()) {
        if (const std::optional<Atom> atom = m_trace->findAtom(correlation))
            m_followedAtom = *atom;
        fitFollowed();
    }
    updateScrollBar();
    viewport()->update();
}

std::size_t TimelineView::shownArrowCount() const
{
    if (m_followed.isEmpty())
        return m_arrows.size();
    return static_cast<std::size_t>(
        std::count_if(m_arrows.begin(), m_arrows.end(), [this](const Arrow& a) { return shown(a); }));
}

void TimelineView::fitFollowed()
{
    // The order's whole life in view, with a margin either side.
    SimTime from = -1;
    SimTime to = -1;
    for (const Arrow& a : m_arrows)
        if (shown(a)) {
            from = from < 0 ? a.from : std::min(from, a.from);
            to = std::max(to, a.to);
        }
    if (from < 0)
        return;
    const SimTime margin = std::max<SimTime>((to - from) / 10, kMillisecond);
    m_axis->fit(std::max<SimTime>(0, from - margin), to + margin, plotWidth());
    m_following = false;
    m_autoScale = false;
}

void TimelineView::wheelEvent(QWheelEvent* event)
{
    const double steps = event->angleDelta().y() / 120.0;
    if (steps == 0)
        return;
    m_axis->zoom(std::pow(kZoomStep, steps), event->position().x() - kGutter);
    userMoved();
    event->accept();
}

void TimelineView::mousePressEvent(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton)
        return;
    if (const auto seq = messageAt(event->position())) {
        selectMessage(*seq);
        Q_EMIT messageClicked(*seq);
        return;
    }
    m_dragFrom = event->pos();
    m_dragStart = m_axis->start;
}

void TimelineView::mouseMoveEvent(QMouseEvent* event)
{
    if (!m_dragFrom)
        return;
    const double dx = event->pos().x() - m_dragFrom->x();
    m_axis->start = std::max<SimTime>(0, m_dragStart - static_cast<SimTime>(std::llround(dx / m_axis->pixelsPerUs)));
    userMoved();
}

void TimelineView::mouseReleaseEvent(QMouseEvent* event)
{
    (void)event;
    m_dragFrom.reset();
}

void TimelineView::keyPressEvent(QKeyEvent* event)
{
    if (event->key() == Qt::Key_Plus || event->key() == Qt::Key_Equal)
        zoomIn();
    else if (event->key() == Qt::Key_Minus)
        zoomOut();
    else
        QAbstractScrollArea::keyPressEvent(event);
}

void TimelineView::resizeEvent(QResizeEvent* event)
{
    QAbstractScrollArea::resizeEvent(event);
    updateScrollBar();
}

void TimelineView::updateScrollBar()
{
    m_scrollBarBehind = false;
    m_updatingScrollBar = true;
    QScrollBar* h = horizontalScrollBar();
    const double total
        = m_axis->toX(m_end) + static_cast<double>(m_axis->start) * m_axis->pixelsPerUs; // x of m_end from time 0
    const int page = static_cast<int>(plotWidth());
    h->setRange(0, std::max(0, static_cast<int>(std::min(total, 2e9)) - page));
    h->setPageStep(page);
    h->setSingleStep(std::max(1, page / 10));
    h->setValue(static_cast<int>(std::min(static_cast<double>(m_axis->start) * m_axis->pixelsPerUs, 2e9)));
    QScrollBar* v = verticalScrollBar();
    v->setRange(0, std::max(0, kAxisHeight + visibleLaneCount() * kLaneHeight - viewport()->height()));
    v->setPageStep(viewport()->height());
    m_updatingScrollBar = false;
}

void TimelineView::scrollContentsBy(int dx, int dy)
{
    (void)dy;
    if (m_updatingScrollBar) {
        viewport()->update();
        return;
    }
    if (dx != 0) {
        m_axis->start = static_cast<SimTime>(std::llround(horizontalScrollBar()->value() / m_axis->pixelsPerUs));
        m_following = false;
        Q_EMIT axisMoved();
    }
    viewport()->update();
}

} // namespace eventloom
