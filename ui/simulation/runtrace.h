#pragma once

#include "models/chunkedarray.h"
#include "simulation/tracebatch.h"

#include <QObject>
#include <QString>
#include <optional>
#include <ranges>
#include <vector>

namespace eventloom {

/// What one batch added to the run trace: rows [firstRow, firstRow + rows) and atoms
/// [firstAtom, firstAtom + atoms) (atoms may come before the rows that use them, or with none).
struct TraceGrowth {
    std::size_t firstRow = 0;
    std::size_t rows = 0;
    Atom firstAtom = 0;
    std::size_t atoms = 0;
    bool hasStatus = false;
};

/// The run's trace as the window holds it, once: every row and the atom table, taken from each batch
/// the controller delivers. The panels (the event log, the timeline, the sagas, the architecture, the
/// metrics) read rows and atom texts here and keep only what they derive from them; appended() tells
/// them what is new, cleared() that a new run starts.
class RunTrace final : public QObject {
    Q_OBJECT
public:
    // 4,096 rows (320 KB) a chunk: growing never copies the rows taken before.
    using Rows = ChunkedArray<TraceRow, 12>;

    explicit RunTrace(QObject* parent = nullptr);

    /// Takes in a batch's atoms, rows and status, then emits appended() (for every batch, even one
    /// with only a status, as the panels were fed before). Returns what it added.
    TraceGrowth append(const TraceBatch& batch);
    /// Forgets every row and atom: a new run starts. Emits cleared().
    void clear();

    std::size_t rowCount() const { return m_rows.size(); }
    const TraceRow& row(std::size_t i) const { return m_rows[i]; }
    /// The rows a batch added.
    auto rows(const TraceGrowth& growth) const
    {
        const auto first = m_rows.begin() + static_cast<std::ptrdiff_t>(growth.firstRow);
        return std::ranges::subrange(first, first + static_cast<std::ptrdiff_t>(growth.rows));
    }
    std::size_t atomCount() const { return m_atoms.size(); }
    /// The text of `atom`, empty if no batch brought it (yet).
    QString atomText(Atom atom) const { return atom < m_atoms.size() ? m_atoms[atom] : QString(); }
    /// The first atom whose text is `text`, if a batch brought it.
    std::optional<Atom> findAtom(const QString& text) const;
    /// The latest status a batch brought (a default one before any).
    const RunStatus& status() const { return m_status; }

Q_SIGNALS:
    void appended(const eventloom::TraceGrowth& growth);
    void cleared();

private:
    Rows m_rows;
    std::vector<QString> m_atoms;
    RunStatus m_status;
};

} // namespace eventloom
