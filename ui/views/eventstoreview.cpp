#include "eventstoreview.h"

#include "models/eventstoremodel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelection>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>
#include <algorithm>

namespace eventloom {

namespace {
QTableView* makeTable(QWidget* parent, const QString& name, QAbstractItemModel* model)
{
    auto* table = new QTableView(parent);
    table->setObjectName(name);
    table->setModel(model);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setAlternatingRowColors(true);
    table->setShowGrid(false);
    table->setWordWrap(false);
    table->verticalHeader()->hide();
    table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 6);
    table->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    table->horizontalHeader()->setStretchLastSection(true);
    // Column widths to the contents once per table (a reset): later updates keep what the user set.
    QObject::connect(model, &QAbstractItemModel::modelReset, table, [table, model] {
        if (model->rowCount() > 0)
            table->resizeColumnsToContents();
    });
    return table;
}

/// A pane of the splitter: a title line over a table.
QWidget* pane(QLabel* title, QTableView* table)
{
    auto* widget = new QWidget;
    auto* layout = new QVBoxLayout(widget);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    title->setWordWrap(true);
    layout->addWidget(title);
    layout->addWidget(table, 1);
    return widget;
}
}

EventStoreView::EventStoreView(QWidget* parent)
    : QWidget(parent)
    , m_streams(new EventStoreStreamModel(this))
    , m_events(new EventStoreEventModel(this))
    , m_state(new EventStoreStateModel(this))
{
    setObjectName(QStringLiteral("eventStoreView"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(4);
    auto* bar = new QHBoxLayout;
    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("eventStoreFilter"));
    m_filter->setPlaceholderText(tr("Search streams: id or aggregate type…"));
    m_filter->setClearButtonEnabled(true);
    m_following = new QPushButton(this);
    m_following->setObjectName(QStringLiteral("eventStoreFollowing"));
    m_following->setToolTip(tr("List every stream again"));
    m_following->setFlat(true);
    m_following->hide();
    bar->addWidget(m_filter, 1);
    bar->addWidget(m_following);
    layout->addLayout(bar);

    // The stores in one line over the three panes, each pane under its own title.
    m_summary = new QLabel(tr("No event store in this scenario."), this);
    m_summary->setObjectName(QStringLiteral("eventStoreSummary"));
    m_summary->setTextFormat(Qt::PlainText); // names from the run: never markup
    m_summary->setWordWrap(true);
    layout->addWidget(m_summary);
    auto* streamsTitle = new QLabel(tr("Streams"), this);
    m_streamTitle = new QLabel(tr("Choose a stream."), this);
    m_streamTitle->setObjectName(QStringLiteral("eventStoreStreamTitle"));
    m_streamTitle->setTextFormat(Qt::PlainText);
    m_foldNote = new QLabel(tr("Choose an event to see the state folded up to it."), this);
    m_foldNote->setObjectName(QStringLiteral("eventStoreFoldNote"));
    m_foldNote->setTextFormat(Qt::PlainText);
    m_streamTable = makeTable(this, QStringLiteral("eventStoreStreams"), m_streams);
    m_eventTable = makeTable(this, QStringLiteral("eventStoreEvents"), m_events);
    m_eventTable->setSelectionMode(QAbstractItemView::SingleSelection);
    m_stateTable = makeTable(this, QStringLiteral("eventStoreState"), m_state);
    m_stateTable->setSelectionMode(QAbstractItemView::NoSelection);
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("eventStoreSplitter"));
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(pane(streamsTitle, m_streamTable));
    splitter->addWidget(pane(m_streamTitle, m_eventTable));
    splitter->addWidget(pane(m_foldNote, m_stateTable));
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 4);
    splitter->setStretchFactor(2, 3);
    layout->addWidget(splitter, 1);

    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString& text) {
        m_query.filter = text;
        m_refresh->changed();
    });
    connect(m_following, &QPushButton::clicked, this, [this] { followCorrelation({}); });
    connect(m_streamTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this](const QModelIndex& current) {
            if (m_updating || !current.isValid())
                return;
            m_query.store = current.data(EventStoreStreamModel::StoreRole).toString();
            m_query.stream = current.data(EventStoreStreamModel::StreamRole).toString();
            m_query.version = 0;
            m_followPending = false;
            request(true);
        });
    connect(m_eventTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this](const QModelIndex& current) {
            if (m_updating || !current.isValid())
                return;
            m_query.version = current.data(EventStoreEventModel::VersionRole).toLongLong();
            request(true);
        });
    // Double-click on an event: the message that caused it, in the log and the Inspector.
    connect(m_eventTable, &QAbstractItemView::doubleClicked, this, [this](const QModelIndex& index) {
        const qint64 seq = index.data(EventStoreEventModel::MessageRole).toLongLong();
        if (seq >= 0)
            Q_EMIT messageChosen(static_cast<std::uint32_t>(seq));
    });
}

void EventStoreView::selectStream(const QString& store, const QString& id)
{
    m_query.store = store;
    m_query.stream = id;
    m_query.version = 0;
    m_followPending = false;
    request(true);
}

void EventStoreView::selectVersion(qint64 version)
{
    m_query.version = std::max<qint64>(0, version);
    request(true);
}

void EventStoreView::followCorrelation(const QString& correlationId)
{
    m_query.correlation = correlationId.trimmed();
    m_followPending = !m_query.correlation.isEmpty();
    m_following->setText(tr("Following %1  ✕").arg(m_query.correlation));
    m_following->setVisible(m_followPending);
    if (m_followPending) { // the answer opens the streams that carry it
        m_query.store.clear();
        m_query.stream.clear();
        m_query.version = 0;
    }
    request(true); // asked for by another panel: answered even while this one is behind a tab
}

QStringList EventStoreView::chosenStreams() const
{
    QStringList chosen;
    for (const QModelIndex& index : m_streamTable->selectionModel()->selectedRows())
        chosen << index.data(EventStoreStreamModel::StoreRole).toString() + u'/'
                + index.data(EventStoreStreamModel::StreamRole).toString();
    chosen.sort();
    return chosen;
}

QString EventStoreView::summary() const
{
    return m_summary->text();
}
QString EventStoreView::foldNote() const
{
    return m_foldNote->text();
}

void EventStoreView::setState(const EventStoreDescription& state)
{
    if (state.stores.empty()) {
        m_summary->setText(tr("No event store in this scenario."));
        m_streams->clear();
        m_events->clear();
        m_state->clear();
        return;
    }
    const QLocale locale;
    QStringList parts;
    for (const EventStoreDescription::Store& store : state.stores) {
        QString part
            = tr("%1: %2 %3 stream(s), %4 event(s)")
                  .arg(store.service, locale.toString(store.streams), store.aggregate, locale.toString(store.events));
        if (const qint64 every = store.snapshotEvery; every > 0)
            part += tr(", a snapshot every %1").arg(every);
        parts << part;
    }
    QString text = parts.join(QStringLiteral("; ")) + u'.';
    const std::vector<EventStoreDescription::Stream>& streams = state.streams;
    const qint64 matching = state.matching;
    const QString& correlation = state.correlation;
    if (!correlation.isEmpty())
        text
            += u' ' + tr("%n stream(s) carry correlation id %1.", nullptr, static_cast<int>(matching)).arg(correlation);
    else if (!m_query.filter.trimmed().isEmpty())
        text += u' ' + tr("%n stream(s) match.", nullptr, static_cast<int>(matching));
    if (matching > static_cast<qint64>(streams.size()))
        text += u' '
            + tr("Listing the newest %1: search to find the others.")
                  .arg(locale.toString(static_cast<qint64>(streams.size())));
    m_summary->setText(text);

    m_updating = true;
    m_streams->setStreams(streams);
    bool chooseAll = false;
    if (m_followPending && correlation == m_query.correlation) {
        m_followPending = false;
        if (!streams.empty()) { // open the first stream that carries it; the others are chosen too
            m_query.store = streams.front().store;
            m_query.stream = streams.front().id;
            m_query.version = 0;
            chooseAll = true;
        }
    }
    const EventStoreDescription::Asked asked = state.asked.value_or(EventStoreDescription::Asked {});
    const bool aboutOpen = !m_query.stream.isEmpty() && asked.store == m_query.store && asked.id == m_query.stream;
    if (m_query.stream.isEmpty()) {
        m_streamTitle->setText(tr("Choose a stream."));
        m_foldNote->setText(tr("Choose an event to see the state folded up to it."));
        m_events->clear();
        m_state->clear();
    } else if (aboutOpen) {
        if (state.stream) {
            showStream(*state.stream);
            const EventStoreDescription::Fold fold = state.fold.value_or(EventStoreDescription::Fold {});
            if (fold.version == m_query.version || (m_query.version == 0 && fold.latest))
                showFold(fold);
        } else { // not in the store at the time shown
            m_streamTitle->setText(
                tr("Stream %1 is not in %2's store at the time shown.").arg(m_query.stream, m_query.store));
            m_foldNote->setText(QString());
            m_events->clear();
            m_state->clear();
        }
    }
    if (chooseAll && m_streams->rowCount() > 0) {
        const QItemSelection all(m_streams->index(0, 0),
            m_streams->index(m_streams->rowCount() - 1, EventStoreStreamModel::ColumnCount - 1));
        m_streamTable->selectionModel()->select(all, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        m_streamTable->selectionModel()->setCurrentIndex(m_streams->index(0, 0), QItemSelectionModel::NoUpdate);
        m_streamTable->scrollToTop();
    }
    restoreSelection();
    m_updating = false;
    if (chooseAll)
        request(true); // the open stream's events and state
}

void EventStoreView::showStream(const EventStoreDescription::OpenStream& stream)
{
    const QLocale locale;
    const qint64 version = stream.version;
    QString title = tr("%1 %2 in %3's store: version %4.")
                        .arg(stream.aggregate, m_query.stream, m_query.store, locale.toString(version));
    if (const qint64 hidden = stream.hiddenEvents; hidden > 0)
        title += u' ' + tr("Listing its last %1 events.").arg(locale.toString(version - hidden));
    m_eventTable->setToolTip(tr("Double-click an event to select the message that caused it in the Event Log"));
    m_streamTitle->setText(title);
    m_events->setEvents(m_query.store, m_query.stream, stream.events);
}

void EventStoreView::showFold(const EventStoreDescription::Fold& fold)
{
    if (!fold.error.isEmpty()) {
        m_foldNote->setText(fold.error);
        m_state->clear();
        return;
    }
    const qint64 version = fold.version;
    const qint64 snapshot = fold.snapshotVersion;
    const int applied = static_cast<int>(fold.applied);
    QString note = fold.latest ? tr("State at version %1, the stream's last event.").arg(version)
                               : tr("State at version %1.").arg(version);
    note += u' '
        + (snapshot > 0 ? tr("Folded from the snapshot at version %1, then %n event(s) applied.", nullptr, applied)
                              .arg(snapshot)
                        : tr("Folded from the empty state: %n event(s) applied.", nullptr, applied));
    m_foldNote->setText(note);
    m_state->setState(fold.state);
}

void EventStoreView::restoreSelection()
{
    const int streamRow = m_streams->rowOf(m_query.store, m_query.stream);
    QItemSelectionModel* streams = m_streamTable->selectionModel();
    if (streamRow >= 0 && streams->currentIndex().row() != streamRow) {
        streams->setCurrentIndex(
            m_streams->index(streamRow, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        m_streamTable->scrollTo(m_streams->index(streamRow, 0));
    }
    if (m_events->store() != m_query.store || m_events->stream() != m_query.stream || m_events->rowCount() == 0)
        return;
    const int eventRow = m_query.version > 0 ? m_events->rowOfVersion(m_query.version) : m_events->rowCount() - 1;
    QItemSelectionModel* events = m_eventTable->selectionModel();
    if (eventRow >= 0 && events->currentIndex().row() != eventRow) {
        events->setCurrentIndex(
            m_events->index(eventRow, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        m_eventTable->scrollTo(m_events->index(eventRow, 0));
    }
}

void EventStoreView::runAdvanced()
{
    m_refresh->changed();
}

void EventStoreView::clear()
{
    m_refresh->cancel();
    m_query = {};
    m_followPending = false;
    {
        const QSignalBlocker block(m_filter);
        m_filter->clear();
    }
    m_following->hide();
    m_updating = true;
    m_streams->clear();
    m_events->clear();
    m_state->clear();
    m_updating = false;
    m_summary->setText(tr("No event store in this scenario."));
    m_streamTitle->setText(tr("Choose a stream."));
    m_foldNote->setText(tr("Choose an event to see the state folded up to it."));
}

void EventStoreView::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    request();
}

void EventStoreView::request(bool force)
{
    if (force || RefreshThrottle::onScreen(this))
        Q_EMIT stateRequested(m_query);
}

} // namespace eventloom
