#pragma once

#include "../base/randomstream.h"
#include "../bus/deliveryfaults.h"
#include "../bus/event.h"
#include "injectionspec.h"

#include <cstdint>
#include <limits>
#include <vector>

namespace eventloom {

class Simulation;

/// The fault rules in force and the delivery breakpoints of one run. The bus consults it (as its
/// DeliveryFaults) only once it exists, so a run without faults never pays for it.
///
/// A rule is an injection spec that took effect: it acts on what its selectors match
/// (`topic, partition, type, service, group`), inside its window (`@TIME` to `for=`), each time with
/// `probability=` or for the next `count=`, or every time. Each rule draws from its own random stream,
/// named after the spec as traced, so a rule added or removed changes no other draw.
class FaultEngine final : public DeliveryFaults {
public:
    explicit FaultEngine(Simulation& sim);
    /// A copy of `other` (rules, their random streams, breakpoints, held deliveries) for `sim`, a fork
    /// of `other`'s simulation (Simulation::fork).
    FaultEngine(const FaultEngine& other, Simulation& sim)
        : FaultEngine(other)
    {
        m_sim = &sim;
    }

    /// Adds the rule for `spec` (a kind other than crash, fail and idempotency), in force from now.
    /// `traced` is the spec as the `injection` record shows it. Returns why it cannot, or empty.
    /// A spec with `id=` ends every rule in force with that id first (it replaces them); one that can
    /// never fire (`probability=0`, `for=0`) is then not kept, so it only switches the earlier one off.
    QString addRule(const InjectionSpec& spec, const QString& traced);
    /// Checks what addRule would refuse, without adding anything.
    static QString check(const InjectionSpec& spec, const Simulation& sim);

    /// Processing time of `service` for a message of `type`, with slow rules applied.
    SimTime slowed(std::uint16_t service, Atom type, SimTime processing);
    /// The version an event gets when `producer` publishes `type` to `topic` (deploy-schema rules).
    std::uint16_t versionFor(std::uint16_t producer, std::uint16_t topic, Atom type, std::uint16_t version);
    bool hasSlowRules() const { return m_slow; }
    bool hasSchemaRules() const { return m_schema; }

    /// @name Delivery breakpoints
    ///@{
    /// A delivery held for the caller to decide on.
    struct PendingDelivery {
        std::uint64_t id = 0;
        std::uint16_t group = 0;
        std::int32_t partition = 0;
        std::int64_t offset = 0;
        std::uint32_t message = 0;
        std::uint32_t epoch = 0;
        SimTime since = 0;
    };
    enum class Choice : std::uint8_t { Deliver, Drop, Duplicate, Delay };
    /// Pause before every delivery to `service`'s groups (kNoIndex: to any consumer).
    void setBreakpoint(std::uint16_t service);
    void clearBreakpoint(std::uint16_t service);
    void clearBreakpoints();
    bool hasBreakpoints() const { return m_breakAny || !m_breakServices.empty(); }
    /// Deliveries waiting for a decision; while there are any, the engine is paused.
    const std::vector<PendingDelivery>& pending() const { return m_pending; }
    /// Forgets pending deliveries whose consumer crashed or lost the partition meanwhile.
    void dropStale();
    /// Carries out the caller's choice for pending delivery `id` (copies for Duplicate, delay for Delay).
    /// False if there is no such delivery, or it went stale (its consumer crashed).
    bool resolve(std::uint64_t id, Choice choice, std::uint16_t copies = 1, SimTime delay = 100 * kMillisecond);
    /// The pending delivery a `resolve` spec names (by topic, group, partition and offset, which a replay
    /// reproduces, unlike the id), or nullptr.
    const PendingDelivery* findPending(const InjectionSpec& spec) const;
    /// True while deliveries wait (after forgetting the stale ones): what the engine does next is a pause action.
    bool waiting();
    ///@}

    /// @name Pause actions (injections with `paused=true`, and every `resolve`)
    /// Done by hand while the run waited at a breakpoint at their `@TIME`: the engine applies them at the
    /// next pause at that time, in the order they were added, before it moves on — so a replay that
    /// adds them before the run reproduces each pause and what was done there.
    ///@{
    void scheduleAtPause(const InjectionSpec& spec);
    /// While paused: applies the next pause action due now (those whose time went by are forgotten).
    /// True if one was taken (applied, or refused through the injection queue).
    bool applyAtPause();
    ///@}

    // DeliveryFaults
    DeliveryDecision decide(const DueDelivery& d, const ConsumerGroup& group, const Event& event) override;
    ProduceDecision produce(std::uint16_t producer, const Event& event) override;
    void published(std::uint32_t message) override;
    HandleResult intercept(std::uint16_t group, const ConsumerGroup& g, std::uint32_t message) override;

private:
    struct Rule {
        InjectionSpec::Kind kind = InjectionSpec::Kind::Drop;
        Atom text = 0;
        Atom id = 0; ///< id=: a later rule with the same id replaces this one
        SimTime from = 0;
        SimTime until = std::numeric_limits<SimTime>::max();
        std::uint16_t topic = kNoIndex;
        std::int32_t partition = -1;
        Atom type = 0;
        std::uint16_t service = kNoIndex;
        Atom group = 0;
        double probability = 1.0;
        bool drawn = false; ///< probability= given: draw for each match
        std::int64_t remaining = -1; ///< count=: matches left; -1 without a count
        SimTime latency = 0;
        SimTime jitter = 0;
        int window = 3;
        int copies = 1;
        int version = 2;
        double factor = 1.0;
        RandomStream random;
    };
    bool inForce(const Rule& rule) const;
    /// Its consumer crashed or lost the partition since: it can no longer be resolved.
    bool stale(const PendingDelivery& p) const;
    /// The amount: a draw with the rule's probability, and one of its count; false if it does not fire.
    static bool fires(Rule& rule);

    FaultEngine(const FaultEngine&) = default;

    Simulation* m_sim;
    std::vector<Rule> m_rules; ///< never erased (a replaced rule just ends): m_poisoned refers to rules by index
    bool m_delivery = false, m_poison = false, m_slow = false, m_schema = false, m_produce = false;
    std::vector<std::pair<std::uint32_t, std::size_t>> m_poisoned; ///< (event seq, rule), by seq
    bool m_breakAny = false;
    std::vector<std::uint16_t> m_breakServices;
    std::vector<PendingDelivery> m_pending;
    std::uint64_t m_nextPending = 1;
    std::vector<InjectionSpec> m_atPause; ///< by time, then in the order added
    Atom m_breakpointReason = 0;
    Atom m_poisonReason = 0;
};

} // namespace eventloom
