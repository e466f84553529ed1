#include "readerservice.h"

#include "../services/servicecontext.h"
#include "logwritesideview.h"
#include "readmodel.h"

namespace eventloom {

ReaderService::ReaderService(std::string model, SimTime every)
    : m_modelId(std::move(model))
    , m_every(every > 0 ? every : 100 * kMillisecond)
{
}

ReaderService::~ReaderService() = default;

void ReaderService::start(ServiceContext& ctx)
{
    m_orderCreated = ctx.intern("OrderCreated");
    m_orderId = ctx.intern("orderId");
    ctx.scheduleTimer(m_every, 0);
}

HandleResult ReaderService::handle(ServiceContext&, const Event&)
{
    return {};
}

void ReaderService::timer(ServiceContext& ctx, std::uint64_t id)
{
    (void)id;
    // Keep asking while the system is still moving; a log quiet for kQuietPeriod and a fresh answer
    // end the questions.
    if (ctx.log().size() != m_logSizeAtLastTick)
        m_logLastGrew = ctx.now();
    m_logSizeAtLastTick = ctx.log().size();
    const bool busy = ctx.now() - m_logLastGrew < kQuietPeriod;
    if (!m_model) {
        const ServiceHost& host = ctx.host();
        const std::uint16_t index = host.findService(m_modelId);
        m_model = index == kNoIndex ? nullptr : dynamic_cast<const ReadModel*>(&host.service(index));
        if (!m_model)
            return; // no such read model: nothing to ask
        m_writeSide.emplace(*m_model, host.log());
    }
    // The customer who ordered last asks about their order.
    const EventLog& log = ctx.log();
    for (; m_scanned < log.size(); ++m_scanned) {
        const Event& e = log.at(static_cast<std::uint32_t>(m_scanned));
        if (e.type == m_orderCreated && e.kind == Event::Kind::Event) {
            const Value v = log.field(e, m_orderId);
            if (v.type == Value::Type::String)
                m_newestOrder = std::string(log.text(v.s));
        }
    }
    if (m_newestOrder.empty()) {
        ctx.scheduleTimer(m_every, 0);
        return;
    }
    ++m_queries;
    const ReadModel::QueryResult result = m_model->query(m_newestOrder, *m_writeSide, ctx);
    m_stale += result.stale ? 1 : 0;
    m_missing += result.found ? 0 : 1;
    if (busy || result.stale || !result.found)
        ctx.scheduleTimer(m_every, 0);
}

void ReaderService::rebind(const ServiceHost& host)
{
    if (!m_model)
        return; // not looked up yet: the fork looks it up in its own services
    m_model = &dynamic_cast<const ReadModel&>(host.service(host.findService(m_modelId)));
    m_writeSide->rebind(*m_model, host.log());
}

QJsonObject ReaderService::state() const
{
    return { { QStringLiteral("model"), QString::fromStdString(m_modelId) },
        { QStringLiteral("queries"), static_cast<qint64>(m_queries) },
        { QStringLiteral("stale"), static_cast<qint64>(m_stale) },
        { QStringLiteral("notFoundYet"), static_cast<qint64>(m_missing) } };
}

} // namespace eventloom
