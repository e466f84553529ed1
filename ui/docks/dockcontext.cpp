#include "dockcontext.h"

#include <QDockWidget>
#include <QTimer>

namespace eventloom {

void refreshWhenChosen(QDockWidget* dock, std::function<void()> refresh)
{
    QObject::connect(dock, &QDockWidget::visibilityChanged, dock, [dock, refresh = std::move(refresh)](bool visible) {
        if (visible)
            QTimer::singleShot(0, dock, refresh); // once the tab's geometry is in place
    });
}

} // namespace eventloom
