#include "allocationcounter.h"

#include <atomic>
#include <bit>
#include <cstdlib>
#include <new>

namespace eventloom::bench {

namespace {
// Relaxed atomics: the benchmarks are single-threaded, but Qt may start a helper thread, and a
// torn counter would be a worse surprise than a few nanoseconds per allocation.
std::atomic<std::uint64_t> g_allocations { 0 };
std::atomic<std::uint64_t> g_deallocations { 0 };
std::atomic<std::uint64_t> g_bytes { 0 };
std::array<std::atomic<std::uint64_t>, AllocationCounter::kSizeClasses> g_bySizeClass {};

std::size_t sizeClass(std::size_t bytes)
{
    const std::size_t k = bytes <= 1 ? 0 : static_cast<std::size_t>(std::bit_width(bytes - 1));
    return k < AllocationCounter::kSizeClasses ? k : AllocationCounter::kSizeClasses - 1;
}

std::string formatBytes(std::uint64_t bytes)
{
    if (bytes >= (1ull << 30))
        return std::to_string(bytes >> 30) + " GiB";
    if (bytes >= (1ull << 20))
        return std::to_string(bytes >> 20) + " MiB";
    if (bytes >= (1ull << 10))
        return std::to_string(bytes >> 10) + " KiB";
    return std::to_string(bytes) + " B";
}

void* allocate(std::size_t bytes)
{
    AllocationCounter::recordAllocation(bytes);
    if (void* p = std::malloc(bytes == 0 ? 1 : bytes))
        return p;
    throw std::bad_alloc();
}

void* allocateAligned(std::size_t bytes, std::align_val_t alignment)
{
    AllocationCounter::recordAllocation(bytes);
    const auto align = static_cast<std::size_t>(alignment);
    // aligned_alloc wants a size that is a multiple of the alignment.
    const std::size_t rounded = ((bytes == 0 ? 1 : bytes) + align - 1) / align * align;
    if (void* p = std::aligned_alloc(align, rounded))
        return p;
    throw std::bad_alloc();
}

void release(void* p) noexcept
{
    if (p == nullptr)
        return;
    AllocationCounter::recordDeallocation();
    std::free(p);
}
}

void AllocationCounter::recordAllocation(std::size_t bytes)
{
    g_allocations.fetch_add(1, std::memory_order_relaxed);
    g_bytes.fetch_add(bytes, std::memory_order_relaxed);
    g_bySizeClass[sizeClass(bytes)].fetch_add(1, std::memory_order_relaxed);
}

void AllocationCounter::recordDeallocation()
{
    g_deallocations.fetch_add(1, std::memory_order_relaxed);
}

AllocationCounter::Snapshot AllocationCounter::now()
{
    Snapshot s;
    s.allocations = g_allocations.load(std::memory_order_relaxed);
    s.deallocations = g_deallocations.load(std::memory_order_relaxed);
    s.bytes = g_bytes.load(std::memory_order_relaxed);
    for (std::size_t k = 0; k < kSizeClasses; ++k)
        s.bySizeClass[k] = g_bySizeClass[k].load(std::memory_order_relaxed);
    return s;
}

AllocationCounter::Snapshot AllocationCounter::Snapshot::since(const Snapshot& earlier) const
{
    Snapshot d;
    d.allocations = allocations - earlier.allocations;
    d.deallocations = deallocations - earlier.deallocations;
    d.bytes = bytes - earlier.bytes;
    for (std::size_t k = 0; k < kSizeClasses; ++k)
        d.bySizeClass[k] = bySizeClass[k] - earlier.bySizeClass[k];
    return d;
}

std::string AllocationCounter::Snapshot::sizeClasses() const
{
    std::string out;
    for (std::size_t k = 0; k < kSizeClasses; ++k) {
        if (bySizeClass[k] == 0)
            continue;
        if (!out.empty())
            out += ", ";
        out += "<=" + formatBytes(1ull << k) + ": " + std::to_string(bySizeClass[k]);
    }
    return out.empty() ? std::string("none") : out;
}

} // namespace eventloom::bench

// The replaceable global allocation functions ([new.delete]); every form a container or Qt may call.
void* operator new(std::size_t bytes)
{
    return eventloom::bench::allocate(bytes);
}
void* operator new[](std::size_t bytes)
{
    return eventloom::bench::allocate(bytes);
}
void* operator new(std::size_t bytes, std::align_val_t a)
{
    return eventloom::bench::allocateAligned(bytes, a);
}
void* operator new[](std::size_t bytes, std::align_val_t a)
{
    return eventloom::bench::allocateAligned(bytes, a);
}

void* operator new(std::size_t bytes, const std::nothrow_t&) noexcept
{
    try {
        return eventloom::bench::allocate(bytes);
    } catch (...) {
        return nullptr;
    }
}

void* operator new[](std::size_t bytes, const std::nothrow_t&) noexcept
{
    try {
        return eventloom::bench::allocate(bytes);
    } catch (...) {
        return nullptr;
    }
}

void* operator new(std::size_t bytes, std::align_val_t a, const std::nothrow_t&) noexcept
{
    try {
        return eventloom::bench::allocateAligned(bytes, a);
    } catch (...) {
        return nullptr;
    }
}

void* operator new[](std::size_t bytes, std::align_val_t a, const std::nothrow_t&) noexcept
{
    try {
        return eventloom::bench::allocateAligned(bytes, a);
    } catch (...) {
        return nullptr;
    }
}

void operator delete(void* p) noexcept
{
    eventloom::bench::release(p);
}
void operator delete[](void* p) noexcept
{
    eventloom::bench::release(p);
}
void operator delete(void* p, std::size_t) noexcept
{
    eventloom::bench::release(p);
}
void operator delete[](void* p, std::size_t) noexcept
{
    eventloom::bench::release(p);
}
void operator delete(void* p, std::align_val_t) noexcept
{
    eventloom::bench::release(p);
}
void operator delete[](void* p, std::align_val_t) noexcept
{
    eventloom::bench::release(p);
}
void operator delete(void* p, std::size_t, std::align_val_t) noexcept
{
    eventloom::bench::release(p);
}
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept
{
    eventloom::bench::release(p);
}
void operator delete(void* p, const std::nothrow_t&) noexcept
{
    eventloom::bench::release(p);
}
void operator delete[](void* p, const std::nothrow_t&) noexcept
{
    eventloom::bench::release(p);
}
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept
{
    eventloom::bench::release(p);
}
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept
{
    eventloom::bench::release(p);
}
