// Run recording: the recorder only observes, the run file holds the whole run and reopens without
// re-simulating, replays verify, and damaged or foreign files are refused without being touched.

#include "recordtesting.h"

#include "faults/faultinjector.h"
#include "record/runarchive.h"
#include "record/runfile.h"
#include "record/runfileschema.h"
#include "record/runlogloader.h"
#include "record/runreplay.h"
#include "record/walcheckpointer.h"
#include "sim/fingerprint.h"
#include "trace/traceobserver.h"

#include <QFileInfo>
#include <QRandomGenerator>
#include <QTemporaryDir>

using namespace eventloom;
using namespace eventloom::test;

class TestRecorder : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString file(const QString& name) const { return m_dir.filePath(name); }

private Q_SLOTS:
    /// The write-ahead log is copied into the file on the checkpointer's own connection and thread: the
    /// writer's connection no longer checkpoints (its WAL hook is the checkpointer's), each commit past the
    /// threshold wakes the thread, and a log that was caught up is written again from its start: 40
    /// transactions of 100 KB leave a log of a few hundred KB, not 4 MB, and the file holds every row.
    void theLogIsCheckpointedOffTheWriterAndRestarts()
    {
        const QString path = file(QStringLiteral("checkpointed.sqlite"));
        SqliteDb writer;
        QVERIFY(writer.open(path.toStdString(), SqliteDb::Mode::Create));
        QVERIFY(writer.exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; CREATE TABLE t (x TEXT NOT NULL);"));
        WalCheckpointer checkpointer;
        std::string error;
        QVERIFY2(checkpointer.start(writer, path.toStdString(), 64, error), error.c_str()); // 256 KB
        const std::string row(100 * 1024, 'x');
        std::uint64_t seen = 0;
        for (int i = 0; i < 40; ++i) {
            SqliteStatement insert = writer.prepare("INSERT INTO t (x) VALUES (?1)");
            insert.bindText(1, row);
            QVERIFY(writer.exec("BEGIN") && insert.exec() && writer.exec("COMMIT"));
            // Over 64 pages after every third transaction: wait for that checkpoint (and its restart).
            if (i % 3 == 2) {
                QTRY_VERIFY_WITH_TIMEOUT(checkpointer.checkpoints() > seen, 20000);
                seen = checkpointer.checkpoints();
            }
        }
        QVERIFY(seen >= 13);
        const qint64 log = QFileInfo(path + QStringLiteral("-wal")).size();
        QVERIFY2(log < 1024 * 1024, qPrintable(QString::number(log)));
        checkpointer.stop();
        QCOMPARE(writer.queryInt("SELECT count(*) FROM t"), 40);
        QCOMPARE(writer.queryText("PRAGMA integrity_check"), std::string("ok"));
    }

    void recordingDoesNotChangeTheRun()
    {
        const Scenario s = loadShipped(QStringLiteral("01-pubsub-fanout"));
        auto plain = ScenarioBuilder::build(s, 7);
        runScenario(*plain, s.until);
        const std::uint64_t recorded = recordScenario(s, file(QStringLiteral("fanout.sqlite")), 7);
        QCOMPARE(recorded, plain->fingerprint());
        QCOMPARE(QString::fromStdString(Fingerprint::format(recorded)), QStringLiteral("1a0b40110d8cf797"));
    }

    void aRunFileReopensForReviewWithoutResimulating()
    {
        const Scenario s = loadShipped(QStringLiteral("01-pubsub-fanout"));
        auto sim = ScenarioBuilder::build(s, 7);
        runScenario(*sim, s.until);
        const QString path = file(QStringLiteral("review.sqlite"));
        recordScenario(s, path, 7);

        RunFile run;
        QString error;
        QVERIFY2(run.open(path, error), qPrintable(error));
        QVERIFY(run.finished());
        QCOMPARE(run.origin(), QStringLiteral("recorded"));
        QCOMPARE(run.info().scenarioId, QStringLiteral("01-pubsub-fanout"));
        QCOMPARE(run.info().seed, 7u);
        QCOMPARE(run.fingerprint(), QString::fromStdString(Fingerprint::format(sim->fingerprint())));
        QCOMPARE(run.recordCount(), static_cast<std::int64_t>(sim->counters().records));
        QCOMPARE(run.summary().value(QStringLiteral("events")).toInteger(), 200);
        QCOMPARE(run.messageCount(), static_cast<std::int64_t>(sim->log().size()));
        // Every record in order, each message with its envelope and payload.
        std::int64_t n = 0, published = 0;
        QVERIFY(run.forEachRecord(
            [&](const RecordView& r) {
                ++n;
                if (r.id != n)
                    return false;
                if (r.kind == "published") {
                    ++published;
                    if (!r.message || r.message->type != "OrderCreated" || r.message->data.empty()
                        || r.message->correlation.empty() || r.message->topic != "orders.events")
                        return false;
                }
                return true;
            },
            error));
        QCOMPARE(n, run.recordCount());
        QCOMPARE(published, 200);
        // Indexed by correlation id: one order's story.
        std::int64_t ofOne = 0;
        QVERIFY(run.forEachRecord([&](const RecordView&) { return ++ofOne; }, error, QStringLiteral("order-000001")));
        QVERIFY(ofOne >= 5); // command, its delivery and handling, the event, three deliveries...
        QCOMPARE(QByteArray(run.db().queryText("PRAGMA integrity_check").c_str()), QByteArray("ok"));
        QVERIFY(!QFile::exists(path + QStringLiteral("-wal"))); // a finished file is one self-contained file
    }

    void aRunFileLoadsBackIntoAnEventLog()
    {
        // What rebuilding read models from a recorded run needs: the same envelopes and payloads.
        const Scenario s = loadShipped(QStringLiteral("05-cqrs-read-models"));
        auto sim = ScenarioBuilder::build(s);
        runScenario(*sim, s.until);
        const QString path = file(QStringLiteral("cqrs.sqlite"));
        recordScenario(s, path);
        RunFile run;
        QString error;
        QVERIFY(run.open(path, error));
        EventLog log;
        const auto topicIndex = [&](std::string_view name) -> std::uint16_t {
            for (std::uint16_t t = 0; t < sim->bus().topicCount(); ++t)
                if (sim->log().text(sim->bus().topic(t).name) == name)
                    return t;
            return kNoIndex;
        };
        const auto r = RunLogLoader::load(run, log, topicIndex, false);
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(log.size(), sim->log().size());
        for (std::uint32_t seq = 0; seq < log.size(); seq += 7) {
            const Event& a = log.at(seq);
            const Event& b = sim->log().at(seq);
            QCOMPARE(log.text(a.type), sim->log().text(b.type));
            QCOMPARE(a.topic, b.topic);
            QCOMPARE(a.offset, b.offset);
            QCOMPARE(a.publishTime, b.publishTime);
            QCOMPARE(log.payloadJson(a), sim->log().payloadJson(b));
        }
    }

    void aTinyQueueStillRecordsEverything()
    {
        // Backpressure instead of memory: one batch in flight, the engine waits, nothing is lost.
        const Scenario s = loadShipped(QStringLiteral("03-duplicates-idempotency"));
        RunRecorder::Options options;
        options.batchRecords = 64;
        options.queueBatches = 1;
        const QString path = file(QStringLiteral("tiny-queue.sqlite"));
        auto sim = ScenarioBuilder::build(s);
        RunRecorder recorder(options);
        QString error;
        QVERIFY(recorder.open(path, runInfo(s, *sim, s.until), error));
        sim->addObserver(&recorder);
        runScenario(*sim, s.until);
        QVERIFY(recorder.finish(*sim));
        QCOMPARE(recorder.stats().records, sim->counters().records);
        RunFile run;
        QVERIFY(run.open(path, error));
        QCOMPARE(run.recordCount(), static_cast<std::int64_t>(sim->counters().records));
        QVERIFY(RunReplay::replay(run, true).matches);
    }

    void theTraceReadsBackWhateverTheBatchSize_data()
    {
        QTest::addColumn<int>("batch");
        for (const int batch : { 1, 15, 16, 17, 4096 })
            QTest::newRow(qPrintable(QStringLiteral("batch %1").arg(batch))) << batch;
    }
    void theTraceReadsBackWhateverTheBatchSize()
    {
        // The writer stores a batch's records in one trace block and its messages in one message block, a
        // payload passed on once per block, compared by structure: whatever the batch, the file reads back as the
        // run's trace, record for record, each message with its own payload.
        QFETCH(int, batch);
        const Scenario s = loadShipped(QStringLiteral("07-saga-orchestration"));
        auto sim = ScenarioBuilder::build(s, 7);
        struct Collector final : TraceObserver {
            std::vector<TraceRecord> records;
            void onTrace(const TraceRecord& record, const Simulation&) override { records.push_back(record); }
        } trace;
        RunRecorder::Options options;
        options.batchRecords = static_cast<std::size_t>(batch);
        RunRecorder recorder(options);
        const QString path = file(QStringLiteral("batch-%1.sqlite").arg(batch));
        QString error;
        QVERIFY2(recorder.open(path, runInfo(s, *sim, s.until), error), qPrintable(error));
        sim->addObserver(&trace);
        sim->addObserver(&recorder);
        runScenario(*sim, s.until);
        QVERIFY(recorder.finish(*sim));

        RunFile run;
        QVERIFY2(run.open(path, error), qPrintable(error));
        QCOMPARE(run.recordCount(), static_cast<std::int64_t>(trace.records.size()));
        const EventLog& log = sim->log();
        const auto index = [](std::uint16_t i) { return i == kNoIndex ? -1 : std::int64_t(i); };
        std::size_t n = 0, firstDifferent = trace.records.size(), messages = 0;
        QVERIFY2(run.forEachRecord(
                     [&](const RecordView& r) {
                         if (n >= trace.records.size())
                             return false;
                         const TraceRecord& x = trace.records[n];
                         bool same = r.id == std::int64_t(n + 1) && r.t == x.t && r.kind == traceKindName(x.kind)
                             && r.outcome == outcomeName(x.outcome) && r.phase == sagaPhaseName(x.phase)
                             && r.attempt == x.attempt && r.partition == x.partition && r.offset == x.offset
                             && r.instance == index(x.instance) && r.saga == index(x.saga) && r.aux == x.aux
                             && r.detail == log.text(x.detail) && r.subject == log.text(x.subject)
                             && r.message.has_value() == (x.message != kNoMessage);
                         if (same && r.message && !r.message->data.empty()) {
                             ++messages;
                             const QByteArray data(r.message->data.data(), qsizetype(r.message->data.size()));
                             same = r.message->seq == x.message
                                 && QJsonDocument::fromJson(data).object() == log.payloadJson(log.at(x.message));
                         }
                         if (!same && firstDifferent == trace.records.size())
                             firstDifferent = n;
                         ++n;
                         return true;
                     },
                     error),
            qPrintable(error));
        QCOMPARE(n, trace.records.size());
        QCOMPARE(firstDifferent, trace.records.size());
        QCOMPARE(messages, log.size());
        // A payload passed on within a batch's message block is stored once (07's events pass payloads on).
        const std::int64_t stored = run.db().queryInt(
            "SELECT count(*) FROM message_blocks b, json_each(b.data) j WHERE json_type(j.value, '$[15]') = 'object'");
        QVERIFY(stored > 0 && stored <= std::int64_t(log.size()));
        if (batch == 4096)
            QVERIFY(stored < std::int64_t(log.size()));
    }

    void replayVerifiesEveryShippedScenario_data() { addShippedScenarioRows(); }
    void replayVerifiesEveryShippedScenario()
    {
        QFETCH(QString, id);
        const Scenario s = loadShipped(id);
        const QString path = file(id + QStringLiteral(".sqlite"));
        recordScenario(s, path);
        RunFile run;
        QString error;
        QVERIFY2(run.open(path, error), qPrintable(error));
        const RunReplay::Result r = RunReplay::replay(run, true);
        QVERIFY2(r.ok, qPrintable(r.error));
        QVERIFY2(r.matches, qPrintable(r.recordedRecord + QStringLiteral(" vs ") + r.replayedRecord));
        QCOMPARE(r.comparedRecords, run.recordCount());
        QCOMPARE(r.replayedFingerprint, run.fingerprint());
    }

    void injectionsReplayWhenTheyTookEffect()
    {
        // An injection added mid-run (as the GUI does) is stored with the moment it fired, and the
        // replay applies it then, so the fingerprints agree.
        const Scenario s = loadShipped(QStringLiteral("03-duplicates-idempotency"));
        const QString path = file(QStringLiteral("injected.sqlite"));
        auto sim = ScenarioBuilder::build(s);
        RunRecorder recorder;
        QString error;
        QVERIFY(recorder.open(path, runInfo(s, *sim, 0), error));
        sim->addObserver(&recorder);
        sim->runUntil(1500 * kMillisecond);
        // "by hand" at t = 1.5 s: a spec without @TIME takes effect now
        auto spec = InjectionSpec::parse(QStringLiteral("crash,service=inventory,for=500ms"), error);
        QVERIFY(spec);
        spec->at = sim->now();
        recorder.declareInjection(spec->text(), spec->at);
        QVERIFY(FaultInjector::schedule(*spec, *sim).isEmpty());
        runScenario(*sim, 0);
        QVERIFY(recorder.finish(*sim));

        RunFile run;
        QVERIFY(run.open(path, error));
        const auto injections = run.injections();
        QCOMPARE(injections.size(), std::size_t(1));
        QCOMPARE(injections[0].spec, QStringLiteral("crash,service=inventory,for=500ms"));
        QCOMPARE(injections[0].effective, 1500 * kMillisecond);
        const RunReplay::Result r = RunReplay::replay(run, true);
        QVERIFY2(r.matches, qPrintable(r.recordedRecord + QStringLiteral(" vs ") + r.replayedRecord));
        QCOMPARE(r.replayedFingerprint, QString::fromStdString(Fingerprint::format(sim->fingerprint())));
    }

    void aTamperedRunShowsTheFirstDivergingRecord()
    {
        const Scenario s = loadShipped(QStringLiteral("01-pubsub-fanout"));
        const QString path = file(QStringLiteral("tampered.sqlite"));
        recordScenario(s, path, 7);
        {
            SqliteDb db;
            QVERIFY(db.open(path.toStdString(), SqliteDb::Mode::ReadWrite));
            // Record 321's time in its trace block (a delta from record 320's), one later.
            QVERIFY(db.exec("UPDATE trace_blocks SET data = json_set(data, '$[320][0]', "
                            "json_extract(data, '$[320][0]') + 1) WHERE first = 1"));
            QCOMPARE(db.changes(), 1);
        }
        RunFile run;
        QString error;
        QVERIFY(run.open(path, error));
        const RunReplay::Result r = RunReplay::replay(run, true);
        QVERIFY(r.ok);
        QVERIFY(!r.matches);
        QCOMPARE(r.divergedAt, 321);
        QVERIFY(r.recordedRecord != r.replayedRecord);
        QVERIFY(r.recordedRecord.startsWith(QStringLiteral("{\"kind\":")));
    }

    void corruptFilesAreRefusedAndLeftUntouched_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("expected");
        const Scenario s = loadShipped(QStringLiteral("01-pubsub-fanout"));
        const QString good = file(QStringLiteral("good.sqlite"));
        if (!QFile::exists(good))
            recordScenario(s, good, 7);
        const QByteArray run = readAll(good);
        QByteArray random(64 * 1024, '\0');
        QRandomGenerator rng(42);
        for (char& c : random)
            c = static_cast<char>(rng.bounded(256));
        QByteArray newer = run;
        newer[60] = 0; // user_version, big-endian at offset 60 of the header
        newer[61] = 0;
        newer[62] = 0;
        newer[63] = 99;
        QByteArray foreignDb = run;
        foreignDb[68] = 0; // application_id at offset 68
        QByteArray damaged = run;
        for (int i = 4096; i < damaged.size(); i += 97)
            damaged[i] = static_cast<char>(damaged[i] ^ 0x5A);
        QTest::newRow("empty") << QByteArray() << QStringLiteral("empty file");
        QTest::newRow("truncated") << run.left(run.size() / 2) << QStringLiteral("truncated");
        QTest::newRow("truncated mid-page") << run.left(run.size() / 2 + 100) << QStringLiteral("truncated");
        QTest::newRow("not sqlite") << QByteArray("{\"kind\":\"published\"}\n")
                                    << QStringLiteral("not a SQLite database");
        QTest::newRow("random bytes") << random << QStringLiteral("not a SQLite database");
        QTest::newRow("newer schema") << newer << QStringLiteral("newer EventLoom");
        QTest::newRow("other sqlite database") << foreignDb << QStringLiteral("not an EventLoom run file");
        QTest::newRow("damaged pages") << damaged << QStringLiteral("corrupt");
    }
    void corruptFilesAreRefusedAndLeftUntouched()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, expected);
        const QString path = file(
            QStringLiteral("corrupt-%1.sqlite").arg(QString::fromLatin1(QTest::currentDataTag()).replace(u' ', u'-')));
        writeFile(path, bytes);
        const QByteArray before = fileHash(path);
        RunFile run;
        QString error;
        bool refused = !run.open(path, error);
        if (!refused) {
            // Damage deep inside the file shows when the records are read, never as a crash.
            refused = !run.forEachRecord([](const RecordView&) { return true; }, error);
        }
        QVERIFY(refused);
        QVERIFY2(error.contains(expected), qPrintable(error));
        QVERIFY(error.contains(path));
        // Recording onto it is refused as well: it is not ours to overwrite.
        RunRecorder recorder;
        const Scenario s = loadShipped(QStringLiteral("01-pubsub-fanout"));
        auto sim = ScenarioBuilder::build(s);
        QString why;
        QVERIFY(!recorder.open(path, runInfo(s, *sim, 0), why));
        QVERIFY(why.contains(QStringLiteral("not overwritten")));
        QCOMPARE(fileHash(path), before);
    }

    void aFullDiskStopsRecordingButNotTheRun()
    {
        // The size cap behaves as a full disk does (SQLITE_FULL): the run goes on with the same
        // fingerprint, the recorder says why, and what it committed before is intact.
        const Scenario s = loadShipped(QStringLiteral("03-duplicates-idempotency"));
        auto plain = ScenarioBuilder::build(s);
        runScenario(*plain, 0);
        RunRecorder::Options options;
        options.maxBytes = 256 * 1024;
        // Small transactions (a transaction groups at most 16 batches), so several commit before the cap.
        options.batchRecords = 32;
        options.queueBatches = 1;
        const QString path = file(QStringLiteral("capped.sqlite"));
        auto sim = ScenarioBuilder::build(s);
        RunRecorder recorder(options);
        QString error;
        QVERIFY(recorder.open(path, runInfo(s, *sim, 0), error));
        sim->addObserver(&recorder);
        runScenario(*sim, 0);
        QVERIFY(!recorder.finish(*sim));
        QVERIFY2(recorder.error().contains(QStringLiteral("full")), qPrintable(recorder.error()));
        QCOMPARE(sim->fingerprint(), plain->fingerprint());
        RunFile run;
        QVERIFY2(run.open(path, error), qPrintable(error));
        QVERIFY(!run.finished());
        QVERIFY2(run.recordCount() > 0, qPrintable(recorder.error()));
        QVERIFY(run.recordCount() < static_cast<std::int64_t>(sim->counters().records));
        QCOMPARE(run.db().queryInt("SELECT max(id) FROM records"), run.recordCount()); // no gaps
        QCOMPARE(QByteArray(run.db().queryText("PRAGMA integrity_check").c_str()), QByteArray("ok"));
        // A cut-short run still verifies: its records are a prefix of the replay.
        const RunReplay::Result r = RunReplay::replay(run, true);
        QVERIFY(r.matches);
    }

    void anUnwritablePlaceGivesAClearError()
    {
        const Scenario s = loadShipped(QStringLiteral("01-pubsub-fanout"));
        auto sim = ScenarioBuilder::build(s);
        RunRecorder recorder;
        QString error;
        QVERIFY(!recorder.open(file(QStringLiteral("no/such/dir/run.sqlite")), runInfo(s, *sim, 0), error));
        QVERIFY2(error.contains(QStringLiteral("cannot create")), qPrintable(error));
        sim->addObserver(&recorder); // a recorder that failed to open observes nothing and costs nothing
        runScenario(*sim, 0);
        QCOMPARE(recorder.stats().records, 0u);
    }

    void theAppsRunArchiveNamesCapsAndPrunes()
    {
        // The desktop app records every run: settings, a fresh name per run, a cap on the directory.
        QSettings ini(file(QStringLiteral("settings.ini")), QSettings::IniFormat);
        RunArchive::Settings settings;
        settings.directory = file(QStringLiteral("archive"));
        settings.maxFileBytes = 8ll << 20;
        settings.maxTotalBytes = 3ll << 20;
        RunArchive::save(ini, settings);
        const RunArchive::Settings loaded = RunArchive::load(ini);
        QCOMPARE(loaded.maxFileBytes, settings.maxFileBytes);
        QCOMPARE(loaded.maxTotalBytes, settings.maxTotalBytes);
        QCOMPARE(loaded.directory, settings.directory);
        QCOMPARE(RunArchive::recorderOptions(loaded).maxBytes, 8ll << 20);

        const QDateTime now(QDate(2026, 11, 26), QTime(15, 4, 5), Qt::UTC);
        QString error;
        const QString first = RunArchive::newRunPath(loaded, QStringLiteral("01-pubsub-fanout"), 7, now, error);
        QCOMPARE(first, settings.directory + QStringLiteral("/01-pubsub-fanout-20261126-150405-seed7.sqlite"));
        writeFile(first, QByteArray(1 << 20, 'x'));
        const QString second = RunArchive::newRunPath(loaded, QStringLiteral("01-pubsub-fanout"), 7, now, error);
        QVERIFY(second.endsWith(QStringLiteral("-seed7-2.sqlite")));
        // Four 1 MiB files against a 3 MiB cap: the oldest goes, the one being recorded never does.
        QStringList paths { first };
        for (int i = 0; i < 3; ++i) {
            paths << RunArchive::newRunPath(loaded, QStringLiteral("x"), static_cast<std::uint64_t>(i), now, error);
            writeFile(paths.back(), QByteArray(1 << 20, 'y'));
        }
        // Distinct modification times, a minute apart in the order written, whatever the file system's
        // clock resolution (waiting a few milliseconds between writes is not enough everywhere).
        for (qsizetype i = 0; i < paths.size(); ++i) {
            QFile f(paths[i]);
            QVERIFY(f.open(QIODevice::ReadWrite));
            QVERIFY(f.setFileTime(now.addSecs(60 * (i - paths.size())), QFileDevice::FileModificationTime));
        }
        QCOMPARE(RunArchive::prune(loaded, paths.back()), 1);
        QVERIFY(!QFile::exists(first));
        for (qsizetype i = 1; i < paths.size(); ++i)
            QVERIFY(QFile::exists(paths[i]));
    }

    /// A schema-0 file (a blank file marked as ours), with whatever `sql` leaves in it.
    QString schemaZeroFile(const QString& name, const std::string& sql)
    {
        const QString path = file(name);
        // Appended piece by piece: GCC 12 at -O3 reports a false -Warray-bounds in operator+ chains of std::string.
        std::string script = "PRAGMA application_id=";
        script += std::to_string(RunFileSchema::kApplicationId);
        script += "; ";
        script += sql;
        script += " PRAGMA user_version=0;";
        SqliteDb db;
        if (!db.open(path.toStdString(), SqliteDb::Mode::Create) || !db.exec(script))
            return {};
        return path;
    }

    void anOlderSchemaIsMigratedWhenWritten()
    {
        // Schema 0 is brought to the current schema by the migrations.
        const QString path
            = schemaZeroFile(QStringLiteral("old.sqlite"), "CREATE TABLE placeholder (x); DROP TABLE placeholder;");
        QVERIFY(!path.isEmpty());
        SqliteDb db;
        std::string error;
        QVERIFY2(RunFileSchema::openForWriting(path.toStdString(), db, error), error.c_str());
        QCOMPARE(db.queryInt("PRAGMA user_version"), RunFileSchema::kVersion);
        QCOMPARE(db.queryInt("SELECT count(*) FROM records"), 0);
    }

    void anOlderSchemaWithForeignObjectsIsRefused()
    {
        // Schema 0 is no excuse for objects EventLoom does not create: the migration would run beside them.
        const QString path = schemaZeroFile(QStringLiteral("old-foreign.sqlite"), "CREATE TABLE placeholder (x);");
        QVERIFY(!path.isEmpty());
        SqliteDb db;
        std::string error;
        QVERIFY(!RunFileSchema::openForWriting(path.toStdString(), db, error));
        QVERIFY2(error.find("it holds a table 'placeholder' that EventLoom does not create") != std::string::npos,
            error.c_str());
    }
};

QTEST_GUILESS_MAIN(TestRecorder)
#include "tst_recorder.moc"
