#include "runtrace.h"

#include <algorithm>

namespace eventloom {

RunTrace::RunTrace(QObject* parent)
    : QObject(parent)
{
}

TraceGrowth RunTrace::append(const TraceBatch& batch)
{
    TraceGrowth growth;
    growth.firstRow = m_rows.size();
    growth.rows = batch.rows.size();
    growth.firstAtom = batch.firstAtom;
    growth.atoms = batch.atoms.size();
    growth.hasStatus = batch.hasStatus;
    // Atoms are numbered densely from 0; a gap would mean a lost batch, so resize rather than trust order.
    if (!batch.atoms.empty()) {
        const std::size_t end = batch.firstAtom + batch.atoms.size();
        if (m_atoms.size() < end)
            m_atoms.resize(end);
        std::copy(batch.atoms.begin(), batch.atoms.end(), m_atoms.begin() + batch.firstAtom);
    }
    m_rows.append(batch.rows.begin(), batch.rows.end());
    if (batch.hasStatus)
        m_status = batch.status;
    Q_EMIT appended(growth);
    return growth;
}

void RunTrace::clear()
{
    m_rows.clear();
    m_atoms.clear();
    m_status = RunStatus();
    Q_EMIT cleared();
}

std::optional<Atom> RunTrace::findAtom(const QString& text) const
{
    const auto it = std::find(m_atoms.begin(), m_atoms.end(), text);
    if (it == m_atoms.end())
        return std::nullopt;
    return static_cast<Atom>(it - m_atoms.begin());
}

} // namespace eventloom
