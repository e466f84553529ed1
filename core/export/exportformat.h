#pragma once

#include <QString>
#include <optional>

namespace eventloom {

/// The export formats (PRODUCT.md §3 "Exports"); the sequence diagrams need a correlation id.
enum class ExportFormat { Jsonl, Csv, CloudEvents, Mermaid, PlantUml };

std::optional<ExportFormat> exportFormatFromName(const QString& name);
QString exportFormatName(ExportFormat format);
/// "jsonl|csv|cloudevents|mermaid|plantuml", for usage messages.
QString exportFormatNames();

} // namespace eventloom
