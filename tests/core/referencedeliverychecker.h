#pragma once
// The delivery checker as it was before it streamed (issue 22): a copy of every `published` record and
// std::set/std::map nodes per group and message. Simple enough to trust, so the tests keep it as the
// oracle the streaming DeliveryChecker must equal, finding for finding, at any point of a run.

#include "check/deliverychecker.h"

#include <memory>

namespace eventloom::test {

class ReferenceDeliveryChecker final : public TraceObserver {
public:
    static DeliveryChecker::Report check(std::span<const TraceRecord> trace, const EventLog& log);

    ReferenceDeliveryChecker();
    ~ReferenceDeliveryChecker() override;
    void onTrace(const TraceRecord& record, const Simulation& sim) override;
    DeliveryChecker::Report report() const;

private:
    struct State;
    std::unique_ptr<State> m_state;
};

} // namespace eventloom::test
