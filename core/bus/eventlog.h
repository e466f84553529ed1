#pragma once

#include "atomtable.h"
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
class EventLog {
public:
    AtomTable& atoms() { return m_atoms; }
    const AtomTable& atoms() const { return m_atoms; }
    std::string_view text(Atom a) const { return m_atoms.text(a); }

    std::size_t size() const { return m_events.size(); }
    const Event& at(std::uint32_t seq) const { return m_events[seq]; }
    const std::vector<Event>& events() const { return m_events; }

    /// Appends `event` with top-level payload `fields` (nested values must already be in the arena).
    /// Assigns seq, id and payload range, and returns the stored event.
    const Event& append(Event event, std::span<const Field> fields, std::uint64_t idSeed);

    /// Arena access, for builders and readers of nested values.
    std::vector<Field>& arena() { return m_arena; }
    const std::vector<Field>& arena() const { return m_arena; }
    std::span<const Field> payload(const Event& e) const { return { m_arena.data() + e.payloadBegin, e.payloadCount }; }
    /// The value of top-level payload field `key`, or a null Value.
    Value field(const Event& e, Atom key) const;

    /// UUID-shaped id ("xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx").
    static std::string formatId(const Event& e);
    QJsonValue toJson(const Value& v) const;
    QJsonObject payloadJson(const Event& e) const;

    void reserve(std::size_t events, std::size_t fields);

private:
    AtomTable m_atoms;
    std::vector<Event> m_events;
    std::vector<Field> m_arena;
};

} // namespace eventloom
