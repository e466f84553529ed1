#include "guaranteesdock.h"

#include "dockcontext.h"
#include "simulation/simulationcontroller.h"
#include "views/guaranteespanel.h"
#include "viewstate.h"

namespace eventloom {

GuaranteesDock::GuaranteesDock(const DockContext& context, QWidget* parent)
    : QDockWidget(tr("Guarantees"), parent)
    , m_panel(new GuaranteesPanel)
{
    setObjectName(QStringLiteral("guaranteesDock"));
    setWidget(m_panel);
    SimulationController* controller = context.controller;
    ViewState* view = context.view;
    connect(m_panel, &GuaranteesPanel::checkRequested, controller, &SimulationController::checkDelivery);
    connect(controller, &SimulationController::deliveryChecked, m_panel, &GuaranteesPanel::setVerdicts);
    connect(controller, &SimulationController::batchArrived, m_panel, &GuaranteesPanel::runAdvanced);
    connect(controller, &SimulationController::runStarted, m_panel, &GuaranteesPanel::clear);
    connect(view, &ViewState::viewTimeChanged, m_panel, &GuaranteesPanel::setViewTime);
    refreshWhenChosen(this, [this] { m_panel->refresh(); });
    // A record after the moment shown is not in the log: back to the present first (the log then shows
    // every row at once; the engine follows).
    connect(m_panel, &GuaranteesPanel::recordChosen, this, [controller, view](qint64 row, SimTime t) {
        if (!view->isLive() && t > view->viewTime()) {
            controller->seek(-1);
            view->setViewTime(-1);
        }
        view->chooseRecord(row);
    });
}

} // namespace eventloom
