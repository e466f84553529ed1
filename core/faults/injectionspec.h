#pragma once

#include "../base/simtime.h"

#include <QString>
#include <optional>

namespace eventloom {

/// One fault injection, parsed from the public grammar `KIND[@TIME][,key=value]...` (PRODUCT.md §3):
/// the CLI's `--inject`, a scenario's `injections`, and the GUI's commands all come through here.
struct InjectionSpec {
    enum class Kind { Drop, Duplicate, Delay, Reorder, Crash, Slow, Fail, Poison, DeploySchema, Idempotency, Republish, Break, Unbreak, Resolve,
        ResetOffset, ProducerRetry, IdempotentProducer };

    Kind kind = Kind::Drop;
    QString text; ///< as written, for traces and messages
    SimTime at = 0; ///< @TIME: when it takes effect
    // selectors
    QString topic, type, service, group;
    std::optional<int> partition;
    // amount
    std::optional<double> probability;
    std::optional<int> count; ///< one-shot: the next N matching
    std::optional<SimTime> duration; ///< for=: a window starting at `at` (for crash: the downtime)
    // kind parameters
    std::optional<SimTime> latency, jitter;
    std::optional<int> window, copies, version;
    std::optional<double> factor;
    /// crash: `point=between-writes` arms the crash instead of crashing at `@TIME`: the service goes down
    /// the next `count=` (default 1) times it has done the first of two writes that are not one transaction
    /// and not the second (a dual write's commit and publish, an outbox relay's publish and mark). Empty: now.
    QString point;
    std::optional<bool> on; ///< idempotency: the service's inbox on (true) or off; idempotent-producer: its producer's idempotence
    std::optional<int> index; ///< republish: which dead letter (Simulation::deadLetters())
    /// republish: `payload=` the edited payload as compact JSON in base64url (no commas), or empty: as it was.
    QByteArray payload;
    /// resolve: the held delivery (`topic=`, `group=`, `partition=` and `offset=` name it) and what to do
    /// with it: `choice=` deliver, drop, duplicate (`copies=`, default 1) or delay (`latency=`, default 100ms).
    std::optional<std::int64_t> offset;
    QString choice;
    /// `paused=true`: done while the run was paused at a breakpoint at `@TIME` — it replays at that pause,
    /// in its place among the other things done there, not before everything else at that time.
    /// A resolve is always done at a pause.
    bool atPause = false;
    /// reset-offset: where `group=` moves to, `to=earliest`, `to=latest` or `to=TIME` (then `resetTime`: the
    /// first offset published at or after that simulated time).
    enum class ResetTo : std::uint8_t { None, Earliest, Latest, Time };
    ResetTo resetTo = ResetTo::None;
    SimTime resetTime = 0;
    /// id=NAME: a rule with the id of an earlier one replaces it (the earlier one ends now). The window's
    /// global controls name their rules this way, so moving a slider changes the fault instead of adding one.
    QString id;

    /// @name Limits, refused by parse() with a message naming them (durations: kMaxDuration)
    ///@{
    static constexpr int kMaxPartition = 1023; ///< a topic has at most 1024 partitions
    static constexpr int kMaxWindow = 1000; ///< reorder
    static constexpr int kMaxCopies = 100; ///< duplicate, resolve
    static constexpr int kMaxVersion = 1000; ///< deploy-schema, republish (as a subscription's schemaVersion)
    static constexpr double kMaxFactor = 1000.0; ///< slow
    ///@}

    /// Parses one spec. On error returns nullopt and sets `error` to a message naming the bad token
    /// and what was expected.
    static std::optional<InjectionSpec> parse(const QString& text, QString& error);
    static QString kindName(Kind kind);
};

} // namespace eventloom
