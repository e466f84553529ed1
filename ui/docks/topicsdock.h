#pragma once

#include <QDockWidget>

namespace eventloom {

struct DockContext;
class TopicsView;

/// The Topics and Groups dock: the bus's topics, partitions and consumer groups with their offsets and
/// lag at the moment shown; a group's offsets can be reset (an injection).
class TopicsDock final : public QDockWidget {
    Q_OBJECT
public:
    TopicsDock(const DockContext& context, QWidget* parent);

    TopicsView* view() const { return m_view; }

private:
    TopicsView* m_view = nullptr;
};

} // namespace eventloom
