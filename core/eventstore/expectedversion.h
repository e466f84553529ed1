#pragma once

#include <cstdint>

namespace eventloom {

/// What an append expects of its stream (optimistic concurrency). A stream's version is the number of
/// events in it, so a stream that does not exist is at version 0 and `exact(0)` means the same as
/// `NoStream`.
class ExpectedVersion {
public:
    enum class Kind : std::uint8_t {
        Any, ///< no check
        NoStream, ///< the stream must not exist yet
        StreamExists, ///< the stream must have at least one event
        Exact, ///< the stream must be at exactly version()
    };

    /// No check: the append always goes through (unless all its events are already stored).
    static const ExpectedVersion Any;
    static const ExpectedVersion NoStream;
    static const ExpectedVersion StreamExists;
    /// The stream must be at exactly `version`: the version the caller loaded before deciding.
    static constexpr ExpectedVersion exact(std::uint32_t version) { return { Kind::Exact, version }; }

    constexpr Kind kind() const { return m_kind; }
    /// The expected version for Kind::Exact (0 for NoStream, unused otherwise).
    constexpr std::uint32_t version() const { return m_version; }
    /// True when a stream at version `current` satisfies this expectation.
    constexpr bool matches(std::uint32_t current) const
    {
        switch (m_kind) {
        case Kind::Any:
            return true;
        case Kind::NoStream:
            return current == 0;
        case Kind::StreamExists:
            return current > 0;
        case Kind::Exact:
            return current == m_version;
        }
        return false;
    }
    constexpr bool operator==(const ExpectedVersion&) const = default;

private:
    constexpr ExpectedVersion(Kind kind, std::uint32_t version)
        : m_kind(kind)
        , m_version(version)
    {
    }

    Kind m_kind;
    std::uint32_t m_version;
};

inline constexpr ExpectedVersion ExpectedVersion::Any { ExpectedVersion::Kind::Any, 0 };
inline constexpr ExpectedVersion ExpectedVersion::NoStream { ExpectedVersion::Kind::NoStream, 0 };
inline constexpr ExpectedVersion ExpectedVersion::StreamExists { ExpectedVersion::Kind::StreamExists, 0 };

} // namespace eventloom
