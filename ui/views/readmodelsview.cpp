#include "readmodelsview.h"

#include "models/eventlogmodel.h"
#include "models/readmodeltablemodel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QMenu>
#include <QLocale>
#include <QPushButton>
#include <QSet>
#include <QTableView>
#include <QVBoxLayout>

namespace eventloom {

ReadModelsView::ReadModelsView(QWidget* parent)
    : QWidget(parent)
    , m_model(new ReadModelTableModel(this))
{
    setObjectName(QStringLiteral("readModelsView"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(4);
    auto* bar = new QHBoxLayout;
    m_picker = new QComboBox(this);
    m_picker->setObjectName(QStringLiteral("readModelPicker"));
    m_picker->setToolTip(tr("The read model to show"));
    m_picker->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_rebuild = new QPushButton(tr("Rebuild from Log"), this);
    m_rebuild->setObjectName(QStringLiteral("rebuildButton"));
    m_rebuild->setToolTip(tr("Fold every event of the model's topics again, from offset 0, and compare with the live table"));
    m_rebuild->setEnabled(false);
    bar->addWidget(m_picker);
    bar->addWidget(m_rebuild);
    bar->addStretch();
    layout->addLayout(bar);
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("readModelSummary"));
    m_summary->setTextFormat(Qt::PlainText); // keys and ids from the run
    m_summary->setWordWrap(true);
    m_summary->setText(tr("No read models in this scenario."));
    layout->addWidget(m_summary);
    m_rebuildResult = new QLabel(this);
    m_rebuildResult->setObjectName(QStringLiteral("rebuildResult"));
    m_rebuildResult->setTextFormat(Qt::PlainText);
    m_rebuildResult->setWordWrap(true);
    m_rebuildResult->hide();
    layout->addWidget(m_rebuildResult);
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("readModelTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);
    m_table->setShowGrid(false);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    m_table->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_table->horizontalHeader()->setStretchLastSection(true);
    layout->addWidget(m_table, 1);
    // A row is an order (or a product…): follow it through every panel.
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_table, &QWidget::customContextMenuRequested, this, [this](const QPoint& at) {
        const QString key = m_table->indexAt(at).siblingAtColumn(0).data().toString();
        QMenu menu(this);
        if (!key.isEmpty())
            connect(menu.addAction(tr("Follow %1").arg(key)), &QAction::triggered, this, [this, key] { Q_EMIT followRequested(key); });
        if (!m_followed.isEmpty())
            connect(menu.addAction(tr("Show Every Row")), &QAction::triggered, this, [this] { Q_EMIT followRequested({}); });
        if (!menu.isEmpty())
            menu.exec(m_table->viewport()->mapToGlobal(at));
    });

    connect(m_picker, &QComboBox::currentIndexChanged, this, [this] {
        m_rebuildResult->hide();
        request();
    });
    connect(m_rebuild, &QPushButton::clicked, this, [this] { request(true); });
    // Column widths to the contents once per table (a reset): later updates keep what the user set.
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        if (m_model->rowCount() > 0)
            m_table->resizeColumnsToContents();
    });
}

QString ReadModelsView::current() const { return m_picker->currentData().toString(); }

void ReadModelsView::setCurrent(const QString& id)
{
    const int index = m_picker->findData(id);
    if (index >= 0)
        m_picker->setCurrentIndex(index);
}

QString ReadModelsView::summary() const { return m_summary->text(); }

void ReadModelsView::setState(const QJsonObject& state)
{
    const QJsonArray models = state.value(QLatin1String("models")).toArray();
    // The picker lists the models; it changes only when the list does (a new run), so no signal storm.
    QStringList ids;
    for (const QJsonValue& m : models)
        ids << m.toObject().value(QLatin1String("id")).toString();
    QStringList listed;
    for (int i = 0; i < m_picker->count(); ++i)
        listed << m_picker->itemData(i).toString();
    if (ids != listed) {
        const QSignalBlocker block(m_picker);
        m_picker->clear();
        for (const QJsonValue& m : models) {
            const QJsonObject o = m.toObject();
            m_picker->addItem(tr("%1 (%2)").arg(o.value(QLatin1String("id")).toString(), o.value(QLatin1String("kind")).toString()),
                o.value(QLatin1String("id")).toString());
        }
    }
    m_rebuild->setEnabled(!ids.isEmpty());
    if (ids.isEmpty()) {
        m_summary->setText(tr("No read models in this scenario."));
        m_model->clear();
        return;
    }
    const QJsonObject focus = state.value(QLatin1String("focus")).toObject();
    const QString id = focus.value(QLatin1String("id")).toString();
    if (m_picker->currentData().toString() != id) {
        const QSignalBlocker block(m_picker);
        m_picker->setCurrentIndex(std::max(0, m_picker->findData(id)));
    }
    for (const QJsonValue& m : models) {
        const QJsonObject o = m.toObject();
        if (o.value(QLatin1String("id")).toString() != id)
            continue;
        const QLocale locale;
        const qint64 lag = o.value(QLatin1String("lag")).toInteger();
        QString text = o.value(QLatin1String("caughtUp")).toBool()
            ? tr("Caught up with the log.")
            : tr("%n event(s) behind the log, the oldest published %1 s ago.", nullptr, static_cast<int>(lag))
                  .arg(EventLogModel::formatTime(o.value(QLatin1String("lagUs")).toInteger()).trimmed());
        text += u' '
            + tr("%1 rows; %2 stale (the write side changed them since); %3 events applied, %4 duplicates skipped.")
                  .arg(locale.toString(o.value(QLatin1String("rows")).toInteger()), locale.toString(o.value(QLatin1String("stale")).toInteger()),
                      locale.toString(o.value(QLatin1String("applied")).toInteger()),
                      locale.toString(o.value(QLatin1String("skippedDuplicates")).toInteger()));
        const qint64 hidden = focus.value(QLatin1String("hiddenRows")).toInteger();
        const QString followed = focus.value(QLatin1String("followed")).toString();
        if (!followed.isEmpty())
            text += u' '
                + (hidden < o.value(QLatin1String("rows")).toInteger() ? tr("Following %1: its row only.").arg(followed)
                                                                      : tr("Following %1: it has no row here.").arg(followed));
        else if (hidden > 0)
            text += u' ' + tr("Showing the last %1 keys.").arg(locale.toString(o.value(QLatin1String("rows")).toInteger() - hidden));
        m_summary->setText(text);
    }
    m_model->setRows(id, focus.value(QLatin1String("rows")).toArray());

    const QJsonObject rebuilt = state.value(QLatin1String("rebuilt")).toObject();
    if (rebuilt.value(QLatin1String("id")).toString() == id) {
        QSet<QString> keys;
        for (const QJsonValue& k : rebuilt.value(QLatin1String("keys")).toArray())
            keys.insert(k.toString());
        m_model->setRebuildDifferences(keys);
        const qint64 differing = rebuilt.value(QLatin1String("differing")).toInteger();
        const QLocale locale;
        QString verdict = tr("Rebuilt from the log: %1 events folded into %2 rows. ")
                              .arg(locale.toString(rebuilt.value(QLatin1String("events")).toInteger()),
                                  locale.toString(rebuilt.value(QLatin1String("rows")).toInteger()));
        verdict += differing == 0
            ? tr("The live table equals the rebuild.")
            : tr("%n row(s) of the live table differ (blue): the events it has not applied yet.", nullptr, static_cast<int>(differing));
        verdict += u' '
            + (rebuilt.value(QLatin1String("refoldEqual")).toBool()
                    ? tr("Folding exactly the events it applied gives the live table: no duplicate was applied twice.")
                    : tr("Folding exactly the events it applied does NOT give the live table."));
        m_rebuildResult->setText(verdict);
        m_rebuildResult->show();
    }
}

void ReadModelsView::runAdvanced() { m_refresh->changed(); }

void ReadModelsView::setFollowed(const QString& correlation)
{
    if (correlation == m_followed)
        return;
    m_followed = correlation;
    request();
}

void ReadModelsView::clear()
{
    m_refresh->cancel();
    {
        const QSignalBlocker block(m_picker);
        m_picker->clear();
    }
    m_model->clear();
    m_rebuild->setEnabled(false);
    m_rebuildResult->hide();
    m_summary->setText(tr("No read models in this scenario."));
}

void ReadModelsView::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    request();
}

void ReadModelsView::request(bool rebuild)
{
    if (RefreshThrottle::onScreen(this) || rebuild)
        Q_EMIT stateRequested(m_picker->currentData().toString(), rebuild, m_followed);
}

} // namespace eventloom
