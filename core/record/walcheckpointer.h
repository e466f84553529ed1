#pragma once

#include "sqlitedb.h"

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

namespace eventloom {

/// Copies a run file's write-ahead log into the file on a thread of its own, so that the recorder's writer
/// thread only appends. A checkpoint mostly waits for the disk (it syncs the log, copies it, syncs the file):
/// on the writer thread it stalled the writer, and through it the engine, for a fifth of a recording.
///
/// It takes over the writer connection's checkpoints (its WAL hook, which replaces the automatic
/// checkpoint): after a commit that leaves at least `pages` pages in the log, it wakes its thread, which runs
/// a PASSIVE checkpoint on its own connection — one that never blocks the writer or a reader. The log
/// restarts from its beginning once a checkpoint has caught up with it, so it stays small.
class WalCheckpointer {
public:
    WalCheckpointer() = default;
    ~WalCheckpointer() { stop(); }
    WalCheckpointer(const WalCheckpointer&) = delete;
    WalCheckpointer& operator=(const WalCheckpointer&) = delete;

    /// Starts checkpointing `path`, the file `writer` is open on. False with `error` (the writer then
    /// keeps checkpointing by itself).
    bool start(SqliteDb& writer, const std::string& path, int pages, std::string& error);
    /// Waits for a checkpoint in progress and ends the thread; the writer's connection checkpoints by
    /// itself again. Call before the writer's connection closes.
    void stop();
    /// Checkpoints run so far.
    std::uint64_t checkpoints() const;

private:
    static int onCommit(void* self, sqlite3* db, const char* schema, int pages);
    void loop();

    SqliteDb m_db;
    sqlite3* m_writer = nullptr;
    std::thread m_thread;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_wanted = false, m_stopping = false;
    int m_pages = 0;
    std::uint64_t m_done = 0;
};

} // namespace eventloom
