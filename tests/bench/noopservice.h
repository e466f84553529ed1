#pragma once

#include "services/service.h"

namespace eventloom::bench {

/// B1's consumer: handles every record instantly and does nothing, so what is measured is the bus.
class NoopService final : public Service {
public:
    HandleResult handle(ServiceContext& ctx, const Event& message) override
    {
        (void)ctx;
        (void)message;
        return {};
    }
};

} // namespace eventloom::bench
