#include "sequencediagram.h"

namespace eventloom {

std::string SequenceDiagram::clean(std::string_view label) const
{
    // Names and details come from the run file, which anyone can edit: only letters, digits and a few
    // harmless marks pass as they are. Everything else is written as a character reference, so stored
    // text cannot end a statement (newline, Mermaid's ';'), open a directive or function (Mermaid's
    // %%{init}%%, PlantUML's %getenv()), close a quoted name ('"'), or become markup (PlantUML's
    // <img:file> and [[link]], HTML in Mermaid's labels). Text beyond ASCII was checked to be UTF-8.
    static constexpr std::string_view kPlain = " ._-/(),=!?*+:'";
    std::string out;
    out.reserve(label.size());
    for (const char c : label) {
        const auto u = static_cast<unsigned char>(c);
        if (u >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || kPlain.find(c) != std::string_view::npos) {
            out += c;
        } else if (u < 0x20 || u == 0x7F) {
            out += ' ';
        } else if (m_dialect == Dialect::Mermaid) {
            out += '#';
            out += std::to_string(u);
            out += ';';
        } else {
            static constexpr char kHex[] = "0123456789ABCDEF";
            out += "<U+00";
            out += kHex[u >> 4];
            out += kHex[u & 0xF];
            out += '>';
        }
    }
    return out;
}

std::string SequenceDiagram::lane(std::string_view name)
{
    const std::string display = name.empty() ? std::string("?") : std::string(name);
    const auto it = m_lanes.find(display);
    if (it != m_lanes.end())
        return it->second;
    // Aliases, because topic names have dots and services may have any characters.
    std::string alias("L");
    alias += std::to_string(m_lanes.size());
    m_lanes.emplace(display, alias);
    m_laneOrder.push_back(display);
    return alias;
}

void SequenceDiagram::arrow(std::string_view from, std::string_view to, const std::string& label)
{
    const std::string a = lane(from), b = lane(to);
    if (m_dialect == Dialect::Mermaid)
        m_lines.push_back("    " + a + "->>" + b + ": " + clean(label));
    else
        m_lines.push_back(a + " -> " + b + " : " + clean(label));
}

void SequenceDiagram::note(std::string_view over, const std::string& label)
{
    const std::string a = lane(over);
    if (m_dialect == Dialect::Mermaid)
        m_lines.push_back("    Note over " + a + ": " + clean(label));
    else
        m_lines.push_back("note over " + a + " : " + clean(label));
}

void SequenceDiagram::add(const RecordView& r)
{
    const auto t = [&] { return " (t=" + std::to_string(r.t) + "us)"; };
    if (r.kind == "published" && r.message) {
        arrow(r.message->producer, r.message->topic, std::string(r.message->type) + t());
    } else if (r.kind == "command" && r.message) {
        arrow(r.message->producer, r.message->target, std::string(r.message->type) + t());
    } else if ((r.kind == "delivered" || r.kind == "redelivered") && r.message) {
        std::string label = std::string(r.message->type);
        if (r.instance >= 0)
            label += " to " + std::string(r.service) + "#" + std::to_string(r.instance);
        if (r.attempt > 1)
            label += " attempt " + std::to_string(r.attempt);
        if (r.kind == "redelivered")
            label += " (redelivered)";
        arrow(r.message->topic.empty() ? r.message->producer : r.message->topic, r.service, label + t());
    } else if (r.kind == "handled") {
        if (!r.outcome.empty() && r.outcome != "ok")
            note(r.service,
                std::string(r.message ? r.message->type : std::string_view()) + " " + std::string(r.outcome)
                    + (r.detail.empty() ? std::string() : ": " + std::string(r.detail)));
    } else if (r.kind == "saga") {
        std::string label = "saga " + std::string(r.phase);
        if (r.aux >= 0)
            label += " step " + std::to_string(r.aux);
        if (!r.detail.empty())
            label += ": " + std::string(r.detail);
        note(r.service.empty() ? std::string_view("saga") : r.service, label);
    } else if (r.kind != "committed") {
        // Every other kind (faults, conflicts, kinds added later) as a note on its service.
        std::string label(r.kind);
        if (!r.detail.empty())
            label += ": " + std::string(r.detail);
        note(
            r.service.empty() ? std::string_view(r.message ? r.message->producer : std::string_view("run")) : r.service,
            label + t());
    }
}

std::string SequenceDiagram::text() const
{
    std::string out = m_dialect == Dialect::Mermaid ? "sequenceDiagram\n" : "@startuml\n";
    for (const std::string& name : m_laneOrder) {
        const std::string& alias = m_lanes.at(name);
        if (m_dialect == Dialect::Mermaid)
            out += "    participant " + alias + " as " + clean(name) + "\n";
        else
            out += "participant \"" + clean(name) + "\" as " + alias + "\n";
    }
    for (const std::string& line : m_lines)
        out += line + "\n";
    if (m_dialect == Dialect::PlantUml)
        out += "@enduml\n";
    return out;
}

} // namespace eventloom
