#pragma once

#include <QIcon>
#include <QString>

namespace eventloom {

/// How the desktop knows EventLoom. One reverse-DNS id (EVENTLOOM_APP_ID in the top CMakeLists.txt) names
/// the desktop file, the installed icon and the AppStream component, so a task bar or a software centre can
/// match the running window to them; the icon itself is compiled in from resources/eventloom.qrc.
class AppIdentity {
public:
    /// The application id, e.g. "org.eventloom.EventLoom": QGuiApplication::desktopFileName() and the icon's name.
    static QString id();
    /// The icon theme's icon named id() when one is installed (a theme may restyle it), else builtInIcon().
    static QIcon icon();
    /// The icon compiled into the program: ":/icons/eventloom.svg" for any size, and the PNGs rendered from it
    /// at the hicolor theme's sizes (":/icons/eventloom-16.png" to "-256.png").
    static QIcon builtInIcon();
};

} // namespace eventloom
