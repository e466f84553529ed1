#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace eventloom {

/// One trace record's stored columns (schema 2's `trace` and `trace_more`, names by id into `names`),
/// each as SQLite would give it: an integer, NULL, or (in an edited `trace` row) another type.
struct StoredRecord {
    enum Column {
        Id,
        T,
        Kind,
        Message,
        Service,
        Instance,
        Group,
        Topic,
        Partition,
        Offset,
        Attempt,
        Outcome,
        Phase,
        Aux,
        Detail,
        Subject,
        Saga,
        Columns
    };
    struct Value {
        std::int64_t value = 0; ///< the integer (0 for NULL)
        bool integer = false, null = true;
        std::int64_t orMinusOne() const { return null ? -1 : value; }
        void set(std::int64_t v, bool present)
        {
            value = present ? v : 0;
            integer = present;
            null = !present;
        }
    };
    std::array<Value, Columns> columns;
    Value& operator[](Column c) { return columns[c]; }
    const Value& operator[](Column c) const { return columns[c]; }
};

/// Run file schema 3's trace block (docs/reliability.md, "The run file's layout"): the records of one
/// recorder batch in one `trace_blocks` row, as a JSON array with one array of integers per record, so
/// that plain sqlite3 decodes it with json_each (the `records` view) and EventLoom with parse() below.
///
/// Record i of the block (id `first + i`) is `[t, kind, message, service, instance, topic, partition,
/// offset, group, attempt, outcome, phase, aux, detail, subject, saga]`, trailing zeros left out:
/// t relative to the record's before (the first's to the block's `t0`); names as ids (0 for none); message as seq -
/// `m0` + 1, instance, partition, offset and saga as value + 1 (0 for none); attempt and aux as they are (0 is none, as
/// in schema 2's rows).
class TraceBlock {
public:
    /// Positions in a record's array, in the order above.
    static constexpr std::array<StoredRecord::Column, 16> kOrder
        = { StoredRecord::T, StoredRecord::Kind, StoredRecord::Message, StoredRecord::Service, StoredRecord::Instance,
              StoredRecord::Topic, StoredRecord::Partition, StoredRecord::Offset, StoredRecord::Group,
              StoredRecord::Attempt, StoredRecord::Outcome, StoredRecord::Phase, StoredRecord::Aux,
              StoredRecord::Detail, StoredRecord::Subject, StoredRecord::Saga };
    /// The most records one block may hold (the recorder writes 4,096): bounds what a hostile `n` allocates.
    static constexpr std::int64_t kMaxRecords = 1 << 20;

    /// Builds a block's text record by record (the recorder's writer): each record's values are kept, as
    /// 16 integers in the block's order, until the block's smallest message seq is known.
    class Encoder {
    public:
        /// A record's values in the block's order (kOrder): time; kind; message seq; service; instance; topic;
        /// partition; offset; group; attempt; outcome; phase; aux; detail; subject; saga. Names are ids (0 for
        /// none); message, instance, partition, offset and saga are -1 for none; attempt and aux 0 for none.
        using Values = std::array<std::int64_t, 16>;

        void add(const Values& values);
        bool empty() const { return m_records.empty(); }
        std::int64_t count() const { return static_cast<std::int64_t>(m_records.size()); }
        /// The block's text; `t0` the first record's time, `m0` the smallest message seq (0 when none has
        /// a message). The records are dropped: the next add() starts a new block.
        const std::string& finish(std::int64_t& t0, std::int64_t& m0);

    private:
        std::vector<Values> m_records;
        std::int64_t m_m0 = -1;
        std::string m_text;
    };

    /// Parses block `data` of `n` records from id `first` into `out` (replaced). False with `error`
    /// ("record 4100: offset is not a non-negative integer") for text that is not a block as the Encoder
    /// writes it: not a JSON array of `n` arrays of at most 16 integers, a value out of its range.
    static bool parse(std::string_view data, std::int64_t first, std::int64_t n, std::int64_t t0, std::int64_t m0,
        std::vector<StoredRecord>& out, std::string& error);
};

} // namespace eventloom
