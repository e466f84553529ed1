#include "wrappinglistwidget.h"

#include <QResizeEvent>

namespace eventloom {

namespace {
/// Room left and right of a row's text, and above and below it: more than the style's own margins, so
/// that a row is never a line short.
constexpr int kSideRoom = 10;
constexpr int kEndRoom = 6;
}

WrappingListWidget::WrappingListWidget(QWidget* parent)
    : QListWidget(parent)
{
    setWordWrap(true);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setResizeMode(QListView::Adjust);
}

void WrappingListWidget::fitRows()
{
    const int width = viewport()->width();
    for (int i = 0; i < count(); ++i) {
        QListWidgetItem* row = item(i);
        const QRect text
            = QFontMetrics(row->font())
                  .boundingRect(QRect(0, 0, std::max(1, width - kSideRoom), 1 << 20), Qt::TextWordWrap, row->text());
        row->setSizeHint(QSize(width, text.height() + kEndRoom));
    }
}

void WrappingListWidget::resizeEvent(QResizeEvent* event)
{
    QListWidget::resizeEvent(event);
    if (event->size().width() != event->oldSize().width())
        fitRows();
}

} // namespace eventloom
