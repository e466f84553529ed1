#include "comparedrun.h"

#include "models/sagamodel.h"
#include "scenario/scenarioloader.h"
#include "scenariolanes.h"
#include "simulation/runtrace.h"
#include "simulation/simulationcontroller.h"
#include "timelineview.h"

#include <QJsonObject>

namespace eventloom {

ComparedRun::ComparedRun(QWidget* viewParent, QObject* parent)
    : QObject(parent)
    , m_controller(new SimulationController(this))
    , m_trace(new RunTrace(this))
    , m_sagas(new SagaModel(m_trace, this))
    , m_timeline(new TimelineView(m_trace, viewParent))
{
    connect(m_controller, &SimulationController::runStarted, m_trace, &RunTrace::clear);
    connect(m_controller, &SimulationController::runStarted, m_sagas, &SagaModel::clear);
    connect(m_controller, &SimulationController::batchArrived, m_trace, &RunTrace::append);
    connect(m_controller, &SimulationController::reviewOpened, this, [this](const QJsonObject& info) {
        // The lanes and the saga steps' names come from the scenario as it ran (its document is in the file).
        const auto loaded = ScenarioLoader::loadText(info.value(QStringLiteral("scenario")).toString().toUtf8(),
            info.value(QStringLiteral("scenarioFile")).toString());
        const Scenario* scenario = loaded.ok() ? &*loaded.scenario : nullptr;
        m_sagas->setDefinitions(scenario ? scenario->sagas : std::vector<SagaDefinition> {});
        m_timeline->reset(scenarioLanes(scenario), scenarioCompensations(scenario));
        m_timeline->setFollowing(false);
    });
    connect(m_controller, &SimulationController::batchArrived, this, [this](const TraceBatch& batch) {
        if (m_loaded || !batch.hasStatus || !batch.status.finished)
            return;
        m_loaded = true;
        Q_EMIT loaded();
    });
    connect(m_controller, &SimulationController::reviewFailed, this, &ComparedRun::failed);
}

ComparedRun::~ComparedRun() = default;

void ComparedRun::load(const QString& path)
{
    m_path = path;
    m_loaded = false;
    m_controller->review(path);
}

QStringList ComparedRun::sagaIds() const
{
    QStringList ids;
    for (int row = 0; row < m_sagas->instanceCount(); ++row)
        ids << m_sagas->atomText(m_sagas->instance(row).id);
    return ids;
}

int ComparedRun::sagaRow(const QString& id) const
{
    return static_cast<int>(sagaIds().indexOf(id));
}

QString ComparedRun::sagaStatus(const QString& id) const
{
    const int row = sagaRow(id);
    return row < 0
        ? QString()
        : m_sagas->index(row, static_cast<int>(SagaModel::Column::Status)).data(SagaModel::StatusRole).toString();
}

} // namespace eventloom
