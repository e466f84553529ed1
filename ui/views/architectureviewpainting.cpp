// ArchitectureView's geometry and painting: where the nodes and edges go for the widget's size, the diagram
// (drawn once into a pixmap), and each frame's dots, lag badges and captions over it.
#include "architectureview.h"

#include "palette.h"

#include <QFontMetricsF>
#include <QPainter>
#include <algorithm>
#include <cmath>
#include <numeric>

namespace eventloom {

namespace {
using NodeKind = ArchitectureLayout::NodeKind;
using EdgeKind = ArchitectureLayout::EdgeKind;

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
constexpr double kDotRadius = 4.5;
constexpr int kDotSprite = 12; ///< a dot's sprite, square: the dot, its pen and a pixel to spare

const QColor kUp = palette::kGreen;
const QColor kCrashed(0xc0, 0x39, 0x2b);
const QColor kSlow = palette::kOrange;
const QColor kLag = palette::kVermillion;
const QColor kTopicInk = palette::kBlue;
const QColor kDeadLetter = palette::kVermillion;

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
            if (edges[static_cast<std::size_t>(other)].to == e.to
                && edges[static_cast<std::size_t>(other)].kind == e.kind)
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
    std::vector<double> full(static_cast<std::size_t>(layers), kMinColumn),
        compact(static_cast<std::size_t>(layers), kMinColumn);
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

void ArchitectureView::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    const QPalette pal = palette();
    if (m_graph.nodes().empty()) {
        p.fillRect(rect(), pal.color(backgroundRole()));
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter, tr("Open a scenario to see its services and topics."));
        return;
    }
    // The graph changes seldom (a status, a selection, a resize); the dots move every frame. So the
    // graph is drawn once into a pixmap, and a frame is that pixmap, the dots and the badges. The pixmap
    // has the background in it: a frame copies it rather than fill the background and blend over it.
    const qreal ratio = devicePixelRatioF();
    const QSize pixels = (QSizeF(size()) * ratio).toSize();
    if (m_graphDirty || m_graphPixmap.size() != pixels) {
        m_graphPixmap = QPixmap(pixels);
        m_graphPixmap.setDevicePixelRatio(ratio);
        m_graphPixmap.fill(pal.color(backgroundRole()));
        QPainter g(&m_graphPixmap);
        paintGraph(g);
        m_graphDirty = false;
    }
    p.drawPixmap(0, 0, m_graphPixmap);
    p.setRenderHint(QPainter::Antialiasing);
    paintDots(p);
    paintLagBadges(p);
    paintCaptions(p);
}

void ArchitectureView::paintDots(QPainter& p) const
{
    // The messages on their way. A dot is a copy of its colour's sprite, drawn antialiased once, placed to
    // the nearest pixel: an antialiased ellipse each, 300 of them, took ~5 ms a frame at max speed (B10).
    const qreal ratio = devicePixelRatioF();
    if (m_dotSprites.empty() || m_dotSprites.front().devicePixelRatio() != ratio) {
        m_dotSprites.clear();
        for (const QColor& colour : palette::kColours) {
            QPixmap sprite(QSize(kDotSprite, kDotSprite) * ratio);
            sprite.setDevicePixelRatio(ratio);
            sprite.fill(Qt::transparent);
            QPainter s(&sprite);
            s.setRenderHint(QPainter::Antialiasing);
            s.setPen(QPen(colour.darker(150), 1));
            s.setBrush(colour);
            s.drawEllipse(QPointF(kDotSprite / 2.0, kDotSprite / 2.0), kDotRadius, kDotRadius);
            m_dotSprites.push_back(std::move(sprite));
        }
    }
    const qint64 now = m_clock.elapsed();
    for (const Dot& d : m_dots) {
        if (now < d.startMs)
            continue;
        const double t = std::min(1.0, static_cast<double>(now - d.startMs) / static_cast<double>(d.durationMs));
        const QPointF at = m_curves[d.edge].at(t) - QPointF(kDotSprite / 2.0, kDotSprite / 2.0);
        p.drawPixmap(at.toPoint(), m_dotSprites[d.colour % m_dotSprites.size()]);
    }
}

void ArchitectureView::paintLagBadges(QPainter& p) const
{
    const auto& nodes = m_graph.nodes();
    const auto& edges = m_graph.edges();
    const QFontMetricsF smallMetrics(m_smallFont);
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
}

/// What the diagram shows is not everything: a followed order, or dots sampled out.
void ArchitectureView::paintCaptions(QPainter& p) const
{
    const QPalette pal = palette();
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
    p.setRenderHint(QPainter::Antialiasing);
    const int selected = m_selected.isEmpty() ? -1 : m_graph.find(NodeKind::Service, m_selected);
    paintEdges(p, selected);
    // Nodes: services as boxes with their status, topics as pills.
    for (std::size_t i = 0; i < m_graph.nodes().size(); ++i) {
        if (m_graph.nodes()[i].kind == NodeKind::Topic)
            paintTopic(p, i);
        else
            paintService(p, i, static_cast<int>(i) == selected);
    }
}

void ArchitectureView::paintEdges(QPainter& p, int selected) const
{
    const QPalette pal = palette();
    const auto& edges = m_graph.edges();
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
}

void ArchitectureView::paintTopic(QPainter& p, std::size_t i) const
{
    const QPalette pal = palette();
    const ArchitectureLayout::Node& n = m_graph.nodes()[i];
    const QRectF r = m_nodeRects[i];
    const QFontMetricsF topicMetrics(m_topicFont);
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
            return;
        }
    }
    p.drawText(r, Qt::AlignCenter, topicMetrics.elidedText(label, Qt::ElideMiddle, room));
}

void ArchitectureView::paintService(QPainter& p, std::size_t i, bool lit) const
{
    const QPalette pal = palette();
    const QColor highlight = pal.color(QPalette::Highlight);
    const QFont& nameFont = m_nameFont;
    const QFont& smallFont = m_smallFont;
    const QFontMetricsF nameMetrics(nameFont), smallMetrics(smallFont);
    const ArchitectureLayout::Node& n = m_graph.nodes()[i];
    const QRectF r = m_nodeRects[i];
    const bool twoLines = r.height() >= nameMetrics.height() + smallMetrics.height() + 4;
    const Status status = statusOf(static_cast<int>(i));
    const QColor border = status == Status::Crashed ? kCrashed
        : status == Status::Slow                    ? kSlow
        : lit                                       ? highlight
                                                    : pal.color(QPalette::Dark);
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
    const QPointF light
        = m_compact ? r.topLeft() + QPointF(3, 3) : QPointF(r.left() + 9, r.top() + (twoLines ? 11 : r.height() / 2));
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
        p.setPen(status == Status::Crashed ? kCrashed
                : status == Status::Slow   ? QColor(0x9a, 0x63, 0x00)
                                           : pal.color(QPalette::PlaceholderText));
        p.drawText(QRectF(text.left(), text.center().y() + 1, text.width(), text.height() / 2),
            horizontal | Qt::AlignTop, smallMetrics.elidedText(detail, Qt::ElideRight, text.width()));
    } else {
        p.drawText(text, horizontal | Qt::AlignVCenter, nameMetrics.elidedText(n.name, Qt::ElideRight, text.width()));
    }
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
    QString text = n.serviceKind == QLatin1String("workload")                      ? tr("customers")
        : n.serviceKind == QLatin1String("declarative") || n.serviceKind == n.name ? QString()
                                                                                   : n.serviceKind;
    const int instances = m_state[static_cast<std::size_t>(node)].instances;
    if (instances > 1)
        text += (text.isEmpty() ? QString() : QStringLiteral(" ")) + QStringLiteral("×%1").arg(instances);
    switch (consumerOf(node)) { // a consumer that reads nothing now says so first
    case Consumer::Waiting:
        return tr("not attached");
    case Consumer::Detached:
        return tr("detached");
    default:
        return text;
    }
}

} // namespace eventloom
