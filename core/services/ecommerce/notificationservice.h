#pragma once

#include "ecommerceservice.h"

#include <vector>

namespace eventloom {

/// Emails customers when an order completes or is cancelled, and keeps the sent log: a duplicate
/// email is a visible double effect. Publishes `EmailSent` when it is given a topic.
class NotificationService final : public EcommerceService {
public:
    std::unique_ptr<Service> clone() const override { return std::make_unique<NotificationService>(*this); }
    struct Email {
        SimTime t = 0;
        Atom orderId = 0;
        Atom customerId = 0;
        Atom templateName = 0;
    };

    NotificationService(EventLog& log, bool idempotent, Atom topic)
        : EcommerceService(log, idempotent)
        , m_topic(topic)
    {
    }
    const CowVector<Email>& sent() const { return m_sent; }

protected:
    HandleResult handleMessage(ServiceContext& ctx, const Event& message) override;
    QJsonObject ownState() const override;

private:
    Atom m_topic;
    CowVector<Email> m_sent; ///< copy-on-write: a fork shares the emails sent before it
};

} // namespace eventloom
