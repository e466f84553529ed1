#include "helpmenu.h"

#include "aboutdialog.h"
#include "manualbrowser.h"
#include "manualwindow.h"
#include "shortcutsdialog.h"

#include <QApplication>
#include <QMainWindow>

namespace eventloom {

namespace {
/// Shows a non-modal dialog of the window's, in front of it.
void present(QWidget* dialog)
{
    dialog->show();
    dialog->raise();
    dialog->activateWindow();
}
}

HelpMenu::HelpMenu(QMainWindow* window)
    : QMenu(tr("&Help"), window)
    , m_window(window)
{
    setObjectName(QStringLiteral("helpMenu"));

    QAction* manual = addAction(tr("&User Manual"), this, &HelpMenu::showManual);
    manual->setObjectName(QStringLiteral("actionUserManual"));
    manual->setShortcut(QKeySequence::HelpContents);
    manual->setIcon(QIcon::fromTheme(QStringLiteral("help-contents")));
    QAction* glossary = addAction(tr("&Glossary"), this, &HelpMenu::showGlossary);
    glossary->setObjectName(QStringLiteral("actionGlossary"));
    glossary->setToolTip(tr("What the lessons' words mean: event, message, record, instance, log, replay, version…"));
    QAction* shortcuts = addAction(tr("&Keyboard Shortcuts"), this, &HelpMenu::showShortcuts);
    shortcuts->setObjectName(QStringLiteral("actionKeyboardShortcuts"));
    shortcuts->setToolTip(tr("Every shortcut of the window, from its menus and panels"));
    QAction* lessons = addAction(tr("&Lessons"), this, &HelpMenu::lessonsRequested);
    lessons->setObjectName(QStringLiteral("actionLessons"));
    lessons->setToolTip(tr("Back to the start page and its lessons"));
    addSeparator();

    QAction* about = addAction(tr("&About EventLoom"), this, &HelpMenu::showAbout);
    about->setObjectName(QStringLiteral("actionAboutEventLoom"));
    about->setMenuRole(QAction::AboutRole);
    QAction* aboutQt = addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
    aboutQt->setObjectName(QStringLiteral("actionAboutQt"));
    aboutQt->setMenuRole(QAction::AboutQtRole);
}

void HelpMenu::showManual()
{
    if (!m_manual)
        m_manual = new ManualWindow(m_window);
    present(m_manual);
}

void HelpMenu::showGlossary()
{
    showManual();
    m_manual->browser()->follow(ManualWindow::glossaryUrl());
}

void HelpMenu::showAbout()
{
    if (!m_about)
        m_about = new AboutDialog(m_window);
    present(m_about);
}

void HelpMenu::showShortcuts()
{
    if (!m_shortcuts)
        m_shortcuts = new ShortcutsDialog(m_window);
    m_shortcuts->refresh(); // actions come and go while the window lives
    present(m_shortcuts);
}

} // namespace eventloom
