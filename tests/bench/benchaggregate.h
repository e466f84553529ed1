#pragma once

#include "eventstore/copyableaggregate.h"

#include <cstdint>

namespace eventloom::bench {

/// An order-like aggregate for bench_eventstore: a few counters folded from two payload fields, about
/// what a real aggregate's apply() costs (two field lookups, a handful of stores), and copyable.
class BenchAggregate : public CopyableAggregate<BenchAggregate> {
public:
    struct Keys {
        Atom quantity = 0;
        Atom amount = 0;
    };

    BenchAggregate() = default;
    explicit BenchAggregate(Keys keys)
        : m_keys(keys)
    {
    }
    void apply(const StoredEvent& event, const EventLog& log) override;
    QJsonObject state() const override;
    bool operator==(const BenchAggregate& other) const;

private:
    Keys m_keys;
    std::uint32_t m_version = 0;
    Atom m_lastType = 0;
    std::int64_t m_quantity = 0;
    std::int64_t m_amount = 0;
    SimTime m_updated = 0;
    std::uint64_t m_digest = 0; ///< order-sensitive, so a fold of the wrong events shows
};

} // namespace eventloom::bench
