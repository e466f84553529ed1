#include "refreshthrottle.h"

namespace eventloom {

RefreshThrottle::RefreshThrottle(std::function<void()> ask, QObject* parent)
    : QObject(parent)
    , m_ask(std::move(ask))
{
    m_timer.setInterval(kIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        if (!m_pending) {
            m_timer.stop();
            return;
        }
        m_pending = false;
        m_ask();
    });
}

void RefreshThrottle::changed()
{
    if (m_timer.isActive()) {
        m_pending = true;
        return;
    }
    m_pending = false;
    m_ask();
    m_timer.start();
}

} // namespace eventloom
