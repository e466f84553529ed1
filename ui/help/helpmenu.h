#pragma once

#include <QMenu>

class QMainWindow;

namespace eventloom {

class AboutDialog;
class ManualWindow;
class ShortcutsDialog;

/// The window's Help menu, the last in its menu bar: the user manual (F1), the glossary, the window's
/// keyboard shortcuts, the lessons, About EventLoom and About Qt. Its
/// dialogs are not modal, made on first use and reused, so the window stays usable beside them.
class HelpMenu final : public QMenu {
    Q_OBJECT
public:
    explicit HelpMenu(QMainWindow* window);

    /// Help › Glossary (and the Lesson dock's Glossary button): docs/glossary.md in the manual's window.
    void showGlossary();

Q_SIGNALS:
    /// Help › Lessons: back to the start page.
    void lessonsRequested();

private:
    void showManual();
    void showAbout();
    void showShortcuts();

    QMainWindow* m_window;
    ManualWindow* m_manual = nullptr;
    AboutDialog* m_about = nullptr;
    ShortcutsDialog* m_shortcuts = nullptr;
};

} // namespace eventloom
