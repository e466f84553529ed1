#pragma once

#include <QString>
#include <QStringList>
#include <map>
#include <optional>

namespace eventloom::cli {

/// A command line split into positionals and options, checked against what a command accepts.
/// Options take their value as the next argument or after '='; repeatable options keep every value.
class CliArgs {
public:
    struct OptionSpec {
        QString name; ///< without dashes
        bool takesValue = true;
        bool repeatable = false;
    };

    /// Parses `args` (after the command name). On bad usage returns nullopt and sets `error`.
    static std::optional<CliArgs> parse(const QStringList& args, const std::vector<OptionSpec>& specs, QString& error);

    const QStringList& positionals() const { return m_positionals; }
    bool has(const QString& name) const { return m_values.count(name) > 0; }
    QString value(const QString& name) const;
    QStringList values(const QString& name) const;

private:
    QStringList m_positionals;
    std::map<QString, QStringList> m_values;
};

} // namespace eventloom::cli
