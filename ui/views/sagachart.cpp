#include "sagachart.h"

#include "models/eventlogmodel.h"
#include "models/sagamodel.h"

#include <QPainter>
#include <QPainterPath>
#include <algorithm>
#include <map>

namespace eventloom {

namespace {
constexpr int kRowHeight = 46;
constexpr int kTop = 34;
constexpr int kLabelWidth = 150;
constexpr int kRightMargin = 130;

const QColor kSucceeded(0x1a, 0x85, 0x3a);
const QColor kFailed(0xc0, 0x39, 0x2b);
const QColor kTimedOut(0x80, 0x80, 0x80);
const QColor kRunning(0x2b, 0x6c, 0xb0);
const QColor kCompensation(0xd9, 0x82, 0x1e);

struct Bar {
    SimTime from = 0;
    SimTime to = -1; ///< -1: still open
    QColor colour;
    bool compensation = false;
    int attempt = 1;
};
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

QSize SagaChart::minimumSizeHint() const
{
    return { kLabelWidth + kRightMargin + 120, kTop + 2 * kRowHeight };
}

QSize SagaChart::sizeHint() const
{
    int steps = 3;
    if (m_model && m_row >= 0 && m_row < m_model->instanceCount())
        if (const SagaDefinition* d = m_model->definition(m_model->instance(m_row).saga))
            steps = static_cast<int>(d->steps.size());
    return { 640, kTop + steps * kRowHeight + 24 };
}

void SagaChart::paintEvent(QPaintEvent* event)
{
    (void)event;
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    if (!m_model || m_row < 0 || m_row >= m_model->instanceCount()) {
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter, tr("Select a saga to see its steps and compensations"));
        return;
    }
    const SagaModel::Instance instance = m_model->instanceShown(m_row); // as of the moment shown, when time travelling
    const SagaDefinition* definition = m_model->definition(instance.saga);
    const int steps = definition ? static_cast<int>(definition->steps.size()) : 0;

    // Bars per step, from the moves in order.
    std::map<int, std::vector<Bar>> bars;
    SimTime first = instance.moves.empty() ? 0 : instance.moves.front().time;
    SimTime last = first;
    for (const SagaModel::Move& m : instance.moves) {
        last = std::max(last, m.time);
        if (m.step < 0)
            continue;
        std::vector<Bar>& row = bars[m.step];
        switch (m.phase) {
        case SagaPhase::StepStarted:
        case SagaPhase::StepRetried:
            row.push_back({ m.time, -1, kRunning, false, m.attempt });
            break;
        case SagaPhase::CompensationStarted:
            row.push_back({ m.time, -1, kCompensation, true, m.attempt });
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
                    it->colour = m.phase == SagaPhase::StepSucceeded  ? kSucceeded
                        : m.phase == SagaPhase::StepFailed            ? kFailed
                        : m.phase == SagaPhase::CompensationSucceeded ? kCompensation
                                                                      : kTimedOut;
                    break;
                }
            break;
        }
        default:
            break;
        }
    }
    if (!instance.state.finished())
        last = std::max(last, first + 1);
    const SimTime span = std::max<SimTime>(1, last - first);
    const int plotLeft = kLabelWidth;
    const int plotWidth = std::max(40, width() - kLabelWidth - kRightMargin);
    const auto x
        = [&](SimTime t) { return plotLeft + static_cast<double>(t - first) / static_cast<double>(span) * plotWidth; };

    // Title and time axis.
    QFont bold = font();
    bold.setBold(true);
    p.setFont(bold);
    p.setPen(pal.color(QPalette::Text));
    const QString title = m_model->data(m_model->index(m_row, static_cast<int>(SagaModel::Column::Saga))).toString()
        + QStringLiteral("  ·  ")
        + m_model->data(m_model->index(m_row, static_cast<int>(SagaModel::Column::Type))).toString();
    p.drawText(QRect(8, 4, width() - 16, 18), Qt::AlignLeft | Qt::AlignVCenter, title);
    p.setFont(font());
    p.setPen(pal.color(QPalette::PlaceholderText));
    // The span's ends, at its two ends when there is room for both, else as one range.
    const QString from = EventLogModel::formatTime(first).trimmed();
    const QString to = EventLogModel::formatTime(last).trimmed() + QStringLiteral(" s");
    const QRect ends(plotLeft, 16, plotWidth, 16);
    if (p.fontMetrics().horizontalAdvance(from + to) + 24 <= plotWidth) {
        p.drawText(ends, Qt::AlignLeft | Qt::AlignVCenter, from + QStringLiteral(" s"));
        p.drawText(ends, Qt::AlignRight | Qt::AlignVCenter, to);
    } else {
        p.drawText(ends, Qt::AlignLeft | Qt::AlignVCenter, from + QStringLiteral(" – ") + to);
    }

    std::vector<QRectF> compensationBars(static_cast<std::size_t>(steps));
    for (int s = 0; s < steps; ++s) {
        const int top = kTop + s * kRowHeight;
        p.setPen(pal.color(QPalette::Mid));
        p.drawLine(plotLeft, top + kRowHeight - 1, plotLeft + plotWidth, top + kRowHeight - 1);
        p.setPen(pal.color(QPalette::Text));
        const SagaStep& step = definition->steps[static_cast<std::size_t>(s)];
        p.drawText(QRect(8, top, kLabelWidth - 12, kRowHeight / 2), Qt::AlignLeft | Qt::AlignBottom,
            QString::fromStdString(step.id));
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(QRect(8, top + kRowHeight / 2, kLabelWidth - 12, kRowHeight / 2), Qt::AlignLeft | Qt::AlignTop,
            QString::fromStdString(step.service));
        for (const Bar& bar : bars[s]) {
            const double x0 = x(bar.from);
            const double x1 = std::max(x0 + 4, x(bar.to < 0 ? last : bar.to));
            const QRectF r(x0, top + (bar.compensation ? kRowHeight / 2 + 2 : 6), x1 - x0, kRowHeight / 2 - 8);
            if (bar.compensation) {
                p.setPen(QPen(kCompensation, 1.2));
                p.setBrush(QBrush(kCompensation, Qt::BDiagPattern));
                compensationBars[static_cast<std::size_t>(s)] = r;
            } else {
                p.setPen(Qt::NoPen);
                p.setBrush(bar.colour);
            }
            p.drawRoundedRect(r, 3, 3);
            if (bar.attempt > 1) {
                p.setPen(pal.color(QPalette::Text));
                p.drawText(
                    r.adjusted(0, -12, 40, 0).toRect(), Qt::AlignLeft | Qt::AlignTop, tr("try %1").arg(bar.attempt));
            }
        }
    }
    // The compensation path: each compensation leads to the one of the step before it.
    p.setPen(QPen(kCompensation, 1.6, Qt::DashLine));
    p.setBrush(kCompensation);
    for (int s = steps - 1; s > 0; --s) {
        const QRectF from = compensationBars[static_cast<std::size_t>(s)];
        const QRectF to = compensationBars[static_cast<std::size_t>(s - 1)];
        if (from.isNull() || to.isNull())
            continue;
        const QPointF a(from.right(), from.center().y());
        const QPointF b(to.left(), to.center().y());
        p.drawLine(a, b);
        p.drawEllipse(b, 2.5, 2.5);
    }
    // The end state.
    const QString status = QString::fromLatin1(SagaInstance::statusName(instance.state.status));
    QColor colour = pal.color(QPalette::Text);
    if (instance.state.status == SagaInstance::Status::Completed)
        colour = kSucceeded;
    else if (instance.state.status == SagaInstance::Status::Stuck)
        colour = kFailed;
    else if (instance.state.status != SagaInstance::Status::Running)
        colour = kCompensation;
    p.setPen(colour);
    p.setFont(bold);
    p.drawText(QRect(plotLeft + plotWidth + 12, kTop, kRightMargin - 16, 20), Qt::AlignLeft | Qt::AlignVCenter, status);
    p.setFont(font());
    if (instance.state.reason != 0) {
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(QRect(plotLeft + plotWidth + 12, kTop + 20, kRightMargin - 16, 3 * kRowHeight),
            Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, m_model->atomText(instance.state.reason));
    }
}

} // namespace eventloom
