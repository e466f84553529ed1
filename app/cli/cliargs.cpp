#include "cliargs.h"

namespace eventloom::cli {

std::optional<CliArgs> CliArgs::parse(const QStringList& args, const std::vector<OptionSpec>& specs, QString& error)
{
    CliArgs result;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString& arg = args[i];
        if (!arg.startsWith(QLatin1String("--")) || arg == QLatin1String("--")) {
            result.m_positionals << arg;
            continue;
        }
        QString name = arg.mid(2);
        std::optional<QString> inlineValue;
        if (const qsizetype eq = name.indexOf(u'='); eq >= 0) {
            inlineValue = name.mid(eq + 1);
            name = name.left(eq);
        }
        const auto spec = std::find_if(specs.begin(), specs.end(), [&](const OptionSpec& s) { return s.name == name; });
        if (spec == specs.end()) {
            error = QStringLiteral("unknown option '--") + name + u'\'';
            return std::nullopt;
        }
        QString value;
        if (spec->takesValue) {
            if (inlineValue) {
                value = *inlineValue;
            } else if (i + 1 < args.size()) {
                value = args[++i];
            } else {
                error = QStringLiteral("option '--") + name + QStringLiteral("' needs a value");
                return std::nullopt;
            }
        } else if (inlineValue) {
            error = QStringLiteral("option '--") + name + QStringLiteral("' takes no value");
            return std::nullopt;
        }
        if (!spec->repeatable && result.has(name)) {
            error = QStringLiteral("option '--") + name + QStringLiteral("' given twice");
            return std::nullopt;
        }
        result.m_values[name] << value;
    }
    return result;
}

QString CliArgs::value(const QString& name) const
{
    const auto it = m_values.find(name);
    return it == m_values.end() || it->second.isEmpty() ? QString() : it->second.back();
}

QStringList CliArgs::values(const QString& name) const
{
    const auto it = m_values.find(name);
    return it == m_values.end() ? QStringList() : it->second;
}

} // namespace eventloom::cli
