// RunComparison: two recordings of 07-saga-orchestration with seed 7 are identical; a third with one
// more failed payment parts from them at the record a direct walk of both files finds, after the
// injection, with one more compensated saga (the one the comparison lists); runs of different
// scenarios are compared but flagged; files that are not run files are refused.

#include "faults/faultinjector.h"
#include "record/runcomparison.h"
#include "recordtesting.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <set>

using namespace eventloom;

namespace {
constexpr SimTime kExtraFaultAt = 1 * kSecond;
const QString kExtraFault = QStringLiteral("fail-payment@1s,count=1");

/// Records `id` with `seed` and the injections added as from `--inject`, as `eventloom-cli run --record` does.
void record(const QString& id, std::uint64_t seed, const QStringList& injections, const QString& path)
{
    const Scenario scenario = test::loadShipped(id);
    auto sim = ScenarioBuilder::build(scenario, seed);
    RunRecorder recorder;
    QString error;
    if (!recorder.open(path, test::runInfo(scenario, *sim, scenario.until), error))
        qFatal("%s", qPrintable(error));
    for (const QString& text : injections) {
        const auto spec = InjectionSpec::parse(text, error);
        if (!spec)
            qFatal("%s", qPrintable(error));
        if (const QString problem = FaultInjector::schedule(*spec, *sim); !problem.isEmpty())
            qFatal("%s", qPrintable(problem));
        recorder.declareInjection(text, spec->at);
    }
    sim->addObserver(&recorder);
    test::runScenario(*sim, scenario.until);
    const RunSummary summary = RunSummary::of(scenario.id, *sim, 0);
    if (!recorder.finish(*sim, &summary))
        qFatal("%s", qPrintable(recorder.error()));
}

/// A record's fields, compared one by one — independently of the JSON Lines rendering the comparison uses.
auto fields(const RecordView& r)
{
    const MessageView m = r.message.value_or(MessageView {});
    return std::make_tuple(r.t, std::string(r.kind), std::string(r.service), r.instance, std::string(r.group),
        std::string(r.topic), r.partition, r.offset, r.attempt, std::string(r.outcome), std::string(r.phase), r.aux,
        std::string(r.detail), std::string(r.subject), r.saga, m.seq, std::string(m.id), std::string(m.type),
        std::string(m.key), std::string(m.correlation), std::string(m.data));
}

/// The 1-based position of the first pair of records that differ, walking both files directly; 0 if none.
std::int64_t firstDifference(const QString& a, const QString& b, SimTime& t)
{
    RunFile fa, fb;
    QString error;
    if (!fa.open(a, error) || !fb.open(b, error))
        qFatal("%s", qPrintable(error));
    RunFile::RecordCursor ca = fa.records(), cb = fb.records();
    for (std::int64_t position = 1;; ++position) {
        const RecordView* x = ca.next();
        if (!x)
            return cb.next() ? position : 0;
        const auto fx = fields(*x);
        const RecordView* y = cb.next();
        if (!y || fx != fields(*y)) {
            t = y ? std::min(x->t, y->t) : x->t;
            return position;
        }
    }
}

/// Saga ids whose last lifecycle record in the file is `phase`.
std::set<QString> sagasEndingIn(const QString& path, std::string_view phase)
{
    RunFile file;
    QString error;
    if (!file.open(path, error))
        qFatal("%s", qPrintable(error));
    std::map<QString, std::string> last;
    file.forEachRecord(
        [&](const RecordView& r) {
            if (r.kind == "saga"
                && (r.phase == "started" || r.phase == "completed" || r.phase == "compensated" || r.phase == "stuck"))
                last[QString::fromUtf8(r.subject.data(), static_cast<qsizetype>(r.subject.size()))] = r.phase;
            return true;
        },
        error);
    std::set<QString> result;
    for (const auto& [id, p] : last)
        if (p == phase)
            result.insert(id);
    return result;
}

const RunComparison::Counter& counter(const RunComparison& c, const QString& key)
{
    for (const RunComparison::Counter& row : c.counters)
        if (row.key == key)
            return row;
    qFatal("no counter %s", qPrintable(key));
}

QJsonObject summaryOf(const QString& path)
{
    RunFile file;
    QString error;
    if (!file.open(path, error))
        qFatal("%s", qPrintable(error));
    return file.summary();
}
}

class TestRunComparison : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_plain, m_again, m_faulted, m_other;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_plain = m_dir.filePath(QStringLiteral("plain.sqlite"));
        m_again = m_dir.filePath(QStringLiteral("again.sqlite"));
        m_faulted = m_dir.filePath(QStringLiteral("faulted.sqlite"));
        m_other = m_dir.filePath(QStringLiteral("other.sqlite"));
        record(QStringLiteral("07-saga-orchestration"), 7, {}, m_plain);
        record(QStringLiteral("07-saga-orchestration"), 7, {}, m_again);
        record(QStringLiteral("07-saga-orchestration"), 7, { kExtraFault }, m_faulted);
        record(QStringLiteral("08-saga-choreography"), 7, {}, m_other);
    }

    void sameScenarioAndSeedAreIdentical()
    {
        const RunComparison c = RunComparison::compare(m_plain, m_again);
        QVERIFY2(c.ok, qPrintable(c.error));
        QVERIFY(c.identical());
        QVERIFY(!c.divergence);
        QVERIFY(c.warnings.isEmpty());
        QVERIFY(!c.a.fingerprint.isEmpty());
        QCOMPARE(c.a.fingerprint, c.b.fingerprint);
        QCOMPARE(c.a.fingerprint, summaryOf(m_plain).value(QStringLiteral("fingerprint")).toString());
        RunFile file;
        QString error;
        QVERIFY(file.open(m_plain, error));
        QCOMPARE(c.comparedRecords, file.recordCount());
        QCOMPARE(c.a.records, file.recordCount());
        for (const RunComparison::Counter& row : c.counters)
            QVERIFY2(!row.differs(), qPrintable(row.key));
        QCOMPARE(c.stateDifferences.size(), std::size_t(0));
        QCOMPARE(c.stateCategories.size(), std::size_t(3));
        for (const RunComparison::StateCategory& cat : c.stateCategories) {
            QVERIFY2(cat.itemsA > 0, qPrintable(cat.category));
            QCOMPARE(cat.itemsA, cat.itemsB);
            QCOMPARE(cat.differences, 0);
        }
        // The states gathered while walking the records are those the `records` view gives, grouped in SQL.
        QCOMPARE(c.stateCategories[0].itemsA,
            file.db().queryInt("SELECT count(DISTINCT subject) FROM records WHERE kind = 'saga' AND phase IN "
                               "('started', 'completed', 'compensated', 'stuck')"));
        QCOMPARE(c.stateCategories[1].itemsA,
            file.db().queryInt("SELECT count(*) FROM (SELECT 1 FROM records WHERE kind IN ('committed', "
                               "'offset-reset') GROUP BY coalesce(grp, ''), coalesce(topic, ''), "
                               "coalesce(partition, -1))"));
        QVERIFY(c.toText().contains(QStringLiteral("the runs are identical")));
    }

    // The counters come from walking the records with the engine's own counting: they equal what the
    // recorded summary says.
    void countersEqualTheRecordedSummary()
    {
        const RunComparison c = RunComparison::compare(m_plain, m_faulted);
        QVERIFY2(c.ok, qPrintable(c.error));
        const QJsonObject sa = summaryOf(m_plain), sb = summaryOf(m_faulted);
        for (const char* key :
            { "events", "deliveries", "duplicateDeliveries", "redeliveries", "dropped", "deadLettered",
                "duplicateEffects", "orderViolations", "rejected", "appendConflicts", "staleReads", "simTimeUs" }) {
            QCOMPARE(*counter(c, QLatin1String(key)).a, sa.value(QLatin1String(key)).toInteger());
            QCOMPARE(*counter(c, QLatin1String(key)).b, sb.value(QLatin1String(key)).toInteger());
        }
        for (const char* key : { "started", "completed", "compensated", "stuck" }) {
            const QString name = QStringLiteral("sagas.") + QLatin1String(key);
            QCOMPARE(*counter(c, name).a,
                sa.value(QStringLiteral("sagas")).toObject().value(QLatin1String(key)).toInteger());
            QCOMPARE(*counter(c, name).b,
                sb.value(QStringLiteral("sagas")).toObject().value(QLatin1String(key)).toInteger());
        }
    }

    void aFaultMakesTheRunsPartWhereTheFilesDo()
    {
        const RunComparison c = RunComparison::compare(m_plain, m_faulted);
        QVERIFY2(c.ok, qPrintable(c.error));
        QVERIFY(!c.identical());
        QVERIFY(c.warnings.isEmpty()); // same scenario, seed and limit: only the injections differ
        QCOMPARE(c.a.injections.size(), std::size_t(0));
        QCOMPARE(c.b.injections.size(), std::size_t(1));
        QCOMPARE(c.b.injections.front().spec, kExtraFault);
        QVERIFY(c.a.fingerprint != c.b.fingerprint);

        SimTime t = -1;
        const std::int64_t expected = firstDifference(m_plain, m_faulted, t);
        QVERIFY(expected > 0);
        QVERIFY(c.divergence);
        QCOMPARE(c.divergence->record, expected);
        QCOMPARE(c.comparedRecords, expected);
        QCOMPARE(c.divergence->t, t);
        QVERIFY2(c.divergence->t >= kExtraFaultAt, qPrintable(QString::number(c.divergence->t)));
        QVERIFY(!c.divergence->a.isEmpty() && !c.divergence->b.isEmpty());
        QVERIFY(c.divergence->a != c.divergence->b);
        QVERIFY(c.divergence->a.startsWith(u'{') && c.divergence->b.startsWith(u'{'));

        // One more declined charge: one saga that completed in A is compensated in B, and nothing else moves.
        const std::set<QString> completedA = sagasEndingIn(m_plain, "completed");
        const std::set<QString> compensatedB = sagasEndingIn(m_faulted, "compensated");
        std::set<QString> turned;
        for (const QString& id : compensatedB)
            if (completedA.count(id))
                turned.insert(id);
        QCOMPARE(turned.size(), std::size_t(1));
        const RunComparison::Counter& compensated = counter(c, QStringLiteral("sagas.compensated"));
        QVERIFY(compensated.differs());
        QCOMPARE(*compensated.b - *compensated.a, 1);
        QCOMPARE(
            *counter(c, QStringLiteral("sagas.completed")).a - *counter(c, QStringLiteral("sagas.completed")).b, 1);
        QVERIFY(!counter(c, QStringLiteral("sagas.started")).differs());

        std::vector<RunComparison::StateDifference> sagas;
        for (const RunComparison::StateDifference& d : c.stateDifferences)
            if (d.category == QLatin1String("saga"))
                sagas.push_back(d);
        QCOMPARE(sagas.size(), std::size_t(1));
        QCOMPARE(sagas.front().item, *turned.begin());
        QCOMPARE(sagas.front().a, QStringLiteral("completed"));
        QCOMPARE(sagas.front().b, QStringLiteral("compensated"));
        QCOMPARE(c.stateCategories.front().differences, 1);

        const QString text = c.toText();
        QVERIFY(text.contains(QStringLiteral("record #%1").arg(expected)));
        QVERIFY(text.contains(*turned.begin() + QStringLiteral(": completed → compensated")));
        QVERIFY(text.contains(QStringLiteral("the runs differ")));
        const QJsonObject json = c.toJson();
        QCOMPARE(json.value(QStringLiteral("identical")).toBool(), false);
        QCOMPARE(
            json.value(QStringLiteral("divergence")).toObject().value(QStringLiteral("record")).toInteger(), expected);
        QCOMPARE(json.value(QStringLiteral("b")).toObject().value(QStringLiteral("injections")).toArray().size(), 1);

        // Symmetric: B against A parts at the same record, the other way round.
        const RunComparison back = RunComparison::compare(m_faulted, m_plain);
        QVERIFY(back.ok && back.divergence);
        QCOMPARE(back.divergence->record, expected);
        QCOMPARE(back.divergence->a, c.divergence->b);
        QCOMPARE(*counter(back, QStringLiteral("sagas.compensated")).a
                - *counter(back, QStringLiteral("sagas.compensated")).b,
            1);
    }

    void differentScenariosAreComparedButFlagged()
    {
        const RunComparison c = RunComparison::compare(m_plain, m_other);
        QVERIFY2(c.ok, qPrintable(c.error));
        QVERIFY(!c.sameScenario());
        QVERIFY(!c.identical());
        QVERIFY(c.divergence);
        QCOMPARE(c.a.scenarioId, QStringLiteral("07-saga-orchestration"));
        QCOMPARE(c.b.scenarioId, QStringLiteral("08-saga-choreography"));
        QVERIFY(!c.a.title.isEmpty() && c.a.title != c.b.title);
        QCOMPARE(c.warnings.size(), 1);
        QVERIFY2(c.warnings.front().startsWith(QStringLiteral("different scenarios")), qPrintable(c.warnings.front()));
        QVERIFY(c.toText().contains(QStringLiteral("warning")));
        SimTime t = -1;
        QCOMPARE(c.divergence->record, firstDifference(m_plain, m_other, t));
    }

    void badFilesAreRefused_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("why");
        QTest::newRow("missing") << QStringLiteral("missing.sqlite") << QByteArray() << QStringLiteral("no such file");
        QTest::newRow("text") << QStringLiteral("notes.sqlite") << QByteArray("not a database\n")
                              << QStringLiteral("not a SQLite database");
        QTest::newRow("empty") << QStringLiteral("empty.sqlite") << QByteArray("") << QStringLiteral("empty file");
    }
    void badFilesAreRefused()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, bytes);
        QFETCH(QString, why);
        const QString path = m_dir.filePath(name);
        if (name != QLatin1String("missing.sqlite"))
            test::writeFile(path, bytes);
        for (const bool second : { false, true }) {
            const RunComparison c
                = second ? RunComparison::compare(m_plain, path) : RunComparison::compare(path, m_plain);
            QVERIFY(!c.ok);
            QVERIFY2(c.error.contains(path) && c.error.contains(why), qPrintable(c.error));
        }
    }

    void cancelStopsTheWalk()
    {
        std::atomic<bool> cancel { true };
        const RunComparison c = RunComparison::compare(m_plain, m_again, &cancel);
        QVERIFY(!c.ok);
        QVERIFY(c.cancelled);
    }
};

QTEST_GUILESS_MAIN(TestRunComparison)
#include "tst_runcomparison.moc"
