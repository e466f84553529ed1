#include "rundocks.h"

#include "architecturedock.h"
#include "breakpointsdock.h"
#include "deadlettersdock.h"
#include "dockcontext.h"
#include "eventstoredock.h"
#include "faultsdock.h"
#include "guaranteesdock.h"
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
    // Wide and low, under the timeline: the Sagas — a list, a saga's moves and its step chart side by
    // side — with the Architecture, then the bus's docks (Topics and Groups, Metrics, Read Models,
    // Event Store) as tabs beside them, one click away. The Sagas are tall enough to list a dozen sagas
    // and chart a three-step saga with its compensations without scrolling.
    m_saga = new SagaDock(context, window);
    window->addDockWidget(Qt::BottomDockWidgetArea, m_saga);
    m_architecture = new ArchitectureDock(context, std::move(speed), window);
    window->addDockWidget(Qt::BottomDockWidgetArea, m_architecture);
    window->tabifyDockWidget(m_saga, m_architecture);
    // On the right, the whole height: the Inspector, tall enough for a message's envelope and payload,
    // and under it the Faults with the Breakpoints as a tab beside them.
    window->setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);
    m_inspector = new InspectorDock(context, window);
    window->addDockWidget(Qt::RightDockWidgetArea, m_inspector);
    connect(m_architecture, &ArchitectureDock::serviceActivated, m_inspector, &InspectorDock::showService);
    m_faults = new FaultsDock(context, window);
    window->addDockWidget(Qt::RightDockWidgetArea, m_faults);
    window->splitDockWidget(m_inspector, m_faults, Qt::Vertical);
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
    m_topics = new TopicsDock(context, window);
    window->addDockWidget(Qt::BottomDockWidgetArea, m_topics);
    window->tabifyDockWidget(m_architecture, m_topics);
    m_deadLetters = new DeadLettersDock(context, window);
    window->addDockWidget(Qt::BottomDockWidgetArea, m_deadLetters);
    window->splitDockWidget(m_topics, m_deadLetters, Qt::Horizontal);
    m_metrics = new MetricsDock(context, window);
    m_readModels = new ReadModelsDock(context, window);
    m_eventStore = new EventStoreDock(context, window);
    m_guarantees = new GuaranteesDock(context, window); // the delivery checker, with the bus's docks
    for (QDockWidget* dock :
        std::initializer_list<QDockWidget*> { m_metrics, m_readModels, m_eventStore, m_guarantees }) {
        window->addDockWidget(Qt::BottomDockWidgetArea, dock);
        window->tabifyDockWidget(m_topics, dock);
    }
    m_saga->raise();
    // Under the panels, the width of the window, like a player's position bar.
    m_timeTravel = new TimeTravelBar(context, window);
    window->addToolBar(Qt::BottomToolBarArea, m_timeTravel);
}

void RunDocks::setShown(bool visible, const Scenario* scenario)
{
    m_saga->setVisible(visible && SagaDock::wanted(scenario));
    m_architecture->setVisible(visible);
    m_faults->setVisible(visible);
    m_breakpoints->setVisible(visible);
    m_settings->setVisible(visible);
    m_inspector->setVisible(visible);
    m_lesson->setVisible(visible && LessonDock::wanted(scenario));
    m_topics->setVisible(visible);
    m_metrics->setVisible(visible);
    m_deadLetters->setVisible(visible && DeadLettersDock::wanted(scenario));
    m_readModels->setVisible(visible && ReadModelsDock::wanted(scenario));
    m_eventStore->setVisible(visible && EventStoreDock::wanted(scenario));
    m_guarantees->setVisible(visible);
    // The Sagas tab (else the Architecture) stays in front of its neighbours.
    if (visible)
        (m_saga->isVisible() ? static_cast<QDockWidget*>(m_saga) : m_architecture)->raise();
    if (visible && !m_sized) {
        m_sized = true;
        sizeToWindow();
    }
    if (m_deadLetters->isVisible() && m_topics->isVisible() && !m_deadLettersSized) {
        m_deadLettersSized = true; // its table has seven columns and the payload beside them
        // Half of the bottom each, from the window's width: the docks' own are not laid out yet.
        const int half = m_window->width() / 4;
        m_window->resizeDocks({ m_topics, m_deadLetters }, { half, half }, Qt::Horizontal);
    }
}

void RunDocks::sizeToWindow()
{
    // Once, at the window's size when a run is first shown (a layout the user changes stays theirs):
    // the lesson a fifth of the width, the right column wide enough for the Faults'
    // rows, the bottom (the Sagas) about two fifths of the height, and the Inspector above the Faults
    // with room for a message's envelope and payload (at 1600×1000: lesson 320 px, right column 384 px,
    // Sagas 380 px, Inspector 550 px).
    const int width = m_window->width();
    const int height = m_window->height();
    QDockWidget* bottom = m_saga->isVisible() ? static_cast<QDockWidget*>(m_saga) : m_architecture;
    m_window->resizeDocks(
        { m_lesson, m_inspector }, { std::max(300, width / 5), std::max(380, width * 24 / 100) }, Qt::Horizontal);
    m_window->resizeDocks({ bottom }, { std::max(300, height * 38 / 100) }, Qt::Vertical);
    m_window->resizeDocks({ m_inspector, m_faults }, { height * 55 / 100, height * 45 / 100 }, Qt::Vertical);
}

QList<QAction*> RunDocks::toggleActions() const
{
    QList<QAction*> actions;
    for (const QDockWidget* dock :
        std::initializer_list<const QDockWidget*> { m_saga, m_architecture, m_faults, m_breakpoints, m_settings,
            m_lesson, m_inspector, m_topics, m_deadLetters, m_metrics, m_readModels, m_eventStore, m_guarantees })
        actions << dock->toggleViewAction();
    return actions;
}

} // namespace eventloom
