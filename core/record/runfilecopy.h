#pragma once

#include <QString>
#include <cstdint>
#include <functional>

namespace eventloom {

/// Saves a copy of a run file (File › Save Run File As… in the window). The copy is consistent even
/// while the source is open elsewhere, because it goes through SQLite's online backup API rather than
/// the file system; it is written next to the target under a temporary name, checked to open as a run
/// file, and only then renamed over the target, so a failed or cancelled copy leaves the target as it was.
class RunFileCopy {
public:
    /// Called after each chunk of pages with (done, total); return false to cancel.
    using Progress = std::function<bool(std::int64_t done, std::int64_t total)>;

    /// False with `error` (the target untouched) if the source is not a readable run file, the copy
    /// cannot be written, or `progress` cancelled it.
    static bool copy(const QString& source, const QString& target, QString& error, const Progress& progress = {});
};

} // namespace eventloom
