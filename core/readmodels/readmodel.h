#pragma once

#include "../bus/event.h"
#include "../bus/value.h"
#include "../services/partialstate.h"
#include "../services/service.h"
#include "../sim/latencymodel.h"

#include <QJsonObject>
#include <QString>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace eventloom {

class EventBus;
class EventLog;
class Simulation;
class WriteSideView;

/// A CQRS read model (projection): a table of rows keyed by a string id, folded from the events of
/// its topics. It is a Service, subscribed in its own consumer group, so it sees events with
/// at-least-once delivery and its own processing latency — and therefore lags the write side.
///
/// Idempotency: the model remembers, per (topic, partition), which offsets it has applied — every
/// offset below a watermark, plus the few applied above it when a partition is delivered out of order.
/// An event at an applied position is skipped (outcome `skipped-duplicate`), so redelivery after a
/// crash or a rebalance never counts twice. The positions live with the rows, as a real projection
/// stores its checkpoint in the same transaction as its table.
///
/// Projections must be order-insensitive across partitions (sums, maxima, "newest log position wins"):
/// events of one row come from several topics and partitions, and are delivered in a different order
/// than they were published. That is what makes a rebuild — the same events folded in log order —
/// equal to the live model.
class ReadModel : public Service, public PartialState {
public:
    /// Bookkeeping the base keeps for every row.
    struct RowInfo {
        std::int64_t version = 0; ///< events applied that affect the row
        std::uint32_t position = kNoMessage; ///< highest log seq among them
        SimTime asOf = 0; ///< latest publish time among them
    };
    /// A partition's applied position: every offset below `next` is applied, and `ahead` more above it.
    struct Position {
        std::uint16_t topic = kNoIndex;
        std::int32_t partition = -1;
        std::int64_t next = 0;
        std::int64_t ahead = 0;
    };
    /// The answer to a query, and whether it was stale.
    struct QueryResult {
        QJsonObject row; ///< empty when the read model has no such row
        bool found = false;
        bool stale = false;
        std::int64_t readVersion = 0; ///< the row's version in the read model
        std::int64_t writeVersion = 0; ///< the row's version on the write side
    };
    /// A row that differs between two models; an empty object means "no such row".
    struct RowDifference {
        std::string key;
        QJsonObject mine;
        QJsonObject theirs;
    };

    /// `topics`: the topic names the model reads.
    explicit ReadModel(std::vector<std::string> topics);

    /// Adds `model` to `sim` as service `id`, subscribed to each of its topics in consumer group `id`
    /// (its own group), with `processing` as its time to apply one event. Topics must exist already.
    /// Returns the service index; the model stays owned by the simulation.
    static std::uint16_t attach(Simulation& sim, std::string_view id, std::unique_ptr<ReadModel> model,
        LatencyModel processing, SimTime commitDelay = 0);

    /// @name Projection
    ///@{
    /// A short name of the projection, e.g. "order-status".
    virtual std::string_view kind() const = 0;
    const std::vector<std::string>& topics() const { return m_topics; }
    /// Resolves the topic names to the bus's topic indices (attach does it).
    void bind(const EventLog& log, const EventBus& bus);
    /// True if `topic` (an index of the bound bus) is one the model reads.
    bool reads(std::uint16_t topic) const;
    /// The keys of the rows `event` changes; none if the model ignores it. Pure: stale-read detection
    /// counts changes per row with it.
    virtual void rowsAffected(const EventLog& log, const Event& event, std::vector<std::string>& keys) const = 0;
    /// Applies `event` unless its position was applied before; returns whether it was applied.
    bool apply(const EventLog& log, const Event& event);
    bool isApplied(std::uint16_t topic, std::int32_t partition, std::int64_t offset) const;
    bool isApplied(const Event& event) const { return isApplied(event.topic, event.partition, event.offset); }
    /// The applied position of every partition the model has seen, in (topic, partition) order.
    std::vector<Position> positions() const;
    /// One partition's applied position (next = 0 if nothing was applied).
    Position position(std::uint16_t topic, std::int32_t partition) const;
    /// Every offset below this one is applied (0 if nothing was).
    std::int64_t nextOffset(std::uint16_t topic, std::int32_t partition) const
    {
        return position(topic, partition).next;
    }
    std::uint64_t appliedEvents() const { return m_appliedEvents; }
    std::uint64_t skippedDuplicates() const { return m_skippedDuplicates; }
    /// The service index given by attach, or kNoIndex.
    std::uint16_t serviceIndex() const { return m_service; }
    /// The consumer groups attach subscribed (one per topic, all named after the model).
    const std::vector<std::uint16_t>& groups() const { return m_groups; }
    ///@}

    /// @name The table
    ///@{
    std::size_t rowCount() const { return m_rows.size(); }
    bool hasRow(std::string_view key) const { return m_rows.find(key) != m_rows.end(); }
    /// Row keys in ascending order.
    std::vector<std::string> keys() const;
    /// The row's fields plus `version`, `position` and `asOfUs`; an empty object if there is no such row.
    QJsonObject row(std::string_view key) const;
    RowInfo rowInfo(std::string_view key) const;
    /// The whole table (`rows`, by key) and the applied positions; deterministic.
    QJsonObject state() const override;
    /// Builds only the rows read (a check reading one row of a dashboard that grows with the run).
    QJsonObject readState(const StatePaths& read, const QString& at, StatePaths::Counts& counts) const override;
    std::optional<qint64> stateNumber(std::span<const QString> path, bool counted) const override;
    ///@}

    /// @name Queries
    ///@{
    /// Reads row `key` and checks it against the write side: stale when the write side's version of the
    /// row is higher than the read model's (it changed the row and the model has not applied that yet).
    QueryResult query(std::string_view key, WriteSideView& writeSide) const;
    /// The same, from inside a simulation: a stale read also emits a `stale-read` trace record naming
    /// `ctx`'s service, with detail = the row key, aux = changes missing, group = the model's first group.
    QueryResult query(std::string_view key, WriteSideView& writeSide, ServiceContext& ctx) const;
    ///@}

    /// @name Rebuild
    ///@{
    /// An empty instance with the same configuration and topic binding.
    std::unique_ptr<ReadModel> blank() const;
    /// A fresh instance fed every event the model's topics still keep (from each partition's log-start
    /// offset: a topic's retention may have deleted the first ones), in log order.
    std::unique_ptr<ReadModel> rebuild(const EventLog& log, const EventBus& bus) const;
    /// A fresh instance fed exactly the events this one has applied, in log order: what the live model
    /// must equal at any moment.
    std::unique_ptr<ReadModel> refold(const EventLog& log) const;
    /// The rows that differ from `other`'s (empty: the tables are equal).
    std::vector<RowDifference> compare(const ReadModel& other) const;
    ///@}

    void start(ServiceContext& ctx) override;
    HandleResult handle(ServiceContext& ctx, const Event& message) final;

protected:
    /// A new, empty instance with this one's configuration (not its rows).
    virtual std::unique_ptr<ReadModel> create() const = 0;
    /// Folds `event` into row `key` (one of rowsAffected). The row's RowInfo is already updated.
    virtual void applyToRow(const std::string& key, const EventLog& log, const Event& event) = 0;
    /// The row's own fields.
    virtual QJsonObject rowData(const std::string& key) const = 0;

    /// Top-level payload field `name` of `event`, or a null Value.
    static Value field(const EventLog& log, const Event& event, std::string_view name);
    /// A string field's text, or "" when it is missing or not a string.
    static std::string_view textField(const EventLog& log, const Event& event, std::string_view name);
    static std::int64_t intField(const EventLog& log, const Event& event, std::string_view name);
    static QString qtext(std::string_view text)
    {
        return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
    }

private:
    QJsonObject stateWithoutRows() const; ///< state() but its rows
    struct Applied {
        std::int64_t next = 0; ///< every offset below is applied
        std::set<std::int64_t> ahead; ///< applied offsets above `next` (out-of-order delivery)
    };
    Applied* applied(std::uint16_t topic, std::int32_t partition);
    const Applied* applied(std::uint16_t topic, std::int32_t partition) const;

    std::vector<std::string> m_topics;
    std::vector<std::uint16_t> m_topicIndices; ///< bound: the bus's index of each of m_topics
    std::vector<std::string> m_topicNames; ///< bound: name by bus topic index, for state()
    std::vector<std::vector<Applied>> m_applied; ///< by topic index, then partition
    std::map<std::string, RowInfo, std::less<>> m_rows;
    std::vector<std::string> m_scratch; ///< rowsAffected output, reused
    std::uint64_t m_appliedEvents = 0;
    std::uint64_t m_skippedDuplicates = 0;
    std::uint16_t m_service = kNoIndex;
    std::vector<std::uint16_t> m_groups;
};

} // namespace eventloom
