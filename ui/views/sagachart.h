#pragma once

#include <QColor>
#include <QRectF>
#include <QWidget>
#include <vector>

namespace eventloom {

class SagaModel;

/// One saga instance as a step chart over simulated time: a row per step, named by its command
/// (ReserveStock) and its compensation's (↩ ReleaseStock), each try of the step as a bar (green when
/// it succeeded, red when it failed, grey when it timed out, "try N" above it), the compensation path
/// drawn apart — hatched amber bars under the steps they undo, joined by arrows that run backwards,
/// last step first — and the command the owner is sent at the end (ApproveOrder, CancelOrder) as a last
/// row. The end state and why are written at the right of the title. Every text has its own place: none overlaps
/// another, and one that does not fit is shortened, its whole text in its tooltip.
class SagaChart final : public QWidget {
    Q_OBJECT
public:
    /// A text of the chart and where it is drawn.
    struct Label {
        enum class Kind { Title, Axis, Step, Command, Compensation, Notice, Retry, Status, Reason };
        Kind kind = Kind::Title;
        QRectF rect;
        QString text;
        QString toolTip; ///< the whole text where `text` is shortened, or what it stands for
        QColor colour;
        bool bold = false;
        int flags = 0; ///< Qt::AlignmentFlag and Qt::TextFlag for QPainter::drawText
    };
    /// A try of a step or of its compensation.
    struct Bar {
        QRectF rect;
        QColor colour;
        bool compensation = false;
        QString toolTip;
    };
    /// Everything the chart draws for the instance shown, at the widget's size.
    struct Layout {
        std::vector<Label> labels;
        std::vector<Bar> bars;
        std::vector<std::pair<QPointF, QPointF>> compensationPath; ///< each compensation to the next
        QPointF notice; ///< where the end command is marked (null: none sent yet)
        QColor noticeColour;
        QRectF plot;
    };

    explicit SagaChart(QWidget* parent = nullptr);

    void setModel(SagaModel* model);
    /// The instance (a top-level row of the model) to show, or -1 for none.
    void setInstance(int row);
    int instance() const { return m_row; }
    /// What the chart draws now (empty with no instance shown).
    Layout layout() const;
    /// The tooltip at `position`: a bar's try, or the whole text of a shortened label.
    QString toolTipAt(QPointF position) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;
    bool event(QEvent* event) override;

private:
    int rowHeight() const;
    int top() const;

    SagaModel* m_model = nullptr;
    int m_row = -1;
};

} // namespace eventloom
