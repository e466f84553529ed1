#include "playbackspeed.h"

#include <cmath>

namespace eventloom {

std::optional<double> PlaybackSpeed::parse(const QString& text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.compare(QLatin1String("max"), Qt::CaseInsensitive) == 0)
        return kMax;
    bool ok = false;
    const double speed = trimmed.toDouble(&ok);
    if (!ok || !std::isfinite(speed) || speed <= 0)
        return std::nullopt;
    return speed;
}

QString PlaybackSpeed::label(double speed)
{
    if (std::isinf(speed))
        return QStringLiteral("Max");
    return QString::number(speed, 'g', 6) + QStringLiteral("×");
}

QList<double> PlaybackSpeed::presets()
{
    return { 0.01, 0.1, 0.25, 0.5, 1, 2, 5, 10, 100, 1000, kMax };
}

} // namespace eventloom
