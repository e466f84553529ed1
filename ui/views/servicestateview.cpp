#include "servicestateview.h"

#include <QComboBox>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QScrollBar>
#include <QTreeWidget>
#include <QTreeWidgetItemIterator>
#include <QVBoxLayout>

namespace eventloom {

namespace {
constexpr int kMaxChildren = 500; ///< a read model's rows can be many: the first ones, then a note

QString scalar(const QJsonValue& v)
{
    switch (v.type()) {
    case QJsonValue::Bool:
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double: {
        const double d = v.toDouble();
        return d == static_cast<double>(static_cast<qint64>(d)) ? QString::number(static_cast<qint64>(d))
                                                                : QString::number(d);
    }
    case QJsonValue::String:
        return v.toString();
    case QJsonValue::Array:
        return QObject::tr("%n element(s)", nullptr, static_cast<int>(v.toArray().size()));
    case QJsonValue::Object:
        return QObject::tr("%n field(s)", nullptr, static_cast<int>(v.toObject().size()));
    default:
        return QStringLiteral("null");
    }
}
}

ServiceStateView::ServiceStateView(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("serviceStateView"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    m_services = new QComboBox(this);
    m_services->setObjectName(QStringLiteral("serviceStateCombo"));
    m_services->setPlaceholderText(tr("Pick a service"));
    layout->addWidget(m_services);
    m_tree = new QTreeWidget(this);
    m_tree->setObjectName(QStringLiteral("serviceStateTree"));
    m_tree->setColumnCount(2);
    m_tree->setHeaderLabels({ tr("Field"), tr("Value") });
    m_tree->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_tree->setUniformRowHeights(true);
    layout->addWidget(m_tree, 1);
    m_hint = new QLabel(tr("What the service itself holds: the state its checks read (`services.ID`)."), this);
    m_hint->setWordWrap(true);
    m_hint->setTextFormat(Qt::MarkdownText);
    m_hint->setStyleSheet(QStringLiteral("color: gray"));
    layout->addWidget(m_hint);
    connect(m_services, &QComboBox::currentTextChanged, this, [this] {
        m_tree->clear();
        m_state = {};
        request();
    });
}

void ServiceStateView::setServices(const QStringList& services)
{
    const QString current = service();
    const QSignalBlocker block(m_services);
    m_services->clear();
    m_services->addItems(services);
    m_services->setCurrentIndex(services.indexOf(current));
    if (m_services->currentIndex() < 0)
        m_tree->clear();
}

QString ServiceStateView::service() const
{
    return m_services->currentIndex() >= 0 ? m_services->currentText() : QString();
}

void ServiceStateView::setService(const QString& service)
{
    m_services->setCurrentIndex(m_services->findText(service));
}

void ServiceStateView::request()
{
    if (!service().isEmpty() && isVisible())
        Q_EMIT stateRequested(service());
}

void ServiceStateView::runAdvanced()
{
    if (service().isEmpty())
        return;
    m_refresh->changed();
}

void ServiceStateView::fill(QTreeWidgetItem* parent, const QJsonValue& value)
{
    int added = 0;
    const auto add = [&](const QString& key, const QJsonValue& child) {
        if (added++ == kMaxChildren) {
            new QTreeWidgetItem(parent, { tr("…"), tr("and more (the checks see them all)") });
            return;
        }
        if (added > kMaxChildren)
            return;
        auto* item = new QTreeWidgetItem(parent, { key, scalar(child) });
        if (child.isObject() || child.isArray())
            fill(item, child);
    };
    if (value.isObject()) {
        const QJsonObject o = value.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            add(it.key(), it.value());
    } else if (value.isArray()) {
        const QJsonArray a = value.toArray();
        for (qsizetype i = 0; i < a.size(); ++i)
            add(QStringLiteral("[%1]").arg(i), a[i]);
    }
}

QJsonValue ServiceStateView::mentioning(const QJsonValue& value, const QString& id)
{
    if (value.isObject()) {
        QJsonObject kept;
        const QJsonObject o = value.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (it.key() == id) {
                kept.insert(it.key(), it.value());
            } else if (const QJsonValue inner = mentioning(it.value(), id); !inner.isNull()) {
                // A scalar that names the order keeps its whole object: its siblings describe it.
                if (!it.value().isObject() && !it.value().isArray())
                    return value;
                kept.insert(it.key(), inner);
            }
        }
        return kept.isEmpty() ? QJsonValue() : QJsonValue(kept);
    }
    if (value.isArray()) {
        QJsonArray kept;
        for (const QJsonValue& element : value.toArray())
            if (const QJsonValue inner = mentioning(element, id); !inner.isNull())
                kept.append(inner);
        return kept.isEmpty() ? QJsonValue() : QJsonValue(kept);
    }
    return value.isString() && value.toString() == id ? value : QJsonValue();
}

void ServiceStateView::setFollowed(const QString& correlation)
{
    if (correlation == m_followed)
        return;
    m_followed = correlation;
    if (!service().isEmpty())
        showTree();
}

void ServiceStateView::setState(const QString& service, const ServiceState& received)
{
    if (service != this->service())
        return;
    m_state = received.tree();
    showTree();
}

void ServiceStateView::showTree()
{
    QJsonObject state = m_state;
    if (!m_followed.isEmpty()) {
        const QJsonValue kept = mentioning(m_state, m_followed);
        state = kept.isObject()
            ? kept.toObject()
            : QJsonObject { { tr("following %1").arg(m_followed), tr("nothing of it in this service's state") } };
    }
    // Keep what the reader expanded and where they scrolled across refreshes.
    QStringList expanded;
    for (QTreeWidgetItemIterator it(m_tree); *it; ++it)
        if ((*it)->isExpanded()) {
            QString path;
            for (QTreeWidgetItem* i = *it; i; i = i->parent())
                path.prepend(i->text(0) + u'/');
            expanded << path;
        }
    const int scroll = m_tree->verticalScrollBar()->value();
    m_tree->setUpdatesEnabled(false);
    m_tree->clear();
    fill(m_tree->invisibleRootItem(), state);
    for (QTreeWidgetItemIterator it(m_tree); *it; ++it) {
        QString path;
        for (QTreeWidgetItem* i = *it; i; i = i->parent())
            path.prepend(i->text(0) + u'/');
        (*it)->setExpanded(
            expanded.contains(path) || ((*it)->parent() == nullptr && (*it)->childCount() <= 20 && expanded.isEmpty()));
    }
    m_tree->setUpdatesEnabled(true);
    m_tree->verticalScrollBar()->setValue(scroll);
}

QString ServiceStateView::valueAt(const QString& path) const
{
    QTreeWidgetItem* item = m_tree->invisibleRootItem();
    for (const QString& key : path.split(u'.')) {
        QTreeWidgetItem* next = nullptr;
        for (int i = 0; i < item->childCount() && !next; ++i)
            if (item->child(i)->text(0) == key)
                next = item->child(i);
        if (!next)
            return {};
        item = next;
    }
    return item->text(1);
}

} // namespace eventloom
