#pragma once

#include <QString>
#include <cstdint>

namespace eventloom {

/// Reads JSON Lines (ours, CloudEvents in JSON, or any other system's one-object-per-line events) and
/// CloudEvents batches into a run file, so an event log from elsewhere can be reviewed like a run.
/// A new run file is created, or an existing one extended. Messages are deduplicated on (source, id)
/// and records on their identity (everything an export shows of them, counted: a file holding a
/// record twice matches it twice), so importing a file twice, or a run's own export into that run,
/// adds nothing. Input is untrusted: each line (or batch event) must be strictly valid JSON of at most
/// 16 MiB with fields of the right types and ranges. Attributes a CloudEvent has that we don't know go
/// into its payload under "extensions".
class RunImporter {
public:
    struct Result {
        bool ok = false;
        QString error; ///< FILE:LINE: message, when a line is not valid (nothing is imported then)
        std::int64_t messagesAdded = 0;
        std::int64_t messagesSkipped = 0; ///< already in the run file: same (source, id)
        std::int64_t recordsAdded = 0;
        std::int64_t recordsSkipped = 0;
    };

    static Result importFile(const QString& input, const QString& runPath);
};

} // namespace eventloom
