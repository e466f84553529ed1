#pragma once

#include "../record/runfile.h"

#include <map>
#include <string>
#include <vector>

namespace eventloom {

/// A sequence diagram of one correlation id as text, in Mermaid or PlantUML: a lane per service and
/// per topic, an arrow per publish, command and delivery, and notes for failures, sagas and faults.
class SequenceDiagram {
public:
    enum class Dialect { Mermaid, PlantUml };

    explicit SequenceDiagram(Dialect dialect)
        : m_dialect(dialect)
    {
    }
    void add(const RecordView& record);
    /// The whole diagram; arrows() tells how many arrows and notes it has.
    std::string text() const;
    std::int64_t arrows() const { return static_cast<std::int64_t>(m_lines.size()); }

private:
    std::string lane(std::string_view name);
    void arrow(std::string_view from, std::string_view to, const std::string& label);
    void note(std::string_view over, const std::string& label);
    std::string clean(std::string_view label) const;

    Dialect m_dialect;
    std::map<std::string, std::string, std::less<>> m_lanes; ///< name → alias
    std::vector<std::string> m_laneOrder;
    std::vector<std::string> m_lines;
};

} // namespace eventloom
