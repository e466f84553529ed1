// The Metrics dock: its reducer (MetricsSeries) on hand-built rows with exact bucket values, its
// bucket merging (bounded, totals kept, equal to folding with the final width from the start), the
// same definitions as the engine's own counters, lag and latency tracker on shipped scenarios, and
// the dock driven through the real window: a saga run played to the end, its charts summing to the
// run's counters, and cleared by Reset.

#include "charts/metricspanel.h"
#include "charts/metricspoints.h"
#include "charts/metricsseries.h"
#include "mainwindow.h"
#include "models/sagamodel.h"
#include "playbackspeed.h"
#include "scenario/scenariobuilder.h"
#include "scenario/scenarioloader.h"
#include "scenario/shippedscenarios.h"
#include "sim/simulation.h"
#include "simulation/batchingobserver.h"
#include "simulation/simulationcontroller.h"
#include "uitesting.h"

#include <QChart>
#include <QComboBox>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QLineSeries>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTest>
#include <algorithm>
#include <array>
#include <cmath>
#include <map>

using namespace eventloom;
using namespace eventloom::uitesting;

namespace {
enum : Atom { kNone, kOrders, kPayments, kAnalytics, kCompleted, kPlaceOrder, kC1, kC2, kCreated };

TraceBatch atoms()
{
    TraceBatch batch;
    batch.atoms = { QString(), QStringLiteral("orders"), QStringLiteral("payments"), QStringLiteral("analytics"),
        QStringLiteral("OrderCompleted"), QStringLiteral("PlaceOrder"), QStringLiteral("c1"), QStringLiteral("c2"),
        QStringLiteral("OrderCreated") };
    return batch;
}

TraceRow row(SimTime t, TraceKind kind)
{
    TraceRow r;
    r.time = t;
    r.kind = kind;
    return r;
}

TraceRow published(
    SimTime t, Atom topic, std::int32_t partition, std::int64_t offset, Atom type, Atom correlation = kNone)
{
    TraceRow r = row(t, TraceKind::Published);
    r.topic = topic;
    r.partition = partition;
    r.offset = offset;
    r.type = type;
    r.correlation = correlation;
    return r;
}

TraceRow forGroup(SimTime t, TraceKind kind, Atom topic, std::int32_t partition, std::int64_t offset)
{
    TraceRow r = row(t, kind);
    r.group = kAnalytics;
    r.topic = topic;
    r.partition = partition;
    r.offset = offset;
    return r;
}

TraceRow saga(SimTime t, SagaPhase phase)
{
    TraceRow r = row(t, TraceKind::Saga);
    r.phase = phase;
    r.aux = -1;
    return r;
}

constexpr SimTime ms(std::int64_t n)
{
    return n * kMillisecond;
}

/// The rows the exact-value tests fold (see each value's reason in handBuiltRows()).
std::vector<TraceRow> handBuilt()
{
    TraceRow sent = row(0, TraceKind::CommandSent);
    sent.type = kPlaceOrder;
    sent.correlation = kC1;
    TraceRow sent2 = sent;
    sent2.time = ms(20);
    sent2.correlation = kC2;
    TraceRow skipped = forGroup(ms(320), TraceKind::Handled, kOrders, 0, 1);
    skipped.outcome = HandleOutcome::SkippedDuplicate;
    TraceRow duplicated = forGroup(ms(330), TraceKind::Duplicated, kOrders, 0, 1);
    duplicated.aux = 2;
    return {
        sent, // c1 starts at 0
        published(ms(10), kOrders, 0, 0, kCreated, kC1),
        sent2, // c2 starts at 20 ms
        published(ms(50), kOrders, 1, 0, kCreated, kC2),
        published(ms(120), kPayments, 0, 0, kCreated),
        forGroup(ms(130), TraceKind::Delivered, kOrders, 0, 0), // analytics reads orders: 2 behind
        forGroup(ms(150), TraceKind::Committed, kOrders, 0, 1), // 1 behind
        published(ms(210), kOrders, 0, 1, kCompleted, kC1), // c1: 210 ms; 2 behind
        published(ms(250), kOrders, 1, 1, kCompleted, kC2), // c2: 230 ms; 3 behind
        published(ms(260), kOrders, 0, 2, kCompleted, kC1), // c1 again: not counted twice; 4 behind
        forGroup(ms(310), TraceKind::Committed, kOrders, 1, 2), // 2 behind
        skipped,
        duplicated,
        forGroup(ms(331), TraceKind::Redelivered, kOrders, 0, 1),
        row(ms(340), TraceKind::DuplicateEffect),
        saga(ms(350), SagaPhase::Compensated),
        saga(ms(355), SagaPhase::StepFailed),
        saga(ms(360), SagaPhase::Completed),
        saga(ms(370), SagaPhase::Stuck),
    };
}

MetricsSeries fold(std::vector<TraceRow> rows, int maxBuckets, SimTime width)
{
    MetricsSeries series(maxBuckets, width);
    TraceBatch batch = atoms();
    batch.rows = std::move(rows);
    RunTrace trace;
    series.append(trace, trace.append(batch));
    return series;
}

std::uint64_t number(const QString& label)
{
    return label.section(u' ', -1).toULongLong();
}

/// A headless run of a shipped scenario, folded as the window would fold it.
struct Headless {
    std::unique_ptr<Simulation> sim;
    MetricsSeries series;
};
}

class TestMetrics : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        QSettings().clear();
        chooseWorkbenchLayout(); // the expert docks
    }

    void handBuiltRows()
    {
        const MetricsSeries s = fold(handBuilt(), 8, ms(100));
        QCOMPARE(s.bucketWidth(), ms(100));
        QCOMPARE(s.bucketCount(), 4);
        QCOMPARE(s.end(), ms(370));
        QCOMPARE(s.topics(), QStringList({ QStringLiteral("orders"), QStringLiteral("payments") }));
        QCOMPARE(s.groups(), QStringList({ QStringLiteral("analytics") }));
        const std::vector<std::uint64_t> orders { 2, 0, 3, 0 }, payments { 0, 1, 0, 0 };
        const std::vector<std::int64_t> lag { 0, 2, 4, 4 }; // the peak in each bucket; a gauge carries over
        for (int b = 0; b < 4; ++b) {
            QCOMPARE(s.published(0, b), orders[b]);
            QCOMPARE(s.published(1, b), payments[b]);
            QCOMPARE(s.peakLag(0, b), lag[b]);
        }
        QCOMPARE(s.lagNow(0), std::int64_t(2)); // ends 3 + 2, committed 1 + 2
        QCOMPARE(s.latency(0).count, std::uint64_t(0));
        const MetricsSeries::Percentiles p = s.latency(2);
        QCOMPARE(p.count, std::uint64_t(2));
        QCOMPARE(p.p50, ms(210));
        QCOMPARE(p.p95, ms(230));
        QCOMPARE(p.p99, ms(230));
        QCOMPARE(s.duplicates(3).delivered, std::uint64_t(3)); // two extra copies and a redelivery
        QCOMPARE(s.duplicates(3).suppressed, std::uint64_t(1));
        QCOMPARE(s.duplicates(3).effects, std::uint64_t(1));
        for (int b = 0; b < 3; ++b)
            QCOMPARE(
                s.duplicates(b).delivered + s.duplicates(b).suppressed + s.duplicates(b).effects, std::uint64_t(0));
        QCOMPARE(s.sagas(3).completed, std::uint64_t(1));
        QCOMPARE(s.sagas(3).compensated, std::uint64_t(1));
        QCOMPARE(s.sagas(3).stuck, std::uint64_t(1));

        // What the charts plot: rates per simulated second at bucket middles, milliseconds, running totals.
        QCOMPARE(MetricsPoints::publishRate(s, 0),
            QList<QPointF>({ { 0.05, 20.0 }, { 0.15, 0.0 }, { 0.25, 30.0 }, { 0.35, 0.0 } }));
        QCOMPARE(
            MetricsPoints::lag(s, 0), QList<QPointF>({ { 0.05, 0.0 }, { 0.15, 2.0 }, { 0.25, 4.0 }, { 0.35, 4.0 } }));
        QCOMPARE(MetricsPoints::latency(s, MetricsPoints::Percentile::P50), QList<QPointF>({ { 0.25, 210.0 } }));
        QCOMPARE(MetricsPoints::latency(s, MetricsPoints::Percentile::P99), QList<QPointF>({ { 0.25, 230.0 } }));
        QCOMPARE(MetricsPoints::sagasSoFar(s, MetricsPoints::SagaEnd::Compensated),
            QList<QPointF>({ { 0.0, 0.0 }, { 0.1, 0.0 }, { 0.2, 0.0 }, { 0.3, 0.0 }, { 0.4, 1.0 } }));
        QCOMPARE(MetricsPoints::duplicatesSoFar(s, MetricsPoints::Duplicate::Delivered).back(), QPointF(0.4, 3.0));
    }

    // reset-offset moves a group's committed position: back to replay (its lag grows), or to the end.
    void anOffsetResetMovesTheLag()
    {
        std::vector<TraceRow> rows = handBuilt();
        rows.push_back(forGroup(ms(380), TraceKind::OffsetReset, kOrders, 1, 0)); // partition 1 back to 0
        QCOMPARE(fold(rows, 8, ms(100)).lagNow(0), std::int64_t(4)); // 2 behind, and partition 1's 2 again
        rows.push_back(forGroup(ms(390), TraceKind::OffsetReset, kOrders, 0, 3)); // partition 0 to its end
        QCOMPARE(fold(rows, 8, ms(100)).lagNow(0), std::int64_t(2));
    }

    void aLongRunMergesNeighbours()
    {
        // A row at 800 ms is past 8 buckets of 100 ms: the width doubles, pairs merge, then it lands.
        std::vector<TraceRow> rows = handBuilt();
        rows.push_back(published(ms(800), kOrders, 0, 3, kCreated));
        const MetricsSeries s = fold(rows, 8, ms(100));
        QCOMPARE(s.bucketWidth(), ms(200));
        QCOMPARE(s.bucketCount(), 5);
        const std::vector<std::uint64_t> orders { 2, 3, 0, 0, 1 };
        const std::vector<std::int64_t> lag { 2, 4, 2, 2, 3 }; // merged buckets keep the peak
        for (int b = 0; b < 5; ++b) {
            QCOMPARE(s.published(0, b), orders[b]);
            QCOMPARE(s.peakLag(0, b), lag[b]);
        }
        QCOMPARE(s.published(1, 0), std::uint64_t(1));
        QCOMPARE(s.latency(1).count, std::uint64_t(2));
        QCOMPARE(s.latency(1).p50, ms(210));
        QCOMPARE(s.latency(1).p95, ms(230));
        QCOMPARE(s.duplicates(1).delivered, std::uint64_t(3));
        QCOMPARE(s.sagas(1).stuck, std::uint64_t(1));
    }

    void mergingKeepsTheBoundAndTheTotals_data()
    {
        QTest::addColumn<int>("maxBuckets");
        QTest::addColumn<int>("rows");
        QTest::newRow("64 buckets, 200k rows") << 64 << 200'000;
        QTest::newRow("1024 buckets, 300k rows") << 1024 << 300'000;
        QTest::newRow("2 buckets, 5k rows") << 2 << 5'000;
    }

    void mergingKeepsTheBoundAndTheTotals()
    {
        QFETCH(int, maxBuckets);
        QFETCH(int, rows);
        // Publishes on two topics at uneven gaps, each completing the transaction its correlation started
        // some time before; a deterministic generator, so the test is the same on every run.
        std::uint64_t state = 12345;
        const auto next = [&] {
            state = state * 6364136223846793005ULL + 1442695040888963407ULL;
            return state >> 33;
        };
        MetricsSeries s(maxBuckets, ms(1));
        TraceBatch batch = atoms();
        for (std::size_t i = 0; i < 400; ++i)
            batch.atoms.push_back(QStringLiteral("corr-%1").arg(i));
        RunTrace trace;
        s.append(trace, trace.append(batch));
        struct Seen {
            SimTime t;
            int topic;
            SimTime latency; // -1: none completed here
        };
        std::vector<Seen> seen;
        std::vector<SimTime> started(400, -1);
        SimTime t = 0;
        int maxSeen = 0;
        for (int i = 0; i < rows; ++i) {
            t += static_cast<SimTime>(next() % 5000);
            const int topic = static_cast<int>(next() % 2);
            const auto corr = static_cast<Atom>(kCreated + 1 + next() % 400);
            const std::size_t c = corr - kCreated - 1;
            const bool completes = started[c] >= 0 && next() % 3 == 0;
            s.add(trace, published(t, topic == 0 ? kOrders : kPayments, 0, i, completes ? kCompleted : kCreated, corr));
            maxSeen = std::max(maxSeen, s.bucketCount());
            SimTime latency = -1;
            if (completes) {
                latency = t - started[c];
                started[c] = -2; // completed: counted once
            } else if (started[c] == -1) {
                started[c] = t;
            }
            seen.push_back({ t, topic, latency });
        }
        QVERIFY2(maxSeen <= maxBuckets, qPrintable(QString::number(maxSeen)));
        QVERIFY(s.bucketWidth() > ms(1)); // it did merge

        // Equal, bucket for bucket, to counting with the final width from the start.
        const SimTime w = s.bucketWidth();
        std::vector<std::array<std::uint64_t, 2>> counts(static_cast<std::size_t>(s.bucketCount()), { 0, 0 });
        std::vector<std::vector<SimTime>> latencies(static_cast<std::size_t>(s.bucketCount()));
        for (const Seen& e : seen) {
            ++counts[static_cast<std::size_t>(e.t / w)][static_cast<std::size_t>(e.topic)];
            if (e.latency >= 0)
                latencies[static_cast<std::size_t>(e.t / w)].push_back(e.latency);
        }
        std::uint64_t total = 0, completed = 0;
        // Topics are numbered as they first appear.
        const int orders = static_cast<int>(s.topics().indexOf(QStringLiteral("orders")));
        const int payments = static_cast<int>(s.topics().indexOf(QStringLiteral("payments")));
        QCOMPARE(orders + payments, 1);
        for (int b = 0; b < s.bucketCount(); ++b) {
            QCOMPARE(s.published(orders, b), counts[b][0]);
            QCOMPARE(s.published(payments, b), counts[b][1]);
            total += s.published(0, b) + s.published(1, b);
            auto sorted = latencies[b];
            std::sort(sorted.begin(), sorted.end());
            const MetricsSeries::Percentiles p = s.latency(b);
            QCOMPARE(p.count, std::uint64_t(sorted.size()));
            completed += p.count;
            if (!sorted.empty()) {
                const auto rank = [&](double q) {
                    return sorted[std::clamp<std::size_t>(
                                      static_cast<std::size_t>(std::ceil(q * double(sorted.size()))), 1, sorted.size())
                        - 1];
                };
                QCOMPARE(p.p50, rank(0.5));
                QCOMPARE(p.p95, rank(0.95));
                QCOMPARE(p.p99, rank(0.99));
            }
        }
        QCOMPARE(total, std::uint64_t(rows));
        QVERIFY(completed > 0);
        QCOMPARE(completed,
            std::uint64_t(std::count_if(seen.begin(), seen.end(), [](const Seen& e) { return e.latency >= 0; })));
    }

    void sameDefinitionsAsTheEngine()
    {
        // 07 with its next payment failing: one saga compensates. One bucket for the whole run, so its
        // latency percentiles are the run's, as the engine's LatencyTracker has them.
        const auto loaded
            = ScenarioLoader::loadFile(ShippedScenarios::resolve(QStringLiteral("07-saga-orchestration")));
        QVERIFY(loaded.ok());
        auto sim = ScenarioBuilder::build(*loaded.scenario);
        BatchingObserver observer(*sim);
        sim->addObserver(&observer);
        QCOMPARE(sim->injectionQueue().enqueue(QStringLiteral("fail-payment@1us,count=1")), QString());
        sim->runToQuiescence();
        sim->finish();
        MetricsSeries s(2, 3600 * kSecond);
        RunTrace trace;
        s.append(trace, trace.append(observer.takeBatch(*sim, {})));
        QCOMPARE(s.bucketCount(), 1);
        const RunCounters& c = sim->counters();
        std::uint64_t events = 0;
        for (int topic = 0; topic < s.topics().size(); ++topic)
            events += s.published(topic, 0);
        QCOMPARE(events, c.events);
        const LatencyTracker::Percentiles engine = sim->orderLatency();
        const MetricsSeries::Percentiles ours = s.latency(0);
        QVERIFY(engine.count > 0);
        QCOMPARE(ours.count, engine.count);
        QCOMPARE(ours.p50, engine.p50);
        QCOMPARE(ours.p95, engine.p95);
        QCOMPARE(ours.p99, engine.p99);
        QVERIFY(c.sagas.compensated >= 1);
        QCOMPARE(s.sagas(0).completed, c.sagas.completed);
        QCOMPARE(s.sagas(0).compensated, c.sagas.compensated);
        QCOMPARE(s.sagas(0).stuck, c.sagas.stuck);
        QCOMPARE(s.duplicates(0).effects, c.duplicateEffects);
        QCOMPARE(s.duplicates(0).delivered, c.duplicateDeliveries + c.redeliveries);
    }

    void lagAsTheEngineHasIt()
    {
        // 12's analytics falls behind: at 10 s each group's lag is the engine's, summed over its topics' partitions.
        const auto loaded
            = ScenarioLoader::loadFile(ShippedScenarios::resolve(QStringLiteral("12-slow-consumer-backpressure")));
        QVERIFY(loaded.ok());
        auto sim = ScenarioBuilder::build(*loaded.scenario);
        BatchingObserver observer(*sim);
        sim->addObserver(&observer);
        sim->runUntil(10 * kSecond);
        MetricsSeries s;
        RunTrace trace;
        s.append(trace, trace.append(observer.takeBatch(*sim, {})));
        const EventBus& bus = sim->bus();
        std::map<QString, std::int64_t> engine;
        for (std::size_t g = 0; g < bus.groupCount(); ++g) {
            const auto group = static_cast<std::uint16_t>(g);
            const std::string_view name = sim->log().text(bus.group(group).name);
            std::int64_t& lag = engine[QString::fromUtf8(name.data(), static_cast<qsizetype>(name.size()))];
            for (std::int32_t p = 0; p < bus.topic(bus.group(group).topic).partitionCount(); ++p)
                lag += bus.lag(group, p);
        }
        QVERIFY(engine.at(QStringLiteral("analytics")) > 0);
        for (const auto& [name, lag] : engine) {
            const int index = static_cast<int>(s.groups().indexOf(name));
            if (lag > 0)
                QVERIFY2(index >= 0, qPrintable(name)); // a group behind has been seen reading
            if (index >= 0)
                QCOMPARE(s.lagNow(index), lag);
        }
        // The peak of the last bucket is at least where the lag ended.
        const int analytics = static_cast<int>(s.groups().indexOf(QStringLiteral("analytics")));
        QVERIFY(s.peakLag(analytics, s.bucketCount() - 1) >= s.lagNow(analytics));
    }

    void theDockFollowsARun()
    {
        MainWindow window;
        window.setErrorHandler([](const QString& message, const QStringList& details) {
            QFAIL(qPrintable(message + u' ' + details.join(u' ')));
        });
        window.resize(1400, 900);
        window.show();
        QVERIFY(window.openFile(QStringLiteral("07-saga-orchestration")));
        auto* dock = window.findChild<QDockWidget*>(QStringLiteral("metricsDock"));
        QVERIFY(dock);
        // A tab beside Topics and Groups, listed in the View menu.
        QVERIFY(
            window.tabifiedDockWidgets(dock).contains(window.findChild<QDockWidget*>(QStringLiteral("topicsDock"))));
        QMenu* view = nullptr;
        for (QAction* menu : window.menuBar()->actions())
            if (menu->text() == QStringLiteral("&View"))
                view = menu->menu();
        QVERIFY(view && view->actions().contains(dock->toggleViewAction()));
        dock->raise();
        QTRY_VERIFY(dock->isVisible());
        MetricsPanel* panel = window.metricsPanel();
        QTRY_VERIFY(panel->isVisible());

        QAction* failPayment = action(window, "actionFailNextPayment");
        QTRY_VERIFY(failPayment->isEnabled());
        failPayment->trigger();
        auto* speed = window.findChild<QComboBox*>(QStringLiteral("speedCombo"));
        speed->setCurrentIndex(speed->findData(PlaybackSpeed::kMax));
        auto* controller = window.findChild<SimulationController*>();
        QSignalSpy batches(controller, &SimulationController::batchArrived);
        const int redrawsBefore = panel->redrawCount();
        QElapsedTimer clock;
        clock.start();
        window.play();
        QTRY_COMPARE_WITH_TIMEOUT(labelText(window, "stateLabel"), QStringLiteral("Finished"), 30000);
        const qint64 elapsed = clock.elapsed();
        // Throttled: at most one redraw per 250 ms while it played (and the one asked at once).
        const int redraws = panel->redrawCount() - redrawsBefore;
        QVERIFY2(
            redraws <= elapsed / 250 + 2, qPrintable(QStringLiteral("%1 redraws in %2 ms").arg(redraws).arg(elapsed)));
        QVERIFY(batches.count() >= 1);

        const MetricsSeries& data = panel->data();
        const double width = static_cast<double>(data.bucketWidth()) / kSecond;
        const auto seriesOf = [&](MetricsPanel::Chart which) {
            QList<QLineSeries*> list;
            for (QAbstractSeries* s : panel->chart(which)->series())
                list << static_cast<QLineSeries*>(s);
            return list;
        };

        // Throughput: rates × width, summed over topics and buckets, is the status bar's event count.
        QTRY_COMPARE_WITH_TIMEOUT(labelText(window, "eventsLabel").isEmpty(), false, 1000);
        const std::uint64_t events = number(labelText(window, "eventsLabel"));
        QVERIFY(events > 0);
        // The tab shown is redrawn at once; the last batch within the throttle's interval.
        panel->tabs()->setCurrentIndex(static_cast<int>(MetricsPanel::Chart::Throughput));
        QTRY_VERIFY_WITH_TIMEOUT(panel->showsLatest(MetricsPanel::Chart::Throughput), 2000);
        const QList<QLineSeries*> throughput = seriesOf(MetricsPanel::Chart::Throughput);
        QCOMPARE(throughput.size(), data.topics().size());
        double sum = 0;
        for (QLineSeries* s : throughput) {
            QVERIFY(s->count() <= data.maxBuckets());
            QCOMPARE(s->count(), data.bucketCount());
            for (const QPointF& p : s->points())
                sum += p.y() * width;
        }
        QCOMPARE(static_cast<std::uint64_t>(std::llround(sum)), events);
        saveScreenshot(*dock, QStringLiteral("metrics-throughput"));

        // Sagas: the running totals end at the saga dock's counts.
        int completed = 0, compensated = 0;
        SagaModel* sagas = window.sagaModel();
        for (int r = 0; r < sagas->instanceCount(); ++r) {
            const QString status = sagas->index(r, 0).data(SagaModel::StatusRole).toString();
            completed += status == QLatin1String("completed");
            compensated += status == QLatin1String("compensated");
        }
        QVERIFY(compensated >= 1);
        QVERIFY(completed >= 1);
        // The tab shown is redrawn at once; the last batch within the throttle's interval.
        panel->tabs()->setCurrentIndex(static_cast<int>(MetricsPanel::Chart::Sagas));
        QTRY_VERIFY_WITH_TIMEOUT(panel->showsLatest(MetricsPanel::Chart::Sagas), 2000);
        const QList<QLineSeries*> sagaSeries = seriesOf(MetricsPanel::Chart::Sagas);
        QCOMPARE(sagaSeries.size(), 3);
        QCOMPARE(sagaSeries[0]->count(), data.bucketCount() + 1);
        QCOMPARE(sagaSeries[0]->name(), QStringLiteral("completed"));
        QCOMPARE(sagaSeries[0]->points().back().y(), double(completed));
        QCOMPARE(sagaSeries[1]->name(), QStringLiteral("compensated"));
        QCOMPARE(sagaSeries[1]->points().back().y(), double(compensated));
        QCOMPARE(sagaSeries[2]->points().back().y(), 0.0);
        saveScreenshot(*dock, QStringLiteral("metrics-sagas"));
        // Floated and larger, as someone studying the run would have it (and for the README).
        dock->setFloating(true);
        dock->resize(960, 360);
        QTRY_COMPARE(dock->width(), 960);
        saveScreenshot(*dock, QStringLiteral("metrics-sagas-large"));
        dock->setFloating(false);

        // Duplicates: the repeated effects end at the status bar's double effects.
        // The tab shown is redrawn at once; the last batch within the throttle's interval.
        panel->tabs()->setCurrentIndex(static_cast<int>(MetricsPanel::Chart::Duplicates));
        QTRY_VERIFY_WITH_TIMEOUT(panel->showsLatest(MetricsPanel::Chart::Duplicates), 2000);
        const QList<QLineSeries*> duplicates = seriesOf(MetricsPanel::Chart::Duplicates);
        QCOMPARE(duplicates[2]->count(), data.bucketCount() + 1);
        QCOMPARE(duplicates[2]->points().back().y(), double(number(labelText(window, "duplicateEffectsLabel"))));

        // Latency: a point per bucket where orders completed, p50 ≤ p95 ≤ p99.
        // The tab shown is redrawn at once; the last batch within the throttle's interval.
        panel->tabs()->setCurrentIndex(static_cast<int>(MetricsPanel::Chart::Latency));
        QTRY_VERIFY_WITH_TIMEOUT(panel->showsLatest(MetricsPanel::Chart::Latency), 2000);
        const QList<QLineSeries*> latency = seriesOf(MetricsPanel::Chart::Latency);
        QVERIFY(latency[0]->count() > 0);
        QCOMPARE(latency[1]->count(), latency[0]->count());
        for (int i = 0; i < latency[0]->count(); ++i) {
            QVERIFY(latency[0]->at(i).y() > 0);
            QVERIFY(latency[0]->at(i).y() <= latency[1]->at(i).y());
            QVERIFY(latency[1]->at(i).y() <= latency[2]->at(i).y());
        }
        saveScreenshot(*dock, QStringLiteral("metrics-latency"));

        // Lag: a series per group, each ending where the reducer's lag ended.
        // The tab shown is redrawn at once; the last batch within the throttle's interval.
        panel->tabs()->setCurrentIndex(static_cast<int>(MetricsPanel::Chart::Lag));
        QTRY_VERIFY_WITH_TIMEOUT(panel->showsLatest(MetricsPanel::Chart::Lag), 2000);
        const QList<QLineSeries*> lag = seriesOf(MetricsPanel::Chart::Lag);
        QVERIFY(!data.groups().isEmpty());
        QCOMPARE(lag.size(), data.groups().size());
        for (int g = 0; g < lag.size(); ++g) {
            QCOMPARE(lag[g]->name(), data.groups()[g]);
            QCOMPARE(lag[g]->count(), data.bucketCount());
            QCOMPARE(lag[g]->points().back().y(), double(data.peakLag(g, data.bucketCount() - 1)));
        }
        saveScreenshot(window, QStringLiteral("metrics-window"));

        // Reset: a new run, the charts start empty.
        action(window, "actionReset")->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(panel->data().bucketCount(), 0, 5000);
        QTRY_COMPARE(panel->chart(MetricsPanel::Chart::Lag)->series().size(), 0);
        // The tab shown is redrawn at once; the last batch within the throttle's interval.
        panel->tabs()->setCurrentIndex(static_cast<int>(MetricsPanel::Chart::Sagas));
        QTRY_VERIFY_WITH_TIMEOUT(panel->showsLatest(MetricsPanel::Chart::Sagas), 2000);
        const QList<QLineSeries*> cleared = seriesOf(MetricsPanel::Chart::Sagas);
        QTRY_COMPARE(cleared[1]->count(), 1); // only (0, 0)
    }
};

QTEST_MAIN(TestMetrics)
#include "tst_metrics.moc"
