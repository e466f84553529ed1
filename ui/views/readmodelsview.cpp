#include "readmodelsview.h"

#include "models/eventlogmodel.h"
#include "models/readmodeltablemodel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMenu>
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
    m_rebuild->setToolTip(
        tr("Fold every event of the model's topics again, from offset 0, and compare with the live table"));
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
            connect(menu.addAction(tr("Follow %1").arg(key)), &QAction::triggered, this,
                [this, key] { Q_EMIT followRequested(key); });
        if (!m_followed.isEmpty())
            connect(menu.addAction(tr("Show Every Row")), &QAction::triggered, this,
                [this] { Q_EMIT followRequested({}); });
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

QString ReadModelsView::current() const
{
    return m_picker->currentData().toString();
}

void ReadModelsView::setCurrent(const QString& id)
{
    const int index = m_picker->findData(id);
    if (index >= 0)
        m_picker->setCurrentIndex(index);
}

QString ReadModelsView::summary() const
{
    return m_summary->text();
}

void ReadModelsView::setState(const ReadModelsDescription& state)
{
    // The picker lists the models; it changes only when the list does (a new run), so no signal storm.
    QStringList ids;
    for (const ReadModelsDescription::Model& m : state.models)
        ids << m.id;
    QStringList listed;
    for (int i = 0; i < m_picker->count(); ++i)
        listed << m_picker->itemData(i).toString();
    if (ids != listed) {
        const QSignalBlocker block(m_picker);
        m_picker->clear();
        for (const ReadModelsDescription::Model& m : state.models)
            m_picker->addItem(tr("%1 (%2)").arg(m.id, m.kind), m.id);
    }
    m_rebuild->setEnabled(!ids.isEmpty());
    if (ids.isEmpty()) {
        m_summary->setText(tr("No read models in this scenario."));
        m_model->clear();
        return;
    }
    const ReadModelsDescription::Focus focus = state.focus.value_or(ReadModelsDescription::Focus {});
    const QString& id = focus.id;
    if (m_picker->currentData().toString() != id) {
        const QSignalBlocker block(m_picker);
        m_picker->setCurrentIndex(std::max(0, m_picker->findData(id)));
    }
    for (const ReadModelsDescription::Model& m : state.models) {
        if (m.id != id)
            continue;
        const QLocale locale;
        QString text = m.caughtUp
            ? tr("Caught up with the log.")
            : tr("%n event(s) behind the log, the oldest published %1 s ago.", nullptr, static_cast<int>(m.lag))
                  .arg(EventLogModel::formatTime(m.lagTime).trimmed());
        text += u' '
            + tr("%1 rows; %2 stale (the write side changed them since); %3 events applied, %4 duplicates skipped.")
                  .arg(locale.toString(m.rows), locale.toString(m.stale), locale.toString(m.applied),
                      locale.toString(m.skippedDuplicates));
        const qint64 hidden = focus.hiddenRows;
        if (!focus.followed.isEmpty())
            text += u' '
                + (hidden < m.rows ? tr("Following %1: its row only.").arg(focus.followed)
                                   : tr("Following %1: it has no row here.").arg(focus.followed));
        else if (hidden > 0)
            text += u' ' + tr("Showing the last %1 keys.").arg(locale.toString(m.rows - hidden));
        m_summary->setText(text);
    }
    m_model->setRows(id, focus.rows);

    if (state.rebuilt && state.rebuilt->id == id) {
        const ReadModelsDescription::Rebuilt& rebuilt = *state.rebuilt;
        m_model->setRebuildDifferences(QSet<QString>(rebuilt.keys.begin(), rebuilt.keys.end()));
        const QLocale locale;
        QString verdict = tr("Rebuilt from the log: %1 events folded into %2 rows. ")
                              .arg(locale.toString(rebuilt.events), locale.toString(rebuilt.rows));
        verdict += rebuilt.differing == 0
            ? tr("The live table equals the rebuild.")
            : tr("%n row(s) of the live table differ (blue): the events it has not applied yet.", nullptr,
                static_cast<int>(rebuilt.differing));
        verdict += u' '
            + (rebuilt.refoldEqual
                    ? tr("Folding exactly the events it applied gives the live table: no duplicate was applied twice.")
                    : tr("Folding exactly the events it applied does NOT give the live table."));
        m_rebuildResult->setText(verdict);
        m_rebuildResult->show();
    }
}

void ReadModelsView::runAdvanced()
{
    m_refresh->changed();
}

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
