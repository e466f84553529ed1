#pragma once

#include <QColor>
#include <QString>
#include <cstdint>
#include <iterator>

namespace eventloom::palette {

/// Okabe & Ito's colour-blind-safe palette, without its black, and without its yellow, which vanishes
/// on a white background. Every panel that colours by event type, topic or group draws from it.
inline const QColor kOrange(0xe6, 0x9f, 0x00);
inline const QColor kSkyBlue(0x56, 0xb4, 0xe9);
inline const QColor kGreen(0x00, 0x9e, 0x73);
inline const QColor kBlue(0x00, 0x72, 0xb2);
inline const QColor kVermillion(0xd5, 0x5e, 0x00);
inline const QColor kPurple(0xcc, 0x79, 0xa7);
inline const QColor kColours[] = { kOrange, kSkyBlue, kGreen, kBlue, kVermillion, kPurple };

/// The i-th colour, round and round.
inline QColor nth(std::size_t i)
{
    return kColours[i % std::size(kColours)];
}

/// The index in kColours of an event type's colour, by a stable hash (FNV-1a) of its name: the same type
/// has the same colour in the timeline and the architecture view, on every run.
inline std::uint8_t indexOfType(const QString& type)
{
    std::uint32_t h = 2166136261u;
    for (const QChar c : type) {
        h ^= c.unicode();
        h *= 16777619u;
    }
    return static_cast<std::uint8_t>(h % std::size(kColours));
}

inline QColor ofType(const QString& type)
{
    return kColours[indexOfType(type)];
}

} // namespace eventloom::palette
