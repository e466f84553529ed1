#pragma once

#include "refreshthrottle.h"

#include <QJsonObject>
#include <QWidget>

class QTreeView;

namespace eventloom {

class TopicsModel;

/// The Topics dock: each topic's partitions with their end offsets, each group's committed offset and
/// lag per partition. It never reads the simulation: it asks (stateRequested, at most every 250 ms
/// while the run moves) and shows what setState hands it.
class TopicsView final : public QWidget {
    Q_OBJECT
public:
    explicit TopicsView(QWidget* parent = nullptr);

    TopicsModel* model() const { return m_model; }
    /// The bus as the engine reported it (SimulationWorker::busState).
    void setState(const QJsonObject& state);
    /// The run moved: ask again (throttled).
    void runAdvanced();
    /// A new run: forget the old one's figures.
    void clear();
    QSize sizeHint() const override { return { 380, 240 }; }

Q_SIGNALS:
    void stateRequested();

protected:
    void showEvent(QShowEvent* event) override;

private:
    void request();

    TopicsModel* m_model = nullptr;
    QTreeView* m_tree = nullptr;
    RefreshThrottle* m_refresh = new RefreshThrottle([this] { request(); }, this);
    bool m_expanded = false;
};

} // namespace eventloom
