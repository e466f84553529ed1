#pragma once

#include "../base/atomtable.h"
#include "event.h"
#include "value.h"

#include <QJsonObject>
#include <QJsonValue>
#include <span>
#include <string>
#include <vector>

namespace eventloom {

/// The run's append-only message log: every event and command in publish order, their payloads
/// in one flat arena, and the atom table. Observers read from it to resolve trace records.
///
/// A copy (the log of a forked simulation) shares what was frozen before it with the original
/// (SharedPrefixVector): Simulation::fork freezes, then copies, so a fork copies no megabytes.
class EventLog {
public:
    AtomTable& atoms() { return m_atoms; }
    const AtomTable& atoms() const { return m_atoms; }
    std::string_view text(Atom a) const { return m_atoms.text(a); }

    std::size_t size() const { return m_events.size(); }
    const Event& at(std::uint32_t seq) const { return m_events[seq]; }
    const SharedPrefixVector<Event>& events() const { return m_events; }

    /// Appends `event` with top-level payload `fields` (nested values must already be in the arena).
    /// Assigns seq, id and payload range, and returns the stored event.
    const Event& append(Event event, std::span<const Field> fields, std::uint64_t idSeed);

    /// Arena access, for builders and readers of nested values.
    SharedPrefixVector<Field>& arena() { return m_arena; }
    const SharedPrefixVector<Field>& arena() const { return m_arena; }
    /// `count` fields of the arena from `begin`, written as one range (a payload, a nested value).
    std::span<const Field> fields(std::uint32_t begin, std::uint32_t count) const { return m_arena.span(begin, count); }
    std::span<const Field> payload(const Event& e) const { return fields(e.payloadBegin, e.payloadCount); }
    /// The value of top-level payload field `key`, or a null Value.
    Value field(const Event& e, Atom key) const;

    /// UUID-shaped id ("xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx").
    static std::string formatId(const Event& e);
    QJsonValue toJson(const Value& v) const;
    /// A map's entries (a payload being built, or one in the arena) as an object.
    QJsonObject toJson(std::span<const Field> fields) const;
    QJsonObject payloadJson(const Event& e) const;

    void reserve(std::size_t events, std::size_t fields);
    /// Shares everything logged so far with copies made from now on (Simulation::fork). Changes nothing
    /// a reader sees; call it on the thread that writes the log.
    void freeze() const
    {
        m_atoms.freeze();
        m_events.freeze();
        m_arena.freeze();
    }

private:
    AtomTable m_atoms;
    SharedPrefixVector<Event> m_events;
    SharedPrefixVector<Field> m_arena;
};

} // namespace eventloom
