// The worker's hand-over to the window is bounded: however far the engine could run ahead, rows it has
// handed over that the window has not taken never pass SimulationWorker::kMaxPendingRows (and the
// records of one step), at max speed and paced alike — the run waits instead (B7, B8, B10 in
// docs/benchmarks.md). Nothing is lost or reordered by the waiting: a slow window still receives every
// record of the run, and the run ends with the fingerprint of a run nobody slowed. Whenever the run
// stops for the window it says so (SimulationWorker::handOverFull), so that the window takes the rows at once,
// and at max speed it says so of any rows it leaves waiting (handOverReady); told that the window took them
// (handOverTaken), a run held back goes on at once.

#include "scenario/scenariobuilder.h"
#include "scenario/scenarioloader.h"
#include "scenario/shippedscenarios.h"
#include "sim/simulation.h"
#include "simulation/simulationworker.h"
#include "simulation/tracebuffer.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>
#include <cmath>
#include <limits>

using namespace eventloom;

namespace {
/// More than one step can trace (a delivery, its handling and what the handler publishes).
constexpr std::size_t kOneStepsRecords = 64;

Scenario fanOut(int orders)
{
    const auto loaded = ScenarioLoader::loadFile(ShippedScenarios::resolve(QStringLiteral("01-pubsub-fanout")),
        { QStringLiteral("workload.orders=%1").arg(orders) });
    if (!loaded.ok())
        qFatal("%s", qPrintable(loaded.errors.front().toString()));
    return *loaded.scenario;
}

struct Taken {
    std::size_t rows = 0; ///< every row the window took
    std::size_t mostWaiting = 0; ///< the most rows that were waiting when it came to take them
    std::uint64_t records = 0; ///< the run's records, as its last status says
    std::uint64_t fingerprint = 0;
    bool finished = false;
    int full = 0; ///< how often the worker said the hand-over was full
    std::size_t leastWaitingWhenFull = std::numeric_limits<std::size_t>::max();
};

/// A window slower than the worker at `speed`: it comes to take what waits only once the run waits for it (the
/// worker says the hand-over is full), or, at the run's tail, after `tailMs` — however fast the engine runs
/// (a sanitizer build is several times slower), the window is the slow side.
Taken playWithSlowWindow(const Scenario& scenario, double speed, int tailMs)
{
    auto buffer = std::make_shared<TraceBuffer>();
    buffer->restart(1);
    SimulationWorker worker(buffer);
    worker.load(scenario, std::nullopt, 1);
    worker.setSpeed(speed);
    Taken taken;
    // Direct: the worker lives on this thread, so the buffer is read as the signal is sent.
    QObject::connect(&worker, &SimulationWorker::handOverFull, [&] {
        ++taken.full;
        taken.leastWaitingWhenFull = std::min(taken.leastWaitingWhenFull, buffer->pendingRows());
    });
    worker.play();
    QElapsedTimer clock;
    clock.start();
    while (!taken.finished && clock.elapsed() < 60'000) {
        // The worker's timer ticks meanwhile, on this thread.
        const int saidFull = taken.full;
        (void)QTest::qWaitFor([&] { return taken.full > saidFull; }, tailMs);
        taken.mostWaiting = std::max(taken.mostWaiting, buffer->pendingRows());
        const TraceBatch batch = buffer->take();
        taken.rows += batch.rows.size();
        if (batch.hasStatus) {
            taken.records = batch.status.records;
            taken.fingerprint = batch.status.fingerprint;
            taken.finished = batch.status.finished;
        }
    }
    return taken;
}

std::uint64_t headlessFingerprint(const Scenario& scenario)
{
    auto sim = ScenarioBuilder::build(scenario);
    sim->runToQuiescence();
    sim->finish();
    return sim->fingerprint();
}
}

class TestSimulationWorker : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setApplicationName(QStringLiteral("tst_simulationworker"));
        QSettings().setValue(QStringLiteral("recording/enabled"), false);
    }

    void handOverIsBoundedUnderASlowWindow_data()
    {
        QTest::addColumn<double>("speed");
        QTest::newRow("max speed") << std::numeric_limits<double>::infinity();
        QTest::newRow("paced, far faster than shown") << 1e6;
    }

    void handOverIsBoundedUnderASlowWindow()
    {
        QFETCH(double, speed);
        // About 140,000 records: seven times the bound, so the run must wait for the window again and again.
        const Scenario scenario = fanOut(10000);
        const Taken taken = playWithSlowWindow(scenario, speed, 1000);
        QVERIFY2(taken.finished, "the run reaches its end with a slow window");
        QVERIFY2(taken.mostWaiting >= SimulationWorker::kMaxPendingRows / 2, "the window was the slow side");
        QVERIFY2(taken.mostWaiting <= SimulationWorker::kMaxPendingRows + kOneStepsRecords,
            qPrintable(QStringLiteral("%1 rows waited for the window").arg(taken.mostWaiting)));
        // Each time the run stopped for the window it said so (the window then takes the rows at once).
        QVERIFY(taken.full > 0);
        QVERIFY2(taken.leastWaitingWhenFull >= SimulationWorker::kMaxPendingRows,
            qPrintable(QStringLiteral("said full with %1 rows waiting").arg(taken.leastWaitingWhenFull)));
        QCOMPARE(taken.rows, taken.records); // every record reached the window
        QCOMPARE(taken.fingerprint, headlessFingerprint(scenario));
    }

    void theRunGoesOnAsSoonAsTheWindowTakes()
    {
        // Held back by a full hand-over, the run looks again only every millisecond; told that the window
        // took the rows, it goes on at once (the window takes in its batch meanwhile).
        auto buffer = std::make_shared<TraceBuffer>();
        buffer->restart(1);
        SimulationWorker worker(buffer);
        worker.load(fanOut(5000), std::nullopt, 1);
        worker.setSpeed(std::numeric_limits<double>::infinity());
        bool full = false;
        QObject::connect(&worker, &SimulationWorker::handOverFull, [&] { full = true; });
        worker.play();
        QVERIFY(QTest::qWaitFor([&] { return full; }, 60'000));
        QTest::qWait(20); // its ticks find the hand-over full and leave the run where it is
        QVERIFY(buffer->pendingRows() >= SimulationWorker::kMaxPendingRows);
        // No tick of its own between the take and the call below (they run on this thread, without events).
        const TraceBatch taken = buffer->take();
        QVERIFY(taken.rows.size() >= SimulationWorker::kMaxPendingRows);
        QCOMPARE(buffer->pendingRows(), std::size_t { 0 });
        worker.handOverTaken();
        QVERIFY2(buffer->pendingRows() > 0, "the run went on as soon as it was told");
        QVERIFY(buffer->pendingRows() <= SimulationWorker::kMaxPendingRows + kOneStepsRecords);
    }

    void maxSpeedHandsOverWhatWaits_data()
    {
        QTest::addColumn<double>("speed");
        QTest::addColumn<bool>("ready");
        QTest::newRow("max speed") << std::numeric_limits<double>::infinity() << true;
        QTest::newRow("paced") << 1e6 << false;
    }

    void maxSpeedHandsOverWhatWaits()
    {
        // At max speed every slice that leaves rows waiting says so — handOverFull when the hand-over is full,
        // else handOverReady — so the window takes them as soon as it can; paced runs never say ready (the
        // window takes them at its coalescing pace). A window that takes only when told still gets every row.
        QFETCH(double, speed);
        QFETCH(bool, ready);
        const Scenario scenario = fanOut(5000);
        auto buffer = std::make_shared<TraceBuffer>();
        buffer->restart(1);
        SimulationWorker worker(buffer);
        worker.load(scenario, std::nullopt, 1);
        worker.setSpeed(speed);
        int said = 0;
        int readies = 0;
        bool readyWhenEmptyOrFull = false;
        QObject::connect(&worker, &SimulationWorker::handOverFull, [&] { ++said; });
        QObject::connect(&worker, &SimulationWorker::handOverReady, [&] {
            ++said;
            ++readies;
            const std::size_t waiting = buffer->pendingRows();
            readyWhenEmptyOrFull = readyWhenEmptyOrFull || waiting == 0 || waiting >= SimulationWorker::kMaxPendingRows;
        });
        worker.play();
        std::size_t rows = 0;
        int unannounced = 0; // takes after waiting in vain to be told
        RunStatus status;
        QElapsedTimer clock;
        clock.start();
        while (!status.finished && clock.elapsed() < 60'000) {
            const int before = said;
            if (!QTest::qWaitFor([&] { return said > before; }, 200))
                ++unannounced;
            const TraceBatch batch = buffer->take();
            rows += batch.rows.size();
            if (batch.hasStatus)
                status = batch.status;
        }
        QVERIFY(status.finished);
        QCOMPARE(rows, status.records);
        QCOMPARE(status.fingerprint, headlessFingerprint(scenario));
        QVERIFY2(!readyWhenEmptyOrFull, "ready is said of a hand-over neither empty nor full");
        if (ready)
            QVERIFY2(unannounced <= 1, qPrintable(QStringLiteral("%1 takes unannounced").arg(unannounced))); // the end
        else
            QCOMPARE(readies, 0);
    }
};

QTEST_MAIN(TestSimulationWorker)
#include "tst_simulationworker.moc"
