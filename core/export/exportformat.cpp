#include "exportformat.h"

#include <array>
#include <utility>

namespace eventloom {

namespace {
constexpr std::array<std::pair<ExportFormat, const char*>, 5> kNames = { {
    { ExportFormat::Jsonl, "jsonl" },
    { ExportFormat::Csv, "csv" },
    { ExportFormat::CloudEvents, "cloudevents" },
    { ExportFormat::Mermaid, "mermaid" },
    { ExportFormat::PlantUml, "plantuml" },
} };
}

std::optional<ExportFormat> exportFormatFromName(const QString& name)
{
    for (const auto& [format, text] : kNames)
        if (name == QLatin1String(text))
            return format;
    return std::nullopt;
}

QString exportFormatName(ExportFormat format)
{
    for (const auto& [f, text] : kNames)
        if (f == format)
            return QLatin1String(text);
    return {};
}

QString exportFormatNames()
{
    QString names;
    for (const auto& [format, text] : kNames)
        names += (names.isEmpty() ? QString() : QStringLiteral("|")) + QLatin1String(text);
    return names;
}

} // namespace eventloom
