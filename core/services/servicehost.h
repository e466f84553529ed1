#pragma once

#include <cstdint>
#include <string_view>

namespace eventloom {

class EventBus;
class EventLog;
class Service;

/// What a service may read of the simulation it runs in: the run's seed, its log and bus, the other
/// services. The Simulation implements it; a service sees it through its context (ServiceContext::host)
/// and when a fork rebinds it (Service::rebind), never the whole engine.
class ServiceHost {
public:
    virtual std::uint64_t seed() const = 0;
    virtual const EventLog& log() const = 0;
    virtual const EventBus& bus() const = 0;
    /// The index of the service named `id`, or kNoIndex.
    virtual std::uint16_t findService(std::string_view id) const = 0;
    virtual const Service& service(std::uint16_t service) const = 0;
    virtual std::string_view serviceName(std::uint16_t service) const = 0;

protected:
    ~ServiceHost() = default;
};

} // namespace eventloom
