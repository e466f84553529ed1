#include "consumeractions.h"

#include <QAction>
#include <QCoreApplication>

namespace eventloom {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("ConsumerActions", text);
}
}

QList<QAction*> ConsumerActions::make(const QString& service, State state, int instances, const QString& prefix,
    QObject* parent, const std::function<void(const InjectionSpec&)>& request)
{
    QList<QAction*> actions;
    const auto add = [&](const QString& text, const char* name, const InjectionSpec& spec, const QString& tip) {
        auto* action = new QAction(text, parent);
        action->setObjectName(prefix + QLatin1String(name));
        action->setToolTip(spec.text());
        action->setStatusTip(tip);
        QObject::connect(action, &QAction::triggered, parent, [request, spec] { request(spec); });
        actions << action;
    };
    using From = InjectionSpec::From;
    if (state == State::Attached) {
        add(tr("Detach %1 (Stop Consuming)").arg(service), "Detach", InjectionSpec::detach(service),
            tr("Its groups stop reading; their committed offsets stay, and their lag grows"));
    } else {
        if (state == State::Detached)
            add(tr("Attach %1 Again, From Its Committed Offsets").arg(service), "AttachCommitted",
                InjectionSpec::attach(service, From::Committed), tr("It reads on where it stopped"));
        add(tr("Attach %1 Now, From the Earliest Offset").arg(service), "AttachEarliest",
            InjectionSpec::attach(service, From::Earliest), tr("It reads the history the topics keep, then keeps up"));
        add(tr("Attach %1 Now, From the Latest Offset").arg(service), "AttachLatest",
            InjectionSpec::attach(service, From::Latest), tr("It reads only what is published from now on"));
    }
    if (instances < InjectionSpec::kMaxInstances)
        add(tr("Scale %1 Up to %2 Instances").arg(service).arg(instances + 1), "ScaleUp",
            InjectionSpec::scale(service, instances + 1), tr("One more instance joins; its groups rebalance"));
    if (instances > 1)
        add(instances == 2 ? tr("Scale %1 Down to 1 Instance").arg(service)
                           : tr("Scale %1 Down to %2 Instances").arg(service).arg(instances - 1),
            "ScaleDown", InjectionSpec::scale(service, instances - 1),
            tr("The last instance leaves; its groups rebalance"));
    return actions;
}

} // namespace eventloom
