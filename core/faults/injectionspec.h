#pragma once

#include "../base/simtime.h"

#include <QByteArray>
#include <QString>
#include <cstdint>
#include <optional>

namespace eventloom {

/// One fault injection, in the public grammar `KIND[@TIME][,key=value]...` (PRODUCT.md §3). Text is parsed
/// once, where it comes in (the CLI's `--inject`, a scenario's `injections`, a run file, a lesson, the window's
/// free-text line); the window builds specs with the builders below; text() writes the text once, where the
/// injection is traced or recorded. See "Injections" in docs/architecture.md.
struct InjectionSpec {
    enum class Kind {
        Drop,
        Duplicate,
        Delay,
        Reorder,
        Crash,
        Slow,
        Fail,
        Poison,
        DeploySchema,
        Idempotency,
        Republish,
        Break,
        Unbreak,
        Resolve,
        ResetOffset,
        ProducerRetry,
        IdempotentProducer,
        Attach,
        Detach,
        Scale
    };

    Kind kind = Kind::Drop;
    SimTime at = 0; ///< @TIME: when it takes effect
    bool timed = false; ///< `at` was given (@TIME) or set (setAt): text() writes it
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
    std::optional<bool>
        on; ///< idempotency: the service's inbox on (true) or off; idempotent-producer: its producer's idempotence
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
    /// attach: where the service's groups start reading, `from=earliest`, `from=latest` or `from=committed`
    /// (a detached group resumes from its committed offsets). Default: a group attached for the first time
    /// starts where the service's `startFrom` says, a detached one resumes from its committed offsets.
    enum class From : std::uint8_t { Default, Earliest, Latest, Committed };
    From from = From::Default;
    std::optional<int> instances; ///< scale: the service's consumer instances from now on (1..kMaxInstances)
    /// id=NAME: a rule with the id of an earlier one replaces it (the earlier one ends now). The window's
    /// global controls name their rules this way, so moving a slider changes the fault instead of adding one.
    QString id;
    /// Written as the documented shorthand `fail-payment` (for `fail,service=payment`).
    bool shorthand = false;
    /// How a spec parsed from text was spelled, when that is not the canonical text (another key order or
    /// unit, spaces): text() writes it back as written, since a run traces what its user wrote and the
    /// fingerprint hashes that. Only the time (setAt) and `paused=true` (atPause) are written from the fields
    /// then. Empty for a spec made by the builders or parsed from its canonical text.
    struct Spelling {
        QString kind; ///< before '@' or the first ','
        QString time; ///< after '@', as written; null when there was none or setAt replaced it
        QString rest; ///< from the first ',' on
        bool paused = false; ///< atPause was written (`paused=true`, or implied by `resolve`)
        bool operator==(const Spelling&) const = default;
    };
    std::optional<Spelling> spelling;

    bool operator==(const InjectionSpec&) const = default;

    /// The text of this spec: as spelled if it was parsed from non-canonical text, the canonical grammar
    /// otherwise — kind, `@<µs>us` if timed, then the keys in one fixed order (group first for reset-offset),
    /// `paused=true` last. What traces, run files and messages show.
    QString text() const;
    /// Takes effect at `t`, and says so in text() (`@<t>us`): how the engine times an interactive injection.
    void setAt(SimTime t);

    /// @name Builders: the specs the window makes, each with its canonical text
    ///@{
    static InjectionSpec of(Kind kind); ///< KIND, nothing else set (add keys with the with… calls below)
    static InjectionSpec drop(double probability); ///< drop,probability=P
    static InjectionSpec duplicate(double probability); ///< duplicate,probability=P
    static InjectionSpec duplicateNext(const QString& topic, int count = 1); ///< duplicate,topic=T,count=N
    static InjectionSpec reorder(int window); ///< reorder,window=N
    static InjectionSpec delay(SimTime latency, SimTime jitter); ///< delay,latency=Lms,jitter=Jms
    static InjectionSpec slow(const QString& service, double factor); ///< slow,service=S,factor=F
    static InjectionSpec crash(const QString& service, SimTime downFor); ///< crash,service=S,for=Ns
    static InjectionSpec failNext(const QString& service, int count = 1); ///< fail,service=S,count=N
    static InjectionSpec failNextPayment(int count = 1); ///< fail-payment,count=N
    static InjectionSpec declinePayments(SimTime window); ///< fail-payment,for=Ns
    static InjectionSpec idempotency(const QString& service, bool on); ///< idempotency,service=S,on=B
    static InjectionSpec breakAt(const QString& service); ///< break[,service=S] (empty: every consumer)
    static InjectionSpec unbreak(const QString& service); ///< unbreak[,service=S] (empty: every breakpoint)
    /// resolve,topic=T,group=G,partition=P,offset=O,choice=C (a delivery held at a breakpoint)
    static InjectionSpec resolve(
        const QString& topic, const QString& group, int partition, std::int64_t offset, const QString& choice);
    /// republish,index=N[,payload=…] (`payload`: the edited payload as JSON, or empty: as it was)
    static InjectionSpec republish(int index, const QByteArray& payload = {});
    /// reset-offset,group=G,to=earliest|latest|<µs>us (`time` for ResetTo::Time)
    static InjectionSpec resetOffset(const QString& group, ResetTo to, SimTime time = 0);
    /// attach,service=S[,from=earliest|latest|committed]: the service's subscriptions start now
    static InjectionSpec attach(const QString& service, From from = From::Default);
    static InjectionSpec detach(const QString& service); ///< detach,service=S: its groups stop consuming
    static InjectionSpec scale(const QString& service, int instances); ///< scale,service=S,instances=N

    InjectionSpec& withId(const QString& name)
    {
        id = name;
        return *this;
    } ///< id=NAME
    InjectionSpec& withProbability(double p)
    {
        probability = p;
        return *this;
    } ///< probability=P
    InjectionSpec& lasting(SimTime d)
    {
        duration = d;
        return *this;
    } ///< for=D
    InjectionSpec& withCopies(int n)
    {
        copies = n;
        return *this;
    } ///< copies=N
    InjectionSpec& withLatency(SimTime d)
    {
        latency = d;
        return *this;
    } ///< latency=D
    InjectionSpec& onTopic(const QString& name)
    {
        topic = name;
        return *this;
    } ///< topic=T
    InjectionSpec& onService(const QString& name)
    {
        service = name;
        return *this;
    } ///< service=S
    InjectionSpec& onPartition(int p)
    {
        partition = p;
        return *this;
    } ///< partition=P
    ///@}

    /// @name Limits, refused by parse() with a message naming them (durations: kMaxDuration)
    ///@{
    static constexpr int kMaxPartition = 1023; ///< a topic has at most 1024 partitions
    static constexpr int kMaxWindow = 1000; ///< reorder
    static constexpr int kMaxCopies = 100; ///< duplicate, resolve
    static constexpr int kMaxVersion = 1000; ///< deploy-schema, republish (as a subscription's schemaVersion)
    static constexpr double kMaxFactor = 1000.0; ///< slow
    static constexpr int kMaxInstances = 64; ///< scale (a scenario's service has at most as many)
    ///@}

    /// Parses one spec. On error returns nullopt and sets `error` to a message naming the bad token
    /// and what was expected.
    static std::optional<InjectionSpec> parse(const QString& text, QString& error);
    /// parse() for text known to be valid (tests, tools): nullopt on error, without the message.
    static std::optional<InjectionSpec> parse(const QString& text)
    {
        QString error;
        return parse(text, error);
    }
    static QString kindName(Kind kind);
};

} // namespace eventloom
