#include "batchingobserver.h"

#include "sim/simulation.h"

namespace eventloom {

BatchingObserver::BatchingObserver(const Simulation& sim)
{
    const AtomTable& atoms = sim.log().atoms();
    for (std::size_t i = 0; i < sim.serviceCount(); ++i)
        m_serviceNames.push_back(atoms.find(sim.serviceName(static_cast<std::uint16_t>(i))));
    for (std::size_t i = 0; i < sim.bus().topicCount(); ++i)
        m_topicNames.push_back(sim.bus().topic(static_cast<std::uint16_t>(i)).name);
    for (std::size_t i = 0; i < sim.bus().groupCount(); ++i)
        m_groupNames.push_back(sim.bus().group(static_cast<std::uint16_t>(i)).name);
}

void BatchingObserver::onTrace(const TraceRecord& record, const Simulation& sim)
{
    TraceRow row;
    row.time = record.t;
    row.kind = record.kind;
    row.outcome = record.outcome;
    row.attempt = record.attempt;
    row.message = record.message;
    row.instance = record.instance;
    row.partition = record.partition;
    row.offset = record.offset;
    row.aux = record.aux;
    row.detail = record.detail;
    row.phase = record.phase;
    if (record.kind == TraceKind::Saga)
        ++m_sagaMoves;
    row.subject = record.subject;
    row.saga = record.saga;
    if (record.service < m_serviceNames.size())
        row.service = m_serviceNames[record.service];
    if (record.group < m_groupNames.size())
        row.group = m_groupNames[record.group];
    if (record.topic < m_topicNames.size())
        row.topic = m_topicNames[record.topic];

    if (record.message != kNoMessage && record.message < sim.log().size()) {
        const Event& message = sim.log().at(record.message);
        row.type = message.type;
        row.key = message.key;
        row.correlation = message.correlation;
        row.producer = message.producer;
        row.command = message.kind == Event::Kind::Command;
        if (row.command && message.target < m_serviceNames.size())
            row.topic = m_serviceNames[message.target];
        if (!row.command && row.partition < 0) {
            row.partition = message.partition;
            row.offset = message.offset;
        }
    }
    m_rows.push_back(row);
}

TraceBatch BatchingObserver::takeBatch(const Simulation& sim, const RunStatus& status)
{
    TraceBatch batch;
    batch.rows = std::move(m_rows);
    m_rows = {};
    // Atoms are append-only, so sending each one once keeps the UI's copy of the table complete.
    const AtomTable& atoms = sim.log().atoms();
    batch.firstAtom = m_sentAtoms;
    batch.atoms.reserve(atoms.size() - m_sentAtoms);
    for (Atom a = m_sentAtoms; a < atoms.size(); ++a) {
        const std::string_view text = atoms.text(a);
        batch.atoms.push_back(QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size())));
    }
    m_sentAtoms = static_cast<Atom>(atoms.size());
    batch.status = status;
    batch.hasStatus = true;
    return batch;
}

} // namespace eventloom
