#pragma once

#include <QImage>
#include <QPainter>
#include <QSvgRenderer>

namespace eventloom::iconrendering {

/// The icon's SVG drawn at size × size on transparency: how scripts/render-icons.sh makes the PNGs in
/// resources/icons/ and how tst_appicon checks they still are what the SVG draws.
inline QImage render(QSvgRenderer& svg, int size)
{
    QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    svg.render(&painter);
    painter.end();
    return image.convertToFormat(QImage::Format_ARGB32);
}

} // namespace eventloom::iconrendering
