#pragma once

#include <QObject>
#include <QString>
#include <QStringList>

class QWidget;

namespace eventloom {

class RunTrace;
class SagaModel;
class SimulationController;
class TimelineView;

/// One run of Tools › Compare Runs…, read back the way review mode reads a run file (a
/// SimulationController reviewing it: RunReview on the controller's thread, its batches into a RunTrace
/// of this run's own), and what shows it: a timeline with the recorded scenario's lanes, and the saga
/// model the comparison's saga charts read.
class ComparedRun final : public QObject {
    Q_OBJECT
public:
    /// `viewParent` holds the timeline.
    ComparedRun(QWidget* viewParent, QObject* parent = nullptr);
    ~ComparedRun() override;

    /// Reads run file `path` (what was read before is cleared once it opens); loaded() or failed() follows.
    void load(const QString& path);
    /// Every record of the file read.
    bool isLoaded() const { return m_loaded; }
    QString path() const { return m_path; }

    TimelineView* timeline() const { return m_timeline; }
    SagaModel* sagas() const { return m_sagas; }
    const RunTrace* trace() const { return m_trace; }
    /// The saga instances' ids (their orders' correlation ids), in the order they started.
    QStringList sagaIds() const;
    /// The row of saga instance `id` in sagas(), or -1.
    int sagaRow(const QString& id) const;
    /// The status of saga instance `id` ("completed", "compensated"…), or empty.
    QString sagaStatus(const QString& id) const;

Q_SIGNALS:
    void loaded();
    void failed(const QString& error);

private:
    SimulationController* m_controller;
    RunTrace* m_trace;
    SagaModel* m_sagas;
    TimelineView* m_timeline;
    QString m_path;
    bool m_loaded = false;
};

} // namespace eventloom
