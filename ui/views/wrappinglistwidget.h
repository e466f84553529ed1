#pragma once

#include <QListWidget>

namespace eventloom {

/// A list whose rows wrap their text at the list's width and are as tall as it then needs: a QListWidget
/// with word wrap alone lays its rows out one line high (its delegate is given no width to wrap at), so a
/// long row would be cut. fitRows() after changing the rows; a resize fits them again.
class WrappingListWidget final : public QListWidget {
    Q_OBJECT
public:
    explicit WrappingListWidget(QWidget* parent = nullptr);
    /// Sets every row's height to its text's, wrapped at the list's width.
    void fitRows();

protected:
    void resizeEvent(QResizeEvent* event) override;
};

} // namespace eventloom
