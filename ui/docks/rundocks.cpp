#include "rundocks.h"

#include "architecturedock.h"
#include "breakpointsdock.h"
#include "deadlettersdock.h"
#include "dockcontext.h"
#include "eventstoredock.h"
#include "faultsdock.h"
#include "inspectordock.h"
#include "lessondock.h"
#include "metricsdock.h"
#include "readmodelsdock.h"
#include "sagadock.h"
#include "settingsdock.h"
#include "timetravelbar.h"
#include "topicsdock.h"

#include <QAction>
#include <QMainWindow>
#include <algorithm>

namespace eventloom {

RunDocks::RunDocks(const DockContext& context, std::function<double()> speed, QMainWindow* window)
    : QObject(window)
    , m_window(window)
{
    // Wide and low, under the timeline: the Sagas, with the Architecture as a tab beside them (in their
    // place where there are no sagas).
    m_saga = new SagaDock(context, window);
    window->addDockWidget(Qt::BottomDockWidgetArea, m_saga);
    window->resizeDocks({ m_saga }, { 290 }, Qt::Vertical);
    m_architecture = new ArchitectureDock(context, std::move(speed), window);
    window->addDockWidget(Qt::BottomDockWidgetArea, m_architecture);
    window->tabifyDockWidget(m_saga, m_architecture);
    m_saga->raise();
    // On the right the Inspector, the Faults under it and the Breakpoints as a tab beside those.
    m_inspector = new InspectorDock(context, window);
    window->addDockWidget(Qt::RightDockWidgetArea, m_inspector);
    connect(m_architecture, &ArchitectureDock::serviceActivated, m_inspector, &InspectorDock::showService);
    m_faults = new FaultsDock(context, window);
    window->addDockWidget(Qt::RightDockWidgetArea, m_faults);
    window->splitDockWidget(m_inspector, m_faults, Qt::Vertical);
    window->resizeDocks({ m_inspector, m_faults }, { 400, 250 }, Qt::Vertical);
    m_breakpoints = new BreakpointsDock(context, window);
    window->addDockWidget(Qt::RightDockWidgetArea, m_breakpoints);
    window->tabifyDockWidget(m_faults, m_breakpoints);
    m_settings = new SettingsDock(context, window); // the scenario's knobs, a tab beside the faults
    window->addDockWidget(Qt::RightDockWidgetArea, m_settings);
    window->tabifyDockWidget(m_faults, m_settings);
    m_faults->raise();
    m_lesson = new LessonDock(context, window);
    window->setCorner(
        Qt::BottomLeftCorner, Qt::LeftDockWidgetArea); // the lesson reads top to bottom: give it the whole side
    window->addDockWidget(Qt::LeftDockWidgetArea, m_lesson);
    window->resizeDocks({ m_lesson }, { 330 }, Qt::Horizontal);
    // The bus: Topics and Groups with the Dead Letters beside them; the Metrics, the Read Models and the
    // Event Store as tabs beside the topics, so the bottom area keeps its height for the timeline.
    m_topics = new TopicsDock(context, window);
    window->addDockWidget(Qt::BottomDockWidgetArea, m_topics);
    m_deadLetters = new DeadLettersDock(context, window);
    window->addDockWidget(Qt::BottomDockWidgetArea, m_deadLetters);
    window->splitDockWidget(m_topics, m_deadLetters, Qt::Horizontal);
    m_metrics = new MetricsDock(context, window);
    m_readModels = new ReadModelsDock(context, window);
    m_eventStore = new EventStoreDock(context, window);
    for (QDockWidget* dock : std::initializer_list<QDockWidget*> { m_metrics, m_readModels, m_eventStore }) {
        window->addDockWidget(Qt::BottomDockWidgetArea, dock);
        window->tabifyDockWidget(m_topics, dock);
        m_topics->raise();
    }
    // Under the panels, the width of the window, like a player's position bar.
    m_timeTravel = new TimeTravelBar(context, window);
    window->addToolBar(Qt::BottomToolBarArea, m_timeTravel);
}

void RunDocks::setShown(bool visible, const Scenario* scenario)
{
    m_saga->setVisible(visible && SagaDock::wanted(scenario));
    m_architecture->setVisible(visible);
    QDockWidget* architectureTab = m_architecture->isVisible() ? static_cast<QDockWidget*>(m_architecture) : m_saga;
    if (architectureTab->isVisible() && !m_architectureSized) {
        m_architectureSized = true; // a diagram of up to nine columns: about half the width, once
        m_window->resizeDocks({ architectureTab }, { std::max(560, m_window->width() * 45 / 100) }, Qt::Horizontal);
    }
    m_faults->setVisible(visible);
    m_breakpoints->setVisible(visible);
    m_settings->setVisible(visible);
    m_inspector->setVisible(visible);
    m_lesson->setVisible(visible && LessonDock::wanted(scenario));
    m_topics->setVisible(visible);
    m_metrics->setVisible(visible);
    m_deadLetters->setVisible(visible && DeadLettersDock::wanted(scenario));
    // The Topics tab stays in front of its neighbours.
    m_readModels->setVisible(visible && ReadModelsDock::wanted(scenario));
    m_eventStore->setVisible(visible && EventStoreDock::wanted(scenario));
    if (visible)
        m_topics->raise();
    if (m_deadLetters->isVisible() && m_topics->isVisible() && !m_deadLettersSized) {
        m_deadLettersSized = true; // its table has seven columns and the payload beside them
        m_window->resizeDocks({ m_topics, m_deadLetters }, { 380, 820 }, Qt::Horizontal);
    }
}

QList<QAction*> RunDocks::toggleActions() const
{
    QList<QAction*> actions;
    for (const QDockWidget* dock :
        std::initializer_list<const QDockWidget*> { m_saga, m_architecture, m_faults, m_breakpoints, m_settings,
            m_lesson, m_inspector, m_topics, m_deadLetters, m_metrics, m_readModels, m_eventStore })
        actions << dock->toggleViewAction();
    return actions;
}

} // namespace eventloom
