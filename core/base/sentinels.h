#pragma once

#include <cstdint>

namespace eventloom {

/// A message seq (a position in the EventLog) that names no message.
constexpr std::uint32_t kNoMessage = 0xFFFFFFFFu;
/// An index (of a service, an instance, a group, a topic, a saga…) that names none.
constexpr std::uint16_t kNoIndex = 0xFFFFu;

} // namespace eventloom
