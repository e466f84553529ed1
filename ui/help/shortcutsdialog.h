#pragma once

#include <QDialog>

class QLineEdit;
class QTreeWidget;

namespace eventloom {

/// Help › Keyboard Shortcuts: every action of the window that has a shortcut, with all its shortcuts,
/// grouped by the menu it is in (in the menu bar's order, each in the menu's order), or else by the
/// panel that holds it (such shortcuts work while the panel has the focus), the rest last. Collected
/// from the window's QActions on each refresh(), so it cannot drift from them. Not modal.
class ShortcutsDialog final : public QDialog {
    Q_OBJECT
public:
    /// `window`: whose actions are listed (all QActions below it), and the dialog's parent.
    explicit ShortcutsDialog(QWidget* window);

    /// Collects the window's actions again (Help › Keyboard Shortcuts does, each time it is chosen).
    void refresh();

private:
    void applyFilter(const QString& text);

    QWidget* m_window;
    QLineEdit* m_filter = nullptr;
    QTreeWidget* m_tree = nullptr;
};

} // namespace eventloom
