#pragma once

#include "../record/runfile.h"
#include "exportformat.h"

#include <QString>
#include <functional>

namespace eventloom {

/// Writes a run file's records in an export format. Writes are atomic (QSaveFile: a temporary file
/// renamed over the target on success), so a failed, cancelled or killed export leaves any existing
/// file untouched.
class RunExporter {
public:
    /// Called every few thousand records with (done, total); return false to cancel.
    using Progress = std::function<bool(std::int64_t done, std::int64_t total)>;

    struct Options {
        ExportFormat format = ExportFormat::Jsonl;
        QString correlation; ///< only this correlation id (required by the sequence diagrams)
        Progress progress;
    };
    struct Result {
        bool ok = false;
        QString error;
        std::int64_t written = 0; ///< records (JSONL), events (CSV, CloudEvents) or diagram arrows
    };

    static Result exportRun(const RunFile& run, const QString& path, const Options& options);
    /// The same, into a string (tests; the GUI's "copy as Mermaid").
    static Result exportRun(const RunFile& run, std::string& out, const Options& options);
};

} // namespace eventloom
