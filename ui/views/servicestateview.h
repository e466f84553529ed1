#pragma once

#include "refreshthrottle.h"

#include "simulation/servicestate.h"

#include <QJsonObject>
#include <QStringList>
#include <QWidget>

class QComboBox;
class QLabel;
class QTreeWidget;
class QTreeWidgetItem;

namespace eventloom {

/// One service's own state as the engine reports it (Service::state(): stock levels, ledger,
/// shipments, a coordinator's sagas, a read model's rows…), as a tree, kept fresh while the run moves.
/// It never reads the simulation: it asks (stateRequested) and shows what setState hands it.
class ServiceStateView final : public QWidget {
    Q_OBJECT
public:
    explicit ServiceStateView(QWidget* parent = nullptr);

    /// The services that can be picked (ids), keeping the current pick when it is still there.
    void setServices(const QStringList& services);
    QString service() const;
    void setService(const QString& service);
    /// The state of `service`, asked for with stateRequested (ignored if another is picked now).
    void setState(const QString& service, const ServiceState& state);
    /// The run moved or restarted: the state shown is asked for again (at most every 250 ms).
    void runAdvanced();
    /// The value shown at a dotted path of the tree ("stock.sku-1.available"), for tests.
    QString valueAt(const QString& path) const;
    /// The "follow this order" lens: only the parts of the state that name this correlation id (as a
    /// key or a value) are shown, with the way to them (empty: all of it).
    void setFollowed(const QString& correlation);
    /// What of `value` mentions `id`: the members/elements that are or contain it (null: nothing).
    static QJsonValue mentioning(const QJsonValue& value, const QString& id);

Q_SIGNALS:
    void stateRequested(const QString& service);

private:
    void request();
    /// Shows m_state, through the "follow this order" lens.
    void showTree();
    static void fill(QTreeWidgetItem* parent, const QJsonValue& value);
    QString m_followed;
    QJsonObject m_state; ///< the tree as last received, to apply the lens again without asking

    QComboBox* m_services = nullptr;
    QTreeWidget* m_tree = nullptr;
    QLabel* m_hint = nullptr;
    RefreshThrottle* m_refresh = new RefreshThrottle([this] { request(); }, this);
};

} // namespace eventloom
