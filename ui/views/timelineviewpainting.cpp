// TimelineView's painting: one function per layer, called in the order they are stacked.
#include "timelineview.h"

#include "palette.h"

#include <QPainter>
#include <QPainterPath>
#include <QScrollBar>
#include <algorithm>
#include <cmath>

namespace eventloom {

namespace {
constexpr std::size_t kSmoothArrows = 60; ///< at most this many arrows are drawn antialiased

const QColor kFailed(0xc0, 0x39, 0x2b);
const QColor kCompensation(0xd9, 0x82, 0x1e);
// Delivery faults, from the same palette: vermillion drops, blue duplicates, sky-blue delays,
// reddish-purple reorders — told apart by shape too, not by colour alone.
const QColor kDropped = palette::kVermillion;
const QColor kDuplicated = palette::kBlue;
const QColor kDelayed = palette::kSkyBlue;
const QColor kReordered = palette::kPurple;
}

void TimelineView::paintEvent(QPaintEvent* event)
{
    (void)event;
    QPainter p(viewport());
    const double width = plotWidth();
    const SimTime t0 = m_axis->start;
    const SimTime t1 = m_axis->toTime(width);
    p.setClipRect(QRectF(kGutter, 0, width, viewport()->height()));
    // Each layer leaves the painter as the next expects it (hints, pen, font): keep their order.
    paintLanes(p, width);
    paintArrows(p, t0, t1, width);
    paintFaults(p, t0, t1);
    paintInjections(p, t0, t1);
    paintViewTime(p, width);
    p.setClipping(false);
    paintAxis(p, t0, t1);
    paintLaneNames(p);
}

void TimelineView::paintLanes(QPainter& p, double width) const
{
    // Lanes and crash windows.
    for (int lane = 0; lane < laneCount(); ++lane) {
        if (laneRow(lane) < 0)
            continue;
        const double y = laneY(lane);
        p.setPen(QPen(palette().color(QPalette::Midlight), m_laneIsTopic[static_cast<std::size_t>(lane)] ? 3 : 1));
        p.drawLine(QPointF(kGutter, y), QPointF(kGutter + width, y));
    }
    for (const Window& w : m_crashes) {
        const double x0 = kGutter + m_axis->toX(w.from);
        const double x1 = kGutter + m_axis->toX(w.to < 0 ? m_end : w.to);
        const double y = laneY(w.lane);
        p.fillRect(QRectF(x0, y - kLaneHeight / 2.0 + 2, std::max(2.0, x1 - x0), kLaneHeight - 4),
            QBrush(kFailed, Qt::Dense6Pattern));
    }
}

void TimelineView::paintArrows(QPainter& p, SimTime t0, SimTime t1, double width)
{
    // Arrows, or their density when there are more than pixels.
    const std::size_t first = firstArrowFrom(t0);
    // Arrows are in handling order: the last one that may show is found by binary search as well.
    const std::size_t last = static_cast<std::size_t>(
        std::upper_bound(m_arrows.begin() + static_cast<std::ptrdiff_t>(first), m_arrows.end(), t1 + m_longest,
            [](SimTime v, const Arrow& a) { return v < a.to; })
        - m_arrows.begin());
    const bool lens = !m_followed.isEmpty();
    const std::size_t visible = lens
        ? static_cast<std::size_t>(std::count_if(m_arrows.begin() + static_cast<std::ptrdiff_t>(first),
            m_arrows.begin() + static_cast<std::ptrdiff_t>(last), [this](const Arrow& a) { return shown(a); }))
        : last - first;
    m_drewDensity = visible > static_cast<std::size_t>(width) * 3;
    // Antialiased strokes cost ~50 µs each (B5): smooth lines for a few arrows, crisp 1-px ones for many.
    const bool smooth = visible <= kSmoothArrows;
    p.setRenderHint(QPainter::Antialiasing, smooth && !m_drewDensity);
    if (m_drewDensity)
        paintDensity(p, first, last, width);
    else
        paintArrowLines(p, first, last, t1, smooth);
}

void TimelineView::paintDensity(QPainter& p, std::size_t first, std::size_t last, double width)
{
    const bool lens = !m_followed.isEmpty();
    const int columns = static_cast<int>(width);
    std::vector<int> counts(static_cast<std::size_t>(laneCount() * columns), 0);
    int peak = 1;
    for (std::size_t i = first; i < last; ++i) {
        const Arrow& a = m_arrows[i];
        if (lens && !shown(a))
            continue;
        const int column = static_cast<int>(m_axis->toX(a.to));
        if (column < 0 || column >= columns)
            continue;
        int& c = counts[static_cast<std::size_t>(a.toLane * columns + column)];
        peak = std::max(peak, ++c);
    }
    // One image for all the columns, its pixels written directly, drawn at once: cheaper than even
    // one 1-px fillRect per lane and column (B5's floor).
    const QColor ink = palette().color(QPalette::Highlight);
    const int rows = viewport()->height();
    if (m_density.size() != QSize(columns, rows))
        m_density = QImage(columns, rows, QImage::Format_ARGB32_Premultiplied);
    m_density.fill(Qt::transparent);
    const auto stride = static_cast<std::size_t>(m_density.bytesPerLine() / 4);
    auto* pixels = reinterpret_cast<QRgb*>(m_density.bits());
    for (int lane = 0; lane < laneCount(); ++lane) {
        if (laneRow(lane) < 0)
            continue;
        const double y = laneY(lane);
        for (int column = 0; column < columns; ++column) {
            const int c = counts[static_cast<std::size_t>(lane * columns + column)];
            if (c == 0)
                continue;
            const double share = static_cast<double>(c) / peak;
            const int alpha = static_cast<int>(255 * (0.25 + 0.75 * share));
            const QRgb shade = qPremultiply(qRgba(ink.red(), ink.green(), ink.blue(), alpha));
            const double h = (kLaneHeight - 6) * (0.3 + 0.7 * share);
            const int top = std::max(0, static_cast<int>(std::lround(y - h / 2)));
            const int bottom = std::min(rows, static_cast<int>(std::lround(y + h / 2)));
            for (int row = top; row < bottom; ++row)
                pixels[static_cast<std::size_t>(row) * stride + static_cast<std::size_t>(column)] = shade;
        }
    }
    p.drawImage(QPointF(kGutter, 0), m_density);
}

void TimelineView::paintArrowLines(QPainter& p, std::size_t first, std::size_t last, SimTime t1, bool smooth) const
{
    const bool lens = !m_followed.isEmpty();
    for (std::size_t i = first; i < last; ++i) {
        const Arrow& a = m_arrows[i];
        if (a.from > t1 || (lens && !shown(a)))
            continue;
        const QLineF line = lineOf(a);
        const bool selected = a.message == m_selected;
        QPen pen(a.compensation ? kCompensation : colourOf(a.type), selected ? 3.0 : smooth ? 1.4 : 1.0);
        if (a.compensation)
            pen.setStyle(Qt::DashLine);
        if (m_showTopics && a.topicLane != kNoIndex) { // the publish: producer down to its topic
            p.setPen(QPen(pen.color(), 1, Qt::DotLine));
            p.drawLine(QPointF(line.x1(), laneY(a.fromLane)), line.p1());
        }
        p.setPen(pen);
        p.drawLine(line);
        // An arrowhead where it was handled.
        const double angle = std::atan2(line.dy(), line.dx());
        const QPointF tip = line.p2();
        QPainterPath head;
        head.moveTo(tip);
        head.lineTo(tip - QPointF(std::cos(angle - 0.4) * 7, std::sin(angle - 0.4) * 7));
        head.lineTo(tip - QPointF(std::cos(angle + 0.4) * 7, std::sin(angle + 0.4) * 7));
        head.closeSubpath();
        p.fillPath(head, pen.color());
        if (a.failed) {
            p.setPen(QPen(kFailed, 2));
            p.drawLine(tip + QPointF(-4, -4), tip + QPointF(4, 4));
            p.drawLine(tip + QPointF(-4, 4), tip + QPointF(4, -4));
        }
    }
}

void TimelineView::paintFaults(QPainter& p, SimTime t0, SimTime t1)
{
    // Per pixel, as the arrows: at most one mark per lane and pixel column, so a million faults cost
    // no more than the columns they fall in.
    const auto first = std::lower_bound(
        m_faults.begin(), m_faults.end(), t0 - m_longest, [](const FaultMark& f, SimTime t) { return f.time < t; });
    std::vector<int> lastColumn(m_laneNames.size(), -1);
    p.setRenderHint(QPainter::Antialiasing, true);
    for (auto it = first; it != m_faults.end() && it->time <= t1; ++it) {
        if (!m_followed.isEmpty() && it->correlation != m_followedAtom)
            continue;
        const double x = kGutter + m_axis->toX(it->time);
        const int column = static_cast<int>(x);
        int& last = lastColumn[it->lane];
        if (column == last && it->kind != TraceKind::Delayed)
            continue;
        last = column;
        const double y = laneY(it->lane);
        switch (it->kind) {
        case TraceKind::Dropped: { // ▽ where the delivery vanished
            QPainterPath mark;
            mark.moveTo(x - 5, y - 12);
            mark.lineTo(x + 5, y - 12);
            mark.lineTo(x, y - 4);
            mark.closeSubpath();
            p.setPen(QPen(kDropped, 1.6));
            p.setBrush(Qt::NoBrush);
            p.drawPath(mark);
            break;
        }
        case TraceKind::Duplicated: // ＋: one more copy
            p.setPen(QPen(kDuplicated, 2));
            p.drawLine(QPointF(x - 4, y - 8), QPointF(x + 4, y - 8));
            p.drawLine(QPointF(x, y - 12), QPointF(x, y - 4));
            break;
        case TraceKind::Delayed: // a bar as long as the wait
            p.fillRect(QRectF(x, y + 5, std::max(3.0, it->length * m_axis->pixelsPerUs), 4), kDelayed);
            break;
        default: // ⇄: a window handed over shuffled
            p.setPen(QPen(kReordered, 1.6));
            p.drawLine(QPointF(x - 5, y - 10), QPointF(x + 5, y - 10));
            p.drawLine(QPointF(x + 5, y - 10), QPointF(x + 2, y - 13));
            p.drawLine(QPointF(x - 5, y - 6), QPointF(x + 5, y - 6));
            p.drawLine(QPointF(x - 5, y - 6), QPointF(x - 2, y - 3));
            break;
        }
    }
    p.setBrush(Qt::NoBrush);
}

void TimelineView::paintInjections(QPainter& p, SimTime t0, SimTime t1) const
{
    // Injections: a dashed line across all lanes, and its spec — or, where labels would overlap, the
    // first one's and how many more (the tooltip names each).
    p.setRenderHint(QPainter::Antialiasing, false);
    std::vector<std::pair<double, QString>> labels;
    for (const Mark& m : m_injections) {
        if (m.time < t0 || m.time > t1)
            continue;
        const double x = kGutter + m_axis->toX(m.time);
        p.setPen(QPen(kFailed, 1, Qt::DashLine));
        p.drawLine(QPointF(x, kAxisHeight), QPointF(x, viewport()->height()));
        labels.emplace_back(x, atomText(m.text));
    }
    p.setPen(kFailed);
    for (std::size_t i = 0; i < labels.size();) {
        const double end = labels[i].first + 3 + p.fontMetrics().horizontalAdvance(labels[i].second);
        std::size_t next = i + 1;
        while (next < labels.size()
            && labels[next].first < end + 20 + p.fontMetrics().horizontalAdvance(tr("  (+99 more)")))
            ++next;
        QString text = labels[i].second;
        if (next - i > 1)
            text += tr("  (+%1 more)").arg(next - i - 1);
        p.drawText(QPointF(labels[i].first + 3, kAxisHeight + 11), text);
        i = next;
    }
}

void TimelineView::paintViewTime(QPainter& p, double width) const
{
    // Time travel: what came after the moment shown is veiled, and the moment is a line.
    if (m_viewTime < 0)
        return;
    const double x = kGutter + m_axis->toX(m_viewTime);
    if (x < kGutter + width) {
        QColor veil = palette().color(QPalette::Window);
        veil.setAlpha(170);
        const double from = std::max<double>(kGutter, x);
        p.fillRect(QRectF(from, kAxisHeight, kGutter + width - from, viewport()->height() - kAxisHeight), veil);
    }
    if (x >= kGutter && x <= kGutter + width) {
        p.setPen(QPen(QColor(0x6a, 0x3d, 0x9a), 2));
        p.drawLine(QPointF(x, kAxisHeight), QPointF(x, viewport()->height()));
    }
}

void TimelineView::paintAxis(QPainter& p, SimTime t0, SimTime t1) const
{
    // The time axis: about one tick per 100 px, on round values.
    const QPalette& pal = palette();
    p.fillRect(QRectF(0, 0, viewport()->width(), kAxisHeight), pal.color(QPalette::Window));
    const double usPerTick = 100.0 / m_axis->pixelsPerUs;
    const double magnitude = std::pow(10.0, std::floor(std::log10(usPerTick)));
    double step = magnitude;
    for (double m : { 1.0, 2.0, 5.0, 10.0 })
        if (m * magnitude >= usPerTick) {
            step = m * magnitude;
            break;
        }
    p.setPen(pal.color(QPalette::WindowText));
    for (double t = std::ceil(static_cast<double>(t0) / step) * step; t <= static_cast<double>(t1); t += step) {
        const double x = kGutter + m_axis->toX(static_cast<SimTime>(t));
        p.drawLine(QPointF(x, kAxisHeight - 5), QPointF(x, kAxisHeight));
        p.drawText(QPointF(x + 2, kAxisHeight - 8), QString::fromStdString(formatDuration(static_cast<SimTime>(t))));
    }
}

void TimelineView::paintLaneNames(QPainter& p) const
{
    const QPalette& pal = palette();
    p.fillRect(QRectF(0, kAxisHeight, kGutter, viewport()->height()), pal.color(QPalette::Window));
    p.setPen(pal.color(QPalette::WindowText));
    for (int lane = 0; lane < laneCount(); ++lane) {
        if (laneRow(lane) < 0)
            continue;
        QFont font = p.font();
        font.setItalic(m_laneIsTopic[static_cast<std::size_t>(lane)]); // topics in italics
        p.setFont(font);
        p.drawText(QRectF(6, laneY(lane) - kLaneHeight / 2.0, kGutter - 10, kLaneHeight),
            Qt::AlignVCenter | Qt::AlignLeft, m_laneNames[static_cast<std::size_t>(lane)]);
    }
    if (m_arrows.empty()) {
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(viewport()->rect().adjusted(kGutter, kAxisHeight, 0, 0), Qt::AlignCenter,
            tr("Press Play to see the messages travel"));
    }
}

} // namespace eventloom
