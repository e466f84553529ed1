#pragma once

#include "../sim/runsummary.h"
#include "../trace/traceobserver.h"
#include "recordqueue.h"
#include "runinfo.h"
#include "sqlitedb.h"
#include "walcheckpointer.h"

#include <QString>
#include <atomic>
#include <memory>
#include <mutex>
#include <thread>

namespace eventloom {

class RunWriter;

/// Records a run into a SQLite run file (docs/reliability.md). An observer on the engine thread: it
/// only copies each trace record (and what is new in the log since the last batch) into a batch, so
/// the engine never waits for the disk; a writer thread inserts each batch in one transaction.
/// The queue between them is bounded, so a writer that falls behind slows the engine (backpressure)
/// instead of growing memory. It observes only: the simulation and its fingerprint are unchanged.
///
/// Failures (disk full, read-only directory) never stop the run: the recorder stops recording,
/// keeps what was committed, and says why in error().
class RunRecorder final : public TraceObserver {
public:
    struct Options {
        std::size_t batchRecords = 4096; ///< records per batch (and at most per transaction group)
        std::size_t queueBatches = 16; ///< batches in flight before the engine waits
        /// Size cap of the run file (0: none). Reaching it stops recording like a full disk does
        /// (the GUI records every run and caps each file).
        std::int64_t maxBytes = 0;
    };
    struct Stats {
        std::uint64_t records = 0; ///< records handed to the writer
        std::uint64_t batches = 0;
        std::uint64_t backpressureWaits = 0; ///< times the engine waited for the writer
        double writerSeconds = 0; ///< time the writer thread spent inserting and committing
        double finishSeconds = 0; ///< finish(): the outcome, the secondary indexes, the journal switch
        std::uint64_t checkpoints = 0; ///< checkpoints of the write-ahead log run on their own thread
    };

    RunRecorder();
    explicit RunRecorder(Options options);
    ~RunRecorder() override;
    RunRecorder(const RunRecorder&) = delete;
    RunRecorder& operator=(const RunRecorder&) = delete;

    /// Creates the run file at `path` and stores `info`, before the run starts. An existing run file
    /// is replaced; any other existing file is refused and left untouched. False with `error` on failure.
    bool open(const QString& path, const RunInfo& info, QString& error);
    /// An injection added from outside the scenario (`--inject`, the GUI): call when it is scheduled.
    void declareInjection(const QString& spec, SimTime at);

    void onTrace(const TraceRecord& record, const Simulation& sim) override;
    /// Hands the records gathered so far to the writer (the GUI calls it on its timer; finish() does too).
    void flush(const Simulation& sim);
    /// Flushes, waits for the writer, stores the outcome (fingerprint, time, `summary`), indexes the
    /// file and leaves it self-contained (no -wal file). False if recording failed at any point.
    bool finish(const Simulation& sim, const RunSummary* summary = nullptr);
    /// Ends a recording whose run will not go on to its end (the window's Reset, opening another
    /// scenario): everything is written, and the file says the run was cut short, so a replay checks
    /// it as a prefix.
    void stop(const Simulation& sim);

    bool recording() const { return m_open && !m_failed.load(std::memory_order_relaxed); }
    /// Why recording stopped, or empty.
    QString error() const;
    Stats stats() const { return m_stats; }
    QString path() const { return m_path; }

private:
    void writerLoop();
    void setError(const std::string& error);
    void stopWriter();

    Options m_options;
    QString m_path;
    SqliteDb m_db;
    WalCheckpointer m_checkpointer; ///< the checkpoints, off the writer thread
    std::unique_ptr<RunWriter> m_writer;
    std::unique_ptr<RecordQueue> m_queue;
    std::thread m_thread;
    RecordBatch m_batch;
    // What the writer has been sent already (engine thread only).
    std::size_t m_atomChunksSent = 0, m_fieldChunksSent = 0; ///< the chunks the writer follows (frozenTail)
    std::uint16_t m_servicesSent = 0, m_topicsSent = 0, m_groupsSent = 0;
    Stats m_stats;
    bool m_open = false;
    std::atomic<bool> m_failed { false };
    mutable std::mutex m_errorMutex;
    std::string m_error;
    double m_writerSeconds = 0; ///< written by the writer thread, read after it ended
};

} // namespace eventloom
