#pragma once

#include "refreshthrottle.h"

#include "simulation/readmodelsdescription.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QTableView;

namespace eventloom {

class ReadModelTableModel;

/// The Read Models dock: pick one of the run's CQRS read models and see its table as it is now — its
/// lag behind the log, the rows a read would get stale (amber: the write side changed them since), and
/// "Rebuild from log", which folds every event of its topics again from offset 0 and marks the rows
/// the rebuilt table has otherwise (blue). It never reads the simulation: it asks (stateRequested, at
/// most every 250 ms while the run moves) and shows what setState hands it.
class ReadModelsView final : public QWidget {
    Q_OBJECT
public:
    explicit ReadModelsView(QWidget* parent = nullptr);

    ReadModelTableModel* model() const { return m_model; }
    /// The read model shown (its service id), or empty.
    QString current() const;
    void setCurrent(const QString& id);
    /// What ReadModelsState::describe reported.
    void setState(const ReadModelsDescription& state);
    /// The run moved: ask again (throttled).
    void runAdvanced();
    /// A new run: forget the old one's tables.
    void clear();
    /// The line under the picker: lag, rows, stale reads, and the last rebuild's verdict.
    QString summary() const;
    /// The "follow this order" lens: only the row keyed by this correlation id (an order id) is shown.
    void setFollowed(const QString& correlation);
    QString followed() const { return m_followed; }
    QSize sizeHint() const override { return { 520, 240 }; }

Q_SIGNALS:
    /// Asks for the read models; `rebuild` also for a rebuild of `focus` from the log.
    void stateRequested(const QString& focus, bool rebuild, const QString& key);
    /// "Follow this order" chosen in a row's context menu: the row's key (empty: stop following).
    void followRequested(const QString& key);

protected:
    void showEvent(QShowEvent* event) override;

private:
    void request(bool rebuild = false);

    QComboBox* m_picker = nullptr;
    QLabel* m_summary = nullptr;
    QLabel* m_rebuildResult = nullptr;
    QPushButton* m_rebuild = nullptr;
    QTableView* m_table = nullptr;
    ReadModelTableModel* m_model = nullptr;
    QString m_followed;
    RefreshThrottle* m_refresh = new RefreshThrottle([this] { request(); }, this);
};

} // namespace eventloom
