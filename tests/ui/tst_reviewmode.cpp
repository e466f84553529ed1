// Review mode: a run recorded by the window, reopened from its run file without simulating, fills the
// panels exactly as the live run did — the log's rows, the sagas, the bus — with the recorded
// fingerprint, playback and faults disabled, the inspector reading messages from the file and the
// scrubber filtering by time; the Event Store dock shows the stores the live run had, now and at a past
// time. Imported event logs open the same way; bad files are refused clearly.

#include "busquery.h"
#include "mainwindow.h"
#include "models/eventlogfilter.h"
#include "models/eventlogmodel.h"
#include "models/eventstoremodel.h"
#include "models/sagamodel.h"
#include "playbackspeed.h"
#include "record/runarchive.h"
#include "record/sqlitedb.h"
#include "reviewmode.h"
#include "sim/fingerprint.h"
#include "simulation/eventstorestate.h"
#include "simulation/simulationcontroller.h"
#include "uitesting.h"
#include "views/eventstoreview.h"
#include "views/inspectorpanel.h"
#include "views/refreshthrottle.h"
#include "views/reviewbanner.h"
#include "views/servicestateview.h"
#include "views/timescrubber.h"

#include <QAbstractItemModelTester>
#include <QCoreApplication>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QListWidget>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <sqlite3.h>

using namespace eventloom;
using namespace eventloom::uitesting;

namespace eventloom {
/// A bus state as text for QCOMPARE's message: one line per topic, group and dead letter.
char* toString(const BusState& bus)
{
    const auto numbers = [](const std::vector<qint64>& values) {
        QStringList out;
        for (const qint64 v : values)
            out << QString::number(v);
        return out.join(u',');
    };
    QStringList lines;
    for (const BusState::Topic& t : bus.topics)
        lines << QStringLiteral("topic %1 ends %2 starts %3").arg(t.name, numbers(t.ends), numbers(t.logStarts));
    for (const BusState::Group& g : bus.groups) {
        QStringList partitions;
        for (const BusState::GroupPartition& p : g.partitions)
            partitions << QStringLiteral("%1/%2").arg(p.committed).arg(p.lag);
        lines << QStringLiteral("group %1 on %2 committed/lag %3").arg(g.name, g.topic, partitions.join(u','));
    }
    for (const BusState::DeadLetter& d : bus.deadLetters)
        lines << QStringLiteral("dead %1 %2 %3 [%4]@%5 %6 ×%7 %8 t=%9 %10 %11")
                     .arg(QString::number(d.index), d.topic, d.type, QString::number(d.partition),
                         QString::number(d.offset), d.group, QString::number(d.attempts), d.reason,
                         QString::number(d.t))
                     .arg(d.correlationId, QString::fromUtf8(QJsonDocument(d.payload).toJson(QJsonDocument::Compact)));
    return QTest::toString(lines.join(u'\n'));
}
} // namespace eventloom

namespace {
/// One row of the event log as a person reads it: every column's text, and the roles behind them.
QStringList rowsOf(const QAbstractItemModel& model)
{
    QStringList rows;
    for (int r = 0; r < model.rowCount(); ++r) {
        QStringList cells;
        for (int c = 0; c < model.columnCount(); ++c)
            cells << model.index(r, c).data().toString();
        const QModelIndex first = model.index(r, 0);
        cells << QString::number(first.data(EventLogModel::TimeRole).toLongLong())
              << first.data(EventLogModel::KindRole).toString() << first.data(EventLogModel::CorrelationRole).toString()
              << QString::number(first.data(EventLogModel::MessageRole).toLongLong());
        rows << cells.join(u'|');
    }
    return rows;
}

/// Every saga instance and its steps, as the Sagas dock shows them.
QStringList sagaRows(const QAbstractItemModel& model, const QModelIndex& parent = {})
{
    QStringList rows;
    for (int r = 0; r < model.rowCount(parent); ++r) {
        QStringList cells;
        for (int c = 0; c < model.columnCount(parent); ++c)
            cells << model.index(r, c, parent).data().toString();
        cells << model.index(r, 0, parent).data(SagaModel::StatusRole).toString();
        rows << cells.join(u'|');
        rows << sagaRows(model, model.index(r, 0, parent));
    }
    return rows;
}

const QAbstractItemModel& logModel(const MainWindow& window)
{
    return *qobject_cast<const EventLogFilter*>(window.findChild<QTableView*>(QStringLiteral("eventLogView"))->model())
                ->sourceModel();
}

const QAbstractItemModel& shownLog(const MainWindow& window)
{
    return *window.findChild<QTableView*>(QStringLiteral("eventLogView"))->model();
}

/// The event stores the window gets when it asks: the streams, and the stream `query` names with its
/// events and its aggregate folded.
EventStoreDescription askEventStore(SimulationController& controller, const EventStoreQuery& query = {})
{
    QSignalSpy spy(&controller, &SimulationController::eventStoreReady);
    controller.requestEventStore(query);
    if (!spy.wait(10000))
        return {};
    return spy.takeLast().at(0).value<EventStoreDescription>();
}

/// The streams the Event Store dock lists: store, id and version of each.
QStringList shownStreams(const EventStoreView& view)
{
    const EventStoreStreamModel& m = *view.streamModel();
    QStringList rows;
    for (int r = 0; r < m.rowCount(); ++r)
        rows << m.index(r, 0).data(EventStoreStreamModel::StoreRole).toString() + u'/'
                + m.index(r, EventStoreStreamModel::Stream).data().toString() + u'@'
                + QString::number(m.index(r, 0).data(EventStoreStreamModel::VersionRole).toLongLong());
    return rows;
}

/// The same, from an answer of the event stores.
QStringList answeredStreams(const EventStoreDescription& state)
{
    QStringList rows;
    for (const EventStoreDescription::Stream& stream : state.streams)
        rows << stream.store + u'/' + stream.id + u'@' + QString::number(stream.version);
    return rows;
}

/// The rows of read model `id` as the window gets them: each key with its fields.
QStringList askReadModel(SimulationController& controller, const QString& id)
{
    QSignalSpy spy(&controller, &SimulationController::readModelsReady);
    controller.requestReadModels(id);
    if (!spy.wait(10000))
        return {};
    const ReadModelsDescription::Focus focus
        = spy.takeLast().at(0).value<ReadModelsDescription>().focus.value_or(ReadModelsDescription::Focus {});
    QStringList rows;
    for (const ReadModelsDescription::Row& row : focus.rows)
        rows << row.key + u'=' + QString::fromUtf8(QJsonDocument(row.fields).toJson(QJsonDocument::Compact));
    return focus.id == id ? rows : QStringList();
}
}

class TestReviewMode : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_archive;
    // The live run: what review must show again.
    QString m_runFile;
    QStringList m_liveRows;
    QStringList m_liveSagas;
    BusState m_liveBus;
    QStringList m_liveReadModel;
    // The live run's event stores at the end and at m_pastTime: the streams, and one stream opened.
    EventStoreQuery m_storeQuery;
    EventStoreDescription m_liveStore;
    EventStoreDescription m_liveStoreOpened;
    SimTime m_pastTime = 0;
    EventStoreDescription m_livePastStore;
    std::uint64_t m_fingerprint = 0;

    QString write(const QString& name, const QByteArray& content)
    {
        const QString path = m_dir.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
            qFatal("cannot write %s", qPrintable(path));
        return path;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true); // settings and recordings stay out of the user's own
        QCoreApplication::setOrganizationName(QStringLiteral("EventLoomTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_reviewmode"));
        QSettings().clear();
        chooseWorkbenchLayout(); // the Event Store and Breakpoints docks
        m_archive = m_dir.filePath(QStringLiteral("runs"));
        QSettings settings;
        RunArchive::Settings values;
        values.directory = m_archive;
        RunArchive::save(settings, values);

        // 07's saga with a declined payment, recorded by the window as any run is.
        MainWindow window;
        Errors errors;
        window.setErrorHandler(errors.handler());
        window.show();
        QVERIFY(window.openFile(QStringLiteral("07-saga-orchestration")));
        auto* controller = window.findChild<SimulationController*>();
        QVERIFY(window.inject(QStringLiteral("fail-payment,count=1")));
        window.setSpeed(PlaybackSpeed::kMax);
        window.play();
        QTRY_COMPARE_WITH_TIMEOUT(labelText(window, "stateLabel"), QStringLiteral("Finished"), 60000);
        QTRY_VERIFY_WITH_TIMEOUT(!controller->status().runFile.isEmpty(), 10000);
        m_runFile = controller->status().runFile;
        m_fingerprint = controller->status().fingerprint;
        m_liveRows = rowsOf(logModel(window));
        m_liveSagas = sagaRows(*window.sagaModel());
        m_liveBus = askBus(*controller);
        m_liveReadModel = askReadModel(*controller, QStringLiteral("order-status-view"));
        QVERIFY(m_liveReadModel.size() >= 3);
        m_liveStore = askEventStore(*controller);
        const QStringList streams = answeredStreams(m_liveStore);
        QVERIFY2(streams.filter(QStringLiteral("order/")).size() >= 3
                && streams.size() > streams.filter(QStringLiteral("order/")).size(),
            qPrintable(streams.join(u' '))); // the orders' streams, and the saga log's
        // An order that went some way, folded half-way.
        const QString opened = streams.filter(QStringLiteral("order/")).last();
        m_storeQuery.store = opened.section(u'/', 0, 0);
        m_storeQuery.stream = opened.section(u'/', 1).section(u'@', 0, 0);
        m_storeQuery.version = 2;
        m_liveStoreOpened = askEventStore(*controller, m_storeQuery);
        QVERIFY(m_liveStoreOpened.fold.has_value());
        // And the stores as they were at a third of the run.
        m_pastTime = controller->status().now / 3;
        controller->seek(m_pastTime);
        QTRY_COMPARE_WITH_TIMEOUT(controller->viewTime(), m_pastTime, 10000);
        m_livePastStore = askEventStore(*controller);
        QVERIFY(!answeredStreams(m_livePastStore).isEmpty() && answeredStreams(m_livePastStore) != streams);
        controller->seek(-1);
        QTRY_COMPARE_WITH_TIMEOUT(controller->viewTime(), SimTime { -1 }, 10000);
        QVERIFY(m_liveRows.size() > 500);
        QVERIFY(m_liveSagas.filter(QStringLiteral("|compensated")).size() >= 1);
        QVERIFY(!m_liveBus.groups.empty());
        QVERIFY2(errors.messages.isEmpty(), qPrintable(errors.messages.join(u'\n')));
    }

    void cleanupTestCase() { QSettings().clear(); }

    void aRecordedRunOpensAsItRanLive()
    {
        MainWindow window;
        Errors errors;
        window.setErrorHandler(errors.handler());
        window.resize(1400, 900);
        window.show();
        auto* controller = window.findChild<SimulationController*>();
        QAbstractItemModelTester logTester(
            const_cast<QAbstractItemModel*>(&logModel(window)), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester sagaTester(window.sagaModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);

        QVERIFY(window.openFile(m_runFile)); // as `eventloom RUN.sqlite` does
        QTRY_VERIFY_WITH_TIMEOUT(controller->isReviewing() && controller->status().finished, 30000);
        QCOMPARE(window.reviewedFile(), QFileInfo(m_runFile).absoluteFilePath());

        // The trace-driven panels: row for row what the live run showed.
        QCOMPARE(rowsOf(logModel(window)), m_liveRows);
        QCOMPARE(sagaRows(*window.sagaModel()), m_liveSagas);
        // The recorded fingerprint, in the status bar, the banner and the title.
        const QString fingerprint = QString::fromStdString(Fingerprint::format(m_fingerprint));
        QCOMPARE(controller->status().fingerprint, m_fingerprint);
        QCOMPARE(labelText(window, "fingerprintLabel"), QStringLiteral("Fingerprint: ") + fingerprint);
        const QString headline = labelText(window, "reviewHeadline");
        QVERIFY2(headline.startsWith(
                     QStringLiteral("Review: ") + QFileInfo(m_runFile).fileName() + QStringLiteral(" (recorded ")),
            qPrintable(headline));
        QVERIFY2(headline.endsWith(QStringLiteral("fingerprint ") + fingerprint + QStringLiteral(") — not simulating")),
            qPrintable(headline));
        QCOMPARE(window.windowTitle(), headline);
        QVERIFY(window.findChild<ReviewBanner*>()->isVisible());

        // The lesson's checks as the run left them, judged when it ended and stored in the file.
        auto* checks = window.findChild<QListWidget*>(QStringLiteral("lessonChecks"));
        QTRY_VERIFY_WITH_TIMEOUT(
            checks->count() > 0 && !labelText(window, "lessonChecksHeader").startsWith(QStringLiteral("Checks (")),
            5000);
        for (int i = 0; i < checks->count(); ++i)
            QVERIFY2(checks->item(i)->data(Qt::UserRole + 1).toString() != QLatin1String("unknown"),
                qPrintable(checks->item(i)->text()));

        // Nothing to play, step or inject.
        for (const char* name : { "actionPlay", "actionStep", "actionNextSagaStep", "actionRunUntil", "actionReset",
                 "actionResetWithSeed", "actionFailNextPayment" })
            QVERIFY2(!action(window, name)->isEnabled(), name);
        QVERIFY(!window.findChild<QWidget*>(QStringLiteral("speedCombo"))->isEnabled());
        QVERIFY(action(window, "actionResimulate")->isEnabled());
        QVERIFY(!window.inject(QStringLiteral("crash,service=payment")));
        QCOMPARE(errors.messages.size(), 1);
        QVERIFY(errors.details.last().contains(QStringLiteral("not simulated")));

        // The bus, folded from the records: the same topics, committed offsets and lag as live at the end.
        const BusState reviewedBus = askBus(*controller);
        QCOMPARE(reviewedBus, m_liveBus);
        // The read model rebuilt from the recorded log: the live one, caught up at the end.
        QCOMPARE(askReadModel(*controller, QStringLiteral("order-status-view")), m_liveReadModel);

        // The inspector: a message's envelope and payload, read from the file.
        auto* view = window.findChild<QTableView*>(QStringLiteral("eventLogView"));
        const QAbstractItemModel& shown = shownLog(window);
        int paymentRow = -1;
        for (int r = 0; r < shown.rowCount() && paymentRow < 0; ++r)
            if (shown.index(r, 0).data(EventLogModel::KindRole).toString() == QLatin1String("published")
                && shown.index(r, static_cast<int>(EventLogModel::Column::Type)).data().toString()
                    == QLatin1String("PaymentFailed"))
                paymentRow = r;
        QVERIFY(paymentRow >= 0);
        view->setCurrentIndex(shown.index(paymentRow, 0));
        auto* inspector = window.inspector();
        const auto seq
            = static_cast<std::uint32_t>(shown.index(paymentRow, 0).data(EventLogModel::MessageRole).toLongLong());
        QTRY_COMPARE_WITH_TIMEOUT(inspector->message(), seq, 10000);
        const QString details = inspector->text();
        QVERIFY2(details.contains(QStringLiteral("PaymentFailed")), qPrintable(details));
        QVERIFY2(details.contains(QStringLiteral("orderId")), qPrintable(details)); // the payload's field
        // Its causal chain, read from the file's message blocks: the command it answered, and what the
        // saga did about it.
        QVERIFY2(
            details.contains(QStringLiteral("Caused by ")) && !details.contains(QStringLiteral("Caused by nothing")),
            qPrintable(details));
        QVERIFY2(details.contains(QStringLiteral("It caused:")), qPrintable(details));
        saveScreenshot(window, QStringLiteral("reviewmode-recorded"));

        // A service's own state needs the engine: the panel says so.
        ServiceStateView* state = inspector->serviceState();
        QSignalSpy stateSpy(controller, &SimulationController::serviceStateReady);
        state->setService(QStringLiteral("payment"));
        controller->requestServiceState(QStringLiteral("payment"));
        QVERIFY(stateSpy.wait(10000));
        QVERIFY(stateSpy.last().at(1).value<ServiceState>().unavailable.contains(QStringLiteral("Re-simulate")));

        // Scrubbing: the log shows what had happened by then; the bus is folded to then.
        const SimTime end = controller->status().now;
        const SimTime t = end / 3;
        window.timeScrubber()->scrubTo(t);
        QTRY_COMPARE_WITH_TIMEOUT(controller->viewTime(), t, 10000);
        qsizetype until = 0;
        for (const QString& row : m_liveRows)
            until += row.section(u'|', static_cast<int>(EventLogModel::Column::Count),
                            static_cast<int>(EventLogModel::Column::Count))
                         .toLongLong()
                <= t;
        QVERIFY(until > 0 && until < m_liveRows.size());
        QTRY_COMPARE_WITH_TIMEOUT(static_cast<qsizetype>(shown.rowCount()), until, 5000);
        for (int r = 0; r < shown.rowCount(); ++r)
            QVERIFY(shown.index(r, 0).data(EventLogModel::TimeRole).toLongLong() <= t);
        const BusState past = askBus(*controller);
        QVERIFY(past != m_liveBus); // offsets then were behind the end's
        QVERIFY(!action(window, "actionContinueFromHere")->isEnabled()); // no engine to fork
        saveScreenshot(window, QStringLiteral("reviewmode-scrubbed"));
        window.timeScrubber()->scrubTo(-1);
        QTRY_COMPARE_WITH_TIMEOUT(controller->viewTime(), SimTime { -1 }, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(static_cast<qsizetype>(shown.rowCount()), m_liveRows.size(), 5000);

        // Re-simulate This Run: the recorded scenario, seed and injection, live again — the same run.
        action(window, "actionResimulate")->trigger();
        QVERIFY(!controller->isReviewing());
        QVERIFY(!window.findChild<ReviewBanner*>()->isVisible());
        QVERIFY(action(window, "actionPlay")->isEnabled());
        window.setSpeed(PlaybackSpeed::kMax);
        window.play();
        QTRY_COMPARE_WITH_TIMEOUT(labelText(window, "stateLabel"), QStringLiteral("Finished"), 60000);
        QCOMPARE(controller->status().fingerprint, m_fingerprint);
        QCOMPARE(rowsOf(logModel(window)), m_liveRows);
        QCOMPARE(errors.messages.size(), 1);
    }

    void theEventStoreDockShowsTheRecordedStores()
    {
        MainWindow window;
        Errors errors;
        window.setErrorHandler(errors.handler());
        window.resize(1500, 950);
        window.show();
        auto* controller = window.findChild<SimulationController*>();
        QVERIFY(window.openFile(m_runFile));
        QTRY_VERIFY_WITH_TIMEOUT(controller->isReviewing() && controller->status().finished, 30000);

        // The dock, chosen: the streams the live run's dock listed, each at its version.
        auto* dock = window.findChild<QDockWidget*>(QStringLiteral("eventStoreDock"));
        QVERIFY(dock);
        QTRY_VERIFY_WITH_TIMEOUT(dock->isVisible(), 5000); // 07 keeps event stores
        dock->show();
        dock->raise();
        EventStoreView* view = window.eventStoreView();
        QTRY_VERIFY_WITH_TIMEOUT(RefreshThrottle::onScreen(view), 5000);
        QAbstractItemModelTester streamsTester(
            view->streamModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QStringList live = answeredStreams(m_liveStore);
        QTRY_COMPARE_WITH_TIMEOUT(shownStreams(*view), live, 20000);
        // What the dock is answered is the live answer, to the fold of a stream at a version.
        QCOMPARE(askEventStore(*controller), m_liveStore);
        QCOMPARE(askEventStore(*controller, m_storeQuery), m_liveStoreOpened);
        saveScreenshot(window, QStringLiteral("reviewmode-event-store"));

        // At a past time, the stores as they were then.
        window.timeScrubber()->scrubTo(m_pastTime);
        QTRY_COMPARE_WITH_TIMEOUT(controller->viewTime(), m_pastTime, 10000);
        QCOMPARE(askEventStore(*controller), m_livePastStore);
        QTRY_COMPARE_WITH_TIMEOUT(shownStreams(*view), answeredStreams(m_livePastStore), 20000);
        // And back at the end again.
        window.timeScrubber()->scrubTo(-1);
        QTRY_COMPARE_WITH_TIMEOUT(controller->viewTime(), SimTime { -1 }, 10000);
        QCOMPARE(askEventStore(*controller), m_liveStore);
        QTRY_COMPARE_WITH_TIMEOUT(shownStreams(*view), live, 20000);
        QVERIFY2(errors.messages.isEmpty(), qPrintable(errors.details.join(u'\n')));
    }

    void anImportedEventLogOpensForReview()
    {
        // CloudEvents as JSON Lines, and a CloudEvents batch: another system's events.
        QByteArray lines;
        for (int i = 0; i < 5; ++i)
            lines += QStringLiteral(
                R"({"specversion":"1.0","id":"e%1","source":"/shop/orders","type":"OrderPlaced",)"
                R"("time":"2025-01-01T00:00:0%1.000000Z","topic":"orders","partition":0,"sequence":"%1",)"
                R"("correlationid":"order-%1","data":{"orderId":"order-%1","total":%2}})"
                "\n")
                         .arg(i)
                         .arg(10 * i + 5)
                         .toUtf8();
        const QString jsonl = write(QStringLiteral("shop.jsonl"), lines);
        QJsonArray batch;
        for (int i = 0; i < 3; ++i)
            batch.append(QJsonObject { { QStringLiteral("specversion"), QStringLiteral("1.0") },
                { QStringLiteral("id"), QStringLiteral("p%1").arg(i) },
                { QStringLiteral("source"), QStringLiteral("/shop/payments") },
                { QStringLiteral("type"), QStringLiteral("PaymentCaptured") },
                { QStringLiteral("time"), QStringLiteral("2025-01-01T00:00:1%1.000000Z").arg(i) },
                { QStringLiteral("topic"), QStringLiteral("payments") },
                { QStringLiteral("data"), QJsonObject { { QStringLiteral("amount"), i } } } });
        const QString cloudEvents = write(QStringLiteral("payments.json"), QJsonDocument(batch).toJson());

        MainWindow window;
        Errors errors;
        window.setErrorHandler(errors.handler());
        window.resize(1400, 900);
        window.show();
        auto* controller = window.findChild<SimulationController*>();
        for (const auto& [file, rows] : { std::pair { jsonl, 5 }, std::pair { cloudEvents, 3 } }) {
            window.importEventLog(file);
            QTRY_VERIFY_WITH_TIMEOUT(controller->isReviewing() && controller->status().finished
                    && QFileInfo(window.reviewedFile())
                           .fileName()
                           .startsWith(QStringLiteral("imported-") + QFileInfo(file).completeBaseName()),
                30000);
            QVERIFY2(errors.messages.isEmpty(), qPrintable(errors.details.join(u'\n')));
            QCOMPARE(QFileInfo(window.reviewedFile()).absolutePath(),
                QDir(m_archive).absolutePath()); // next to the recorded runs
            QCOMPARE(logModel(window).rowCount(), rows);
            QVERIFY(labelText(window, "reviewHeadline").contains(QStringLiteral(" (imported ")));
            QVERIFY(!action(window, "actionResimulate")->isEnabled()); // no scenario to re-simulate
            QVERIFY(!action(window, "actionPlay")->isEnabled());
        }
        // The topics found in the records, with their ends.
        const std::vector<BusState::Topic> topics = askBus(*controller).topics;
        QCOMPARE(topics.size(), std::size_t { 1 });
        QCOMPARE(topics.at(0).name, QStringLiteral("payments"));
        QCOMPARE(window.scenario()->topics.size(), std::size_t { 1 });
        // The first row's message, from the file.
        window.findChild<QTableView*>(QStringLiteral("eventLogView"))->setCurrentIndex(shownLog(window).index(1, 0));
        QTRY_VERIFY_WITH_TIMEOUT(window.inspector()->text().contains(QStringLiteral("PaymentCaptured")), 10000);
        QVERIFY(window.inspector()->text().contains(QStringLiteral("amount")));
        saveScreenshot(window, QStringLiteral("reviewmode-imported"));

        // A bad line: FILE:LINE, and nothing opened.
        const QString shownBefore = window.reviewedFile();
        const QString bad = write(QStringLiteral("broken.jsonl"), lines.left(lines.indexOf('\n') + 1) + "{not json\n");
        window.importEventLog(bad);
        QTRY_COMPARE_WITH_TIMEOUT(errors.messages.size(), 1, 10000);
        QVERIFY2(errors.details.join(u'\n').contains(QStringLiteral("broken.jsonl:2")),
            qPrintable(errors.details.join(u'\n')));
        QCOMPARE(window.reviewedFile(), shownBefore);
        QCOMPARE(logModel(window).rowCount(), 3);
        QVERIFY2(QDir(m_archive).entryList({ QStringLiteral("imported-broken*") }, QDir::Files).isEmpty(),
            qPrintable(QDir(m_archive).entryList({ QStringLiteral("imported-broken*") }, QDir::Files).join(u' ')));
    }

    void badFilesAreRefusedClearly()
    {
        MainWindow window;
        Errors errors;
        window.setErrorHandler(errors.handler());
        window.show();
        auto* controller = window.findChild<SimulationController*>();
        QVERIFY(window.openFile(QStringLiteral("01-pubsub-fanout")));

        // Not SQLite at all; a SQLite database that is not a run file; a run file cut in half.
        const QString garbage = write(QStringLiteral("garbage.sqlite"), QByteArray(8192, 'x'));
        const QString other = m_dir.filePath(QStringLiteral("other.sqlite"));
        {
            SqliteDb db;
            QVERIFY(db.open(other.toStdString(), SqliteDb::Mode::Create));
            QVERIFY(db.exec("CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('hello');"));
        }
        QFile recorded(m_runFile);
        QVERIFY(recorded.open(QIODevice::ReadOnly));
        const QString truncated
            = write(QStringLiteral("truncated.sqlite"), recorded.read(recorded.size() / 2 / 4096 * 4096 + 100));
        // Hostile run files (issue 17, tests/hostile/runfiles/): the same refusals as the CLI, and no hang.
        const auto hostile = [&](const char* name) {
            const QString path = m_dir.filePath(QLatin1String(name) + QStringLiteral(".sqlite"));
            QFile::remove(path);
            QFile sql(QStringLiteral(EVENTLOOM_SOURCE_DIR "/tests/hostile/runfiles/") + QLatin1String(name)
                + QStringLiteral(".sql"));
            sqlite3* db = nullptr;
            if (!QFile::copy(m_runFile, path) || !sql.open(QIODevice::ReadOnly)
                || sqlite3_open_v2(path.toUtf8().constData(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK
                || sqlite3_exec(db, sql.readAll().constData(), nullptr, nullptr, nullptr) != SQLITE_OK)
                qFatal("cannot make %s", name);
            sqlite3_close(db);
            return path;
        };
        const std::pair<QString, QString> cases[] = {
            { garbage, QStringLiteral("not a SQLite database") },
            { other, QStringLiteral("not an EventLoom run file") },
            { truncated, QStringLiteral("truncated") },
            { hostile("endless-view"), QStringLiteral("its view 'records' is not as EventLoom creates it") },
            { hostile("delete-trigger"), QStringLiteral("it holds a trigger 'purge") },
            { hostile("text-seed"), QStringLiteral("its stored seed is missing or not a whole number") },
            { hostile("bad-scenario"), QStringLiteral("bad-scenario.sqlite: stored scenario: 3:") },
        };
        int expected = 0;
        for (const auto& [file, why] : cases) {
            QVERIFY(window.openFile(file) || !errors.messages.isEmpty());
            ++expected;
            QTRY_COMPARE_WITH_TIMEOUT(errors.messages.size(), expected, 10000);
            QVERIFY2(errors.details.last().contains(why), qPrintable(errors.details.last()));
            QVERIFY(errors.details.last().contains(QFileInfo(file).fileName()));
            // The scenario shown before is still there, and still runs.
            QVERIFY(!controller->isReviewing());
            QCOMPARE(window.scenario()->id, QStringLiteral("01-pubsub-fanout"));
        }
        QVERIFY(action(window, "actionPlay")->isEnabled());
        action(window, "actionStep")->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(logModel(window).rowCount() > 0, 10000);
        QCOMPARE(errors.messages.size(), expected);
    }
};

QTEST_MAIN(TestReviewMode)
#include "tst_reviewmode.moc"
