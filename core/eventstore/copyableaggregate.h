#pragma once

#include "aggregate.h"

#include <QtGlobal>
#include <memory>

namespace eventloom {

/// Implements Aggregate::clone() and restore() with `Derived`'s copy constructor and assignment:
/// `class Order : public CopyableAggregate<Order> { ... }` only writes apply() and state().
template <class Derived>
class CopyableAggregate : public Aggregate {
public:
    std::unique_ptr<Aggregate> clone() const override
    {
        return std::make_unique<Derived>(static_cast<const Derived&>(*this));
    }
    void restore(const Aggregate& other) override
    {
        Q_ASSERT(dynamic_cast<const Derived*>(&other) != nullptr);
        static_cast<Derived&>(*this) = static_cast<const Derived&>(other);
    }
};

} // namespace eventloom
