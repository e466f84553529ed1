#pragma once

#include <QTimer>
#include <QWidget>
#include <functional>

namespace eventloom {

/// Asks the engine for fresh data as the run moves, but at most once per interval: the first change
/// asks at once, later changes within the interval are folded into one ask when it ends, and the
/// timer stops once nothing changed. The panels that show engine state (lesson checks, service
/// state, topics, dead letters) share it.
class RefreshThrottle final : public QObject {
    Q_OBJECT
public:
    static constexpr int kIntervalMs = 250;

    RefreshThrottle(std::function<void()> ask, QObject* parent);

    /// Something changed: ask now, or when the interval ends.
    void changed();
    /// True if `widget` can be seen: shown, and not a dock behind another one's tab (such a dock stays
    /// "visible" to Qt, with nothing of it on screen). Panels off screen ask for nothing.
    static bool onScreen(const QWidget* widget) { return widget->isVisible() && !widget->visibleRegion().isEmpty(); }
    /// Forget a pending ask (what it would refresh was just cleared).
    void cancel() { m_pending = false; }

private:
    std::function<void()> m_ask;
    QTimer m_timer;
    bool m_pending = false;
};

} // namespace eventloom
