#pragma once

#include <memory>
#include <utility>

namespace eventloom {

/// An owning pointer to a polymorphic part of the simulation whose copy is a clone() of it (a service,
/// a trace reactor), so the structures holding it copy with the compiler's copy constructor when a
/// simulation is forked. A part that cannot be cloned (clone() returns nullptr) copies as null.
template <class T>
class ClonePtr {
public:
    ClonePtr() = default;
    ClonePtr(std::unique_ptr<T> p)
        : m_p(std::move(p))
    {
    }
    ClonePtr(const ClonePtr& other)
        : m_p(other.m_p ? other.m_p->clone() : nullptr)
    {
    }
    ClonePtr& operator=(const ClonePtr& other) { return *this = ClonePtr(other); }
    ClonePtr(ClonePtr&&) noexcept = default;
    ClonePtr& operator=(ClonePtr&&) noexcept = default;

    T* get() const { return m_p.get(); }
    T& operator*() const { return *m_p; }
    T* operator->() const { return m_p.get(); }
    explicit operator bool() const { return m_p != nullptr; }

private:
    std::unique_ptr<T> m_p;
};

} // namespace eventloom
