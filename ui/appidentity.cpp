#include "appidentity.h"

#include <QDir>

// The resources of a static library are linked only when something calls their initializer, and
// Q_INIT_RESOURCE declares it in the enclosing namespace: so from the global one.
static void initEventLoomResources()
{
    Q_INIT_RESOURCE(eventloom);
}

namespace eventloom {

QString AppIdentity::id()
{
    return QStringLiteral(EVENTLOOM_APP_ID);
}

QIcon AppIdentity::icon()
{
    return QIcon::fromTheme(id(), builtInIcon());
}

QIcon AppIdentity::builtInIcon()
{
    static const bool initialized = [] {
        initEventLoomResources();
        return true;
    }();
    Q_UNUSED(initialized);
    // The SVG first, so Qt's SVG icon engine draws every size from it (the PNGs are renderings of it).
    // Without Qt's SVG plugins (libqt6svg6) the icon is the PNGs alone, scaled down between their sizes.
    const QDir icons(QStringLiteral(":/icons"));
    QIcon icon(icons.filePath(QStringLiteral("eventloom.svg")));
    for (const QString& png : icons.entryList({ QStringLiteral("eventloom-*.png") }, QDir::Files))
        icon.addFile(icons.filePath(png));
    return icon;
}

} // namespace eventloom
