#pragma once

#include "refreshthrottle.h"

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
    void setState(const QString& service, const QJsonObject& state);
    /// The run moved or restarted: the state shown is asked for again (at most every 250 ms).
    void runAdvanced();
    /// The value shown at a dotted path of the tree ("stock.sku-1.available"), for tests.
    QString valueAt(const QString& path) const;

Q_SIGNALS:
    void stateRequested(const QString& service);

private:
    void request();
    static void fill(QTreeWidgetItem* parent, const QJsonValue& value);

    QComboBox* m_services = nullptr;
    QTreeWidget* m_tree = nullptr;
    QLabel* m_hint = nullptr;
    RefreshThrottle* m_refresh = new RefreshThrottle([this] { request(); }, this);
};

} // namespace eventloom
