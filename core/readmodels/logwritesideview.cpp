#include "logwritesideview.h"

#include "../bus/eventlog.h"
#include "readmodel.h"

namespace eventloom {

LogWriteSideView::LogWriteSideView(const ReadModel& model, const EventLog& log)
    : m_model(&model)
    , m_log(&log)
{
}

std::int64_t LogWriteSideView::writeVersion(std::string_view key)
{
    catchUp();
    const auto it = m_versions.find(key);
    return it == m_versions.end() ? 0 : it->second;
}

void LogWriteSideView::catchUp()
{
    for (; m_scanned < m_log->size(); ++m_scanned) {
        const Event& e = m_log->at(static_cast<std::uint32_t>(m_scanned));
        if (e.kind != Event::Kind::Event || !m_model->reads(e.topic))
            continue;
        m_scratch.clear();
        m_model->rowsAffected(*m_log, e, m_scratch);
        for (const std::string& key : m_scratch)
            ++m_versions[key];
    }
}

} // namespace eventloom
