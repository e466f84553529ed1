#pragma once

#include "runsource.h"

#include "record/runfile.h"
#include "scenario/scenario.h"
#include "tracebatch.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QTimer>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace eventloom {

class EventLog;
class Simulation;
class TraceBuffer;

/// Review mode on the simulation thread: a recorded (or imported) run file read back in chunks and
/// handed to the window as the same TraceBatches a live run sends — rows built from the `records`
/// and `messages` tables, atoms interned as they first appear — so every trace-driven panel fills as
/// it did live, without simulating. It also answers what the panels ask the engine for, as far as the
/// file can: a message's details, the bus (topics' ends, groups' committed offsets and lag, dead
/// letters, all folded from the records up to the time shown), the read models rebuilt from the log
/// with the recorded scenario's definitions, the event stores of the recorded run simulated again (the
/// file keeps what was appended, not the events themselves). A service's own state needs the engine:
/// it says so.
///
/// Every public function runs on the simulation thread (SimulationController queues the calls).
class RunReview final : public RunSource {
    Q_OBJECT
public:
    explicit RunReview(std::shared_ptr<TraceBuffer> buffer, QObject* parent = nullptr);
    ~RunReview() override;

    /// Opens `path` and reads what the run file says about the run; answered through opened() (with
    /// `token`) or failed(). Nothing is streamed yet and the run reviewed before stays until stream().
    void open(const QString& path, std::uint64_t token);
    /// Streams the opened file's trace, in slices, as generation `generation`.
    void stream(std::uint64_t generation);
    /// Forgets the file (the window left review mode).
    void close();
    /// Imports an event log from another system (JSON Lines, CloudEvents) into a new run file
    /// `output`; answered through imported().
    void importLog(const QString& input, const QString& output);

    /// @name RunSource: the run as the file has it, up to the time shown
    ///@{
    bool simulates() const override { return false; }
    void inspect(std::uint32_t seq, std::uint64_t generation) override;
    /// The verdicts and the lesson's figures as recorded when the run ended (no figures for a run that
    /// did not end, or was recorded before figures were).
    void judge(std::uint64_t generation) override;
    /// The checker over the reviewed trace, made again by a replay of the recorded run (once per file,
    /// DeliveryVerdicts::ofRecording); an imported log, which has no scenario, is unavailable.
    void checkDelivery(std::uint64_t generation) override;
    /// The message serviceStateUnavailable(): a service's own state lives in the engine.
    void serviceState(const QString& name, std::uint64_t generation) override;
    void busState(std::uint64_t generation) override;
    /// Nothing: a recorded run holds no delivery at a breakpoint.
    void pendingDeliveries(std::uint64_t generation) override;
    /// Every table is a rebuild from the recorded log (`rebuild` changes nothing; `key` is not applied).
    void readModels(const QString& focus, bool rebuild, const QString& key, std::uint64_t generation) override;
    /// The stores are those of the recorded run simulated again up to the time shown (RunReplay::prepare:
    /// the scenario, seed and injections, so the same run, record for record): the file records each
    /// append (stream, version, position) but not the events' payloads, which the aggregate is folded from.
    void eventStore(const EventStoreQuery& query, std::uint64_t generation) override;
    /// The time the state queries answer about (the trace-driven panels filter themselves by the time
    /// the window shows): no engine, so no fork — just a time. Negative or at the end: the whole run.
    void seek(SimTime t, std::uint64_t generation) override;
    ///@}

    /// The message `text` a service's own state is replaced with in review.
    static QString serviceStateUnavailable();

Q_SIGNALS:
    /// The file opened: {path, origin, scenario (JSON text; empty for an imported log), scenarioFile,
    /// seed, recorded (ISO date), fingerprint, finished, simTimeUs, records, injections: [{spec, atUs}],
    /// topics: [{name, partitions}], services: [names]
    /// (found in the records)}.
    void opened(const QJsonObject& info, std::uint64_t token);
    void failed(const QString& error, std::uint64_t token);
    /// Records streamed so far of `total`.
    void progress(qint64 done, qint64 total, std::uint64_t generation);
    void imported(const QString& output, const QString& error, qint64 messages);

private:
    struct Published {
        SimTime t;
        Atom topic;
        std::int32_t partition;
        std::int64_t offset;
    };
    struct Commit {
        SimTime t;
        Atom group;
        Atom topic;
        std::int32_t partition;
        std::int64_t offset;
    };
    struct DeadLetter {
        SimTime t;
        std::uint32_t seq;
        Atom topic, type, group, reason;
        std::int32_t partition;
        std::int64_t offset;
        std::int32_t attempts;
    };

    void readSlice();
    void absorb(const RecordView& record);
    Atom atom(std::string_view text);
    QString text(Atom atom) const;
    RunStatus status() const;
    bool loadLog(QString& error);
    /// The recorded run simulated again up to time `t` (resumed when `t` is later than last asked, begun
    /// again when earlier); nullptr for an imported log, or a run whose injections no longer apply.
    const Simulation* replayedTo(SimTime t);

    std::shared_ptr<TraceBuffer> m_buffer;
    std::unique_ptr<RunFile> m_run;
    std::optional<RunFile::RecordCursor> m_cursor;
    std::optional<Scenario> m_scenario;
    std::unique_ptr<Simulation> m_topology; ///< the recorded scenario built, never run: topics, groups, read models
    std::unique_ptr<EventLog> m_log; ///< the recorded messages, loaded when the read models are first asked for
    std::unique_ptr<Simulation> m_replay; ///< the recorded run simulated again, when the event stores are asked for
    SimTime m_replayedTo = -1; ///< the time m_replay was last run until
    std::optional<DeliveryVerdicts> m_delivery; ///< the checker's verdicts on the file, once made
    QTimer m_timer;
    std::uint64_t m_generation = 0;
    bool m_imported = false;

    // The trace as streamed so far.
    std::vector<QString> m_atomTexts;
    std::unordered_map<std::string, Atom> m_atoms;
    Atom m_sentAtoms = 0;
    std::vector<TraceRow> m_rows;
    qint64 m_total = 0;
    qint64 m_done = 0;
    bool m_finished = false;
    SimTime m_now = 0;
    SimTime m_end = 0;
    std::uint64_t m_events = 0, m_deliveries = 0, m_duplicateEffects = 0;
    std::uint64_t m_fingerprint = 0, m_seed = 0;

    // What the bus state is folded from.
    std::vector<Published> m_published;
    std::vector<Commit> m_commits;
    std::vector<Commit> m_owners; ///< a rebalance gave a partition to an instance (offset: the instance, or -1)
    std::vector<Commit> m_scaled; ///< an instance joined (offset +1) or left (-1) a service (group: the service)
    std::vector<Commit> m_logStarts; ///< a topic's retention moved a partition's log start (group unused)
    std::vector<DeadLetter> m_deadLetters;
    SimTime m_viewTime = -1;
};

} // namespace eventloom
