#pragma once

#include "sagas/sagadefinition.h"
#include "sagas/sagainstance.h"
#include "simulation/runtrace.h"

#include <QAbstractItemModel>
#include <QHash>
#include <vector>

namespace eventloom {

/// The run's saga instances as a tree: one row per instance (its status, current step, reason), and
/// under it every move it made (step started, succeeded, failed, timed out, compensation…), in order.
/// Built from the `saga` trace records only, so it shows orchestrated and choreographed sagas alike.
/// Each instance's state is moved by SagaInstance::on(), the same function the engine uses.
class SagaModel final : public QAbstractItemModel {
    Q_OBJECT
public:
    enum class Column { Saga, Type, Status, Step, Time, Reason, Count };
    enum Roles {
        StatusRole = Qt::UserRole, ///< instance rows: "running", "compensating", "completed", "compensated", "stuck"
        PhaseRole, ///< move rows: the saga phase name, e.g. "compensation-succeeded"
        StepRole, ///< move rows: the step id, or empty for the whole saga
        TimeRole, ///< simulated time in microseconds (qint64)
        SortRole, ///< instance rows: what a column sorts by (times as numbers, steps in the saga's order)
    };
    Q_ENUM(Roles)

    /// One move of an instance, as traced.
    struct Move {
        SimTime time = 0;
        SagaPhase phase = SagaPhase::None;
        int step = -1;
        int attempt = 0;
        Atom reason = 0;
    };
    struct Instance {
        Atom id = 0;
        std::uint16_t saga = kNoIndex;
        SagaInstance state;
        std::vector<Move> moves;
    };

    /// Follows `trace`'s saga records as they are appended; the trace must outlive the model.
    explicit SagaModel(const RunTrace* trace, QObject* parent = nullptr);

    /// The definitions of the run's sagas (the scenario's `sagas`), for the names of steps.
    void setDefinitions(std::vector<SagaDefinition> definitions);
    void clear();

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    const Instance& instance(int row) const { return m_instances[static_cast<std::size_t>(row)]; }
    /// The instances shown: all of them, or while time travelling those started by then.
    int instanceCount() const;
    /// Instance `row` as shown: while time travelling, its moves up to then and its state folded from them.
    Instance instanceShown(int row) const;
    /// Time travel: the model shows the sagas as they were at `t` (-1: as they are). Resets the model.
    void setViewTime(SimTime t);
    SimTime viewTime() const { return m_viewTime; }
    /// The instance a (top-level or move) index belongs to, or -1.
    int instanceRow(const QModelIndex& index) const;
    const SagaDefinition* definition(std::uint16_t saga) const;
    QString stepName(std::uint16_t saga, int step) const;
    QString atomText(Atom atom) const { return m_trace->atomText(atom); }

Q_SIGNALS:
    /// An instance moved (or appeared): views showing it repaint.
    void instanceChanged(int row);

private:
    static constexpr quintptr kTopLevel = ~quintptr { 0 };
    /// Takes in what a batch added to the trace (RunTrace::appended).
    void append(const TraceGrowth& growth);
    QVariant instanceData(const Instance& instance, Column column, int role) const;
    QVariant moveData(const Instance& instance, const Move& move, Column column, int role) const;
    /// How many of `instance`'s moves are shown (those up to the view time).
    int movesShown(const Instance& instance) const;

    std::vector<SagaDefinition> m_definitions;
    std::vector<Instance> m_instances;
    QHash<quint64, int> m_rowOf; ///< (saga, id) → row; looked up, never iterated
    const RunTrace* m_trace;
    SimTime m_viewTime = -1;
};

} // namespace eventloom
