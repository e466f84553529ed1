#include "orderaggregate.h"

#include "../../bus/eventlog.h"
#include "../../eventstore/storedevent.h"

namespace eventloom {

const char* OrderAggregate::statusName(Status status)
{
    static const char* const kNames[] = { "none", "created", "reserved", "paid", "shipped", "completed", "cancelled" };
    return kNames[static_cast<int>(status)];
}

std::unique_ptr<Aggregate> OrderAggregate::clone() const
{
    auto copy = std::make_unique<OrderAggregate>(*this);
    copy->m_log = nullptr;
    return copy;
}

void OrderAggregate::restore(const Aggregate& other)
{
    Q_ASSERT(dynamic_cast<const OrderAggregate*>(&other) != nullptr);
    const EcommerceNames* names = m_names;
    const EventLog* log = m_log;
    *this = static_cast<const OrderAggregate&>(other);
    m_names = names;
    m_log = log;
}

void OrderAggregate::restoreSnapshot(const Aggregate& snapshot, const EventLog& log)
{
    restore(snapshot);
    m_log = &log;
}

void OrderAggregate::apply(const StoredEvent& event, const EventLog& log)
{
    const EcommerceNames& n = *m_names;
    m_log = &log;
    m_version = event.version;
    m_updated = event.time;
    const auto text = [&](Atom key) {
        const Value v = event.field(log, key);
        return v.type == Value::Type::String ? v.s : Atom(0);
    };
    if (event.type == n.orderCreated) {
        m_status = Status::Created;
        m_customerId = text(n.customerId);
        m_sku = text(n.sku);
        const Value q = event.field(log, n.quantity);
        const Value a = event.field(log, n.amountCents);
        m_quantity = q.type == Value::Type::Int ? q.i : 0;
        m_amountCents = a.type == Value::Type::Int ? a.i : 0;
    } else if (event.type == n.orderStockReserved) {
        m_status = Status::Reserved;
    } else if (event.type == n.orderPaid) {
        m_status = Status::Paid;
    } else if (event.type == n.orderShipped) {
        m_status = Status::Shipped;
    } else if (event.type == n.orderCompleted) {
        m_status = Status::Completed;
    } else if (event.type == n.orderCancelled) {
        m_status = Status::Cancelled;
        m_reason = text(n.reason);
    }
}

QJsonObject OrderAggregate::state() const
{
    const auto name = [this](Atom a) {
        if (!m_log || a == 0)
            return QString();
        const std::string_view s = m_log->text(a);
        return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
    };
    QJsonObject state { { QStringLiteral("status"), QLatin1String(statusName(m_status)) },
        { QStringLiteral("version"), static_cast<qint64>(m_version) },
        { QStringLiteral("customerId"), name(m_customerId) }, { QStringLiteral("sku"), name(m_sku) },
        { QStringLiteral("quantity"), static_cast<qint64>(m_quantity) },
        { QStringLiteral("amountCents"), static_cast<qint64>(m_amountCents) },
        { QStringLiteral("updatedUs"), static_cast<qint64>(m_updated) } };
    if (m_reason != 0)
        state.insert(QStringLiteral("reason"), name(m_reason));
    return state;
}

} // namespace eventloom
