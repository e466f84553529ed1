#include "faultengine.h"

#include "../bus/consumergroup.h"
#include "../sim/simulation.h"
#include "faultinjector.h"

#include <algorithm>

namespace eventloom {

FaultEngine::FaultEngine(Simulation& sim)
    : m_sim(&sim)
{
    m_breakpointReason = sim.mutableLog().atoms().intern("breakpoint");
    m_poisonReason = sim.mutableLog().atoms().intern("poison record: the handler threw");
}

QString FaultEngine::check(const InjectionSpec& spec, const Simulation& sim)
{
    if (!spec.service.isEmpty() && sim.findService(spec.service.toStdString()) == kNoIndex)
        return QStringLiteral("%1: unknown service '%2'").arg(spec.text(), spec.service);
    if (!spec.topic.isEmpty() && sim.bus().findTopic(sim.log().atoms().find(spec.topic.toStdString())) == kNoIndex)
        return QStringLiteral("%1: unknown topic '%2'").arg(spec.text(), spec.topic);
    switch (spec.kind) {
    case InjectionSpec::Kind::Slow:
        if (spec.service.isEmpty())
            return QStringLiteral("%1: 'slow' needs service=NAME").arg(spec.text());
        break;
    case InjectionSpec::Kind::DeploySchema:
        if (spec.type.isEmpty())
            return QStringLiteral("%1: 'deploy-schema' needs type=EVENT (and version=N, default 2)").arg(spec.text());
        if (sim.schemas())
            if (QString problem = sim.schemas()->checkDeploy(spec.type.toStdString(), spec.version.value_or(2));
                !problem.isEmpty())
                return spec.text() + QStringLiteral(": ") + problem;
        break;
    case InjectionSpec::Kind::Crash:
    case InjectionSpec::Kind::Fail:
    case InjectionSpec::Kind::Idempotency:
    case InjectionSpec::Kind::IdempotentProducer:
        return QStringLiteral("%1: crash, fail and idempotency are not rules").arg(spec.text());
    default:
        break;
    }
    return {};
}

QString FaultEngine::addRule(const InjectionSpec& spec, const QString& traced)
{
    if (QString problem = check(spec, *m_sim); !problem.isEmpty())
        return problem;
    AtomTable& atoms = m_sim->mutableLog().atoms();
    const Atom id = spec.id.isEmpty() ? 0 : atoms.intern(spec.id.toStdString());
    if (id != 0)
        for (Rule& earlier : m_rules)
            if (earlier.id == id && earlier.until > m_sim->now())
                earlier.until = m_sim->now(); // replaced: no longer in force from now
    if ((spec.probability && *spec.probability <= 0.0) || (spec.duration && *spec.duration <= 0))
        return {}; // can never fire: it only ended the rule it replaces
    Rule rule;
    rule.id = id;
    rule.kind = spec.kind;
    rule.text = atoms.intern(traced.toStdString());
    rule.from = m_sim->now();
    if (spec.duration)
        rule.until = addTime(rule.from, *spec.duration);
    if (!spec.topic.isEmpty())
        rule.topic = m_sim->bus().findTopic(atoms.find(spec.topic.toStdString()));
    rule.partition = spec.partition.value_or(-1);
    rule.type = spec.type.isEmpty() ? 0 : atoms.intern(spec.type.toStdString());
    rule.service = spec.service.isEmpty() ? kNoIndex : m_sim->findService(spec.service.toStdString());
    rule.group = spec.group.isEmpty() ? 0 : atoms.intern(spec.group.toStdString());
    rule.drawn = spec.probability.has_value();
    rule.probability = spec.probability.value_or(1.0);
    rule.remaining = spec.count ? *spec.count : -1;
    rule.latency = spec.latency.value_or(100 * kMillisecond);
    rule.jitter = spec.jitter.value_or(0);
    rule.window = spec.window.value_or(3);
    rule.copies = spec.copies.value_or(1);
    rule.version = spec.version.value_or(2);
    rule.factor = spec.factor.value_or(10.0);
    // Its own stream, named after the spec as traced: the n-th identical spec gets its own too.
    const auto same = std::count_if(m_rules.begin(), m_rules.end(), [&](const Rule& r) { return r.text == rule.text; });
    std::string name = "fault:" + traced.toStdString();
    if (same > 0)
        name += '#' + std::to_string(same);
    rule.random = RandomStream::derive(m_sim->seed(), name);
    switch (rule.kind) {
    case InjectionSpec::Kind::Poison:
        m_poison = true;
        break;
    case InjectionSpec::Kind::Slow:
        m_slow = true;
        break;
    case InjectionSpec::Kind::DeploySchema:
        m_schema = true;
        break;
    case InjectionSpec::Kind::ProducerRetry:
        m_produce = true;
        break;
    default:
        m_delivery = true;
        break;
    }
    m_rules.push_back(std::move(rule));
    return {};
}

bool FaultEngine::inForce(const Rule& rule) const
{
    const SimTime now = m_sim->now();
    return now >= rule.from && now < rule.until && rule.remaining != 0;
}

bool FaultEngine::fires(Rule& rule)
{
    if (rule.drawn && !rule.random.chance(rule.probability))
        return false;
    if (rule.remaining > 0)
        --rule.remaining;
    return true;
}

SimTime FaultEngine::slowed(std::uint16_t service, Atom type, SimTime processing)
{
    double factor = 1.0;
    for (Rule& rule : m_rules)
        if (rule.kind == InjectionSpec::Kind::Slow && rule.service == service && (rule.type == 0 || rule.type == type)
            && inForce(rule) && fires(rule))
            factor *= rule.factor;
    return factor == 1.0 ? processing : durationFromDouble(static_cast<double>(processing) * factor); // saturates
}

ProduceDecision FaultEngine::produce(std::uint16_t producer, const Event& event)
{
    if (!m_produce)
        return {};
    for (Rule& rule : m_rules)
        if (rule.kind == InjectionSpec::Kind::ProducerRetry && (rule.service == kNoIndex || rule.service == producer)
            && (rule.topic == kNoIndex || rule.topic == event.topic)
            && (rule.partition < 0 || rule.partition == event.partition) && (rule.type == 0 || rule.type == event.type)
            && inForce(rule) && fires(rule))
            return { rule.latency, rule.text };
    return {};
}

std::uint16_t FaultEngine::versionFor(std::uint16_t producer, std::uint16_t topic, Atom type, std::uint16_t version)
{
    for (Rule& rule : m_rules)
        if (rule.kind == InjectionSpec::Kind::DeploySchema && rule.type == type
            && (rule.service == kNoIndex || rule.service == producer) && (rule.topic == kNoIndex || rule.topic == topic)
            && inForce(rule) && fires(rule))
            return static_cast<std::uint16_t>(rule.version);
    return version;
}

DeliveryDecision FaultEngine::decide(const DueDelivery& d, const ConsumerGroup& group, const Event& event)
{
    DeliveryDecision decision;
    if (m_breakAny
        || std::find(m_breakServices.begin(), m_breakServices.end(), group.service) != m_breakServices.end()) {
        decision.action = DeliveryDecision::Action::Hold;
        m_pending.push_back({ m_nextPending++, d.group, d.partition, d.offset, d.message,
            group.partitions[static_cast<std::size_t>(d.partition)].epoch, m_sim->now() });
        return decision;
    }
    if (!m_delivery)
        return decision;
    for (Rule& rule : m_rules) {
        using Kind = InjectionSpec::Kind;
        if (rule.kind != Kind::Drop && rule.kind != Kind::Duplicate && rule.kind != Kind::Delay
            && rule.kind != Kind::Reorder)
            continue;
        if ((rule.topic != kNoIndex && rule.topic != group.topic)
            || (rule.partition >= 0 && rule.partition != d.partition) || (rule.type != 0 && rule.type != event.type)
            || (rule.service != kNoIndex && rule.service != group.service)
            || (rule.group != 0 && rule.group != group.name) || !inForce(rule))
            continue;
        const std::int64_t window = std::min<std::int64_t>(rule.window, d.available);
        if (rule.kind == Kind::Reorder && window < 2)
            continue; // nothing to reorder yet: the amount is kept for a window that has
        if (!fires(rule))
            continue;
        decision.reason = rule.text;
        switch (rule.kind) {
        case Kind::Drop:
            decision.action = DeliveryDecision::Action::Drop;
            break;
        case Kind::Duplicate:
            decision.action = DeliveryDecision::Action::Duplicate;
            decision.copies = static_cast<std::uint16_t>(rule.copies);
            break;
        case Kind::Delay:
            decision.action = DeliveryDecision::Action::Delay;
            decision.delay = addTime(rule.latency, rule.jitter > 0 ? rule.random.uniformInt(0, rule.jitter) : 0);
            break;
        default: {
            decision.action = DeliveryDecision::Action::Reorder;
            decision.order.resize(static_cast<std::size_t>(window));
            for (std::int64_t i = 0; i < window; ++i)
                decision.order[static_cast<std::size_t>(i)] = d.offset + i;
            // Fisher-Yates with the rule's stream; an unchanged order is shuffled again (a reorder must reorder).
            do {
                for (std::size_t i = decision.order.size() - 1; i > 0; --i)
                    std::swap(decision.order[i],
                        decision
                            .order[static_cast<std::size_t>(rule.random.uniformInt(0, static_cast<std::int64_t>(i)))]);
            } while (std::is_sorted(decision.order.begin(), decision.order.end()));
            break;
        }
        }
        return decision;
    }
    return decision;
}

void FaultEngine::published(std::uint32_t message)
{
    if (!m_poison)
        return;
    const Event& event = m_sim->log().at(message);
    for (std::size_t i = 0; i < m_rules.size(); ++i) {
        Rule& rule = m_rules[i];
        if (rule.kind != InjectionSpec::Kind::Poison || (rule.topic != kNoIndex && rule.topic != event.topic)
            || (rule.partition >= 0 && rule.partition != event.partition) || (rule.type != 0 && rule.type != event.type)
            || !inForce(rule) || !fires(rule))
            continue;
        m_poisoned.emplace_back(message, i);
        TraceRecord r;
        r.kind = TraceKind::Poisoned;
        r.message = message;
        r.topic = event.topic;
        r.partition = event.partition;
        r.offset = event.offset;
        r.detail = rule.text;
        m_sim->traceFor(kNoIndex, r);
        return;
    }
}

HandleResult FaultEngine::intercept(std::uint16_t group, const ConsumerGroup& g, std::uint32_t message)
{
    (void)group;
    if (m_poisoned.empty())
        return { HandleOutcome::None, 0 };
    const auto it = std::lower_bound(m_poisoned.begin(), m_poisoned.end(), std::make_pair(message, std::size_t { 0 }));
    if (it == m_poisoned.end() || it->first != message)
        return { HandleOutcome::None, 0 };
    const Rule& rule = m_rules[it->second];
    if ((rule.service != kNoIndex && rule.service != g.service) || (rule.group != 0 && rule.group != g.name))
        return { HandleOutcome::None, 0 };
    return { HandleOutcome::Failed, m_poisonReason };
}

void FaultEngine::setBreakpoint(std::uint16_t service)
{
    if (service == kNoIndex)
        m_breakAny = true;
    else if (std::find(m_breakServices.begin(), m_breakServices.end(), service) == m_breakServices.end())
        m_breakServices.push_back(service);
}

void FaultEngine::clearBreakpoint(std::uint16_t service)
{
    if (service == kNoIndex)
        m_breakAny = false;
    else
        std::erase(m_breakServices, service);
}

void FaultEngine::clearBreakpoints()
{
    m_breakAny = false;
    m_breakServices.clear();
}

bool FaultEngine::stale(const PendingDelivery& p) const
{
    const PartitionCursor& c = m_sim->bus().group(p.group).partitions[static_cast<std::size_t>(p.partition)];
    return c.epoch != p.epoch || !c.busy || c.next != p.offset + 1;
}

void FaultEngine::dropStale()
{
    std::erase_if(m_pending, [this](const PendingDelivery& p) { return stale(p); });
}

bool FaultEngine::resolve(std::uint64_t id, Choice choice, std::uint16_t copies, SimTime delay)
{
    const auto it
        = std::find_if(m_pending.begin(), m_pending.end(), [id](const PendingDelivery& p) { return p.id == id; });
    if (it == m_pending.end())
        return false;
    const PendingDelivery p = *it;
    m_pending.erase(it);
    DeliveryDecision decision;
    decision.reason = m_breakpointReason;
    switch (choice) {
    case Choice::Deliver:
        decision.action = DeliveryDecision::Action::Deliver;
        break;
    case Choice::Drop:
        decision.action = DeliveryDecision::Action::Drop;
        break;
    case Choice::Duplicate:
        decision.action = DeliveryDecision::Action::Duplicate;
        decision.copies = std::max<std::uint16_t>(1, copies);
        break;
    case Choice::Delay:
        decision.action = DeliveryDecision::Action::Delay;
        decision.delay = std::max<SimTime>(0, delay);
        break;
    }
    return m_sim->mutableBus().resolveHeld(p.group, p.partition, p.offset, p.epoch, decision);
}

const FaultEngine::PendingDelivery* FaultEngine::findPending(const InjectionSpec& spec) const
{
    const AtomTable& atoms = m_sim->log().atoms();
    const Atom group = atoms.find(spec.group.toStdString());
    const Atom topic = spec.topic.isEmpty() ? 0 : atoms.find(spec.topic.toStdString());
    for (const PendingDelivery& p : m_pending) {
        const ConsumerGroup& g = m_sim->bus().group(p.group);
        if (g.name == group && (topic == 0 || m_sim->bus().topic(g.topic).name == topic)
            && p.partition == spec.partition && p.offset == spec.offset && !stale(p))
            return &p;
    }
    return nullptr;
}

bool FaultEngine::waiting()
{
    if (m_pending.empty())
        return false;
    dropStale();
    return !m_pending.empty();
}

void FaultEngine::scheduleAtPause(const InjectionSpec& spec)
{
    const auto after = std::upper_bound(
        m_atPause.begin(), m_atPause.end(), spec.at, [](SimTime at, const InjectionSpec& s) { return at < s.at; });
    m_atPause.insert(after, spec);
}

bool FaultEngine::applyAtPause()
{
    const SimTime now = m_sim->now();
    const auto missed
        = std::find_if(m_atPause.begin(), m_atPause.end(), [now](const InjectionSpec& s) { return s.at >= now; });
    m_atPause.erase(m_atPause.begin(), missed); // no pause at their time: nothing to do them at
    if (m_atPause.empty() || m_atPause.front().at != now)
        return false;
    const InjectionSpec spec = std::move(m_atPause.front());
    m_atPause.erase(m_atPause.begin());
    if (const QString problem = FaultInjector::applyNow(spec, *m_sim); !problem.isEmpty())
        m_sim->injectionQueue().refuse(problem);
    dropStale(); // a crash done at the pause takes its held deliveries with it
    return true;
}

} // namespace eventloom
