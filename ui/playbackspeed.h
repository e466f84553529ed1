#pragma once

#include <QList>
#include <QString>
#include <limits>
#include <optional>

namespace eventloom {

/// Playback speed in simulated seconds per wall second, as `--speed` and the speed box spell it.
class PlaybackSpeed {
public:
    /// As fast as possible (`--speed max`).
    static constexpr double kMax = std::numeric_limits<double>::infinity();

    /// "max", or a positive finite number ("0.25", "10"); nullopt for anything else.
    static std::optional<double> parse(const QString& text);
    /// "0.25×", "10×", "Max".
    static QString label(double speed);
    /// The choices the speed box offers, slowest first, ending with kMax.
    static QList<double> presets();
};

} // namespace eventloom
