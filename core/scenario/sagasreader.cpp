#include "sagasreader.h"

#include "scenarioreader.h"

#include <QJsonArray>
#include <QSet>
#include <algorithm>

namespace eventloom {

namespace {
using Reader = ScenarioReader;
QString at(const QString& array, qsizetype i)
{
    return ScenarioReader::at(array, i);
}

/// The commands each built-in e-commerce kind answers (docs/ecommerce-events.md).
QStringList ecommerceCommands(const QString& kind)
{
    if (kind == QLatin1String("order"))
        return { QStringLiteral("PlaceOrder"), QStringLiteral("CancelOrder"), QStringLiteral("ApproveOrder") };
    if (kind == QLatin1String("inventory"))
        return { QStringLiteral("ReserveStock"), QStringLiteral("ReleaseStock") };
    if (kind == QLatin1String("payment"))
        return { QStringLiteral("ChargePayment"), QStringLiteral("RefundPayment") };
    if (kind == QLatin1String("shipping"))
        return { QStringLiteral("ScheduleShipment"), QStringLiteral("CancelShipment") };
    return {};
}

/// A saga action: `command`, `success`, `failure` (one event or several), `timeout`, `retry`.
void readSagaAction(Reader& r, const QJsonObject& o, const QString& path, SagaAction& action, bool compensation)
{
    action.command = r.string(o, path, "command", true).toStdString();
    action.success = r.string(o, path, "success", true).toStdString();
    const QJsonValue failure = o.value(QLatin1String("failure"));
    if (failure.isString()) {
        action.failures.push_back(failure.toString().toStdString());
    } else if (failure.isArray()) {
        for (const QJsonValue& f : failure.toArray()) {
            if (!f.isString() || f.toString().isEmpty())
                r.error(Reader::join(path, QStringLiteral("failure")), QStringLiteral("expected event type names"));
            action.failures.push_back(f.toString().toStdString());
        }
    } else if (!failure.isUndefined()) {
        r.error(Reader::join(path, QStringLiteral("failure")),
            QStringLiteral("expected an event type or an array of them"));
    }
    action.timeout
        = r.duration(o.value(QLatin1String("timeout")), Reader::join(path, QStringLiteral("timeout")), 2 * kSecond);
    if (action.timeout <= 0)
        r.error(Reader::join(path, QStringLiteral("timeout")), QStringLiteral("must be longer than 0"));
    action.retry.count = compensation ? 5 : 0;
    const QJsonValue retry = o.value(QLatin1String("retry"));
    if (retry.isObject()) {
        const QString retryPath = Reader::join(path, QStringLiteral("retry"));
        const QJsonObject policy = retry.toObject();
        r.allowOnly(policy, retryPath, { "count", "backoff", "maxBackoff", "deadline" });
        action.retry.deadline = r.duration(
            policy.value(QLatin1String("deadline")), Reader::join(retryPath, QStringLiteral("deadline")), 0);
        if (policy.contains(QLatin1String("deadline")) && action.retry.deadline <= 0)
            r.error(Reader::join(retryPath, QStringLiteral("deadline")), QStringLiteral("must be longer than 0"));
        // A deadline bounds the tries by time; the count, unless given, only by the most allowed.
        const int defaultCount = action.retry.deadline > 0 ? 100 : action.retry.count;
        action.retry.count = static_cast<int>(r.integer(policy, retryPath, "count", defaultCount, 0, 100));
        action.retry.backoff = r.duration(policy.value(QLatin1String("backoff")),
            Reader::join(retryPath, QStringLiteral("backoff")), 100 * kMillisecond);
        action.retry.maxBackoff = r.duration(
            policy.value(QLatin1String("maxBackoff")), Reader::join(retryPath, QStringLiteral("maxBackoff")), 0);
        if (policy.contains(QLatin1String("maxBackoff")) && action.retry.maxBackoff < action.retry.backoff)
            r.error(Reader::join(retryPath, QStringLiteral("maxBackoff")),
                QStringLiteral("must be at least the backoff (%1)")
                    .arg(QString::fromStdString(formatDuration(action.retry.backoff))));
    } else if (!retry.isUndefined()) {
        r.error(Reader::join(path, QStringLiteral("retry")),
            QStringLiteral("expected an object such as {\"count\": 2, \"backoff\": \"100ms\"}"));
    }
}
}

void SagasReader::read(ScenarioReader& r, const QJsonObject& root, Scenario& s)
{
    const QJsonValue v = root.value(QLatin1String("sagas"));
    if (v.isUndefined())
        return;
    if (!v.isArray()) {
        r.error(QStringLiteral("sagas"), QStringLiteral("expected an array"));
        return;
    }
    const auto service = [&](const QString& id) {
        return std::find_if(s.services.begin(), s.services.end(), [&](const ServiceSpec& x) { return x.id == id; });
    };
    const auto knownTopic = [&](const QString& id) {
        return std::any_of(s.topics.begin(), s.topics.end(), [&](const TopicSpec& t) { return t.id == id; });
    };
    const auto checkService = [&](const QString& id, const QString& path) {
        if (!id.isEmpty() && service(id) == s.services.end())
            r.error(path, QStringLiteral("unknown service '") + id + u'\'');
    };
    // A saga sends commands: the participant must be one that takes that command.
    const auto checkCommand = [&](const QString& serviceId, const std::string& command, const QString& path) {
        const auto svc = service(serviceId);
        if (command.empty() || svc == s.services.end() || svc->kind == QLatin1String("resource"))
            return; // unknown services are reported already; a resource takes the commands its steps name
        const QString name = QString::fromStdString(command);
        QStringList accepted;
        if (svc->kind == QLatin1String("declarative")) {
            for (const QJsonValue& rule : svc->config.value(QLatin1String("rules")).toArray())
                accepted << rule.toObject().value(QLatin1String("on")).toString();
        } else {
            accepted = ecommerceCommands(svc->kind);
        }
        if (accepted.contains(name))
            return;
        QString message = accepted.isEmpty()
            ? QStringLiteral("'%1' (a '%2' service) takes no commands").arg(serviceId, svc->kind)
            : QStringLiteral("'%1' does not take the command '%2'").arg(serviceId, name);
        if (!accepted.isEmpty()) {
            const QString near = ScenarioReader::closest(name, accepted);
            message += near.isEmpty() ? QStringLiteral(" (it takes: %1)").arg(accepted.join(QStringLiteral(", ")))
                                      : QStringLiteral(" (did you mean '%1'?)").arg(near);
        }
        r.error(path, message);
    };
    const auto checkTopic = [&](const QString& id, const QString& path) {
        if (!id.isEmpty() && !knownTopic(id))
            r.error(path, QStringLiteral("unknown topic '") + id + u'\'');
    };
    QSet<QString> seen;
    const QJsonArray array = v.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString path = at(QStringLiteral("sagas"), i);
        if (!array[i].isObject()) {
            r.error(path, QStringLiteral("expected an object"));
            continue;
        }
        const QJsonObject o = array[i].toObject();
        r.allowOnly(o, path,
            { "id", "description", "style", "coordinator", "start", "owner", "onCompleted", "onCompensated", "steps",
                "durableLog" });
        SagaDefinition saga;
        const QString id = r.string(o, path, "id", true);
        saga.id = id.toStdString();
        if (!id.isEmpty() && seen.contains(id))
            r.error(Reader::join(path, QStringLiteral("id")), QStringLiteral("duplicate saga id '") + id + u'\'');
        seen.insert(id);
        const QString style = r.string(o, path, "style", false, QStringLiteral("orchestration"));
        if (style != QLatin1String("orchestration") && style != QLatin1String("choreography"))
            r.error(Reader::join(path, QStringLiteral("style")),
                QStringLiteral("expected \"orchestration\" or \"choreography\""));
        saga.style = style == QLatin1String("choreography") ? SagaDefinition::Style::Choreography
                                                            : SagaDefinition::Style::Orchestration;
        const QString coordinator = r.string(o, path, "coordinator", false, id + QStringLiteral("-coordinator"));
        saga.coordinator = coordinator.toStdString();
        if (service(coordinator) != s.services.end())
            r.error(Reader::join(path, QStringLiteral("coordinator")),
                QStringLiteral("'") + coordinator
                    + QStringLiteral("' is already a service: the coordinator is made by the engine, name it apart"));

        const QString startPath = Reader::join(path, QStringLiteral("start"));
        const QJsonObject start = o.value(QLatin1String("start")).toObject();
        if (!o.value(QLatin1String("start")).isObject())
            r.error(o.contains(QLatin1String("start")) ? startPath : path,
                o.contains(QLatin1String("start")) ? QStringLiteral("expected an object {\"event\": …, \"topic\": …}")
                                                   : QStringLiteral("missing required field 'start'"));
        r.allowOnly(start, startPath, { "event", "topic" });
        saga.startEvent = r.string(start, startPath, "event", o.value(QLatin1String("start")).isObject()).toStdString();
        const QString startTopic
            = r.string(start, startPath, "topic", saga.style == SagaDefinition::Style::Choreography);
        checkTopic(startTopic, Reader::join(startPath, QStringLiteral("topic")));
        saga.startTopic = startTopic.toStdString();
        const QString owner = r.string(o, path, "owner", false);
        checkService(owner, Reader::join(path, QStringLiteral("owner")));
        saga.owner = owner.toStdString();
        saga.durableLog = r.boolean(o, path, "durableLog", true);
        for (const char* key : { "onCompleted", "onCompensated" }) {
            const QString noticePath = Reader::join(path, QLatin1String(key));
            const QJsonValue nv = o.value(QLatin1String(key));
            if (nv.isUndefined())
                continue;
            const QJsonObject no = nv.toObject();
            r.allowOnly(no, noticePath, { "service", "command" });
            SagaDefinition::Notice& notice
                = std::string_view(key) == "onCompleted" ? saga.onCompleted : saga.onCompensated;
            const QString target = r.string(no, noticePath, "service", true);
            checkService(target, Reader::join(noticePath, QStringLiteral("service")));
            notice.service = target.toStdString();
            notice.command = r.string(no, noticePath, "command", true).toStdString();
            checkCommand(target, notice.command, Reader::join(noticePath, QStringLiteral("command")));
        }

        const QString stepsPath = Reader::join(path, QStringLiteral("steps"));
        const QJsonArray steps = o.value(QLatin1String("steps")).toArray();
        if (steps.isEmpty())
            r.error(o.contains(QLatin1String("steps")) ? stepsPath : path,
                o.contains(QLatin1String("steps")) ? QStringLiteral("a saga needs at least one step")
                                                   : QStringLiteral("missing required field 'steps'"));
        QSet<QString> stepIds;
        for (qsizetype k = 0; k < steps.size(); ++k) {
            const QString stepPath = at(stepsPath, k);
            const QJsonObject so = steps[k].toObject();
            r.allowOnly(so, stepPath,
                { "id", "description", "service", "topic", "command", "success", "failure", "timeout", "retry",
                    "compensation" });
            SagaStep step;
            const QString stepId = r.string(so, stepPath, "id", true);
            if (!stepId.isEmpty() && stepIds.contains(stepId))
                r.error(Reader::join(stepPath, QStringLiteral("id")),
                    QStringLiteral("duplicate step id '") + stepId + u'\'');
            stepIds.insert(stepId);
            step.id = stepId.toStdString();
            const QString participant = r.string(so, stepPath, "service", true);
            checkService(participant, Reader::join(stepPath, QStringLiteral("service")));
            step.service = participant.toStdString();
            const QString topic = r.string(so, stepPath, "topic", true);
            checkTopic(topic, Reader::join(stepPath, QStringLiteral("topic")));
            step.topic = topic.toStdString();
            readSagaAction(r, so, stepPath, step.action, false);
            checkCommand(participant, step.action.command, Reader::join(stepPath, QStringLiteral("command")));
            const QJsonValue compensation = so.value(QLatin1String("compensation"));
            if (compensation.isObject()) {
                const QString cPath = Reader::join(stepPath, QStringLiteral("compensation"));
                r.allowOnly(compensation.toObject(), cPath, { "command", "success", "timeout", "retry" });
                readSagaAction(r, compensation.toObject(), cPath, step.compensation, true);
                checkCommand(participant, step.compensation.command, Reader::join(cPath, QStringLiteral("command")));
            } else if (!compensation.isUndefined()) {
                r.error(Reader::join(stepPath, QStringLiteral("compensation")),
                    QStringLiteral("expected an object {\"command\": …, \"success\": …}"));
            } else if (saga.style == SagaDefinition::Style::Choreography && k + 1 < steps.size()) {
                // Compensation travels backwards through every participant: none may break the chain.
                r.error(
                    stepPath, QStringLiteral("in a choreographed saga every step but the last needs a compensation"));
            }
            saga.steps.push_back(std::move(step));
        }
        s.sagas.push_back(std::move(saga));
    }
}

} // namespace eventloom
