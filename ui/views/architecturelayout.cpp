#include "architecturelayout.h"

#include "scenario/scenario.h"
#include "scenario/scenariobuilder.h"

#include <QJsonArray>
#include <QJsonObject>
#include <algorithm>
#include <cstddef>

namespace eventloom {

namespace {
QString qtext(std::string_view s)
{
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

/// Where the built-in e-commerce kinds publish (docs/ecommerce-events.md, "Topics").
QString kindTopic(const ServiceSpec& spec)
{
    if (spec.kind == QLatin1String("order") || spec.kind == QLatin1String("fraud"))
        return QStringLiteral("orders.events");
    if (spec.kind == QLatin1String("inventory"))
        return QStringLiteral("inventory.events");
    if (spec.kind == QLatin1String("payment"))
        return QStringLiteral("payments.events");
    if (spec.kind == QLatin1String("shipping"))
        return QStringLiteral("shipping.events");
    if (spec.kind == QLatin1String("notification"))
        return spec.topic; // only if it is given one
    return {};
}

constexpr int kSweeps = 8; ///< barycentre passes, alternating left-to-right and right-to-left
}

int ArchitectureLayout::find(NodeKind kind, const QString& name) const
{
    return (kind == NodeKind::Service ? m_services : m_topics).value(name, -1);
}

int ArchitectureLayout::findEdge(EdgeKind kind, int from, int to, const QString& group) const
{
    for (std::size_t i = 0; i < m_edges.size(); ++i) {
        const Edge& e = m_edges[i];
        if (e.kind == kind && e.from == from && e.to == to && (group.isEmpty() || e.group == group))
            return static_cast<int>(i);
    }
    return -1;
}

int ArchitectureLayout::addNode(NodeKind kind, const QString& name, const QString& serviceKind)
{
    QHash<QString, int>& names = kind == NodeKind::Service ? m_services : m_topics;
    if (const auto it = names.constFind(name); it != names.constEnd())
        return it.value();
    Node node;
    node.kind = kind;
    node.name = name;
    node.serviceKind = serviceKind;
    m_nodes.push_back(node);
    names.insert(name, static_cast<int>(m_nodes.size() - 1));
    return static_cast<int>(m_nodes.size() - 1);
}

bool ArchitectureLayout::addEdge(EdgeKind kind, int from, int to, const QString& group, bool learned)
{
    if (from < 0 || to < 0 || from == to || findEdge(kind, from, to, group) >= 0)
        return false;
    m_edges.push_back({ kind, from, to, group, learned, false });
    return true;
}

ArchitectureLayout ArchitectureLayout::fromScenario(const Scenario& scenario)
{
    ArchitectureLayout g;
    // The engine's own wiring, built but never run: it is what the run will have (saga subscriptions,
    // read models' groups, dead-letter topics), without a second copy of the rules that derive it.
    const std::unique_ptr<Simulation> sim = ScenarioBuilder::build(scenario);
    const EventLog& log = sim->log();
    const EventBus& bus = sim->bus();
    QHash<QString, const ServiceSpec*> specs;
    for (const ServiceSpec& spec : scenario.services)
        specs.insert(spec.id, &spec);
    QStringList coordinators;
    for (const SagaDefinition& saga : scenario.sagas)
        if (saga.style == SagaDefinition::Style::Orchestration)
            coordinators << QString::fromStdString(saga.coordinator);

    // The customers first: the flow starts there.
    std::vector<std::uint16_t> services;
    for (std::size_t i = 0; i < sim->serviceCount(); ++i) {
        const auto index = static_cast<std::uint16_t>(i);
        if (scenario.workload && sim->serviceName(index) == "workload")
            services.insert(services.begin(), index);
        else
            services.push_back(index);
    }
    for (const std::uint16_t index : services) {
        const QString name = qtext(sim->serviceName(index));
        const ServiceSpec* spec = specs.value(name);
        const QString kind = spec               ? spec->kind
            : coordinators.contains(name)       ? QStringLiteral("coordinator")
            : name == QLatin1String("workload") ? QStringLiteral("workload")
                                                : QStringLiteral("service");
        const int node = g.addNode(NodeKind::Service, name, kind);
        g.m_nodes[static_cast<std::size_t>(node)].instances = spec ? spec->instances : sim->instanceCount(index);
    }
    for (std::size_t t = 0; t < bus.topicCount(); ++t) {
        const Topic& topic = bus.topic(static_cast<std::uint16_t>(t));
        const int node = g.addNode(NodeKind::Topic, qtext(log.text(topic.name)));
        g.m_nodes[static_cast<std::size_t>(node)].partitions = topic.partitionCount();
    }
    const auto service = [&](const QString& name) { return g.find(NodeKind::Service, name); };
    const auto topic = [&](const QString& name) { return g.find(NodeKind::Topic, name); };

    // Who publishes where, and who sends commands to whom.
    const bool sync = scenario.interaction == QLatin1String("sync");
    if (scenario.workload)
        g.addEdge(EdgeKind::Command, service(QStringLiteral("workload")),
            service(QString::fromStdString(scenario.workload->target)));
    for (const ServiceSpec& spec : scenario.services) {
        const int from = service(spec.id);
        if (spec.kind == QLatin1String("declarative")) {
            for (const QJsonValue& value : spec.config.value(QLatin1String("rules")).toArray()) {
                const QJsonObject rule = value.toObject();
                if (rule.contains(QLatin1String("publish")))
                    g.addEdge(EdgeKind::Publish, from,
                        topic(
                            rule.value(QLatin1String("publish")).toObject().value(QLatin1String("topic")).toString()));
                else if (rule.contains(QLatin1String("send")))
                    g.addEdge(EdgeKind::Command, from,
                        service(
                            rule.value(QLatin1String("send")).toObject().value(QLatin1String("service")).toString()));
            }
        }
        if (const QString own = kindTopic(spec); !own.isEmpty())
            g.addEdge(EdgeKind::Publish, from, topic(own));
        if (sync && spec.kind == QLatin1String("order")) {
            // The synchronous style: the order service calls the others in turn (OrderService).
            for (const ServiceSpec& callee : scenario.services)
                if (callee.kind == QLatin1String("inventory") || callee.kind == QLatin1String("payment")
                    || callee.kind == QLatin1String("notification"))
                    g.addEdge(EdgeKind::Command, from, service(callee.id));
        }
    }
    for (const SagaDefinition& saga : scenario.sagas) {
        const int coordinator = saga.style == SagaDefinition::Style::Orchestration
            ? service(QString::fromStdString(saga.coordinator))
            : -1;
        for (const SagaStep& step : saga.steps) {
            const int participant = service(QString::fromStdString(step.service));
            g.addEdge(EdgeKind::Publish, participant, topic(QString::fromStdString(step.topic)));
            g.addEdge(EdgeKind::Command, coordinator, participant);
        }
        for (const SagaDefinition::Notice& notice : { saga.onCompleted, saga.onCompensated })
            if (notice.valid())
                g.addEdge(EdgeKind::Command, coordinator, service(QString::fromStdString(notice.service)));
    }

    // Who reads what: every consumer group of the bus, and the groups attached later in the run.
    for (std::size_t i = 0; i < bus.groupCount(); ++i) {
        const ConsumerGroup& group = bus.group(static_cast<std::uint16_t>(i));
        const int consumer = service(qtext(sim->serviceName(group.service)));
        g.addEdge(EdgeKind::Subscribe, topic(qtext(log.text(bus.topic(group.topic).name))), consumer,
            qtext(log.text(group.name)));
        if (group.deadLetterTopic < bus.topicCount())
            g.addEdge(EdgeKind::DeadLetter, consumer, topic(qtext(log.text(bus.topic(group.deadLetterTopic).name))));
    }
    for (const ServiceSpec& spec : scenario.services)
        if (spec.attachAt >= 0)
            for (const SubscriptionSpec& sub : spec.subscriptions)
                g.addEdge(EdgeKind::Subscribe, topic(sub.topic), service(spec.id), sub.group);
    g.layout();
    return g;
}

void ArchitectureLayout::layout()
{
    breakCycles();
    assignLayers();
    compact();
    orderLayers();
}

void ArchitectureLayout::compact()
{
    // The search keeps every edge it can forward, so a saga participant that also hears another
    // participant's answers ends up far right, behind that other one's chain. Its place is where its
    // coordinator's commands put it: such a subscription is drawn backwards instead when that saves at
    // least two columns. Only subscriptions of a service that is sent commands: a producer always stays
    // left of its topic, and a consumer the events alone place stays right of them.
    const auto commanded = [this](int node) {
        return std::any_of(m_edges.begin(), m_edges.end(),
            [node](const Edge& c) { return c.kind == EdgeKind::Command && c.to == node && !c.reversed; });
    };
    for (bool improved = true; improved;) {
        improved = false;
        for (Edge& e : m_edges) {
            if (e.kind != EdgeKind::Subscribe || e.reversed || !commanded(e.to))
                continue;
            const int before = m_layers;
            e.reversed = true;
            if (assignLayers() && m_layers <= before - 2) {
                improved = true;
                continue;
            }
            e.reversed = false;
            assignLayers();
        }
    }
}

void ArchitectureLayout::breakCycles()
{
    // A depth-first search from the nodes nothing leads to, in node order; an edge back to a node on
    // the search's stack closes a cycle and is laid out reversed.
    const std::size_t n = m_nodes.size();
    std::vector<std::vector<int>> out(n);
    std::vector<int> indegree(n, 0);
    for (std::size_t i = 0; i < m_edges.size(); ++i) {
        m_edges[i].reversed = false;
        out[static_cast<std::size_t>(m_edges[i].from)].push_back(static_cast<int>(i));
        ++indegree[static_cast<std::size_t>(m_edges[i].to)];
    }
    enum : std::uint8_t { Unseen, OnStack, Done };
    std::vector<std::uint8_t> state(n, Unseen);
    std::vector<std::pair<int, std::size_t>> stack; // node, next out-edge to look at
    const auto search = [&](int root) {
        state[static_cast<std::size_t>(root)] = OnStack;
        stack.emplace_back(root, 0);
        while (!stack.empty()) {
            auto& [node, next] = stack.back();
            const std::vector<int>& edges = out[static_cast<std::size_t>(node)];
            if (next == edges.size()) {
                state[static_cast<std::size_t>(node)] = Done;
                stack.pop_back();
                continue;
            }
            Edge& edge = m_edges[static_cast<std::size_t>(edges[next++])];
            const auto to = static_cast<std::size_t>(edge.to);
            if (state[to] == OnStack)
                edge.reversed = true;
            else if (state[to] == Unseen) {
                state[to] = OnStack;
                stack.emplace_back(edge.to, 0);
            }
        }
    };
    for (std::size_t i = 0; i < n; ++i)
        if (indegree[i] == 0 && state[i] == Unseen)
            search(static_cast<int>(i));
    for (std::size_t i = 0; i < n; ++i)
        if (state[i] == Unseen)
            search(static_cast<int>(i));
}

bool ArchitectureLayout::assignLayers()
{
    // Longest path: each node one layer right of its furthest predecessor, in topological order
    // (lowest index first among the ready ones, so ties always resolve the same way).
    const std::size_t n = m_nodes.size();
    std::vector<std::vector<int>> succ(n), pred(n);
    for (const Edge& e : m_edges) {
        const int a = e.reversed ? e.to : e.from;
        const int b = e.reversed ? e.from : e.to;
        succ[static_cast<std::size_t>(a)].push_back(b);
        pred[static_cast<std::size_t>(b)].push_back(a);
    }
    std::vector<int> waiting(n), layer(n, 0), topo;
    for (std::size_t i = 0; i < n; ++i)
        waiting[i] = static_cast<int>(pred[i].size());
    std::vector<bool> placed(n, false);
    for (std::size_t round = 0; round < n; ++round) {
        std::size_t next = n;
        for (std::size_t i = 0; i < n && next == n; ++i)
            if (!placed[i] && waiting[i] == 0)
                next = i;
        if (next == n)
            return false; // a cycle: only while compact() tries an edge the other way
        placed[next] = true;
        topo.push_back(static_cast<int>(next));
        for (const int s : succ[next]) {
            layer[static_cast<std::size_t>(s)] = std::max(layer[static_cast<std::size_t>(s)], layer[next] + 1);
            --waiting[static_cast<std::size_t>(s)];
        }
    }
    // A node nothing leads to sits just left of the first node it leads to, not at the far left.
    for (auto it = topo.rbegin(); it != topo.rend(); ++it) {
        const auto i = static_cast<std::size_t>(*it);
        if (!pred[i].empty() || succ[i].empty())
            continue;
        int nearest = -1;
        for (const int s : succ[i])
            nearest = nearest < 0 ? layer[static_cast<std::size_t>(s)]
                                  : std::min(nearest, layer[static_cast<std::size_t>(s)]);
        layer[i] = std::max(0, nearest - 1);
    }
    const int lowest = n == 0 ? 0 : *std::min_element(layer.begin(), layer.end());
    m_layers = 0;
    for (std::size_t i = 0; i < n; ++i) {
        m_nodes[i].layer = layer[i] - lowest;
        m_layers = std::max(m_layers, m_nodes[i].layer + 1);
    }
    return true;
}

void ArchitectureLayout::orderLayers()
{
    const std::size_t n = m_nodes.size();
    std::vector<std::vector<int>> layers(static_cast<std::size_t>(m_layers));
    for (std::size_t i = 0; i < n; ++i)
        layers[static_cast<std::size_t>(m_nodes[i].layer)].push_back(static_cast<int>(i));
    std::vector<std::vector<int>> neighbours(n);
    for (const Edge& e : m_edges) {
        neighbours[static_cast<std::size_t>(e.from)].push_back(e.to);
        neighbours[static_cast<std::size_t>(e.to)].push_back(e.from);
    }
    // Position within its layer, from 0 (top) to 1 (bottom), so layers of different sizes compare.
    std::vector<double> pos(n, 0.5);
    const auto place = [&](const std::vector<int>& nodes) {
        for (std::size_t r = 0; r < nodes.size(); ++r)
            pos[static_cast<std::size_t>(nodes[r])]
                = (static_cast<double>(r) + 0.5) / static_cast<double>(nodes.size());
    };
    for (const auto& nodes : layers)
        place(nodes);
    for (int sweep = 0; sweep < kSweeps; ++sweep) {
        const bool rightwards = sweep % 2 == 0;
        for (int k = 0; k < m_layers; ++k) {
            const int l = rightwards ? k : m_layers - 1 - k;
            std::vector<int>& nodes = layers[static_cast<std::size_t>(l)];
            std::vector<std::pair<double, int>> keyed;
            for (const int node : nodes) {
                double sum = 0;
                int count = 0;
                for (const int other : neighbours[static_cast<std::size_t>(node)]) {
                    const int ol = m_nodes[static_cast<std::size_t>(other)].layer;
                    if (rightwards ? ol < l : ol > l) {
                        sum += pos[static_cast<std::size_t>(other)];
                        ++count;
                    }
                }
                keyed.emplace_back(count > 0 ? sum / count : pos[static_cast<std::size_t>(node)], node);
            }
            std::stable_sort(
                keyed.begin(), keyed.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
            for (std::size_t r = 0; r < keyed.size(); ++r)
                nodes[r] = keyed[r].second;
            place(nodes);
        }
    }
    m_maxRows = 0;
    for (const auto& nodes : layers) {
        m_maxRows = std::max(m_maxRows, static_cast<int>(nodes.size()));
        for (std::size_t r = 0; r < nodes.size(); ++r) {
            Node& node = m_nodes[static_cast<std::size_t>(nodes[r])];
            node.row = static_cast<int>(r);
            node.centre = QPointF(node.layer * kColumnPitch,
                (static_cast<double>(r) - (static_cast<double>(nodes.size()) - 1) / 2.0) * kRowPitch);
        }
    }
}

} // namespace eventloom
