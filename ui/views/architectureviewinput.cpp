// ArchitectureView's interaction: which node is under the pointer, selecting and activating a service, its
// fault actions and context menu, and the tooltips.
#include "architectureview.h"

#include "consumeractions.h"

#include "scenario/scenario.h"

#include <QAction>
#include <QContextMenuEvent>
#include <QHelpEvent>
#include <QMenu>
#include <QMouseEvent>
#include <QToolTip>

namespace eventloom {

namespace {
using NodeKind = ArchitectureLayout::NodeKind;
using EdgeKind = ArchitectureLayout::EdgeKind;
}

int ArchitectureView::nodeAt(QPointF pos) const
{
    for (std::size_t i = 0; i < m_nodeRects.size(); ++i)
        if (m_nodeRects[i].adjusted(-3, -3, 3, 3).contains(pos))
            return static_cast<int>(i);
    return -1;
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
    const auto add = [&](const QString& text, const char* name, const InjectionSpec& spec) {
        auto* action = new QAction(text, parent);
        action->setObjectName(QLatin1String(name));
        action->setToolTip(spec.text());
        connect(action, &QAction::triggered, this, [this, spec] { Q_EMIT injectRequested(spec); });
        actions << action;
        return action;
    };
    add(tr("Crash for 5 s"), "actionArchitectureCrash", InjectionSpec::crash(service, 5 * kSecond));
    add(tr("Slow ×4 for 10 s"), "actionArchitectureSlow", InjectionSpec::slow(service, 4).lasting(10 * kSecond));
    if (const std::optional<bool> on = m_state[static_cast<std::size_t>(node)].idempotent) {
        QAction* idempotency = add(*on ? tr("Turn Idempotency Off") : tr("Turn Idempotency On"),
            "actionArchitectureIdempotency", InjectionSpec::idempotency(service, !*on));
        idempotency->setStatusTip(*on ? tr("Redelivered and duplicated messages will repeat their effects")
                                      : tr("Messages already handled will be skipped"));
    }
    if (serviceKindCanFail(kind)) {
        if (service == QLatin1String("payment"))
            add(tr("Fail Next Payment"), "actionArchitectureFailNext", InjectionSpec::failNextPayment());
        else
            add(tr("Fail Next Operation"), "actionArchitectureFailNext", InjectionSpec::failNext(service));
    }
    addConsumerActions(service, node, actions, parent);
    return actions;
}

void ArchitectureView::addConsumerActions(const QString& service, int node, QList<QAction*>& actions, QObject* parent)
{
    const Consumer consumer = consumerOf(node);
    if (consumer == Consumer::None)
        return;
    auto* separator = new QAction(parent);
    separator->setSeparator(true);
    actions << separator;
    using State = ConsumerActions::State;
    const State state = consumer == Consumer::Attached ? State::Attached
        : consumer == Consumer::Detached               ? State::Detached
                                                       : State::Waiting;
    actions << ConsumerActions::make(service, state, m_state[static_cast<std::size_t>(node)].instances,
        QStringLiteral("actionArchitecture"), parent,
        [this](const InjectionSpec& spec) { Q_EMIT injectRequested(spec); });
}

void ArchitectureView::contextMenuEvent(QContextMenuEvent* event)
{
    // The menu key opens the selected service's menu, beside it.
    const bool keyboard = event->reason() == QContextMenuEvent::Keyboard;
    const int node
        = keyboard && !m_selected.isEmpty() ? m_graph.find(NodeKind::Service, m_selected) : nodeAt(event->pos());
    if (node < 0 || m_graph.nodes()[static_cast<std::size_t>(node)].kind != NodeKind::Service)
        return;
    const QPoint at = keyboard ? mapToGlobal(m_nodeRects[static_cast<std::size_t>(node)].bottomLeft().toPoint())
                               : event->globalPos();
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
                lines << tr("group %1: lag %2")
                             .arg(e.group.toHtmlEscaped(), value ? QString::number(*value) : QStringLiteral("–"));
            }
    } else {
        const QString state = statusOf(node) == Status::Crashed ? tr("crashed")
            : statusOf(node) == Status::Slow                    ? tr("slow")
                                                                : tr("up");
        lines << tr("%1 service, %2 instance(s), %3").arg(n.serviceKind.toHtmlEscaped()).arg(n.instances).arg(state);
        if (const std::optional<bool> on = m_state[static_cast<std::size_t>(node)].idempotent)
            lines << (*on ? tr("idempotent consumer on") : tr("idempotent consumer off"));
        lines << tr("Right-click for faults; double-click for its state");
    }
    QToolTip::showText(help->globalPos(), lines.join(QStringLiteral("<br>")), this);
    return true;
}

} // namespace eventloom
