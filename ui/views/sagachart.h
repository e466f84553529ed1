#pragma once

#include <QWidget>

namespace eventloom {

class SagaModel;

/// One saga instance as a step chart over simulated time: a row per step, each try of the step as a
/// bar (green when it succeeded, red when it failed, grey when it timed out), and the compensation
/// path drawn apart — hatched amber bars under the steps they undo, joined by arrows that run
/// backwards, last step first. The end state is written at the right.
class SagaChart final : public QWidget {
    Q_OBJECT
public:
    explicit SagaChart(QWidget* parent = nullptr);

    void setModel(SagaModel* model);
    /// The instance (a top-level row of the model) to show, or -1 for none.
    void setInstance(int row);
    int instance() const { return m_row; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    SagaModel* m_model = nullptr;
    int m_row = -1;
};

} // namespace eventloom
