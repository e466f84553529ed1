#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace eventloom {

/// The work one connection may do per query (SqliteDb::setStepBudget): SQLite's progress handler counts
/// virtual-machine steps in ticks of kTick; a query that goes over is interrupted. Shared by the
/// connection and its statements, so it stays put when either moves.
struct SqliteBudget {
    static constexpr int kTick = 1000;
    std::uint64_t limitTicks = 0; ///< 0: unlimited
    std::uint64_t usedTicks = 0;
    bool exhausted = false;
    /// A statement of the connection starts afresh: when no other statement of it is running, the count
    /// starts again (a cursor stepped row by row keeps counting, and so do queries nested inside it).
    void starting(sqlite3* db, sqlite3_stmt* self);
};

/// A prepared statement: binds by 1-based index, steps, reads columns. Move-only; finalized on destruction.
class SqliteStatement {
public:
    SqliteStatement() = default;
    SqliteStatement(sqlite3* db, sqlite3_stmt* stmt, SqliteBudget* budget = nullptr)
        : m_db(db)
        , m_stmt(stmt)
        , m_budget(budget)
    {
    }
    ~SqliteStatement();
    SqliteStatement(SqliteStatement&& other) noexcept;
    SqliteStatement& operator=(SqliteStatement&& other) noexcept;
    SqliteStatement(const SqliteStatement&) = delete;
    SqliteStatement& operator=(const SqliteStatement&) = delete;

    bool valid() const { return m_stmt != nullptr; }
    void bindNull(int index);
    void bind(int index, std::int64_t value);
    /// Binds text without copying: `text` must stay alive until the statement is stepped.
    void bindText(int index, std::string_view text);
    /// Empty text binds NULL: absent fields are stored as NULL, not as ''.
    void bindTextOrNull(int index, std::string_view text);
    /// Steps once: true while a row is available; false when done. Errors are in `error()`.
    bool step();
    /// Steps a statement that returns no rows and resets it; false on error.
    bool exec();
    void reset();

    bool isNull(int column) const;
    /// The stored type of a column of the current row (SQLite keeps whatever type a value was given).
    bool isInteger(int column) const;
    bool isText(int column) const;
    std::int64_t integer(int column) const;
    std::string_view text(int column) const;

    /// The last step's error, or empty.
    const std::string& error() const { return m_error; }

private:
    sqlite3* m_db = nullptr;
    sqlite3_stmt* m_stmt = nullptr;
    SqliteBudget* m_budget = nullptr;
    std::string m_error;
};

/// One SQLite connection through the C API (house style: prepared statements and explicit
/// transactions on the hot path). Errors are reported as text; nothing throws.
///
/// Every connection is opened as if the file were hostile (https://www.sqlite.org/security.html): run
/// files travel between people. Defensive mode, untrusted schema, no triggers, no views, no attached
/// databases, tight sqlite3_limit()s and, once setStepBudget() is called, a bound on each query's work.
class SqliteDb {
public:
    enum class Mode { ReadOnly, ReadWrite, Create };

    SqliteDb() = default;
    ~SqliteDb();
    SqliteDb(SqliteDb&& other) noexcept;
    SqliteDb& operator=(SqliteDb&& other) noexcept;
    SqliteDb(const SqliteDb&) = delete;
    SqliteDb& operator=(const SqliteDb&) = delete;

    bool open(const std::string& path, Mode mode);
    void close();
    bool isOpen() const { return m_db != nullptr; }
    sqlite3* handle() const { return m_db; }

    /// Runs one or more statements with no results; false on error (see error()).
    bool exec(std::string_view sql);
    SqliteStatement prepare(std::string_view sql);
    /// The first column of the first row of `sql`, or `fallback`.
    std::int64_t queryInt(std::string_view sql, std::int64_t fallback = 0);
    std::string queryText(std::string_view sql);

    const std::string& error() const { return m_error; }

    /// Bounds the virtual-machine steps of each query (see SqliteBudget); 0 lifts the bound. A query
    /// that goes over fails with an error saying so. Deterministic: it counts steps, not time.
    void setStepBudget(std::uint64_t steps);
    /// Whether a query ran out of its budget since the budget was set.
    bool budgetExhausted() const { return m_budget && m_budget->exhausted; }
    /// The longest string, blob or row a connection reads or writes (SQLITE_LIMIT_LENGTH): a stored
    /// scenario is at most 4 MB (ScenarioLoader::kMaxFileBytes), a payload far less.
    static constexpr std::int64_t kMaxValueBytes = 64 * 1024 * 1024;
    /// The error of a query interrupted by the step budget.
    static constexpr const char* kBudgetMessage
        = "a query ran past its work limit (the file is damaged or was made to hang EventLoom)";

    /// Rows changed by the last statement (e.g. 0 when INSERT OR IGNORE ignored).
    int changes() const;
    /// Lets triggers run on this connection. Only for a file whose schema was checked to hold no trigger
    /// (RunFileSchema): the TEMP triggers a schema 2 run file is written through need it, since this
    /// SQLite does not fire even TEMP triggers while they are off.
    void allowTriggers();
    /// Lets a statement of this connection have up to `count` parameters. Only for a file this
    /// connection wrote itself (the recorder's multi-row inserts); a hostile file's SQL keeps the bound.
    void allowVariables(int count);
    /// Rows changed since the connection opened, including those changed by triggers (an insert into a
    /// schema 2 run file's `records` view is one: changes() counts none of it).
    std::int64_t totalChanges() const;
    /// The extended result code of the last failure (e.g. SQLITE_FULL), or 0.
    int errorCode() const { return m_errorCode; }

private:
    void fail();

    sqlite3* m_db = nullptr;
    std::unique_ptr<SqliteBudget> m_budget = std::make_unique<SqliteBudget>();
    std::string m_error;
    int m_errorCode = 0;
};

} // namespace eventloom
