#include "scenarioloader.h"

#include "../lessons/lessonreader.h"
#include "jsonguard.h"
#include "jsonlocator.h"
#include "sagasreader.h"
#include "scenariobuilder.h"
#include "scenariocost.h"
#include "scenariolimits.h"
#include "scenariooverrides.h"
#include "scenarioreader.h"
#include "schemasreader.h"
#include "servicesreader.h"
#include "workloadreader.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QSet>
#include <limits>

namespace eventloom {

namespace {
using Reader = ScenarioReader;
QString at(const QString& array, qsizetype i)
{
    return ScenarioReader::at(array, i);
}

void readInjections(Reader& r, const QJsonObject& root, Scenario& s)
{
    const QJsonValue v = root.value(QLatin1String("injections"));
    if (v.isUndefined())
        return;
    if (!v.isArray()) {
        r.error(QStringLiteral("injections"), QStringLiteral("expected an array of injection specs"));
        return;
    }
    const QJsonArray array = v.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString path = at(QStringLiteral("injections"), i);
        QString error;
        const auto spec = InjectionSpec::parse(array[i].toString(), error);
        if (!array[i].isString() || !spec) {
            r.error(path,
                array[i].isString()
                    ? error
                    : QStringLiteral("expected a string such as \"crash@5s,service=inventory,for=3s\""));
            continue;
        }
        if (const QString problem = ScenarioLoader::checkInjection(*spec, s); !problem.isEmpty())
            r.error(path, problem);
        s.injections.push_back(*spec);
    }
}
}

QString ScenarioLoader::checkResetOffset(const InjectionSpec& spec, const Scenario& scenario)
{
    const std::vector<std::pair<QString, QString>> reads = ScenarioBuilder::consumerReads(scenario);
    QStringList groups, topics;
    QSet<QString> seenGroups;
    for (const auto& [group, topic] : reads) {
        if (!seenGroups.contains(group)) {
            seenGroups.insert(group);
            groups << group;
        }
        if (group == spec.group && !topics.contains(topic))
            topics << topic;
    }
    if (topics.isEmpty()) {
        const QString near = ScenarioReader::closest(spec.group, groups);
        const QString hint = near.isEmpty() ? QStringLiteral(" (the groups: %1)").arg(groups.join(QStringLiteral(", ")))
                                            : QStringLiteral(" (did you mean '%1'?)").arg(near);
        return QStringLiteral("unknown consumer group '%1'%2").arg(spec.group, hint);
    }
    if (!spec.topic.isEmpty() && !topics.contains(spec.topic))
        return QStringLiteral("group '%1' does not read topic '%2' (it reads %3)")
            .arg(spec.group, spec.topic, topics.join(QStringLiteral(", ")));
    if (spec.partition) {
        if (spec.topic.isEmpty() && topics.size() > 1)
            return QStringLiteral("group '%1' reads several topics (%2); name the partition's topic with topic=")
                .arg(spec.group, topics.join(QStringLiteral(", ")));
        const QString topic = spec.topic.isEmpty() ? topics.front() : spec.topic;
        const auto t = std::find_if(
            scenario.topics.begin(), scenario.topics.end(), [&](const TopicSpec& x) { return x.id == topic; });
        if (t != scenario.topics.end() && *spec.partition >= t->partitions)
            return QStringLiteral("topic '%1' has %2 partition(s); there is no partition %3")
                .arg(topic)
                .arg(t->partitions)
                .arg(*spec.partition);
    }
    return {};
}

namespace {
/// attach, detach and scale: the service reads a topic, and an attach or a detach finds it detached or
/// attached at its time — after its `attachAt` and the scenario's earlier attaches and detaches of it.
QString checkConsumer(const InjectionSpec& spec, const Scenario& scenario)
{
    static_assert(InjectionSpec::kMaxInstances == ScenarioLimits::kMaxInstances);
    const auto service = std::find_if(
        scenario.services.begin(), scenario.services.end(), [&](const ServiceSpec& x) { return x.id == spec.service; });
    const std::vector<std::pair<QString, QString>> reads = ScenarioBuilder::consumerReads(scenario);
    const auto readsTopic = [&](const QString& group, const QString& topic) {
        return std::find(reads.begin(), reads.end(), std::pair(group, topic)) != reads.end();
    };
    bool consumes = std::any_of(reads.begin(), reads.end(), [&](const auto& r) { return r.first == spec.service; });
    if (service != scenario.services.end())
        for (const SubscriptionSpec& sub : service->subscriptions)
            consumes = consumes || readsTopic(sub.group.isEmpty() ? service->id : sub.group, sub.topic);
    if (!consumes)
        return QStringLiteral("service '%1' consumes nothing (it reads no topic)").arg(spec.service);
    if (spec.kind == InjectionSpec::Kind::Scale)
        return {};
    enum class State { Pending, Attached, Detached };
    const SimTime attachAt = service != scenario.services.end() ? service->attachAt : -1;
    struct Change {
        SimTime at;
        InjectionSpec::Kind kind; // Attach at `attachAt` itself: it comes first at its time (built before)
        bool scheduled;
    };
    std::vector<Change> changes;
    if (attachAt >= 0 && attachAt <= spec.at)
        changes.push_back({ attachAt, InjectionSpec::Kind::Attach, true });
    for (const InjectionSpec& earlier : scenario.injections)
        if ((earlier.kind == InjectionSpec::Kind::Attach || earlier.kind == InjectionSpec::Kind::Detach)
            && earlier.service == spec.service && earlier.at <= spec.at)
            changes.push_back({ earlier.at, earlier.kind, false });
    std::stable_sort(changes.begin(), changes.end(), [](const Change& a, const Change& b) { return a.at < b.at; });
    State state = attachAt >= 0 ? State::Pending : State::Attached;
    for (const Change& c : changes)
        if (c.kind == InjectionSpec::Kind::Detach)
            state = State::Detached;
        else if (!c.scheduled || state == State::Pending) // its `attachAt` attaches only what waits for it
            state = State::Attached;
    const auto time = [](SimTime t) { // "10s", as a spec writes it, when it is whole seconds
        return t % kSecond == 0 ? QStringLiteral("%1s").arg(t / kSecond) : QString::fromStdString(formatDuration(t));
    };
    const QString when = time(spec.at);
    if (spec.kind == InjectionSpec::Kind::Attach && state == State::Attached)
        return QStringLiteral("service '%1' is attached already at %2 (detach it first)").arg(spec.service, when);
    if (spec.kind == InjectionSpec::Kind::Detach && state == State::Pending)
        return QStringLiteral("service '%1' is not attached yet at %2 (it attaches at %3)")
            .arg(spec.service, when, time(attachAt));
    if (spec.kind == InjectionSpec::Kind::Detach && state == State::Detached)
        return QStringLiteral("service '%1' is detached already at %2").arg(spec.service, when);
    return {};
}
}

QString ScenarioLoader::checkInjection(const InjectionSpec& spec, const Scenario& scenario)
{
    const auto service = std::find_if(
        scenario.services.begin(), scenario.services.end(), [&](const ServiceSpec& x) { return x.id == spec.service; });
    const bool coordinator = std::any_of(scenario.sagas.begin(), scenario.sagas.end(), [&](const SagaDefinition& saga) {
        return saga.style == SagaDefinition::Style::Orchestration
            && QString::fromStdString(saga.coordinator) == spec.service;
    });
    if (!spec.service.isEmpty() && service == scenario.services.end() && !coordinator)
        return QStringLiteral("unknown service '") + spec.service + u'\'';
    if (spec.kind == InjectionSpec::Kind::Crash)
        return {};
    if (spec.kind == InjectionSpec::Kind::Attach || spec.kind == InjectionSpec::Kind::Detach
        || spec.kind == InjectionSpec::Kind::Scale)
        return checkConsumer(spec, scenario);
    if (spec.kind == InjectionSpec::Kind::IdempotentProducer)
        return service != scenario.services.end() ? QString()
                                                  : QStringLiteral("a saga coordinator publishes no events of its own");
    if (spec.kind == InjectionSpec::Kind::ResetOffset)
        return checkResetOffset(spec, scenario);
    if (spec.kind == InjectionSpec::Kind::Idempotency)
        return service != scenario.services.end() && serviceKindHasInbox(service->kind)
            ? QString()
            : QStringLiteral("'idempotency' needs a service with an idempotent-consumer inbox (not a declarative, "
                             "read-model or reader service, nor a saga coordinator)");
    if (spec.kind == InjectionSpec::Kind::Fail) {
        if (spec.service.isEmpty())
            return QStringLiteral("'fail' needs service=NAME");
        if (service == scenario.services.end())
            return QStringLiteral("a saga coordinator has no operation that can fail (crash it instead)");
        return serviceKindCanFail(service->kind) ? QString()
                                                 : QStringLiteral("a '") + service->kind
                + QStringLiteral(
                    "' service has no operation that can fail (inventory, payment, shipping and resource services do)");
    }
    // The rules (drop, duplicate, delay, reorder, slow, poison, deploy-schema, producer-retry): their targets must
    // exist.
    if (!spec.topic.isEmpty() && std::none_of(scenario.topics.begin(), scenario.topics.end(), [&](const TopicSpec& t) {
            return t.id == spec.topic;
        }))
        return QStringLiteral("unknown topic '") + spec.topic + u'\'';
    if (spec.kind == InjectionSpec::Kind::DeploySchema && spec.type.isEmpty())
        return QStringLiteral("'deploy-schema' needs type=EVENT (and version=N, default 2)");
    if (spec.kind == InjectionSpec::Kind::DeploySchema && scenario.schemas)
        return scenario.schemas->checkDeploy(spec.type.toStdString(), spec.version.value_or(2));
    return {};
}

ScenarioLoader::Result ScenarioLoader::loadFile(const QString& path, const QStringList& overrides)
{
    QFile file(path);
    if (!file.exists())
        return { std::nullopt, { { path, 0, 0, QStringLiteral("no such file") } } };
    if (!file.open(QIODevice::ReadOnly))
        return { std::nullopt, { { path, 0, 0, QStringLiteral("cannot read: ") + file.errorString() } } };
    if (file.size() > kMaxFileBytes)
        return {
            std::nullopt,
            { { path, 0, 0,
                QStringLiteral("file is %1 bytes; scenarios are limited to %2").arg(file.size()).arg(kMaxFileBytes) } }
        };
    // Never more than the limit, even from a file whose size is not known in advance (/dev/zero, a pipe).
    const QByteArray text = file.read(kMaxFileBytes + 1);
    if (text.size() > kMaxFileBytes)
        return { std::nullopt,
            { { path, 0, 0,
                QStringLiteral("file is larger than %1 bytes, the limit for scenarios").arg(kMaxFileBytes) } } };
    return loadText(text, path, overrides);
}

ScenarioLoader::Result ScenarioLoader::loadText(
    const QByteArray& text, const QString& file, const QStringList& overrides)
{
    Result result;
    // Strict and bounded before QJsonDocument sees it: size, depth, counts, UTF-8, duplicate keys, overflow.
    JsonGuard::Limits limits;
    limits.maxBytes = kMaxFileBytes;
    result.errors = JsonGuard::check(text, file, limits);
    if (!result.errors.empty())
        return result;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(text, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        // Turn the byte offset into a line and column.
        const qsizetype offset
            = parseError.error != QJsonParseError::NoError ? std::min<qsizetype>(parseError.offset, text.size()) : 0;
        int line = 1;
        qsizetype lineStart = 0;
        for (qsizetype i = 0; i < offset; ++i)
            if (text[i] == '\n') {
                ++line;
                lineStart = i + 1;
            }
        const int column = static_cast<int>(QString::fromUtf8(text.mid(lineStart, offset - lineStart)).size()) + 1;
        const QString message = parseError.error != QJsonParseError::NoError
            ? QStringLiteral("invalid JSON: ") + parseError.errorString()
            : QStringLiteral("a scenario must be a JSON object");
        result.errors.push_back({ file, line, column, message });
        return result;
    }

    QJsonObject root = doc.object();
    for (const QString& assignment : overrides)
        if (const QString error = applyOverride(root, assignment); !error.isEmpty())
            result.errors.push_back({ QStringLiteral("--set ") + assignment, 0, 0, error });
    if (!result.errors.empty())
        return result;

    const JsonLocator locator(text);
    Reader r(file, locator, result.errors);
    // Counts first: a document over them is refused for that alone, before anything is read from it.
    if (!ScenarioLimits::checkCounts(r, root))
        return result;
    Scenario s;
    s.file = file;
    s.json = root;
    s.overrides = overrides;
    r.allowOnly(root, QString(),
        { "$schema", "id", "title", "summary", "seed", "until", "commandLatency", "topics", "services", "workload",
            "injections", "interaction", "sagas", "schemas", "checks", "lesson" });
    s.id = r.string(root, QString(), "id", true);
    s.title = r.string(root, QString(), "title", false, s.id);
    s.summary = r.string(root, QString(), "summary", false);
    s.seed = static_cast<std::uint64_t>(r.integer(root, QString(), "seed", 1, 0, std::numeric_limits<qint64>::max()));
    s.until = r.duration(root.value(QLatin1String("until")), QStringLiteral("until"), 0);
    s.commandLatency
        = r.duration(root.value(QLatin1String("commandLatency")), QStringLiteral("commandLatency"), kMillisecond);
    s.interaction = r.string(root, QString(), "interaction", false, QStringLiteral("events"));
    if (s.interaction != QLatin1String("events") && s.interaction != QLatin1String("sync"))
        r.error(QStringLiteral("interaction"), QStringLiteral("expected \"events\" or \"sync\""));
    ServicesReader::readTopics(r, root, s);
    ServicesReader::read(r, root, s);
    ServicesReader::readRules(r, s);
    WorkloadReader::read(r, root, s);
    SagasReader::read(r, root, s);
    SchemasReader::read(r, root, s); // before the injections: deploy-schema names a declared version
    readInjections(r, root, s);
    readChecksAndLesson(r, root, s);
    if (result.errors.empty()) {
        // Valid, but is it affordable? Estimated from its shape, before anything is built.
        if (const ScenarioCost cost = ScenarioCost::of(s); !cost.withinBudget())
            r.error(cost.largest().path, cost.overBudgetMessage());
    }
    if (result.errors.empty())
        result.scenario = std::move(s);
    return result;
}

} // namespace eventloom
