#include "richtextguard.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QHeaderView>
#include <QHelpEvent>
#include <QImage>
#include <QTextDocument>
#include <QToolTip>

namespace eventloom {

namespace {
RichTextGuard* g_guard = nullptr;

/// The item view whose viewport `watched` is, if it is one.
QAbstractItemView* viewOfViewport(QObject* watched)
{
    auto* view = qobject_cast<QAbstractItemView*>(watched->parent());
    return view && view->viewport() == watched ? view : nullptr;
}

/// What the view would show as the tooltip at `pos` (viewport coordinates) and where it stays.
QString itemToolTip(const QAbstractItemView& view, QPoint pos, QRect& area)
{
    const QAbstractItemModel* model = view.model();
    if (!model)
        return {};
    if (const auto* header = qobject_cast<const QHeaderView*>(&view)) {
        const int section = header->logicalIndexAt(pos);
        if (section < 0)
            return {};
        const int from = header->sectionViewportPosition(section);
        area = header->orientation() == Qt::Horizontal ? QRect(from, 0, header->sectionSize(section), header->height())
                                                       : QRect(0, from, header->width(), header->sectionSize(section));
        return model->headerData(section, header->orientation(), Qt::ToolTipRole).toString();
    }
    const QModelIndex index = view.indexAt(pos);
    if (!index.isValid())
        return {};
    area = view.visualRect(index);
    return index.data(Qt::ToolTipRole).toString();
}
}

RichTextGuard::RichTextGuard(QObject* parent)
    : QObject(parent)
{
}

void RichTextGuard::install()
{
    if (g_guard)
        return;
    g_guard = new RichTextGuard(qApp);
    connect(g_guard, &QObject::destroyed, [] { g_guard = nullptr; }); // a test's next QApplication installs again
    qApp->installEventFilter(g_guard);
}

bool RichTextGuard::isInstalled()
{
    return g_guard != nullptr;
}

QString RichTextGuard::literal(const QString& text)
{
    if (!Qt::mightBeRichText(text))
        return text; // shown as plain text already, exactly as before
    // pre-wrap keeps runs of spaces and line breaks as plain text has them, and still wraps long lines.
    return QStringLiteral("<p style=\"white-space:pre-wrap\">") + text.toHtmlEscaped() + QStringLiteral("</p>");
}

QVariant RichTextGuard::refusedResource(int type, const QUrl& url)
{
    const QString scheme = url.scheme();
    if (scheme == QLatin1String("qrc") || scheme == QLatin1String("data"))
        return {}; // the application's own resources, or bytes the text carries: Qt loads them as usual
    if (type != QTextDocument::ImageResource)
        return QString(); // a style sheet or page: nothing
    // An image, not empty bytes: for a picture Qt cannot decode, QTextImageHandler reads the name as a
    // file itself.
    static const QImage blank = [] {
        QImage image(1, 1, QImage::Format_ARGB32);
        image.fill(Qt::transparent);
        return image;
    }();
    return blank;
}

bool RichTextGuard::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() != QEvent::ToolTip || !watched->isWidgetType())
        return false;
    QAbstractItemView* view = viewOfViewport(watched);
    if (!view)
        return false;
    auto* help = static_cast<QHelpEvent*>(event);
    QRect area;
    const QString text = itemToolTip(*view, help->pos(), area);
    if (text.isEmpty())
        return false; // Qt goes on as usual: no item tooltip, so the view's own, if it has one
    QToolTip::showText(help->globalPos(), literal(text), view->viewport(), area);
    return true;
}

} // namespace eventloom
