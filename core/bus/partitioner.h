#pragma once

#include <cstdint>
#include <string_view>

namespace eventloom {

/// Kafka's `Utils.murmur2`: the 32-bit MurmurHash2 variant with seed 0x9747b28c, as a signed int.
std::int32_t murmur2(std::string_view bytes);

/// Kafka's default partitioner for a keyed record: toPositive(murmur2(key)) % partitions.
std::int32_t partitionForKey(std::string_view key, std::int32_t partitions);

} // namespace eventloom
