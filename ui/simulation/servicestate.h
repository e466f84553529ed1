#pragma once

#include <QJsonObject>
#include <QMetaType>
#include <QString>

namespace eventloom {

/// The answer to RunSource::serviceState: a service's own state. What a service keeps is its own affair
/// (Service::state() writes a free-form document each service shapes its own way, shown as a tree), so
/// this is a thin wrapper: the document, what the engine knows of every service, or why there is none.
struct ServiceState {
    /// Service::state(): free-form.
    QJsonObject document;
    bool up = true;
    int instances = 1;
    /// Why there is no state to show (in review: it lives in the engine); empty: there is.
    QString unavailable;

    /// The tree the Inspector shows: the document with `up` and `instances`, or `review` saying why
    /// there is none.
    QJsonObject tree() const
    {
        if (!unavailable.isEmpty())
            return QJsonObject { { QStringLiteral("review"), unavailable } };
        QJsonObject shown = document;
        shown.insert(QStringLiteral("up"), up);
        shown.insert(QStringLiteral("instances"), instances);
        return shown;
    }
    bool operator==(const ServiceState&) const = default;
};

} // namespace eventloom

Q_DECLARE_METATYPE(eventloom::ServiceState)
