#pragma once

#include <QStyledItemDelegate>

namespace eventloom {

/// A lesson of the course (CourseModel) as the start page lists it, readable at a glance:
///
///     ✓  07  Undo, in reverse: the orchestrated saga                           about 40 min
///            orchestration · compensation · retries and deadlines     4 of 11 steps · 2 right · 1 wrong
///
/// its state (✓ done, ◐ in progress, ○ not started — in shape, so that colour is not needed to tell them
/// apart), its place in the course, its title and concepts (wrapped, never cut), its estimated time and the
/// learner's progress, or its steps and questions if it is not started.
class CourseDelegate final : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

    /// The right-hand column's texts for `index`: its time, and its progress (or size, if not started).
    static QString timeText(const QModelIndex& index);
    static QString progressText(const QModelIndex& index);

private:
    struct Layout;
    Layout layout(const QStyleOptionViewItem& option, const QModelIndex& index, int width) const;
};

} // namespace eventloom
