#pragma once

#include "writesideview.h"

#include <map>
#include <string>
#include <vector>

namespace eventloom {

class EventLog;
class ReadModel;

/// The default write-side view: the run's event log itself. A row's write version is the number of
/// events published so far (publish time <= now: everything in the log) on the model's topics that
/// affect the row, by the model's own ReadModel::rowsAffected. Exact as long as the write side
/// publishes each change when it makes it, which the built-in services do.
///
/// Incremental: each call scans only the log records appended since the previous one.
class LogWriteSideView final : public WriteSideView {
public:
    /// `model` must be bound to the simulation whose log this is (ReadModel::attach binds it).
    LogWriteSideView(const ReadModel& model, const EventLog& log);

    std::int64_t writeVersion(std::string_view key) override;
    /// A copy in a fork of the simulation (Simulation::fork) reads the fork's model and log.
    void rebind(const ReadModel& model, const EventLog& log)
    {
        m_model = &model;
        m_log = &log;
    }

private:
    void catchUp();

    const ReadModel* m_model;
    const EventLog* m_log;
    std::size_t m_scanned = 0;
    std::map<std::string, std::int64_t, std::less<>> m_versions;
    std::vector<std::string> m_scratch;
};

} // namespace eventloom
