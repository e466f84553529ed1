#include "cliargs.h"
#include "commands.h"

#include "export/runexporter.h"
#include "export/runimporter.h"
#include "record/runfile.h"

#include <QFileInfo>

namespace eventloom::cli {

int exportCommand(const QStringList& args, Io io)
{
    QString error;
    const auto usage = [&] {
        io.err << "usage: eventloom-cli export RUN.sqlite --format " << exportFormatNames()
               << " -o FILE [--correlation ID]\n";
    };
    // CliArgs reads "--name" options; accept the short "-o FILE" of the public command line too.
    QStringList normalized = args;
    for (qsizetype i = 0; i < normalized.size(); ++i)
        if (normalized[i] == QLatin1String("-o"))
            normalized[i] = QStringLiteral("--o");
    const auto a = CliArgs::parse(normalized,
        { { QStringLiteral("format") }, { QStringLiteral("o") }, { QStringLiteral("output") },
            { QStringLiteral("correlation") } },
        error);
    if (!a || a->positionals().size() != 1) {
        io.err << "eventloom-cli export: " << (a ? QStringLiteral("expected exactly one RUN.sqlite") : error) << '\n';
        usage();
        return ExitBadInput;
    }
    const QString output
        = a->has(QStringLiteral("o")) ? a->value(QStringLiteral("o")) : a->value(QStringLiteral("output"));
    const auto format = exportFormatFromName(a->value(QStringLiteral("format")));
    if (!format || output.isEmpty()) {
        io.err << "eventloom-cli export: "
               << (!format ? QStringLiteral("--format expects ") + exportFormatNames()
                           : QStringLiteral("-o FILE is required"))
               << '\n';
        usage();
        return ExitBadInput;
    }
    RunFile run;
    // Damage that still reads as data would be exported as if it were the run: checked first.
    if (!run.open(a->positionals().front(), error) || !run.checkIntact(error)) {
        io.err << "eventloom-cli export: " << error << '\n';
        return ExitBadInput;
    }
    if (QFileInfo(output).absoluteFilePath() == QFileInfo(a->positionals().front()).absoluteFilePath()) {
        io.err << "eventloom-cli export: " << output << ": is the run file itself; not overwritten\n";
        return ExitBadInput;
    }
    RunExporter::Options options;
    options.format = *format;
    options.correlation = a->value(QStringLiteral("correlation"));
    const RunExporter::Result result = RunExporter::exportRun(run, output, options);
    if (!result.ok) {
        io.err << "eventloom-cli export: " << result.error << '\n';
        return ExitBadInput;
    }
    return ExitOk;
}

int importCommand(const QStringList& args, Io io)
{
    QStringList normalized = args;
    for (qsizetype i = 0; i < normalized.size(); ++i)
        if (normalized[i] == QLatin1String("-o"))
            normalized[i] = QStringLiteral("--o");
    QString error;
    const auto a = CliArgs::parse(normalized, { { QStringLiteral("o") }, { QStringLiteral("output") } }, error);
    const QString output = a
        ? (a->has(QStringLiteral("o")) ? a->value(QStringLiteral("o")) : a->value(QStringLiteral("output")))
        : QString();
    if (!a || a->positionals().isEmpty() || output.isEmpty()) {
        io.err << "eventloom-cli import: " << (a ? QStringLiteral("expected FILE... and -o RUN.sqlite") : error) << '\n'
               << "usage: eventloom-cli import FILE.jsonl|FILE.json... -o RUN.sqlite\n";
        return ExitBadInput;
    }
    for (const QString& input : a->positionals()) {
        const RunImporter::Result r = RunImporter::importFile(input, output);
        if (!r.ok) {
            io.err << "eventloom-cli import: " << r.error << '\n';
            return ExitBadInput;
        }
        io.out << input << ": " << r.messagesAdded << " messages added, " << r.messagesSkipped << " already there; "
               << r.recordsAdded << " records added, " << r.recordsSkipped << " already there\n";
    }
    return ExitOk;
}

} // namespace eventloom::cli
