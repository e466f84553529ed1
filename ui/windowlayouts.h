#pragma once

#include "docks/rundocks.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QRect>
#include <functional>

class QAction;
class QActionGroup;
class QMainWindow;
class QMenu;

namespace eventloom {

/// The window's place on the screen and its docks' layout (View › Layout), kept between sessions in
/// QSettings: the layout chosen (`mainWindow/layout`), each layout's own arrangement as the user left it
/// (`mainWindow/state` for the Workbench, `mainWindow/lessonState` for the Lesson), and the window's
/// geometry (`mainWindow/geometry`, `mainWindow/maximized`). Switching layouts keeps the one left: going
/// back finds it as it was; Reset Layout forgets the current one's and puts its docks back in place.
/// The first launch opens in the Lesson layout.
class WindowLayouts final : public QObject {
    Q_OBJECT
public:
    /// `shown` is called after the docks moved, to show those the run page wants (or none on the
    /// start page).
    WindowLayouts(QMainWindow* window, RunDocks* docks, std::function<void()> shown);

    /// View › Layout: Lesson, Workbench, then Reset Layout.
    QMenu* menu() const { return m_menu; }
    /// Puts the window where the last session left it (moved onto a screen that exists), else sized to
    /// the screen it opens on, and the docks in the layout chosen last.
    void restore();
    /// Remembers the window's geometry and the current layout's arrangement (when the window closes).
    void save();
    RunDocks::Layout layout() const { return m_docks->layout(); }

    /// Where a window opens on a screen whose available geometry is `available`: all of it but a margin.
    static QRect placement(const QRect& available);
    /// `saved` moved (and shrunk if need be) onto the available geometry of the screen it overlaps most,
    /// or of the first screen if it overlaps none: a window from a screen since unplugged comes back.
    static QRect clamped(const QRect& saved, const QList<QRect>& screens);

private:
    void switchTo(RunDocks::Layout layout);
    /// Keeps the current layout's arrangement (only once its docks have their sizes).
    void keepArrangement();
    /// The docks in `layout`, as the user left it if they did.
    void apply(RunDocks::Layout layout);
    static QString stateKey(RunDocks::Layout layout);

    QMainWindow* m_window = nullptr;
    RunDocks* m_docks = nullptr;
    std::function<void()> m_shown;
    QMenu* m_menu = nullptr;
    QActionGroup* m_group = nullptr;
    QAction* m_lesson = nullptr;
    QAction* m_workbench = nullptr;
    QAction* m_reset = nullptr;
    QByteArray m_defaultState; ///< the window as built: the toolbars' places for Reset Layout
};

} // namespace eventloom
