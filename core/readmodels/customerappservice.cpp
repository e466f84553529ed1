#include "customerappservice.h"

#include "../bus/eventbus.h"
#include "../bus/eventlog.h"
#include "../services/ecommerce/orderservice.h"
#include "../services/servicecontext.h"
#include "readmodel.h"

#include <QJsonArray>
#include <algorithm>
#include <cmath>

namespace eventloom {

namespace {
constexpr std::uint64_t kClickTimer = 0;
constexpr std::uint64_t kPollTimer = 1;
/// How many of its latest orders the screen lists in state().
constexpr std::size_t kScreenRows = 8;

/// Nearest rank, as the run summary's latency percentiles.
qint64 percentile(std::vector<SimTime> values, double q)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(values.size())));
    return static_cast<qint64>(values[std::clamp<std::size_t>(rank, 1, values.size()) - 1]);
}

bool decidedYes(const std::string& status)
{
    return status == "paid" || status == "shipped" || status == "completed";
}
}

std::optional<CustomerAppService::Strategy> CustomerAppService::strategyFromName(std::string_view name)
{
    if (name == "read-immediately")
        return Strategy::ReadImmediately;
    if (name == "wait-for-version")
        return Strategy::WaitForVersion;
    if (name == "optimistic")
        return Strategy::Optimistic;
    return std::nullopt;
}

const char* CustomerAppService::strategyName(Strategy strategy)
{
    switch (strategy) {
    case Strategy::ReadImmediately:
        return "read-immediately";
    case Strategy::WaitForVersion:
        return "wait-for-version";
    case Strategy::Optimistic:
        return "optimistic";
    }
    return "";
}

CustomerAppService::CustomerAppService(Settings settings)
    : m_settings(std::move(settings))
{
    m_settings.every = std::max<SimTime>(m_settings.every, 1);
    m_settings.poll = std::max<SimTime>(m_settings.poll, 1);
    if (m_settings.skus.empty())
        m_settings.skus.emplace_back("sku-1");
}

CustomerAppService::~CustomerAppService() = default;

bool CustomerAppService::resolve(const ServiceHost& host)
{
    const std::uint16_t model = host.findService(m_settings.readModel);
    m_model = model == kNoIndex ? nullptr : dynamic_cast<const ReadModel*>(&host.service(model));
    const std::uint16_t shop = host.findService(m_settings.target);
    m_shop = shop == kNoIndex ? nullptr : dynamic_cast<const OrderService*>(&host.service(shop));
    if (m_model && m_writeSide)
        m_writeSide->rebind(*m_model, host.log());
    else if (m_model)
        m_writeSide.emplace(*m_model, host.log());
    return m_model != nullptr;
}

void CustomerAppService::rebind(const ServiceHost& host)
{
    if (m_model) // not looked up yet: the fork looks it up in its own services when it needs it
        resolve(host);
}

void CustomerAppService::start(ServiceContext& ctx)
{
    if (m_settings.orders > 0)
        ctx.scheduleTimer(m_settings.every, kClickTimer);
}

void CustomerAppService::restarted(ServiceContext& ctx)
{
    // Its timers died with the crash; what it placed and showed is kept.
    if (static_cast<std::int64_t>(m_orders.size()) < m_settings.orders)
        ctx.scheduleTimer(m_settings.every, kClickTimer);
    m_pollArmed = false;
    armPoll(ctx);
}

void CustomerAppService::timer(ServiceContext& ctx, std::uint64_t id)
{
    if (!m_model && !resolve(ctx.host()))
        return; // no such read model: nothing to show
    if (id == kClickTimer)
        click(ctx);
    else
        pollViews(ctx);
}

void CustomerAppService::click(ServiceContext& ctx)
{
    const std::string self(ctx.host().serviceName(ctx.self()));
    Order order;
    char number[24];
    std::snprintf(number, sizeof number, "-%06lld", static_cast<long long>(m_orders.size() + 1));
    order.id = ctx.intern(self + number);
    order.clicked = ctx.now();
    const auto& sku = m_settings.skus[static_cast<std::size_t>(
        ctx.random().uniformInt(0, static_cast<std::int64_t>(m_settings.skus.size()) - 1))];
    const std::int64_t quantity = ctx.random().uniformInt(1, 3);

    PayloadBuilder& payload = ctx.payload();
    payload.set(ctx.intern("orderId"), Value::string(order.id));
    payload.set(ctx.intern("customerId"), Value::string(ctx.intern(self)));
    payload.set(ctx.intern("sku"), Value::string(ctx.intern(sku)));
    payload.set(ctx.intern("quantity"), Value::integer(quantity));
    payload.set(ctx.intern("amountCents"), Value::integer(quantity * m_settings.unitPriceCents));
    payload.set(ctx.intern("replyTo"), Value::string(ctx.intern(self)));
    MessageOptions options;
    options.correlation = order.id;
    ctx.send(ctx.intern(m_settings.target), ctx.intern("PlaceOrder"), order.id, payload, options);

    if (m_settings.strategy == Strategy::Optimistic) {
        // The screen shows what the customer expects at once, before the shop has answered.
        order.screen = Screen::Placed;
        order.shows = "placed";
    }
    m_byId.emplace(order.id, m_orders.size());
    m_orders.push_back(std::move(order));
    if (m_settings.strategy == Strategy::Optimistic)
        armPoll(ctx);
    if (static_cast<std::int64_t>(m_orders.size()) < m_settings.orders)
        ctx.scheduleTimer(m_settings.every, kClickTimer);
}

HandleResult CustomerAppService::handle(ServiceContext& ctx, const Event& message)
{
    const EventLog& log = ctx.log();
    const Atom orderIdField = log.atoms().find("orderId");
    const Value id = orderIdField == 0 ? Value {} : log.field(message, orderIdField);
    const auto found = id.type == Value::Type::String ? m_byId.find(id.s) : m_byId.end();
    if (found == m_byId.end() || (!m_model && !resolve(ctx.host())))
        return { HandleOutcome::Ok, ctx.intern("ignored") };
    Order& order = m_orders[found->second];
    if (order.acknowledged >= 0)
        return { HandleOutcome::Ok, ctx.intern("answered before") };
    order.acknowledged = ctx.now();
    ++m_acknowledged;
    const std::string_view type = log.text(message.type);
    if (type == "OrderRejected") {
        ++m_refused;
        const bool wasShowing = order.screen == Screen::Placed;
        order.screen = wasShowing ? Screen::Corrected : Screen::Refused;
        order.shows = "refused";
        if (wasShowing) {
            ++m_corrected;
            m_settled.push_back(ctx.now() - order.clicked);
        }
        // The handled record says what the screen shows now, so the Event log tells each screen's story.
        return { HandleOutcome::Ok, ctx.intern(wasShowing ? "corrected: refused" : "shows: refused") };
    }
    // OrderAccepted: where the write is in the log, the version to wait for.
    const auto integer = [&](std::string_view name) {
        const Atom field = log.atoms().find(name);
        const Value v = field == 0 ? Value {} : log.field(message, field);
        return v.type == Value::Type::Int ? v.i : -1;
    };
    const Atom topicField = log.atoms().find("topic");
    const Value topic = topicField == 0 ? Value {} : log.field(message, topicField);
    order.topic = topic.type == Value::Type::String ? ctx.host().bus().findTopic(topic.s) : kNoIndex;
    order.partition = static_cast<std::int32_t>(integer("partition"));
    order.offset = integer("offset");
    std::string shows;
    switch (m_settings.strategy) {
    case Strategy::ReadImmediately:
        show(ctx, order);
        shows = (order.screen == Screen::Stale ? "stale: " : "shows: ") + order.shows;
        break;
    case Strategy::WaitForVersion:
        if (applied(order)) {
            m_waits.push_back(0);
            show(ctx, order);
            shows = "shows: " + order.shows;
        } else {
            order.screen = Screen::Waiting;
            order.shows = "waiting";
            shows = "waiting for offset " + std::to_string(order.offset) + " of partition "
                + std::to_string(order.partition);
            armPoll(ctx);
        }
        break;
    case Strategy::Optimistic:
        shows = "shows: placed, since the click";
        armPoll(ctx); // already polling since the click
        break;
    }
    return { HandleOutcome::Ok, ctx.intern(shows) };
}

bool CustomerAppService::applied(const Order& order) const
{
    return m_model && order.topic != kNoIndex && m_model->isApplied(order.topic, order.partition, order.offset);
}

void CustomerAppService::show(ServiceContext& ctx, Order& order)
{
    const std::string key(ctx.log().text(order.id));
    const ReadModel::QueryResult result = m_model->query(key, *m_writeSide);
    order.shows = result.found ? result.row.value(QStringLiteral("status")).toString().toStdString() : "no such order";
    if (applied(order)) {
        order.screen = Screen::Shown;
        return;
    }
    // The view has not applied the customer's own write: the screen is stale, and the trace says so
    // as it says it of any stale read (aux = the changes the view has not applied yet).
    order.screen = Screen::Stale;
    ++m_staleScreens;
    m_notFound += result.found ? 0 : 1;
    TraceRecord record;
    record.kind = TraceKind::StaleRead;
    record.detail = order.id;
    record.aux = std::max<std::int64_t>(1, result.writeVersion - result.readVersion);
    record.group = m_model->groups().empty() ? kNoIndex : m_model->groups().front();
    ctx.trace(record);
}

bool CustomerAppService::pending(const Order& order) const
{
    return order.screen == Screen::Waiting || order.screen == Screen::Placed;
}

void CustomerAppService::armPoll(ServiceContext& ctx)
{
    if (m_pollArmed || std::none_of(m_orders.begin(), m_orders.end(), [this](const Order& o) { return pending(o); }))
        return;
    m_pollArmed = true;
    ctx.scheduleTimer(m_settings.poll, kPollTimer);
}

void CustomerAppService::pollViews(ServiceContext& ctx)
{
    m_pollArmed = false;
    for (Order& order : m_orders) {
        if (order.screen == Screen::Waiting) {
            if (applied(order)) {
                m_waits.push_back(ctx.now() - order.acknowledged);
                show(ctx, order);
            } else if (ctx.now() - order.acknowledged >= m_settings.timeout) {
                ++m_timedOut; // it gives up and shows what the view has: without the customer's write
                show(ctx, order);
            }
        } else if (order.screen == Screen::Placed) {
            const QJsonObject row = m_model->row(ctx.log().text(order.id));
            const std::string status = row.value(QStringLiteral("status")).toString().toStdString();
            if (status == "cancelled") {
                order.screen = Screen::Corrected;
                order.shows = status;
                ++m_corrected;
                m_settled.push_back(ctx.now() - order.clicked);
            } else if (decidedYes(status)) {
                order.screen = Screen::Confirmed;
                order.shows = status;
                ++m_confirmed;
                m_settled.push_back(ctx.now() - order.clicked);
            }
        }
    }
    armPoll(ctx);
}

bool CustomerAppService::shopSaidNo(const Order& order) const
{
    if (order.screen == Screen::Refused || (order.screen == Screen::Corrected && order.shows == "refused"))
        return true;
    const OrderService::Order* kept = m_shop ? m_shop->order(order.id) : nullptr;
    return kept && kept->status == OrderService::Status::Cancelled;
}

QJsonObject CustomerAppService::state() const
{
    std::int64_t turnedOutWrong = 0;
    std::int64_t wrongNow = 0;
    if (m_settings.strategy == Strategy::Optimistic) {
        for (const Order& order : m_orders) {
            const bool no = shopSaidNo(order);
            turnedOutWrong += no ? 1 : 0;
            // What the screen says against what the write side decided.
            const bool screenSaysNo = order.screen == Screen::Corrected;
            wrongNow += no != screenSaysNo ? 1 : 0;
        }
    }
    QJsonArray screen;
    for (std::size_t i = m_orders.size() > kScreenRows ? m_orders.size() - kScreenRows : 0; i < m_orders.size(); ++i)
        screen.append(QString::fromUtf8(m_orders[i].shows.empty() ? "…" : m_orders[i].shows.c_str()));
    QJsonObject out {
        { QStringLiteral("strategy"), QString::fromLatin1(strategyName(m_settings.strategy)) },
        { QStringLiteral("readModel"), QString::fromStdString(m_settings.readModel) },
        { QStringLiteral("ordersPlaced"), static_cast<qint64>(m_orders.size()) },
        { QStringLiteral("acknowledged"), static_cast<qint64>(m_acknowledged) },
        { QStringLiteral("refused"), static_cast<qint64>(m_refused) },
        { QStringLiteral("staleScreens"), static_cast<qint64>(m_staleScreens) },
        { QStringLiteral("notFound"), static_cast<qint64>(m_notFound) },
        { QStringLiteral("pending"),
            static_cast<qint64>(
                std::count_if(m_orders.begin(), m_orders.end(), [this](const Order& o) { return pending(o); })) },
        { QStringLiteral("screen"), screen },
    };
    if (m_settings.strategy == Strategy::WaitForVersion) {
        out.insert(QStringLiteral("waited"), static_cast<qint64>(m_waits.size()));
        out.insert(QStringLiteral("waitP50Us"), percentile(m_waits, 0.5));
        out.insert(QStringLiteral("waitMaxUs"), percentile(m_waits, 1.0));
        out.insert(QStringLiteral("timedOut"), static_cast<qint64>(m_timedOut));
    }
    if (m_settings.strategy == Strategy::Optimistic) {
        out.insert(QStringLiteral("shownOptimistically"), static_cast<qint64>(m_orders.size()));
        out.insert(QStringLiteral("confirmed"), static_cast<qint64>(m_confirmed));
        out.insert(QStringLiteral("corrected"), static_cast<qint64>(m_corrected));
        out.insert(QStringLiteral("turnedOutWrong"), static_cast<qint64>(turnedOutWrong));
        out.insert(QStringLiteral("wrongNow"), static_cast<qint64>(wrongNow));
        out.insert(QStringLiteral("settleP50Us"), percentile(m_settled, 0.5));
        out.insert(QStringLiteral("settleMaxUs"), percentile(m_settled, 1.0));
    }
    return out;
}

} // namespace eventloom
