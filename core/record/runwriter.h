#pragma once

#include "messageblock.h"
#include "recordbatch.h"
#include "sqlitedb.h"
#include "traceblock.h"

#include <array>
#include <span>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace eventloom {

/// The writer thread's half of the recorder: follows the engine's atom texts and payload arena (their
/// frozen chunks, shared, handed over with each batch) and its names, resolves each message into rows and
/// each batch of trace records into one trace block, and inserts them with prepared statements. Used by one
/// thread at a time; knows nothing of the simulation.
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
    /// Adds the message to the batch's message block (schema 4, MessageBlock).
    bool writeMessage(const TraceRecord& record, const Event& message);
    /// Inserts the message block, if it holds any message.
    bool writeMessages();
    bool writeRecord(const TraceRecord& record);
    /// Inserts the batch's records (m_block) as one trace block (schema 3, TraceBlock).
    bool writeBlock();
    /// The fields of a list or map `value`, contiguous.
    std::span<const Field> fields(const Value& value) const;
    std::uint64_t payloadHash(const Value& value) const;
    bool samePayload(const Value& a, const Value& b) const;
    std::string_view text(Atom atom) const
    {
        return atom < m_atoms.size() ? std::string_view(m_atoms[atom]) : std::string_view();
    }
    std::string_view name(const std::vector<Atom>& names, std::uint16_t index) const
    {
        return index < names.size() ? text(names[index]) : std::string_view();
    }
    void appendValue(std::string& out, const Value& value) const;
    /// The id of `text` in the file's `names` table, inserting it the first time; 0 (stored as NULL)
    /// for no text.
    std::int64_t nameId(std::string_view text);
    std::int64_t atomId(Atom atom);
    /// How many places back in the message block an equal payload is, or 0 with the payload's JSON in
    /// m_scratch (formatted only then).
    std::int64_t payloadBack(const Value& payload);
    /// The name id of an enum's `value` (kind, outcome, phase), cached in `ids`.
    std::int64_t enumId(std::vector<std::int64_t>& ids, std::size_t value, std::string_view text);
    static void bindName(SqliteStatement& s, int index, std::int64_t id);
    bool fail(const std::string& what);

    SqliteDb& m_db;
    std::string m_scenarioId;
    SqliteStatement m_insertMessages, m_insertBlock, m_insertInjection, m_setEffective, m_insertName;
    /// The engine's atom texts and payload arena, their frozen chunks shared (RecordBatch), never copied.
    SharedPrefixVector<std::string> m_atoms;
    SharedPrefixVector<Field> m_fields;
    std::vector<Atom> m_services, m_topics, m_groups;
    std::vector<bool> m_written; ///< by seq: whether the message is in the file (a cause is stored by seq)
    /// Name ids by text (lookup only, never iterated), and caches of it by atom, producer and enum value.
    std::unordered_map<std::string, std::int64_t> m_nameIds;
    std::vector<std::int64_t> m_atomIds, m_sourceIds, m_kindIds, m_outcomeIds, m_phaseIds;
    std::int64_t m_nextName = 1;
    /// The message block's payloads stored in full, by a hash of their structure: direct-mapped (a newer
    /// payload takes an older one's slot), so nothing is allocated per message. The block index, the value
    /// (in m_fields, which only grows) and the block it belongs to.
    struct StoredPayload {
        std::uint64_t hash = 0;
        std::int64_t index = -1;
        std::int64_t block = -1;
        Value value;
    };
    static constexpr std::size_t kPayloadSlots = 1024;
    std::vector<StoredPayload> m_payloads = std::vector<StoredPayload>(kPayloadSlots);
    MessageBlock::Encoder m_messages;
    TraceBlock::Encoder m_block; ///< the batch's records, as one block's
    std::int64_t m_blockFirst = 1; ///< the id of the block's first record
    std::vector<std::pair<std::int64_t, std::string>> m_pendingInjections; ///< (ordinal, spec) not yet effective
    std::int64_t m_nextInjection = 1;
    std::int64_t m_nextRecord = 1;
    std::string m_scratch, m_id, m_source;
    std::string m_error;
};

} // namespace eventloom
