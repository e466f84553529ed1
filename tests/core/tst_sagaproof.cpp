// The saga lessons are true (issue 18, "Proof"): an exported run, read by a checker that knows nothing
// of the engine's counters, shows no lost message, no duplicate effect and a compensation for exactly
// what was done. (That their checks hold on seeds 1-50 with their own faults, tst_lessonseeds shows for
// every lesson.)

#include "recordtesting.h"

#include "export/runexporter.h"
#include "faults/faultinjector.h"
#include "faults/injectionspec.h"
#include "record/runfile.h"

#include <QJsonObject>
#include <QTemporaryDir>
#include <limits>
#include <map>
#include <random>
#include <set>

using namespace eventloom;
using namespace eventloom::test;

namespace {

struct Saga {
    const char* scenario;
    const char* coordinator; ///< nullptr: choreographed
    const char* startType;
    std::vector<const char*> topics;
    std::vector<const char*> participants;
};

const Saga kSagas[] = {
    { "07-saga-orchestration", "order-saga", "OrderCreated",
        { "orders.events", "inventory.events", "payments.events", "shipping.events" },
        { "inventory", "payment", "shipping" } },
    { "08-saga-choreography", nullptr, "OrderCreated",
        { "orders.events", "inventory.events", "payments.events", "shipping.events" },
        { "inventory", "payment", "shipping" } },
    { "14-trip-booking-saga", "trip-saga", "TripRequested",
        { "trips.events", "flights.events", "hotels.events", "cars.events" }, { "flight", "hotel", "car" } },
    { "16-saga-coordinator-crash", "order-saga", "OrderCreated",
        { "orders.events", "inventory.events", "payments.events", "shipping.events" },
        { "inventory", "payment", "shipping" } },
};

std::vector<InjectionSpec> parsed(const QStringList& specs)
{
    std::vector<InjectionSpec> out;
    for (const QString& text : specs) {
        QString problem;
        const auto spec = InjectionSpec::parse(text, problem);
        if (!spec)
            qFatal("%s: %s", qPrintable(text), qPrintable(problem));
        out.push_back(*spec);
    }
    return out;
}

/// Duplicates and delays on every topic, and a participant's crash at a seeded time; an orchestrated
/// saga's coordinator crashes too.
QStringList faults(const Saga& saga, std::uint64_t seed)
{
    std::mt19937_64 pick(seed);
    QStringList specs;
    for (const char* topic : saga.topics) {
        specs << QStringLiteral("duplicate,topic=%1,probability=0.15").arg(QLatin1String(topic));
        specs << QStringLiteral("delay,topic=%1,probability=0.2,latency=30ms,jitter=20ms").arg(QLatin1String(topic));
    }
    const char* participant = saga.participants[pick() % saga.participants.size()];
    specs << QStringLiteral("crash@%1ms,service=%2,for=%3ms")
                 .arg(300 + pick() % 3000)
                 .arg(QLatin1String(participant))
                 .arg(100 + pick() % 700);
    if (saga.coordinator)
        specs << QStringLiteral("crash@%1ms,service=%2,for=%3ms")
                     .arg(300 + pick() % 3000)
                     .arg(QLatin1String(saga.coordinator))
                     .arg(100 + pick() % 300);
    return specs;
}

/// Runs the scenario with the injections, records it and exports it as JSON Lines: the records as any
/// tool reading an export sees them.
std::vector<QJsonObject> exportedRun(
    const QString& scenarioId, std::uint64_t seed, const QStringList& injections, const QString& dir)
{
    const Scenario scenario = loadShipped(scenarioId);
    auto sim = ScenarioBuilder::build(scenario, seed);
    for (const InjectionSpec& spec : parsed(injections))
        if (const QString problem = FaultInjector::schedule(spec, *sim); !problem.isEmpty())
            qFatal("%s", qPrintable(problem));
    const QString path = dir + QStringLiteral("/%1-%2.sqlite").arg(scenarioId).arg(seed);
    RunRecorder recorder;
    QString error;
    if (!recorder.open(path, runInfo(scenario, *sim, 0), error))
        qFatal("%s", qPrintable(error));
    sim->addObserver(&recorder);
    runScenario(*sim, 0);
    sim->finish();
    if (!recorder.finish(*sim))
        qFatal("%s", qPrintable(recorder.error()));
    RunFile run;
    if (!run.open(path, error))
        qFatal("%s", qPrintable(error));
    std::string text;
    const auto result = RunExporter::exportRun(run, text, {});
    if (!result.ok)
        qFatal("%s", qPrintable(result.error));
    std::vector<QJsonObject> records;
    for (const QByteArray& line : QByteArray::fromStdString(text).split('\n'))
        if (!line.isEmpty())
            records.push_back(QJsonDocument::fromJson(line).object());
    return records;
}

QString str(const QJsonObject& o, const char* key)
{
    return o.value(QLatin1String(key)).toString();
}

/// What the independent check found: each list holds readable offenders, empty when all is well.
struct Findings {
    QStringList lost, duplicateEffects, compensations, unended;
    std::map<QString, int> seen; ///< how many records of a kind (or saga ending) the run had: the faults happened
};

Findings check(const std::vector<QJsonObject>& records, const char* startType)
{
    Findings f;
    std::map<QString, std::set<QString>> groupsOf; // topic → groups reading it
    std::set<std::pair<QString, QString>> settled; // (group or service, event id) handled without failure
    std::map<std::pair<QString, QString>, int> effects; // (group or service, event id) → handlings `ok`
    std::vector<QJsonObject> published, commands;
    std::map<QString, std::vector<QJsonObject>> sagas; // saga id → its saga records, in order
    std::set<QString> starts; // correlation ids of the start events
    for (const QJsonObject& r : records) {
        const QString kind = str(r, "kind");
        ++f.seen[kind];
        if (kind == QLatin1String("rebalanced")) {
            groupsOf[str(r, "topic")].insert(str(r, "group"));
        } else if (kind == QLatin1String("published")) {
            published.push_back(r);
            if (str(r, "type") == QLatin1String(startType))
                starts.insert(str(r, "correlationId"));
        } else if (kind == QLatin1String("command")) {
            commands.push_back(r);
        } else if (kind == QLatin1String("handled")) {
            // A topic's event is handled by a group; a command by a service (consumer "service#instance").
            const QString by
                = r.contains(QLatin1String("group")) ? str(r, "group") : str(r, "consumer").section(u'#', 0, 0);
            const QString outcome = str(r, "outcome");
            if (outcome != QLatin1String("failed"))
                settled.insert({ by, str(r, "eventId") });
            if (outcome == QLatin1String("ok") && ++effects[{ by, str(r, "eventId") }] == 2)
                f.duplicateEffects << QStringLiteral("%1 handled %2 %3 twice, both ok")
                                          .arg(by, str(r, "type"), str(r, "correlationId"));
        } else if (kind == QLatin1String("duplicate-effect")) {
            f.duplicateEffects << QStringLiteral("duplicate-effect at t=%1: %2")
                                      .arg(r.value(QLatin1String("t")).toInteger())
                                      .arg(str(r, "detail"));
        } else if (kind == QLatin1String("dropped") || kind == QLatin1String("dead-lettered")
            || kind == QLatin1String("command-lost")) {
            f.lost
                << QStringLiteral("%1: %2 %3").arg(kind, str(r, "type"), str(r, "correlationId")); // none was injected
        } else if (kind == QLatin1String("saga")) {
            sagas[str(r, "sagaId")].push_back(r);
        }
    }
    // No lost message: every event reaches every group of its topic, every command its target.
    for (const QJsonObject& p : published)
        for (const QString& group : groupsOf[str(p, "topic")])
            if (!settled.count({ group, str(p, "id") }))
                f.lost
                    << QStringLiteral("%1 %2 never handled by %3").arg(str(p, "type"), str(p, "correlationId"), group);
    for (const QJsonObject& c : commands)
        if (!settled.count({ str(c, "target"), str(c, "id") }))
            f.lost << QStringLiteral("command %1 %2 never handled by %3")
                          .arg(str(c, "type"), str(c, "correlationId"), str(c, "target"));
    // Every saga ends; a compensated one undid each completed step exactly once, newest first, and
    // nothing that never started.
    for (const QString& id : starts)
        if (!sagas.count(id))
            f.unended << id + QStringLiteral(": its start event began no saga");
    for (const auto& [id, moves] : sagas) {
        std::map<int, int> started, succeeded, compensated;
        int startCount = 0;
        int lastCompensated = std::numeric_limits<int>::max();
        for (const QJsonObject& m : moves) {
            const QString event = str(m, "event");
            const int step = m.value(QLatin1String("step")).toInt(-1);
            if (event == QLatin1String("started"))
                ++startCount;
            else if (event == QLatin1String("step-started"))
                ++started[step];
            else if (event == QLatin1String("step-succeeded"))
                ++succeeded[step];
            else if (event == QLatin1String("compensation-started") && !started.count(step))
                f.compensations << QStringLiteral("%1: compensation of step %2, which never started").arg(id).arg(step);
            else if (event == QLatin1String("compensation-succeeded")) {
                ++compensated[step];
                if (step >= lastCompensated)
                    f.compensations << QStringLiteral("%1: step %2 compensated after step %3")
                                           .arg(id)
                                           .arg(step)
                                           .arg(lastCompensated);
                lastCompensated = step;
            }
        }
        const QString end = str(moves.back(), "event");
        ++f.seen[QStringLiteral("saga ") + end];
        if (startCount != 1 || (end != QLatin1String("completed") && end != QLatin1String("compensated")))
            f.unended << QStringLiteral("%1: %2 start(s), last move %3").arg(id).arg(startCount).arg(end);
        if (end == QLatin1String("completed") && !compensated.empty())
            f.compensations << id + QStringLiteral(": completed, yet compensated");
        if (end == QLatin1String("compensated"))
            for (const auto& [step, n] : succeeded)
                if (compensated[step] != 1)
                    f.compensations << QStringLiteral("%1: step %2 completed, compensated %3 times")
                                           .arg(id)
                                           .arg(step)
                                           .arg(compensated[step]);
    }
    return f;
}

QString firstOf(const QStringList& list)
{
    return QStringLiteral("%1; first: %2").arg(list.size()).arg(list.mid(0, 3).join(QStringLiteral("; ")));
}

} // namespace

class TestSagaProof : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void anExportedRunShowsNoLostMessageNoDuplicateEffectAndEveryCompensation_data()
    {
        QTest::addColumn<int>("saga");
        for (int i = 0; i < static_cast<int>(std::size(kSagas)); ++i)
            QTest::newRow(kSagas[i].scenario) << i;
    }
    void anExportedRunShowsNoLostMessageNoDuplicateEffectAndEveryCompensation()
    {
        QFETCH(int, saga);
        const Saga& s = kSagas[saga];
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        std::map<QString, int> seen;
        for (std::uint64_t seed = 1; seed <= 20; ++seed) {
            const QStringList injections = faults(s, seed);
            const Findings f = check(exportedRun(QLatin1String(s.scenario), seed, injections, dir.path()), s.startType);
            const QString run
                = QStringLiteral("seed %1, --inject %2: ").arg(seed).arg(injections.join(QStringLiteral(" --inject ")));
            QVERIFY2(f.lost.isEmpty(), qPrintable(run + QStringLiteral("lost: ") + firstOf(f.lost)));
            QVERIFY2(f.duplicateEffects.isEmpty(),
                qPrintable(run + QStringLiteral("duplicate effects: ") + firstOf(f.duplicateEffects)));
            QVERIFY2(f.compensations.isEmpty(),
                qPrintable(run + QStringLiteral("compensations: ") + firstOf(f.compensations)));
            QVERIFY2(f.unended.isEmpty(), qPrintable(run + QStringLiteral("sagas not ended: ") + firstOf(f.unended)));
            for (const auto& [kind, n] : f.seen)
                seen[kind] += n;
        }
        // The faults happened, and the checker had something to judge: duplicates reached consumers,
        // deliveries were delayed, services crashed and redelivered, sagas compensated.
        for (const char* kind :
            { "duplicated", "delayed", "crashed", "redelivered", "saga compensated", "saga completed" })
            QVERIFY2(seen[QLatin1String(kind)] > 0, kind);
        if (s.coordinator)
            QVERIFY(seen[QStringLiteral("saga")] > 0);
    }
};

QTEST_GUILESS_MAIN(TestSagaProof)
#include "tst_sagaproof.moc"
