#include "sagachart.h"

#include "models/eventlogmodel.h"
#include "models/sagamodel.h"

#include <QHelpEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>
#include <algorithm>
#include <map>

namespace eventloom {

namespace {
constexpr int kMargin = 8;
constexpr int kGap = 6; ///< between two labels of one line

const QColor kSucceeded(0x1a, 0x85, 0x3a);
const QColor kFailed(0xc0, 0x39, 0x2b);
const QColor kTimedOut(0x80, 0x80, 0x80);
const QColor kRunning(0x2b, 0x6c, 0xb0);
const QColor kCompensation(0xd9, 0x82, 0x1e);

/// A try as the moves tell it, before it is placed.
struct Try {
    SimTime from = 0;
    SimTime to = -1; ///< -1: still open
    SagaPhase end = SagaPhase::None;
    bool compensation = false;
    int attempt = 1;
};

std::map<int, std::vector<Try>> triesOf(const SagaModel::Instance& instance)
{
    std::map<int, std::vector<Try>> tries;
    for (const SagaModel::Move& m : instance.moves) {
        if (m.step < 0)
            continue;
        std::vector<Try>& row = tries[m.step];
        switch (m.phase) {
        case SagaPhase::StepStarted:
        case SagaPhase::StepRetried:
            row.push_back({ m.time, -1, SagaPhase::None, false, m.attempt });
            break;
        case SagaPhase::CompensationStarted:
            row.push_back({ m.time, -1, SagaPhase::None, true, m.attempt });
            break;
        case SagaPhase::StepSucceeded:
        case SagaPhase::StepFailed:
        case SagaPhase::StepTimedOut:
        case SagaPhase::CompensationSucceeded:
        case SagaPhase::CompensationFailed: {
            const bool compensation = m.phase >= SagaPhase::CompensationStarted;
            for (auto it = row.rbegin(); it != row.rend(); ++it)
                if (it->compensation == compensation && it->to < 0) {
                    it->to = m.time;
                    it->end = m.phase;
                    break;
                }
            break;
        }
        default:
            break;
        }
    }
    return tries;
}

QColor colourOf(const Try& t)
{
    switch (t.end) {
    case SagaPhase::StepSucceeded:
        return kSucceeded;
    case SagaPhase::StepFailed:
        return kFailed;
    case SagaPhase::CompensationSucceeded:
        return kCompensation;
    case SagaPhase::None:
        return t.compensation ? kCompensation : kRunning;
    default:
        return kTimedOut;
    }
}

QString timeText(SimTime t)
{
    return EventLogModel::formatTime(t).trimmed();
}
}

SagaChart::SagaChart(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("sagaChart"));
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::Base);
}

void SagaChart::setModel(SagaModel* model)
{
    m_model = model;
    m_row = -1;
    connect(model, &SagaModel::instanceChanged, this, [this](int row) {
        if (row == m_row)
            update();
    });
    connect(model, &QAbstractItemModel::modelReset, this, [this] { setInstance(-1); });
    update();
}

void SagaChart::setInstance(int row)
{
    m_row = row;
    updateGeometry();
    update();
}

int SagaChart::rowHeight() const
{
    return 3 * fontMetrics().height() + 8; // the step and its service, its command, its compensation
}

int SagaChart::top() const
{
    return 2 * fontMetrics().height() + 12; // the title, then the time axis
}

QSize SagaChart::minimumSizeHint() const
{
    return { 420, top() + 2 * rowHeight() };
}

QSize SagaChart::sizeHint() const
{
    int steps = 3;
    if (m_model && m_row >= 0 && m_row < m_model->instanceCount())
        if (const SagaDefinition* d = m_model->definition(m_model->instance(m_row).saga))
            steps = static_cast<int>(d->steps.size());
    return { 640, top() + steps * rowHeight() + 2 * fontMetrics().height() + 16 };
}

SagaChart::Layout SagaChart::layout() const
{
    Layout out;
    if (!m_model || m_row < 0 || m_row >= m_model->instanceCount())
        return out;
    const SagaModel::Instance instance = m_model->instanceShown(m_row); // as of the moment shown
    const SagaDefinition* definition = m_model->definition(instance.saga);
    const int steps = definition ? static_cast<int>(definition->steps.size()) : 0;
    const QFontMetrics metrics = fontMetrics();
    QFont boldFont = font();
    boldFont.setBold(true);
    const QFontMetrics boldMetrics(boldFont);
    const int line = metrics.height();
    const QPalette pal = palette();
    const auto add = [&](Label::Kind kind, QRectF rect, const QString& text, QColor colour, int flags,
                         bool bold = false, QString toolTip = {}) {
        const QFontMetrics& m = bold ? boldMetrics : metrics;
        QString shown = text;
        if (!(flags & Qt::TextWordWrap)) {
            shown = m.elidedText(text, Qt::ElideRight, static_cast<int>(rect.width()));
            rect.setWidth(std::min<qreal>(rect.width(), m.horizontalAdvance(shown) + 1));
        }
        if (toolTip.isEmpty() && shown != text)
            toolTip = text;
        out.labels.push_back({ kind, rect, shown, toolTip, colour, bold, flags });
    };

    // The columns: the names of the steps' commands, then the plot.
    const auto compensationText = [](const SagaStep& step) -> QString {
        return QStringLiteral("↩ ") + QString::fromStdString(step.compensation.command);
    };
    int names = 0;
    if (definition)
        for (const SagaDefinition::Notice* notice : { &definition->onCompleted, &definition->onCompensated })
            names = std::max({ names, boldMetrics.horizontalAdvance(QString::fromStdString(notice->command)),
                metrics.horizontalAdvance(tr("end · %1").arg(QString::fromStdString(notice->service))) });
    for (int s = 0; s < steps; ++s) {
        const SagaStep& step = definition->steps[static_cast<std::size_t>(s)];
        names = std::max({ names, boldMetrics.horizontalAdvance(QString::fromStdString(step.action.command)),
            metrics.horizontalAdvance(compensationText(step)),
            metrics.horizontalAdvance(QString::fromStdString(step.service)) });
    }
    const int labelWidth = std::min(names + 2 * kMargin, width() / 3);
    const int plotLeft = labelWidth + kMargin;
    const int plotWidth = std::max(40, width() - plotLeft - 2 * kMargin);
    const int plotRight = plotLeft + plotWidth;
    const int rowH = rowHeight();
    out.plot = QRectF(plotLeft, top(), plotWidth, steps * rowH);

    SimTime first = instance.moves.empty() ? 0 : instance.moves.front().time;
    SimTime last = first;
    for (const SagaModel::Move& m : instance.moves)
        last = std::max(last, m.time);
    if (!instance.state.finished())
        last = std::max(last, first + 1);
    const SimTime span = std::max<SimTime>(1, last - first);
    const auto x
        = [&](SimTime t) { return plotLeft + static_cast<double>(t - first) / static_cast<double>(span) * plotWidth; };

    // The title, with the end state and why at its right; the span's ends under it, at its two ends
    // when there is room for both, else as one range.
    const SagaInstance::Status status = instance.state.status;
    const QColor colour = status == SagaInstance::Status::Completed ? kSucceeded
        : status == SagaInstance::Status::Stuck                     ? kFailed
        : status == SagaInstance::Status::Running                   ? pal.color(QPalette::Text)
                                                                    : kCompensation;
    const QString statusText = QString::fromLatin1(SagaInstance::statusName(status));
    const qreal statusWidth = boldMetrics.horizontalAdvance(statusText) + 1;
    qreal titleRight = width() - kMargin;
    if (instance.state.reason != 0) {
        const QString reason = QStringLiteral("– ") + m_model->atomText(instance.state.reason);
        const qreal reasonWidth = std::min<qreal>(metrics.horizontalAdvance(reason) + 1, width() / 3.0);
        add(Label::Kind::Reason, QRectF(titleRight - reasonWidth, 4, reasonWidth, line), reason,
            pal.color(QPalette::PlaceholderText), Qt::AlignLeft | Qt::AlignVCenter);
        titleRight -= reasonWidth + kGap;
    }
    add(Label::Kind::Status, QRectF(titleRight - statusWidth, 4, statusWidth, line), statusText, colour,
        Qt::AlignLeft | Qt::AlignVCenter, true);
    titleRight -= statusWidth + 2 * kGap;
    // The order's id, and the saga's type after it when there is room (in the id's tooltip otherwise).
    const QString id = m_model->data(m_model->index(m_row, static_cast<int>(SagaModel::Column::Saga))).toString();
    const QString type = m_model->data(m_model->index(m_row, static_cast<int>(SagaModel::Column::Type))).toString();
    const qreal idWidth
        = std::min<qreal>(boldMetrics.horizontalAdvance(id) + 1, std::max<qreal>(0, titleRight - kMargin));
    add(Label::Kind::Title, QRectF(kMargin, 4, idWidth, line), id, pal.color(QPalette::Text),
        Qt::AlignLeft | Qt::AlignVCenter, true, type);
    const QString typeText = QStringLiteral("·  ") + type;
    const qreal typeLeft = kMargin + idWidth + kGap;
    if (typeLeft + metrics.horizontalAdvance(typeText) + 1 <= titleRight)
        add(Label::Kind::Title, QRectF(typeLeft, 4, titleRight - typeLeft, line), typeText,
            pal.color(QPalette::PlaceholderText), Qt::AlignLeft | Qt::AlignVCenter);
    const QString from = timeText(first) + QStringLiteral(" s");
    const QString to = timeText(last) + QStringLiteral(" s");
    const qreal axisY = 6 + line;
    if (metrics.horizontalAdvance(from + to) + 24 <= plotWidth) {
        add(Label::Kind::Axis, QRectF(plotLeft, axisY, plotWidth / 2.0, line), from,
            pal.color(QPalette::PlaceholderText), Qt::AlignLeft | Qt::AlignVCenter);
        const qreal w = metrics.horizontalAdvance(to) + 1;
        add(Label::Kind::Axis, QRectF(plotRight - w, axisY, w, line), to, pal.color(QPalette::PlaceholderText),
            Qt::AlignLeft | Qt::AlignVCenter);
    } else {
        add(Label::Kind::Axis, QRectF(plotLeft, axisY, plotWidth, line), timeText(first) + QStringLiteral(" – ") + to,
            pal.color(QPalette::PlaceholderText), Qt::AlignLeft | Qt::AlignVCenter);
    }

    const std::map<int, std::vector<Try>> tries = triesOf(instance);
    std::vector<QRectF> lastCompensation(static_cast<std::size_t>(steps));
    for (int s = 0; s < steps; ++s) {
        const SagaStep& step = definition->steps[static_cast<std::size_t>(s)];
        const qreal rowTop = top() + s * rowH;
        const QString command = QString::fromStdString(step.action.command);
        const QString service = QString::fromStdString(step.service);
        // The names: the participant, the command, the compensation's command (the step's id in a tooltip).
        add(Label::Kind::Step, QRectF(kMargin, rowTop + 2, labelWidth - kMargin, line), service,
            pal.color(QPalette::PlaceholderText), Qt::AlignLeft | Qt::AlignVCenter, false,
            tr("step %1, at %2").arg(QString::fromStdString(step.id), service));
        add(Label::Kind::Command, QRectF(kMargin, rowTop + 2 + line, labelWidth - kMargin, line), command,
            pal.color(QPalette::Text), Qt::AlignLeft | Qt::AlignVCenter, true);
        if (step.compensable())
            add(Label::Kind::Compensation, QRectF(kMargin, rowTop + 2 + 2 * line, labelWidth - kMargin, line),
                compensationText(step), kCompensation, Qt::AlignLeft | Qt::AlignVCenter);
        // The tries, and their "try N" above them, one after another on the row's first line; one that
        // would overlap the one before joins it ("tries 2–5"), and each bar's tooltip tells its own.
        const auto found = tries.find(s);
        if (found == tries.end())
            continue;
        std::size_t previous = 0; // the last "try N" placed on this row, 0: none yet (label 0 is never one)
        int firstJoined = 0;
        for (const Try& t : found->second) {
            const double x0 = x(t.from);
            const double x1 = std::max(x0 + 4, x(t.to < 0 ? last : t.to));
            const QRectF r(x0, rowTop + 3 + (t.compensation ? 2 : 1) * line, x1 - x0, line - 2);
            const QString name = t.compensation ? QString::fromStdString(step.compensation.command) : command;
            const QString outcome
                = t.end == SagaPhase::None ? tr("waiting") : QString::fromLatin1(sagaPhaseName(t.end).data());
            out.bars.push_back({ r, colourOf(t), t.compensation,
                tr("%1 to %2, try %3: %4, %5 – %6 s")
                    .arg(name, service)
                    .arg(t.attempt)
                    .arg(outcome, timeText(t.from), timeText(t.to < 0 ? last : t.to)) });
            if (t.compensation)
                lastCompensation[static_cast<std::size_t>(s)] = r;
            if (t.attempt <= 1)
                continue;
            const QString text = tr("try %1").arg(t.attempt);
            const qreal textWidth = metrics.horizontalAdvance(text) + 1;
            const qreal after = previous ? out.labels[previous].rect.right() + kGap : plotLeft;
            const qreal left = std::min(std::max(x0, after), plotRight - textWidth); // the last ones end at the right
            if (left >= after && left <= x1 + kGap) {
                add(Label::Kind::Retry, QRectF(left, rowTop + 2, textWidth, line), text, pal.color(QPalette::Text),
                    Qt::AlignLeft | Qt::AlignVCenter);
                previous = out.labels.size() - 1;
                firstJoined = t.attempt;
                continue;
            }
            if (!previous)
                continue; // no room at all: the bar's tooltip tells it
            Label& joined = out.labels[previous];
            const QString joinedText = tr("tries %1–%2").arg(firstJoined).arg(t.attempt);
            const qreal joinedWidth = metrics.horizontalAdvance(joinedText) + 1;
            if (joined.rect.left() + joinedWidth <= plotRight) {
                joined.text = joinedText;
                joined.rect.setWidth(joinedWidth);
            }
        }
    }
    // The compensation path: each compensation leads to the one of the step before it.
    QRectF pathEnd;
    for (int s = steps - 1; s >= 0; --s) {
        const QRectF here = lastCompensation[static_cast<std::size_t>(s)];
        if (here.isNull())
            continue;
        if (!pathEnd.isNull())
            out.compensationPath.push_back(
                { QPointF(pathEnd.right(), pathEnd.center().y()), QPointF(here.left(), here.center().y()) });
        pathEnd = here;
    }
    // The command the owner is sent when the saga ends, as a last row.
    const bool completed = instance.state.status == SagaInstance::Status::Completed;
    const bool compensated = instance.state.status == SagaInstance::Status::Compensated;
    if (definition && (completed || compensated)) {
        const SagaDefinition::Notice& notice = completed ? definition->onCompleted : definition->onCompensated;
        if (notice.valid()) {
            const qreal rowTop = top() + steps * rowH;
            add(Label::Kind::Step, QRectF(kMargin, rowTop + 2, labelWidth - kMargin, line),
                tr("end · %1").arg(QString::fromStdString(notice.service)), pal.color(QPalette::PlaceholderText),
                Qt::AlignLeft | Qt::AlignVCenter);
            add(Label::Kind::Notice, QRectF(kMargin, rowTop + 2 + line, labelWidth - kMargin, line),
                QString::fromStdString(notice.command), completed ? kSucceeded : kCompensation,
                Qt::AlignLeft | Qt::AlignVCenter, true);
            out.noticeColour = completed ? kSucceeded : kCompensation;
            out.notice
                = QPointF(x(instance.state.endedAt >= 0 ? instance.state.endedAt : last), rowTop + 2 + 1.5 * line);
            if (compensated && !pathEnd.isNull())
                out.compensationPath.push_back({ QPointF(pathEnd.right(), pathEnd.center().y()), out.notice });
        }
    }
    return out;
}

QString SagaChart::toolTipAt(QPointF position) const
{
    const Layout shown = layout();
    for (const Bar& bar : shown.bars)
        if (bar.rect.adjusted(-2, -2, 2, 2).contains(position))
            return bar.toolTip;
    for (const Label& label : shown.labels)
        if (label.rect.contains(position))
            return label.toolTip;
    return {};
}

bool SagaChart::event(QEvent* event)
{
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const QString text = toolTipAt(help->pos());
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), text, this);
        return true;
    }
    return QWidget::event(event);
}

void SagaChart::paintEvent(QPaintEvent* event)
{
    (void)event;
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    if (!m_model || m_row < 0 || m_row >= m_model->instanceCount()) {
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap, tr("Select a saga to see its steps and compensations"));
        return;
    }
    const Layout shown = layout();
    // A line under each step's row.
    p.setPen(pal.color(QPalette::Mid));
    for (qreal y = shown.plot.top() + rowHeight() - 1; y < shown.plot.bottom(); y += rowHeight())
        p.drawLine(QPointF(shown.plot.left(), y), QPointF(shown.plot.right(), y));
    for (const Bar& bar : shown.bars) {
        if (bar.compensation) {
            p.setPen(QPen(kCompensation, 1.2));
            p.setBrush(QBrush(kCompensation, Qt::BDiagPattern));
        } else {
            p.setPen(Qt::NoPen);
            p.setBrush(bar.colour);
        }
        p.drawRoundedRect(bar.rect, 3, 3);
    }
    p.setPen(QPen(kCompensation, 1.6, Qt::DashLine));
    p.setBrush(kCompensation);
    for (const auto& [from, to] : shown.compensationPath) {
        p.drawLine(from, to);
        p.drawEllipse(to, 2.5, 2.5);
    }
    if (!shown.notice.isNull()) {
        p.setPen(Qt::NoPen);
        p.setBrush(shown.noticeColour);
        QPainterPath diamond;
        const QPointF c = shown.notice;
        diamond.moveTo(c.x(), c.y() - 6);
        diamond.lineTo(c.x() + 6, c.y());
        diamond.lineTo(c.x(), c.y() + 6);
        diamond.lineTo(c.x() - 6, c.y());
        diamond.closeSubpath();
        p.drawPath(diamond);
    }
    QFont bold = font();
    bold.setBold(true);
    for (const Label& label : shown.labels) {
        p.setFont(label.bold ? bold : font());
        p.setPen(label.colour);
        p.drawText(label.rect, label.flags, label.text);
    }
}

} // namespace eventloom
