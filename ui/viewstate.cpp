#include "viewstate.h"

namespace eventloom {

ViewState::ViewState(QObject* parent)
    : QObject(parent)
{
}

void ViewState::setFollowed(const QString& correlation)
{
    if (correlation != m_followed) {
        m_followed = correlation;
        Q_EMIT followedChanged(m_followed);
    }
    Q_EMIT followRequested(m_followed);
}

void ViewState::setViewTime(SimTime t)
{
    t = t < 0 ? -1 : t;
    if (t != m_viewTime) {
        m_viewTime = t;
        Q_EMIT viewTimeChanged(m_viewTime);
    }
    Q_EMIT viewTimeRequested(m_viewTime);
}

void ViewState::setSelectedMessage(std::uint32_t seq)
{
    if (seq != m_selected) {
        m_selected = seq;
        Q_EMIT selectedMessageChanged(m_selected);
    }
    Q_EMIT selectionRequested(m_selected);
}

void ViewState::chooseMessage(std::uint32_t seq)
{
    Q_EMIT messageChosen(seq);
}

void ViewState::chooseRecord(qint64 row)
{
    Q_EMIT recordChosen(row);
}

} // namespace eventloom
