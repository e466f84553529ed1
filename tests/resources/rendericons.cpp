// Draws the icon's SVG at the given sizes and writes the PNGs beside it, NAME-SIZE.png:
// eventloom_rendericons resources/icons/eventloom.svg 16 22 ... (scripts/render-icons.sh runs it with the
// sizes resources/eventloom.qrc lists).
#include "iconrendering.h"

#include <QDir>
#include <QFileInfo>
#include <QGuiApplication>
#include <QTextStream>

using namespace eventloom;

int main(int argc, char* argv[])
{
    QGuiApplication app(argc, argv);
    QTextStream err(stderr);
    const QStringList args = QGuiApplication::arguments().mid(1);
    if (args.size() < 2) {
        err << "usage: eventloom_rendericons ICON.svg SIZE...\n";
        return 2;
    }
    QSvgRenderer svg(args[0]);
    if (!svg.isValid()) {
        err << "eventloom_rendericons: " << args[0] << ": not an SVG that QSvgRenderer can draw\n";
        return 1;
    }
    const QFileInfo source(args[0]);
    for (const QString& sizeArgument : args.mid(1)) {
        bool ok = false;
        const int size = sizeArgument.toInt(&ok);
        if (!ok || size <= 0 || size > 1024) {
            err << "eventloom_rendericons: not a size in pixels: " << sizeArgument << '\n';
            return 2;
        }
        const QString path = source.dir().filePath(
            source.completeBaseName() + QLatin1Char('-') + sizeArgument + QLatin1String(".png"));
        if (!iconrendering::render(svg, size).save(path, "PNG")) {
            err << "eventloom_rendericons: cannot write " << path << '\n';
            return 1;
        }
        QTextStream(stdout) << path << '\n';
    }
    return 0;
}
