#include "sqlitedb.h"

#include <algorithm>
#include <sqlite3.h>
#include <utility>

namespace eventloom {

namespace {
int onProgress(void* context)
{
    auto* budget = static_cast<SqliteBudget*>(context);
    if (budget->limitTicks == 0 || ++budget->usedTicks <= budget->limitTicks)
        return 0;
    budget->exhausted = true;
    return 1; // interrupts the statement: SQLITE_INTERRUPT
}

/// What https://www.sqlite.org/security.html advises for a database from an untrusted source. Our own
/// SQL needs none of what this takes away; a hostile file's schema gets none of it.
void harden(sqlite3* db)
{
    sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
    sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, nullptr);
    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_VIEW, 0, nullptr);
    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, nullptr);
    sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DDL, 0, nullptr);
    sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DML, 0, nullptr);
    sqlite3_limit(db, SQLITE_LIMIT_LENGTH, static_cast<int>(SqliteDb::kMaxValueBytes));
    sqlite3_limit(db, SQLITE_LIMIT_SQL_LENGTH, 100'000);
    sqlite3_limit(db, SQLITE_LIMIT_COLUMN, 100);
    sqlite3_limit(db, SQLITE_LIMIT_EXPR_DEPTH, 50);
    sqlite3_limit(db, SQLITE_LIMIT_COMPOUND_SELECT, 3);
    sqlite3_limit(db, SQLITE_LIMIT_VDBE_OP, 25'000);
    sqlite3_limit(db, SQLITE_LIMIT_FUNCTION_ARG, 8);
    sqlite3_limit(db, SQLITE_LIMIT_ATTACHED, 0);
    sqlite3_limit(db, SQLITE_LIMIT_LIKE_PATTERN_LENGTH, 50);
    sqlite3_limit(db, SQLITE_LIMIT_VARIABLE_NUMBER, 32);
    sqlite3_limit(db, SQLITE_LIMIT_TRIGGER_DEPTH, 1);
    sqlite3_exec(db, "PRAGMA cell_size_check=ON; PRAGMA mmap_size=0;", nullptr, nullptr, nullptr);
}
}

void SqliteBudget::starting(sqlite3* db, sqlite3_stmt* self)
{
    // Without a bound nothing is counted (onProgress), so there is nothing to start afresh: the run
    // file's writer steps a statement per row and would walk the connection's statements each time.
    if (limitTicks == 0)
        return;
    for (sqlite3_stmt* s = sqlite3_next_stmt(db, nullptr); s; s = sqlite3_next_stmt(db, s))
        if (s != self && sqlite3_stmt_busy(s))
            return;
    usedTicks = 0;
}

SqliteStatement::~SqliteStatement()
{
    if (m_stmt)
        sqlite3_finalize(m_stmt);
}

SqliteStatement::SqliteStatement(SqliteStatement&& other) noexcept
    : m_db(std::exchange(other.m_db, nullptr))
    , m_stmt(std::exchange(other.m_stmt, nullptr))
    , m_budget(std::exchange(other.m_budget, nullptr))
    , m_error(std::move(other.m_error))
{
}

SqliteStatement& SqliteStatement::operator=(SqliteStatement&& other) noexcept
{
    if (this != &other) {
        if (m_stmt)
            sqlite3_finalize(m_stmt);
        m_db = std::exchange(other.m_db, nullptr);
        m_stmt = std::exchange(other.m_stmt, nullptr);
        m_budget = std::exchange(other.m_budget, nullptr);
        m_error = std::move(other.m_error);
    }
    return *this;
}

void SqliteStatement::bindNull(int index)
{
    sqlite3_bind_null(m_stmt, index);
}

void SqliteStatement::bind(int index, std::int64_t value)
{
    sqlite3_bind_int64(m_stmt, index, value);
}

void SqliteStatement::bindText(int index, std::string_view text)
{
    sqlite3_bind_text(m_stmt, index, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
}

void SqliteStatement::bindTextOrNull(int index, std::string_view text)
{
    if (text.empty())
        sqlite3_bind_null(m_stmt, index);
    else
        bindText(index, text);
}

bool SqliteStatement::step()
{
    if (m_budget && !sqlite3_stmt_busy(m_stmt))
        m_budget->starting(m_db, m_stmt);
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc != SQLITE_DONE)
        m_error = m_budget && m_budget->exhausted && (rc & 0xff) == SQLITE_INTERRUPT
            ? SqliteDb::kBudgetMessage
            : std::string(sqlite3_errmsg(m_db));
    return false;
}

bool SqliteStatement::exec()
{
    m_error.clear();
    step();
    sqlite3_reset(m_stmt);
    return m_error.empty();
}

void SqliteStatement::reset()
{
    sqlite3_reset(m_stmt);
}

bool SqliteStatement::isNull(int column) const
{
    return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}

bool SqliteStatement::isInteger(int column) const
{
    return sqlite3_column_type(m_stmt, column) == SQLITE_INTEGER;
}

bool SqliteStatement::isText(int column) const
{
    return sqlite3_column_type(m_stmt, column) == SQLITE_TEXT;
}

std::int64_t SqliteStatement::integer(int column) const
{
    return sqlite3_column_int64(m_stmt, column);
}

std::string_view SqliteStatement::text(int column) const
{
    const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, column));
    if (!data)
        return {};
    return { data, static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, column)) };
}

SqliteDb::~SqliteDb()
{
    close();
}

SqliteDb::SqliteDb(SqliteDb&& other) noexcept
    : m_db(std::exchange(other.m_db, nullptr))
    , m_budget(std::move(other.m_budget))
    , m_error(std::move(other.m_error))
    , m_errorCode(other.m_errorCode)
{
}

SqliteDb& SqliteDb::operator=(SqliteDb&& other) noexcept
{
    if (this != &other) {
        close();
        m_db = std::exchange(other.m_db, nullptr);
        m_budget = std::move(other.m_budget);
        m_error = std::move(other.m_error);
        m_errorCode = other.m_errorCode;
    }
    return *this;
}

bool SqliteDb::open(const std::string& path, Mode mode)
{
    close();
    int flags = SQLITE_OPEN_NOMUTEX; // one connection per thread; SQLite needs no locks of its own
    switch (mode) {
    case Mode::ReadOnly:
        flags |= SQLITE_OPEN_READONLY;
        break;
    case Mode::ReadWrite:
        flags |= SQLITE_OPEN_READWRITE;
        break;
    case Mode::Create:
        flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
        break;
    }
    const int rc = sqlite3_open_v2(path.c_str(), &m_db, flags, nullptr);
    if (rc != SQLITE_OK) {
        m_errorCode = rc;
        m_error = m_db ? sqlite3_errmsg(m_db) : sqlite3_errstr(rc);
        close();
        return false;
    }
    sqlite3_extended_result_codes(m_db, 1);
    sqlite3_busy_timeout(m_db, 2000);
    harden(m_db);
    if (!m_budget)
        m_budget = std::make_unique<SqliteBudget>();
    *m_budget = {};
    sqlite3_progress_handler(m_db, SqliteBudget::kTick, onProgress, m_budget.get());
    return true;
}

void SqliteDb::setStepBudget(std::uint64_t steps)
{
    if (!m_budget)
        return;
    m_budget->limitTicks = steps == 0 ? 0 : std::max<std::uint64_t>(1, steps / SqliteBudget::kTick);
    m_budget->usedTicks = 0;
    m_budget->exhausted = false;
}

int SqliteDb::changes() const
{
    return m_db ? sqlite3_changes(m_db) : 0;
}

void SqliteDb::allowTriggers()
{
    if (m_db)
        sqlite3_db_config(m_db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 1, nullptr);
}

void SqliteDb::allowVariables(int count)
{
    if (m_db)
        sqlite3_limit(m_db, SQLITE_LIMIT_VARIABLE_NUMBER, count);
}

std::int64_t SqliteDb::totalChanges() const
{
    return m_db ? sqlite3_total_changes64(m_db) : 0;
}

void SqliteDb::close()
{
    if (m_db)
        sqlite3_close_v2(m_db);
    m_db = nullptr;
}

void SqliteDb::fail()
{
    m_errorCode = sqlite3_extended_errcode(m_db);
    m_error = budgetExhausted() && (m_errorCode & 0xff) == SQLITE_INTERRUPT ? std::string(kBudgetMessage)
                                                                            : std::string(sqlite3_errmsg(m_db));
}

bool SqliteDb::exec(std::string_view sql)
{
    const std::string text(sql);
    char* message = nullptr;
    if (m_budget)
        m_budget->starting(m_db, nullptr);
    if (sqlite3_exec(m_db, text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        fail();
        if (message && !budgetExhausted())
            m_error = message;
        sqlite3_free(message);
        return false;
    }
    return true;
}

SqliteStatement SqliteDb::prepare(std::string_view sql)
{
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(m_db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt, nullptr)
        != SQLITE_OK) {
        fail();
        return {};
    }
    return { m_db, stmt, m_budget.get() };
}

std::int64_t SqliteDb::queryInt(std::string_view sql, std::int64_t fallback)
{
    SqliteStatement s = prepare(sql);
    if (!s.valid())
        return fallback;
    if (!s.step()) {
        if (!s.error().empty()) {
            m_error = s.error();
            m_errorCode = sqlite3_extended_errcode(m_db);
        }
        return fallback;
    }
    return s.isNull(0) ? fallback : s.integer(0);
}

std::string SqliteDb::queryText(std::string_view sql)
{
    SqliteStatement s = prepare(sql);
    if (!s.valid() || !s.step()) {
        if (s.valid() && !s.error().empty())
            m_error = s.error();
        return {};
    }
    return std::string(s.text(0));
}

} // namespace eventloom
