#include "walcheckpointer.h"

#include <sqlite3.h>

namespace eventloom {

namespace {
/// SQLite's own threshold for a connection that checkpoints by itself (RunRecorder's).
constexpr int kAutoCheckpointPages = 8192;
}

bool WalCheckpointer::start(SqliteDb& writer, const std::string& path, int pages, std::string& error)
{
    stop();
    // A connection learns that the file is in WAL mode when it first reads it: before, a checkpoint does nothing.
    if (!m_db.open(path, SqliteDb::Mode::ReadWrite) || m_db.queryText("PRAGMA journal_mode") != "wal") {
        error = m_db.error().empty() ? path + ": not in WAL mode" : m_db.error();
        m_db.close();
        return false;
    }
    m_writer = writer.handle();
    m_pages = pages;
    m_stopping = false;
    m_wanted = false;
    m_thread = std::thread([this] { loop(); });
    // Replaces the automatic checkpoint of the writer's connection (sqlite3_wal_autocheckpoint is a WAL hook).
    sqlite3_wal_hook(m_writer, &WalCheckpointer::onCommit, this);
    return true;
}

int WalCheckpointer::onCommit(void* self, sqlite3*, const char*, int pages)
{
    auto* checkpointer = static_cast<WalCheckpointer*>(self);
    if (pages >= checkpointer->m_pages) {
        {
            std::lock_guard lock(checkpointer->m_mutex);
            checkpointer->m_wanted = true;
        }
        checkpointer->m_wake.notify_one();
    }
    return SQLITE_OK;
}

void WalCheckpointer::loop()
{
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_wake.wait(lock, [this] { return m_wanted || m_stopping; });
        if (m_stopping)
            return;
        m_wanted = false;
        lock.unlock();
        // PASSIVE: copies what no reader still needs, never waits; a failure (busy, a full disk) leaves the
        // log as it is, to be checkpointed when the writer's connection finishes the file. The writer
        // appends meanwhile, so the log would only restart when a transaction happened to begin just as a
        // checkpoint caught up: once one has, a RESTART copies the few frames added since and waits for the
        // writer's transaction to end (a short wait), so that the next one writes the log from its start.
        int logged = 0, copied = 0;
        if (sqlite3_wal_checkpoint_v2(m_db.handle(), "main", SQLITE_CHECKPOINT_PASSIVE, &logged, &copied) == SQLITE_OK
            && logged > 0 && copied == logged)
            sqlite3_wal_checkpoint_v2(m_db.handle(), "main", SQLITE_CHECKPOINT_RESTART, nullptr, nullptr);
        lock.lock();
        ++m_done;
    }
}

void WalCheckpointer::stop()
{
    if (!m_thread.joinable())
        return;
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_one();
    m_thread.join();
    sqlite3_wal_autocheckpoint(m_writer, kAutoCheckpointPages);
    m_writer = nullptr;
    m_db.close();
}

std::uint64_t WalCheckpointer::checkpoints() const
{
    std::lock_guard lock(m_mutex);
    return m_done;
}

} // namespace eventloom
