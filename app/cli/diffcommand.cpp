#include "cliargs.h"
#include "commands.h"

#include "record/runcomparison.h"

#include <QJsonDocument>

namespace eventloom::cli {

int diffCommand(const QStringList& args, Io io)
{
    QString error;
    const auto parsed = CliArgs::parse(args, { { QStringLiteral("json"), false } }, error);
    if (!parsed || parsed->positionals().size() != 2) {
        io.err << "eventloom-cli diff: " << (parsed ? QStringLiteral("expected two run files") : error) << '\n'
               << "usage: eventloom-cli diff A.sqlite B.sqlite [--json]\n";
        return ExitBadInput;
    }
    const RunComparison c = RunComparison::compare(parsed->positionals().at(0), parsed->positionals().at(1));
    if (!c.ok) {
        io.err << "eventloom-cli diff: " << c.error << '\n';
        return ExitBadInput;
    }
    if (parsed->has(QStringLiteral("json")))
        io.out << QJsonDocument(c.toJson()).toJson(QJsonDocument::Compact) << '\n';
    else
        io.out << c.toText();
    io.out.flush();
    return c.identical() ? ExitOk : ExitCheckFailed;
}

} // namespace eventloom::cli
