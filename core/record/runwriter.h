#pragma once

#include "recordbatch.h"
#include "sqlitedb.h"

#include <string>
#include <utility>
#include <vector>

namespace eventloom {

/// The writer thread's half of the recorder: keeps a mirror of the engine's atom texts, payload
/// arena and names (fed by the batches), resolves each trace record into rows and inserts them
/// with prepared statements. Used by one thread at a time; knows nothing of the simulation.
class RunWriter {
public:
    /// `scenarioId` names the run in each message's `source` (/eventloom/SCENARIO/PRODUCER).
    RunWriter(SqliteDb& db, std::string scenarioId);

    bool begin();
    /// Inserts the batch's rows (inside a transaction the caller opened with begin()).
    bool write(const RecordBatch& batch);
    bool commit();
    void rollback();

    /// An injection added from outside the scenario: stored now, its effective time filled in when it fires.
    bool declareInjection(const std::string& spec, SimTime at);

    std::uint64_t recordsWritten() const { return m_nextRecord - 1; }
    const std::string& error() const { return m_error; }

private:
    void absorb(const RecordBatch& batch);
    bool writeMessage(const TraceRecord& record, const Event& message);
    bool writeRecord(const TraceRecord& record);
    std::string_view text(Atom atom) const
    {
        return atom < m_atoms.size() ? std::string_view(m_atoms[atom]) : std::string_view();
    }
    std::string_view name(const std::vector<Atom>& names, std::uint16_t index) const
    {
        return index < names.size() ? text(names[index]) : std::string_view();
    }
    void appendValue(std::string& out, const Value& value) const;
    bool fail(const std::string& what);

    SqliteDb& m_db;
    std::string m_scenarioId;
    SqliteStatement m_insertMessage, m_insertRecord, m_insertInjection, m_setEffective;
    std::vector<std::string> m_atoms;
    std::vector<Field> m_fields;
    std::vector<Atom> m_services, m_topics, m_groups;
    std::vector<std::pair<std::uint64_t, std::uint64_t>> m_ids; ///< message ids by seq, for causation ids
    std::vector<std::pair<std::int64_t, std::string>> m_pendingInjections; ///< (ordinal, spec) not yet effective
    std::int64_t m_nextInjection = 1;
    std::int64_t m_nextRecord = 1;
    std::string m_scratch, m_id, m_causation, m_consumerless, m_source;
    std::string m_error;
};

} // namespace eventloom
