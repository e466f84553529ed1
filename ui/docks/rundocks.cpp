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
#include "scenario/scenario.h"
#include "settingsdock.h"
#include "timetravelbar.h"
#include "topicsdock.h"

#include <QAction>
#include <QLayout>
#include <QMainWindow>
#include <QRegularExpression>
#include <algorithm>

namespace eventloom {

RunDocks::RunDocks(const DockContext& context, std::function<double()> speed, QMainWindow* window)
    : QObject(window)
    , m_window(window)
{
    m_saga = new SagaDock(context, window);
    m_architecture = new ArchitectureDock(context, std::move(speed), window);
    m_inspector = new InspectorDock(context, window);
    connect(m_architecture, &ArchitectureDock::serviceActivated, m_inspector, &InspectorDock::showService);
    m_faults = new FaultsDock(context, window);
    m_breakpoints = new BreakpointsDock(context, window);
    m_settings = new SettingsDock(context, window); // the scenario's knobs
    m_lesson = new LessonDock(context, window);
    m_topics = new TopicsDock(context, window);
    m_deadLetters = new DeadLettersDock(context, window);
    m_metrics = new MetricsDock(context, window);
    m_readModels = new ReadModelsDock(context, window);
    m_eventStore = new EventStoreDock(context, window);
    m_guarantees = new GuaranteesDock(context, window); // the delivery checker, with the bus's docks
    m_all = { m_saga, m_architecture, m_faults, m_breakpoints, m_settings, m_lesson, m_inspector, m_topics,
        m_deadLetters, m_metrics, m_readModels, m_eventStore, m_guarantees };
    // What the Lesson layout hides: a lesson's steps act through its Do it buttons (injections and
    // variants), the Faults menu and the Architecture's service menu; Run › Scenario Settings… and each
    // dock's View menu toggle bring one of these back in a click.
    m_expert = { m_faults, m_breakpoints, m_settings, m_topics, m_deadLetters, m_metrics, m_readModels, m_eventStore,
        m_guarantees };
    // The lesson reads top to bottom: give it the whole left side; the right column its whole height.
    window->setCorner(Qt::BottomLeftCorner, Qt::LeftDockWidgetArea);
    window->setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);
    arrangeWorkbench();
    // Under the panels, the width of the window, like a player's position bar.
    m_timeTravel = new TimeTravelBar(context, window);
    window->addToolBar(Qt::BottomToolBarArea, m_timeTravel);
}

void RunDocks::arrange(Layout layout)
{
    for (QDockWidget* dock : std::as_const(m_all))
        m_window->removeDockWidget(dock);
    m_layout = layout;
    if (layout == Layout::Lesson)
        arrangeLesson();
    else
        arrangeWorkbench();
    setSized(false);
}

void RunDocks::arrangeWorkbench()
{
    m_window->setCorner(Qt::TopLeftCorner, Qt::TopDockWidgetArea);
    m_window->setCorner(Qt::TopRightCorner, Qt::TopDockWidgetArea);
    // Wide and low, under the timeline: the Sagas — a list, a saga's moves and its step chart side by
    // side — with the Architecture, then the bus's docks (Topics and Groups, Metrics, Read Models,
    // Event Store) as tabs beside them, one click away. The Sagas are tall enough to list a dozen sagas
    // and chart a three-step saga with its compensations without scrolling.
    m_window->addDockWidget(Qt::BottomDockWidgetArea, m_saga);
    m_window->addDockWidget(Qt::BottomDockWidgetArea, m_architecture);
    m_window->tabifyDockWidget(m_saga, m_architecture);
    // On the right, the whole height: the Inspector, tall enough for a message's envelope and payload,
    // and under it the Faults with the Breakpoints and the Scenario Settings as tabs beside them.
    m_window->addDockWidget(Qt::RightDockWidgetArea, m_inspector);
    m_window->addDockWidget(Qt::RightDockWidgetArea, m_faults);
    m_window->splitDockWidget(m_inspector, m_faults, Qt::Vertical);
    m_window->addDockWidget(Qt::RightDockWidgetArea, m_breakpoints);
    m_window->tabifyDockWidget(m_faults, m_breakpoints);
    m_window->addDockWidget(Qt::RightDockWidgetArea, m_settings);
    m_window->tabifyDockWidget(m_faults, m_settings);
    m_faults->raise();
    m_window->addDockWidget(Qt::LeftDockWidgetArea, m_lesson);
    m_window->addDockWidget(Qt::BottomDockWidgetArea, m_topics);
    m_window->tabifyDockWidget(m_architecture, m_topics);
    m_window->addDockWidget(Qt::BottomDockWidgetArea, m_deadLetters);
    m_window->splitDockWidget(m_topics, m_deadLetters, Qt::Horizontal);
    for (QDockWidget* dock :
        std::initializer_list<QDockWidget*> { m_metrics, m_readModels, m_eventStore, m_guarantees }) {
        m_window->addDockWidget(Qt::BottomDockWidgetArea, dock);
        m_window->tabifyDockWidget(m_topics, dock);
    }
    m_saga->raise();
}

void RunDocks::arrangeLesson()
{
    // The lesson on the left, the whole height; above the rest the Architecture, the whole width of the
    // window (a graph reads left to right, and its names keep their size only where it is wide); under
    // it the timeline over the log, the Sagas under them (a saga's list, moves and step chart side by
    // side), and the Inspector on the right. An expert dock shown from the View menu opens as a tab
    // beside the Sagas (the bus's) or the Inspector (the run's controls).
    m_window->setCorner(Qt::TopLeftCorner, Qt::LeftDockWidgetArea);
    m_window->setCorner(Qt::TopRightCorner, Qt::TopDockWidgetArea);
    m_window->addDockWidget(Qt::LeftDockWidgetArea, m_lesson);
    m_window->addDockWidget(Qt::TopDockWidgetArea, m_architecture);
    m_window->addDockWidget(Qt::RightDockWidgetArea, m_inspector);
    m_window->addDockWidget(Qt::BottomDockWidgetArea, m_saga);
    for (QDockWidget* dock : std::initializer_list<QDockWidget*> { m_faults, m_settings, m_breakpoints }) {
        m_window->addDockWidget(Qt::RightDockWidgetArea, dock);
        m_window->tabifyDockWidget(m_inspector, dock);
    }
    for (QDockWidget* dock : std::initializer_list<QDockWidget*> {
             m_topics, m_deadLetters, m_metrics, m_readModels, m_eventStore, m_guarantees }) {
        m_window->addDockWidget(Qt::BottomDockWidgetArea, dock);
        m_window->tabifyDockWidget(m_saga, dock);
    }
    m_saga->raise();
    m_inspector->raise();
}

QString RunDocks::lessonText(const Scenario& scenario)
{
    QString text;
    if (!scenario.lesson)
        return text;
    for (const LessonStep& step : scenario.lesson->steps) {
        text += step.title + u'\n' + step.text + u'\n' + step.action + u'\n';
        if (step.question)
            text += step.question->prompt + u'\n' + step.question->explanation + u'\n';
    }
    return text;
}

bool RunDocks::names(const QString& text, const QString& title)
{
    // Whole words only: "Metrics" is not in "metrics"; lesson text is English, as the titles are untranslated.
    return text.contains(QRegularExpression(QStringLiteral("\\b%1\\b").arg(QRegularExpression::escape(title))));
}

void RunDocks::setShown(bool visible, const Scenario* scenario)
{
    // The Lesson layout shows an expert dock the open lesson points at ("the **Faults** panel"): a step
    // never sends the learner to a dock that is not there.
    const QString lesson = scenario ? lessonText(*scenario) : QString();
    const auto shown = [&](QDockWidget* dock, bool wanted) {
        dock->setVisible(visible && wanted
            && (m_layout == Layout::Workbench || !m_expert.contains(dock) || names(lesson, dock->windowTitle())));
    };
    shown(m_saga, SagaDock::wanted(scenario));
    shown(m_architecture, true);
    shown(m_faults, true);
    shown(m_breakpoints, true);
    shown(m_settings, true);
    shown(m_inspector, true);
    shown(m_lesson, LessonDock::wanted(scenario));
    shown(m_topics, true);
    shown(m_metrics, true);
    shown(m_deadLetters, DeadLettersDock::wanted(scenario));
    shown(m_readModels, ReadModelsDock::wanted(scenario));
    shown(m_eventStore, EventStoreDock::wanted(scenario));
    shown(m_guarantees, true);
    // The Sagas tab (else the Architecture) stays in front of its neighbours, the Inspector in front of
    // the Faults where they share a place.
    if (visible) {
        if (QDockWidget* bottom = bottomDock())
            bottom->raise();
        if (m_layout == Layout::Lesson)
            m_inspector->raise();
    }
    if (visible && !m_sized) {
        m_sized = true;
        m_window->layout()->activate(); // the docks just moved or shown: their areas as they now are
        sizeToWindow();
    }
    if (m_deadLetters->isVisible() && m_topics->isVisible() && !m_deadLettersSized && m_layout == Layout::Workbench) {
        m_deadLettersSized = true; // its table has seven columns and the payload beside them
        // Half of the bottom each, from the window's width: the docks' own are not laid out yet.
        const int half = m_window->width() / 4;
        m_window->resizeDocks({ m_topics, m_deadLetters }, { half, half }, Qt::Horizontal);
    }
}

QDockWidget* RunDocks::bottomDock() const
{
    if (m_saga->isVisible())
        return m_saga;
    if (m_layout == Layout::Workbench)
        return m_architecture;
    for (QDockWidget* dock : m_expert)
        if (dock->isVisible() && m_window->dockWidgetArea(dock) == Qt::BottomDockWidgetArea)
            return dock;
    return nullptr;
}

void RunDocks::sizeToWindow()
{
    // Once, at the window's size when a run is first shown (a layout the user changes stays theirs).
    const int width = m_window->width();
    const int height = m_window->height();
    QDockWidget* bottom = bottomDock();
    if (m_layout == Layout::Lesson) {
        // The lesson a little more than a fifth of the width (its text wraps), the Inspector a quarter (the
        // Faults and Scenario Settings fit there, shown beside it), the Architecture above the rest a little
        // more than a fifth of the height, the Sagas a third (at 1600×1000: lesson 352 px, Inspector
        // 384 px, Architecture 1248×220 px, Sagas 864×330 px).
        m_window->resizeDocks({ m_lesson, m_inspector },
            { std::max(320, width * 22 / 100), std::max(340, width * 24 / 100) }, Qt::Horizontal);
        m_window->resizeDocks({ m_architecture }, { std::max(200, height * 22 / 100) }, Qt::Vertical);
        if (bottom)
            m_window->resizeDocks({ bottom }, { std::max(280, height * 33 / 100) }, Qt::Vertical);
        return;
    }
    // The lesson a fifth of the width, the right column wide enough for the Faults' rows, the bottom
    // (the Sagas) about two fifths of the height, and the Inspector above the Faults with room for a
    // message's envelope and payload (at 1600×1000: lesson 320 px, right column 384 px, Sagas 380 px,
    // Inspector 550 px).
    m_window->resizeDocks(
        { m_lesson, m_inspector }, { std::max(300, width / 5), std::max(380, width * 24 / 100) }, Qt::Horizontal);
    m_window->resizeDocks({ bottom }, { std::max(300, height * 38 / 100) }, Qt::Vertical);
    m_window->resizeDocks({ m_inspector, m_faults }, { height * 55 / 100, height * 45 / 100 }, Qt::Vertical);
}

QList<QAction*> RunDocks::toggleActions() const
{
    QList<QAction*> actions;
    for (const QDockWidget* dock : m_all)
        actions << dock->toggleViewAction();
    return actions;
}

} // namespace eventloom
