#pragma once

#include <QDialog>

class QLabel;

namespace eventloom {

/// Help › About EventLoom: what EventLoom is, its version, the Qt it runs on and was built with, and
/// its licence (the LICENSE file, compiled in). Not modal.
class AboutDialog final : public QDialog {
    Q_OBJECT
public:
    explicit AboutDialog(QWidget* parent = nullptr);

private:
    QLabel* m_licence = nullptr;
};

} // namespace eventloom
