#pragma once

#include <QHash>
#include <QPointF>
#include <QSizeF>
#include <QString>
#include <cstdint>
#include <vector>

namespace eventloom {

struct Scenario;

/// The Architecture view's graph and its automatic layout, without widgets: services and topics as
/// nodes; a service publishing to a topic, a topic delivering to a consumer group, a service sending
/// commands to another as edges. The topology is read from the scenario (the running engine is built
/// from it the same way, so the saga wiring, read models and dead-letter topics show), and edges the
/// scenario does not declare are learned from the trace as they happen (addEdge).
///
/// The layout is layered left to right: cycles are broken by a depth-first search in node order,
/// every node sits one layer right of its furthest predecessor (producers left of their topics,
/// consumers right of them), and nodes in a layer are ordered by the barycentre of their neighbours
/// to reduce crossings. It depends only on the graph, so it is the same on every run.
class ArchitectureLayout {
public:
    enum class NodeKind : std::uint8_t { Service, Topic };
    enum class EdgeKind : std::uint8_t {
        Publish, ///< service → topic
        Subscribe, ///< topic → service (a consumer group)
        Command, ///< service → service
        DeadLetter, ///< consumer service → the dead-letter topic it gives up to
    };

    struct Node {
        NodeKind kind = NodeKind::Service;
        QString name;
        QString serviceKind; ///< the scenario's kind; "coordinator" for a saga's, "workload" for the customers
        int instances = 1; ///< services: consumer instances
        int partitions = 0; ///< topics
        int layer = 0;
        int row = 0; ///< position within the layer, top to bottom
        QPointF centre; ///< in layout units (see kColumnPitch, kRowPitch)
    };
    struct Edge {
        EdgeKind kind = EdgeKind::Publish;
        int from = -1;
        int to = -1;
        QString group; ///< Subscribe: the consumer group
        bool learned = false; ///< seen in the trace, not declared by the scenario
        bool reversed = false; ///< closes a cycle: it runs right to left
    };

    static constexpr double kColumnPitch = 170.0;
    static constexpr double kRowPitch = 64.0;

    ArchitectureLayout() = default;
    /// The graph of `scenario` (validated, as ScenarioLoader returns it), laid out.
    static ArchitectureLayout fromScenario(const Scenario& scenario);

    const std::vector<Node>& nodes() const { return m_nodes; }
    const std::vector<Edge>& edges() const { return m_edges; }
    /// The node's index, or -1.
    int find(NodeKind kind, const QString& name) const;
    /// The edge's index, or -1. `group` only tells Subscribe edges apart (empty: any group).
    int findEdge(EdgeKind kind, int from, int to, const QString& group = {}) const;
    /// Adds a node (if new) without laying out again; returns its index.
    int addNode(NodeKind kind, const QString& name, const QString& serviceKind = {});
    /// Adds an edge if it is new; false if it was there already or a node is -1. Call layout() after.
    bool addEdge(EdgeKind kind, int from, int to, const QString& group = {}, bool learned = false);
    /// Lays the graph out again (layers, order within layers, centres).
    void layout();
    int layerCount() const { return m_layers; }
    /// Rows in the tallest layer.
    int maxRows() const { return m_maxRows; }

private:
    void breakCycles();
    /// False (and the layers unchanged) if the edges, as they are oriented now, still have a cycle.
    bool assignLayers();
    void compact();
    void orderLayers();

    std::vector<Node> m_nodes;
    std::vector<Edge> m_edges;
    QHash<QString, int> m_services, m_topics;
    int m_layers = 0;
    int m_maxRows = 0;
};

} // namespace eventloom
