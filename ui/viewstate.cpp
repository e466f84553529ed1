#include "viewstate.h"

namespace eventloom {

ViewState::ViewState(QObject* parent) : QObject(parent) { }

void ViewState::setFollowed(const QString& correlation)
{
    if (correlation == m_followed)
        return;
    m_followed = correlation;
    Q_EMIT followedChanged(m_followed);
}

void ViewState::setViewTime(SimTime t)
{
    t = t < 0 ? -1 : t;
    if (t == m_viewTime)
        return;
    m_viewTime = t;
    Q_EMIT viewTimeChanged(m_viewTime);
}

void ViewState::setSelectedMessage(std::uint32_t seq)
{
    if (seq == m_selected)
        return;
    m_selected = seq;
    Q_EMIT selectedMessageChanged(m_selected);
}

void ViewState::chooseMessage(std::uint32_t seq) { Q_EMIT messageChosen(seq); }

} // namespace eventloom
