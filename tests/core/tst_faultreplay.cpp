// Replay: every shipped scenario, 100 seeds each (20 under the sanitizers), with random injections — some
// scheduled as from --inject, some sent through the interactive queue mid-run. Re-running with the seed, the
// scheduled specs and the interactive ones as the trace recorded them gives the same fingerprint.

#include "../sweep.h"
#include "base/randomstream.h"
#include "faults/faultinjector.h"
#include "scenario/scenariobuilder.h"
#include "scenario/scenarioloader.h"
#include "scenario/shippedscenarios.h"

#include <QFileInfo>
#include <QTest>

using namespace eventloom;

namespace {
constexpr SimTime kRunFor = 1000 * kMillisecond; // long enough for every kind to act, short enough for 1400 runs ×2
// Seeds per scenario; under the sanitizers 20 pick every kind of injection, timed and interactive (tests/sweep.h).
constexpr std::uint64_t kSeeds = sweep::size<std::uint64_t>(100, 20);

struct Recorder : TraceObserver {
    std::vector<std::string> injections;
    void onTrace(const TraceRecord& r, const Simulation& sim) override
    {
        if (r.kind == TraceKind::Injection)
            injections.emplace_back(sim.log().text(r.detail));
    }
};

/// A random spec aimed at the scenario's own topics and services.
QString randomSpec(RandomStream& pick, const Scenario& s, bool timed)
{
    const auto topic = [&] {
        return s.topics[static_cast<std::size_t>(pick.uniformInt(0, static_cast<std::int64_t>(s.topics.size()) - 1))]
            .id;
    };
    const auto service = [&] {
        return s
            .services[static_cast<std::size_t>(pick.uniformInt(0, static_cast<std::int64_t>(s.services.size()) - 1))]
            .id;
    };
    const QString at = timed ? QStringLiteral("@%1ms").arg(pick.uniformInt(0, 800)) : QString();
    switch (pick.uniformInt(0, 6)) {
    case 0:
        return QStringLiteral("drop%1,topic=%2,probability=0.1").arg(at, topic());
    case 1:
        return QStringLiteral("duplicate%1,topic=%2,probability=0.2,copies=%3")
            .arg(at, topic())
            .arg(pick.uniformInt(1, 2));
    case 2:
        return QStringLiteral("delay%1,topic=%2,probability=0.3,latency=%3ms,jitter=5ms")
            .arg(at, topic())
            .arg(pick.uniformInt(1, 50));
    case 3:
        return QStringLiteral("reorder%1,topic=%2,window=%3").arg(at, topic()).arg(pick.uniformInt(2, 4));
    case 4: // a crash now, or armed for the service's window between two writes (lesson 15's checkout has one)
        if (pick.uniformInt(0, 1) == 0)
            return QStringLiteral("crash%1,service=%2,point=between-writes,for=%3ms")
                .arg(at, service())
                .arg(pick.uniformInt(10, 300));
        return QStringLiteral("crash%1,service=%2,for=%3ms").arg(at, service()).arg(pick.uniformInt(10, 300));
    case 5:
        return QStringLiteral("slow%1,service=%2,factor=3,for=300ms").arg(at, service());
    default:
        return QStringLiteral("poison%1,topic=%2,count=2").arg(at, topic());
    }
}

void schedule(Simulation& sim, const QString& text)
{
    QString error;
    const auto spec = InjectionSpec::parse(text, error);
    if (!spec)
        qFatal("%s: %s", qPrintable(text), qPrintable(error));
    if (const QString problem = FaultInjector::schedule(*spec, sim); !problem.isEmpty())
        qFatal("%s", qPrintable(problem));
}
}

class TestFaultReplay : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void recordedInjectionsReplayToTheSameFingerprint_data()
    {
        QTest::addColumn<QString>("path");
        for (const QString& path : ShippedScenarios::paths())
            QTest::newRow(qPrintable(QFileInfo(path).completeBaseName())) << path;
    }
    void recordedInjectionsReplayToTheSameFingerprint()
    {
        QFETCH(QString, path);
        const auto loaded = ScenarioLoader::loadFile(path);
        QVERIFY(loaded.ok());
        const Scenario& scenario = *loaded.scenario;
        int interactiveApplied = 0;
        for (std::uint64_t seed = 1; seed <= kSeeds; ++seed) {
            RandomStream pick = RandomStream::derive(seed, "test:replay");
            auto live = ScenarioBuilder::build(scenario, seed);
            Recorder recorder;
            live->addObserver(&recorder);
            QStringList scheduled;
            for (int i = 0, n = static_cast<int>(pick.uniformInt(0, 2)); i < n; ++i) {
                scheduled << randomSpec(pick, scenario, true);
                schedule(*live, scheduled.back());
            }
            // Interactive: enqueued at random points while running.
            for (int i = 0, n = static_cast<int>(pick.uniformInt(1, 2)); i < n; ++i) {
                live->runUntil(pick.uniformInt(0, 700) * kMillisecond);
                QCOMPARE(live->injectionQueue().enqueue(randomSpec(pick, scenario, false)), QString());
            }
            live->runUntil(kRunFor);

            // The interactive ones are those the trace shows and nobody scheduled up front.
            QStringList upFront = scheduled;
            for (const InjectionSpec& s : scenario.injections)
                upFront << s.text();
            QStringList interactive;
            for (const std::string& text : recorder.injections) {
                const QString t = QString::fromStdString(text);
                if (!upFront.removeOne(t))
                    interactive << t;
            }
            interactiveApplied += static_cast<int>(interactive.size());

            auto replay = ScenarioBuilder::build(scenario, seed);
            for (const QString& text : scheduled + interactive)
                schedule(*replay, text);
            replay->runUntil(kRunFor);
            if (replay->fingerprint() != live->fingerprint())
                qFatal("%s seed %llu: replay differs (scheduled %s; interactive %s)", qPrintable(scenario.id),
                    static_cast<unsigned long long>(seed), qPrintable(scheduled.join(u' ')),
                    qPrintable(interactive.join(u' ')));
        }
        QVERIFY(interactiveApplied >= static_cast<int>(kSeeds));
    }
};

QTEST_GUILESS_MAIN(TestFaultReplay)
#include "tst_faultreplay.moc"
