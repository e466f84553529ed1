#pragma once

#include "../services/service.h"
#include "logwritesideview.h"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace eventloom {

class OrderService;
class ReadModel;

/// A customer's screen in a web shop: it places its own orders through the write side (PlaceOrder to
/// the order service, the command path the workload uses, with `replyTo` so the service answers with
/// what it recorded) and then shows each order from a read model, with one of three strategies:
///
/// - read-immediately: reads the view as soon as the write is acknowledged and shows what it finds;
///   when the view has not applied the write yet the screen is stale (a `stale-read` record).
/// - wait-for-version (read-your-writes): re-reads every `poll` until the view has applied the
///   write's position (the topic, partition and offset of its OrderCreated, from the acknowledgement),
///   then shows it; after `timeout` it gives up and shows what the view has, which is then stale.
/// - optimistic: shows "placed" at the click, before any answer, and keeps polling the view until the
///   order is decided there: paid or later confirms what it showed, cancelled corrects it (as does an
///   OrderRejected answer).
///
/// Random draws (SKU and quantity) come from the service's own stream; everything runs on simulated time.
class CustomerAppService final : public Service {
public:
    enum class Strategy { ReadImmediately, WaitForVersion, Optimistic };
    struct Settings {
        std::string readModel; ///< the read model's service id
        Strategy strategy = Strategy::ReadImmediately;
        SimTime every = 250 * kMillisecond; ///< one order per `every`
        std::int64_t orders = 20;
        SimTime poll = 10 * kMillisecond; ///< how often a waiting screen reads the view again
        SimTime timeout = kSecond; ///< wait-for-version: how long it waits before it gives up
        std::string target = "order"; ///< the write side: the order service's id
        std::vector<std::string> skus; ///< what it orders (at random)
        std::int64_t unitPriceCents = 1999;
    };
    static std::optional<Strategy> strategyFromName(std::string_view name);
    static const char* strategyName(Strategy strategy);

    explicit CustomerAppService(Settings settings);
    ~CustomerAppService() override;
    std::unique_ptr<Service> clone() const override { return std::make_unique<CustomerAppService>(*this); }
    void rebind(const ServiceHost& host) override;

    void start(ServiceContext& ctx) override;
    HandleResult handle(ServiceContext& ctx, const Event& message) override;
    void timer(ServiceContext& ctx, std::uint64_t id) override;
    void restarted(ServiceContext& ctx) override;
    QJsonObject state() const override;

private:
    /// What the screen shows for one order.
    enum class Screen {
        Nothing, ///< not acknowledged yet (read-immediately, wait-for-version)
        Waiting, ///< wait-for-version: acknowledged, the view has not applied it yet
        Shown, ///< the view's row, with the customer's write in it
        Stale, ///< what the view had, without the customer's write
        Refused, ///< the write side's OrderRejected
        Placed, ///< optimistic: "placed", not yet decided in the view
        Confirmed, ///< optimistic: the view agrees
        Corrected, ///< optimistic: the view (or the answer) said otherwise, and the screen was corrected
    };
    struct Order {
        Atom id = 0;
        SimTime clicked = 0;
        SimTime acknowledged = -1;
        std::uint16_t topic = 0xFFFF;
        std::int32_t partition = -1;
        std::int64_t offset = -1;
        Screen screen = Screen::Nothing;
        std::string shows; ///< the status on the screen
    };

    void click(ServiceContext& ctx);
    void pollViews(ServiceContext& ctx);
    void armPoll(ServiceContext& ctx);
    bool resolve(const ServiceHost& host);
    bool applied(const Order& order) const;
    /// Shows what the view has now; a view without the customer's write is a stale screen.
    void show(ServiceContext& ctx, Order& order);
    bool pending(const Order& order) const;
    /// Whether the write side cancelled or refused the order (false while it is not decided).
    bool shopSaidNo(const Order& order) const;

    Settings m_settings;
    const ReadModel* m_model = nullptr;
    const OrderService* m_shop = nullptr;
    std::optional<LogWriteSideView> m_writeSide;
    std::vector<Order> m_orders;
    std::map<Atom, std::size_t> m_byId;
    bool m_pollArmed = false;
    std::int64_t m_acknowledged = 0;
    std::int64_t m_refused = 0;
    std::int64_t m_staleScreens = 0;
    std::int64_t m_notFound = 0;
    std::int64_t m_timedOut = 0;
    std::int64_t m_confirmed = 0;
    std::int64_t m_corrected = 0;
    std::vector<SimTime> m_waits; ///< wait-for-version: acknowledgement → shown
    std::vector<SimTime> m_settled; ///< optimistic: click → confirmed or corrected
};

} // namespace eventloom
