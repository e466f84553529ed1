#include "benchaggregate.h"

#include <QString>

namespace eventloom::bench {

void BenchAggregate::apply(const StoredEvent& event, const EventLog& log)
{
    m_version = event.version;
    m_lastType = event.type;
    m_quantity += event.field(log, m_keys.quantity).i;
    m_amount += event.field(log, m_keys.amount).i;
    m_updated = event.time;
    m_digest = (m_digest ^ event.position) * 0x100000001B3ull;
}

QJsonObject BenchAggregate::state() const
{
    return { { QStringLiteral("version"), static_cast<qint64>(m_version) },
        { QStringLiteral("quantity"), static_cast<qint64>(m_quantity) },
        { QStringLiteral("amountCents"), static_cast<qint64>(m_amount) },
        { QStringLiteral("updated"), static_cast<qint64>(m_updated) },
        { QStringLiteral("digest"), QString::number(m_digest, 16) } };
}

bool BenchAggregate::operator==(const BenchAggregate& other) const
{
    return m_version == other.m_version && m_lastType == other.m_lastType && m_quantity == other.m_quantity
        && m_amount == other.m_amount && m_updated == other.m_updated && m_digest == other.m_digest;
}

} // namespace eventloom::bench
