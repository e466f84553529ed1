#include "cliargs.h"
#include "commands.h"

#include "record/runfile.h"
#include "record/runreplay.h"

#include <QJsonDocument>

namespace eventloom::cli {

int replayCommand(const QStringList& args, Io io)
{
    QString error;
    const auto parsed
        = CliArgs::parse(args, { { QStringLiteral("verify"), false }, { QStringLiteral("json"), false } }, error);
    if (!parsed || parsed->positionals().size() != 1) {
        io.err << "eventloom-cli replay: " << (parsed ? QStringLiteral("expected exactly one RUN.sqlite") : error)
               << '\n'
               << "usage: eventloom-cli replay RUN.sqlite [--verify] [--json]\n";
        return ExitBadInput;
    }
    RunFile run;
    if (!run.open(parsed->positionals().front(), error)) {
        io.err << "eventloom-cli replay: " << error << '\n';
        return ExitBadInput;
    }
    const bool verify = parsed->has(QStringLiteral("verify"));
    const RunReplay::Result r = RunReplay::replay(run, verify);
    if (!r.ok) {
        io.err << "eventloom-cli replay: " << r.error << '\n';
        return ExitBadInput;
    }
    if (parsed->has(QStringLiteral("json")))
        io.out << QJsonDocument(r.summary.toJson()).toJson(QJsonDocument::Compact) << '\n';
    else
        io.out << r.summary.toText();
    if (!verify)
        return ExitOk;
    if (!run.finished())
        io.err << "eventloom-cli replay: note: the recording was cut short; its " << r.comparedRecords
               << " records were compared, but it has no fingerprint to compare\n";
    if (r.matches) {
        io.out << "verified: " << r.comparedRecords << " records identical; fingerprint "
               << (run.finished() ? r.replayedFingerprint : QStringLiteral("(not recorded)")) << " matches\n";
        io.out.flush();
        return ExitOk;
    }
    io.out.flush();
    io.err << "eventloom-cli replay: MISMATCH: recorded fingerprint " << r.recordedFingerprint << ", replayed "
           << r.replayedFingerprint << '\n';
    if (r.divergedAt > 0)
        io.err << "first diverging trace record: #" << r.divergedAt << '\n'
               << "  recorded: "
               << (r.recordedRecord.isEmpty() ? QStringLiteral("(none: the recording ends here)") : r.recordedRecord)
               << '\n'
               << "  replayed: "
               << (r.replayedRecord.isEmpty() ? QStringLiteral("(none: the replay ends here)") : r.replayedRecord)
               << '\n';
    else
        io.err << "every recorded trace record matched; only the fingerprints differ\n";
    return ExitCheckFailed;
}

} // namespace eventloom::cli
