#include "windowlayouts.h"

#include <QAction>
#include <QActionGroup>
#include <QGuiApplication>
#include <QMainWindow>
#include <QMenu>
#include <QScreen>
#include <QSettings>

namespace eventloom {

namespace {
const QString kLayoutKey = QStringLiteral("mainWindow/layout");
const QString kGeometryKey = QStringLiteral("mainWindow/geometry");
const QString kMaximizedKey = QStringLiteral("mainWindow/maximized");
const QString kLesson = QStringLiteral("lesson");
const QString kWorkbench = QStringLiteral("workbench");
/// The margin around a window opened on a screen, as a fraction of the screen (1/32: 60 px at 1920).
constexpr int kMarginDivisor = 32;

qint64 area(const QRect& rect)
{
    return rect.isValid() ? qint64(rect.width()) * rect.height() : 0;
}
}

WindowLayouts::WindowLayouts(QMainWindow* window, RunDocks* docks, std::function<void()> shown)
    : QObject(window)
    , m_window(window)
    , m_docks(docks)
    , m_shown(std::move(shown))
    , m_defaultState(window->saveState())
{
    m_menu = new QMenu(tr("&Layout"), window);
    m_menu->setObjectName(QStringLiteral("layoutMenu"));
    m_group = new QActionGroup(this);
    m_lesson = m_menu->addAction(tr("&Lesson"), this, [this] { switchTo(RunDocks::Layout::Lesson); });
    m_lesson->setObjectName(QStringLiteral("actionLayoutLesson"));
    m_lesson->setToolTip(tr("What a lesson needs, large: the lesson, the timeline, the Architecture, the Sagas and "
                            "the Inspector"));
    m_workbench = m_menu->addAction(tr("&Workbench"), this, [this] { switchTo(RunDocks::Layout::Workbench); });
    m_workbench->setObjectName(QStringLiteral("actionLayoutWorkbench"));
    m_workbench->setToolTip(tr("Every dock: Faults, Scenario Settings, Breakpoints, Topics and Groups, Dead "
                               "Letters, Metrics, Read Models and Event Store too"));
    for (QAction* action : { m_lesson, m_workbench }) {
        action->setCheckable(true);
        m_group->addAction(action);
    }
    m_menu->addSeparator();
    m_reset = m_menu->addAction(tr("&Reset Layout"), this, [this] {
        // This layout as shipped: what the user had arranged in it is forgotten, the other one's kept.
        QSettings().remove(stateKey(layout()));
        m_window->restoreState(m_defaultState); // the toolbars where they were
        m_docks->arrange(layout());
        m_shown();
    });
    m_reset->setObjectName(QStringLiteral("actionResetLayout"));
    m_reset->setToolTip(tr("Puts this layout's docks back where they start, sized to the window"));
}

void WindowLayouts::restore()
{
    QSettings settings;
    QList<QRect> screens;
    for (const QScreen* screen : QGuiApplication::screens())
        screens << screen->availableGeometry();
    const QRect saved = settings.value(kGeometryKey).toRect();
    if (saved.isValid() && !screens.isEmpty())
        m_window->setGeometry(clamped(saved, screens));
    else if (const QScreen* screen = m_window->screen())
        m_window->setGeometry(placement(screen->availableGeometry()));
    if (settings.value(kMaximizedKey).toBool())
        m_window->setWindowState(m_window->windowState() | Qt::WindowMaximized);
    // A session from before there were two layouts left only the Workbench's: its user keeps it.
    const QString chosen = settings.value(kLayoutKey).toString();
    const bool workbench
        = chosen == kWorkbench || (chosen != kLesson && settings.contains(stateKey(RunDocks::Layout::Workbench)));
    apply(workbench ? RunDocks::Layout::Workbench : RunDocks::Layout::Lesson);
}

void WindowLayouts::save()
{
    keepArrangement();
    QSettings settings;
    settings.setValue(kGeometryKey, m_window->normalGeometry());
    settings.setValue(kMaximizedKey, m_window->isMaximized());
}

QRect WindowLayouts::placement(const QRect& available)
{
    const int dx = available.width() / kMarginDivisor;
    const int dy = available.height() / kMarginDivisor;
    return available.adjusted(dx, dy, -dx, -dy);
}

QRect WindowLayouts::clamped(const QRect& saved, const QList<QRect>& screens)
{
    if (screens.isEmpty())
        return saved;
    QRect screen = screens.front();
    for (const QRect& candidate : screens)
        if (area(candidate.intersected(saved)) > area(screen.intersected(saved)))
            screen = candidate;
    QRect result(saved.topLeft(), saved.size().boundedTo(screen.size()));
    if (result.right() > screen.right())
        result.moveRight(screen.right());
    if (result.bottom() > screen.bottom())
        result.moveBottom(screen.bottom());
    if (result.left() < screen.left())
        result.moveLeft(screen.left());
    if (result.top() < screen.top())
        result.moveTop(screen.top());
    return result;
}

void WindowLayouts::switchTo(RunDocks::Layout layout)
{
    if (layout == this->layout())
        return;
    keepArrangement();
    QSettings().setValue(kLayoutKey, layout == RunDocks::Layout::Lesson ? kLesson : kWorkbench);
    apply(layout);
}

void WindowLayouts::keepArrangement()
{
    QSettings settings;
    settings.setValue(kLayoutKey, layout() == RunDocks::Layout::Lesson ? kLesson : kWorkbench);
    if (m_docks->sized())
        settings.setValue(stateKey(layout()), m_window->saveState());
}

void WindowLayouts::apply(RunDocks::Layout layout)
{
    m_docks->arrange(layout);
    const QByteArray state = QSettings().value(stateKey(layout)).toByteArray();
    m_docks->setSized(!state.isEmpty() && m_window->restoreState(state));
    (layout == RunDocks::Layout::Lesson ? m_lesson : m_workbench)->setChecked(true);
    m_shown();
}

QString WindowLayouts::stateKey(RunDocks::Layout layout)
{
    // The Workbench's is where the one layout of earlier versions was kept.
    return layout == RunDocks::Layout::Lesson ? QStringLiteral("mainWindow/lessonState")
                                              : QStringLiteral("mainWindow/state");
}

} // namespace eventloom
