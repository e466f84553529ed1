#include "base/runningpercentiles.h"
#include "lessons/checkexpression.h"
#include "lessons/checkreads.h"
#include "lessons/checkstate.h"
#include "scenario/scenariobuilder.h"
#include "scenario/scenarioloader.h"
#include "scenario/shippedscenarios.h"
#include "services/ecommerce/orderservice.h"
#include "sim/simulation.h"

#include <QTest>
#include <algorithm>
#include <cmath>
#include <random>

using namespace eventloom;

/// What a check samples is kept incrementally (issue 22): each structure equals a recomputation from
/// scratch at random cut points of a seeded run.
class TestCheckSampling : public QObject {
    Q_OBJECT

    /// The nearest-rank percentile by sorting, as OrderService computed it before.
    static SimTime sorted(std::vector<SimTime> values, double q)
    {
        std::sort(values.begin(), values.end());
        const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(values.size())));
        return values[std::clamp<std::size_t>(rank, 1, values.size()) - 1];
    }

    static void comparePercentiles(const CowVector<SimTime>& series, RunningPercentiles& running, const char* where)
    {
        const std::vector<SimTime> values(series.begin(), series.end());
        const RunningPercentiles::Values v = running.of(series);
        QVERIFY2(v.p50 == sorted(values, 0.50), where);
        QVERIFY2(v.p95 == sorted(values, 0.95), where);
        QVERIFY2(v.p99 == sorted(values, 0.99), where);
    }

    /// Expressions beyond the shipped checks: counted collections, missing keys (their messages list
    /// the keys the whole state has), computed indexes, sections read whole.
    static QStringList extraExpressions()
    {
        return {
            QStringLiteral("len(revenueView.rows) >= 0 && len(services['revenue-view'].rows) >= 0"),
            QStringLiteral("len(revenueView.rows) == 0 || revenueView.rows['tenant:none'].revenueCents >= 0"),
            QStringLiteral("revenueView.rows['no-such-row'].revenueCents == 0"),
            QStringLiteral("order.latencyUs.p50 <= order.latencyUs.p95 && order.latencyUs.p95 <= order.latencyUs.p99"),
            QStringLiteral("order.latencyUs.byTenant.acme.p99 < 100ms"),
            QStringLiteral("order.reachedStatus.compleeted == 0"),
            QStringLiteral("order.up && order.instances >= 1 && inventory.up"),
            QStringLiteral("inventory.invariantsHold && inventory.stock['sku-1'].available >= 0"),
            QStringLiteral("groups.inventory.lag + groups.order.lagg == 0"),
            QStringLiteral("groups.nosuchgroup.lag == 0"),
            QStringLiteral("max(groups.inventory.topics) >= 0 && len(groups) > 0"),
            QStringLiteral("topics['orders.events'].records >= 0 && len(topics) > 0"),
            QStringLiteral("readModels.orderStatusView.rows >= 0 && readModels.revenueView.caughtUp"),
            QStringLiteral("services.order.orders == order.orders && len(services) > 1"),
            QStringLiteral("services.nosuch.orders == 0"),
            QStringLiteral("latency.p95Us >= latency.p50Us && deliveries >= 0 && sagas.stuck == 0"),
            QStringLiteral("workload.ordersSent >= 0 && len(workload.tenants) >= 0"),
            QStringLiteral("inventory.stock['sku-' + 'x'].total >= 0"),
            QStringLiteral("hotel.held + hotel.available == hotel.capacity"),
            QStringLiteral("payment.balanceCents >= 0 && payment.charges - payment.refunds >= payment.declined - 1"),
            QStringLiteral("sagas.started >= sagas.completed + sagas.compensated && simTimeUs >= 0 && events > 0"),
            QStringLiteral("len(order.reachedStatus) == 6 && order.reachedStatus.created >= order.completedCents"),
            QStringLiteral("groups.inventory.parkedNow + groups.inventory.blocked + groups.order.expired >= 0"),
            QStringLiteral("workload.ordersPlanned >= workload.ordersSent && workload.ordersSent != 0"),
            QStringLiteral("services['revenue-view'].appliedEvents >= revenueView.skippedDuplicates"),
            QStringLiteral("!(order.duplicateEffects > 0) && -order.orders <= 0 && abs(0 - 1) == 1 && 7 % 2 == 1"),
            QStringLiteral("order.orders / 0 == 1 || order.orders / (order.orders - order.orders) == 1"),
            QStringLiteral("min(order.orders, 3) + sum(1, 2) == max(order.orders, 3) - 1 || order.idempotent"),
            QStringLiteral("workload.ordersSent == true || order.up == 1 || sagas.stuck == false"),
        };
    }

    /// Every path of `tree` from the top, with its keys.
    static void pathsOf(const StatePaths& tree, QStringList& at, std::vector<QStringList>& out)
    {
        for (const auto& [key, below] : tree.children) {
            at.append(key);
            out.push_back(at);
            pathsOf(below, at, out);
            at.removeLast();
        }
    }

    /// What CheckState::number reads at `path` is what the whole state holds there.
    static void compareNumber(const Simulation& sim, const QJsonObject& whole, const QStringList& path, int& told)
    {
        QJsonValue value = whole;
        for (const QString& key : path)
            value = value.toObject().value(key);
        const std::span<const QString> keys(path.constData(), static_cast<std::size_t>(path.size()));
        const QByteArray where = path.join(u'.').toUtf8();
        if (const std::optional<qint64> n = CheckState::number(sim, keys, false)) {
            QVERIFY2(value.isDouble(), where.constData());
            QCOMPARE(value.toDouble(), static_cast<double>(*n));
            ++told;
        }
        if (const std::optional<qint64> n = CheckState::number(sim, keys, true)) {
            QVERIFY2(value.isObject(), where.constData());
            QCOMPARE(value.toObject().size(), *n);
            ++told;
        }
    }

private Q_SLOTS:
    void percentilesEqualSortAtRandomCuts()
    {
        std::mt19937_64 random(22);
        for (int series = 0; series < 20; ++series) {
            // Some series with many ties (small value range), some with few.
            const SimTime range = series % 2 == 0 ? 20 : 1'000'000;
            std::uniform_int_distribution<SimTime> value(0, range);
            std::uniform_int_distribution<int> chunk(1, 300);
            CowVector<SimTime> values;
            RunningPercentiles running;
            while (values.size() < 5000) {
                for (int i = chunk(random); i > 0; --i)
                    values.push_back(value(random));
                comparePercentiles(values, running, "at a cut");
                if (QTest::currentTestFailed())
                    return;
            }
            RunningPercentiles copy = running; // a copy starts over and catches up
            comparePercentiles(values, copy, "a copy");
            CowVector<SimTime> shorter; // a series that shrank: the structure starts over
            for (std::size_t i = 0; i < 10; ++i)
                shorter.push_back(values[i]);
            comparePercentiles(shorter, running, "a shorter series");
        }
    }

    /// An `always` check that reads no name is decided from numbers without reading any: before, it
    /// rebuilt the whole state at every sample (05 at 10,000 orders ran for over ten minutes).
    void anExpressionReadingNoNameIsToldWithoutReading_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("passes");
        QTest::newRow("true") << QStringLiteral("1 == 1") << true;
        QTest::newRow("false") << QStringLiteral("2 < 1") << false;
        QTest::newRow("arithmetic") << QStringLiteral("3 * 4 - 2 == 10 && !(1 > 2)") << true;
        QTest::newRow("durations") << QStringLiteral("1500us > 1ms || 1 == 2") << true;
        QTest::newRow("number alone") << QStringLiteral("0") << false;
    }

    void anExpressionReadingNoNameIsToldWithoutReading()
    {
        QFETCH(QString, text);
        QFETCH(bool, passes);
        CheckExpression::Error error;
        const auto parsed = CheckExpression::parse(text, error);
        QVERIFY2(parsed, qPrintable(error.message));
        int reads = 0;
        const std::optional<bool> told = parsed->passesOnNumbers([&reads](std::span<const QString>, bool) {
            ++reads;
            return std::optional<qint64>();
        });
        QVERIFY(told.has_value());
        QCOMPARE(*told, passes);
        QCOMPARE(reads, 0);
        // The same verdict as the state object would give, here an empty one.
        QCOMPARE(parsed->evaluate(QJsonObject()).passed, passes);
    }

    void sampledStateEqualsWholeStateAtRandomCuts_data()
    {
        QTest::addColumn<QString>("path");
        for (const QString& path : ShippedScenarios::paths())
            QTest::newRow(qPrintable(path.section(u'/', -1))) << path;
    }

    void sampledStateEqualsWholeStateAtRandomCuts()
    {
        QFETCH(QString, path);
        const auto loaded = ScenarioLoader::loadFile(path);
        QVERIFY(loaded.ok());
        std::vector<CheckExpression> expressions;
        for (const ScenarioCheck& check : loaded.scenario->checks)
            if (check.expression)
                expressions.push_back(*check.expression);
        for (const QString& text : extraExpressions()) {
            CheckExpression::Error error;
            const auto parsed = CheckExpression::parse(text, error);
            QVERIFY2(parsed, qPrintable(text + QStringLiteral(": ") + error.message));
            expressions.push_back(*parsed);
        }
        StatePaths reads;
        for (const CheckExpression& e : expressions)
            CheckReads::add(e, reads);
        std::vector<QStringList> paths;
        QStringList at;
        pathsOf(reads, at, paths);
        // The shipped `always` checks (first in `expressions`) of the quiet scenarios, whose samples cost
        // most against what the run does: each is told from numbers at every cut, no state object built.
        const QString file = path.section(u'/', -1);
        const bool quiet = file.startsWith(QLatin1String("02-")) || file.startsWith(QLatin1String("05-"))
            || file.startsWith(QLatin1String("10-")) || file.startsWith(QLatin1String("12-"));
        std::vector<bool> alwaysCheck;
        for (const ScenarioCheck& check : loaded.scenario->checks)
            if (check.expression)
                alwaysCheck.push_back(quiet && check.when == ScenarioCheck::When::Always);
        alwaysCheck.resize(expressions.size(), false);
        int numbersTold = 0;
        int toldFromNumbers = 0;

        auto sim = ScenarioBuilder::build(*loaded.scenario, 7);
        std::mt19937_64 random(42);
        std::uniform_int_distribution<int> steps(1, 400);
        sim->runUntil(0);
        int cuts = 0;
        for (std::uint64_t total = 0; cuts < 40 && total < 300'000 && sim->nextTime() >= 0; ++cuts) {
            for (int s = steps(random); s > 0 && sim->nextTime() >= 0; --s, ++total)
                sim->step();
            const QJsonObject whole = CheckState::of(*sim);
            StatePaths::Counts counts;
            QJsonObject sampled = CheckState::of(*sim, reads, counts);
            CheckReads::annotate(sampled, counts, true);
            QJsonObject failuresOnlySampled = sampled;
            CheckReads::annotate(failuresOnlySampled, {}, false);
            const CheckExpression::NumberReader read = [&sim](std::span<const QString> keys, bool counted) {
                return CheckState::number(*sim, keys, counted);
            };
            for (const QStringList& p : paths)
                compareNumber(*sim, whole, p, numbersTold);
            for (std::size_t i = 0; i < expressions.size(); ++i) {
                const CheckExpression& e = expressions[i];
                const CheckExpression::Result expected = e.evaluate(whole);
                // Told from numbers, a sample reaches the whole state's verdict.
                const std::optional<bool> fromNumbers = e.passesOnNumbers(read);
                if (fromNumbers) {
                    QCOMPARE(*fromNumbers, expected.passed);
                    ++toldFromNumbers;
                } else {
                    QVERIFY2(!alwaysCheck[i], qPrintable(e.text()));
                }
                const CheckExpression::Result got = e.evaluate(sampled);
                QCOMPARE(got.detail, expected.detail);
                QCOMPARE(got.passed, expected.passed);
                const CheckExpression::Result failuresOnly = e.evaluate(failuresOnlySampled);
                QCOMPARE(failuresOnly.passed, expected.passed);
                QCOMPARE(failuresOnly.detail, expected.passed ? QString() : expected.detail);
            }
            // The order service's percentiles, kept as it runs, against its latencies sorted.
            for (std::uint16_t i = 0; i < sim->serviceCount(); ++i) {
                const auto* order = dynamic_cast<const OrderService*>(&sim->service(i));
                if (!order || order->latencies().empty())
                    continue;
                const std::vector<SimTime> values(order->latencies().begin(), order->latencies().end());
                const QJsonObject latency = order->state().value(QLatin1String("latencyUs")).toObject();
                QCOMPARE(latency.value(QLatin1String("p50")).toInteger(), sorted(values, 0.50));
                QCOMPARE(latency.value(QLatin1String("p95")).toInteger(), sorted(values, 0.95));
                QCOMPARE(latency.value(QLatin1String("p99")).toInteger(), sorted(values, 0.99));
            }
            // The run's own order latencies (the summary's `latency`), kept as orders complete, against a sort.
            if (const CowVector<SimTime>& all = sim->orderLatencies(); !all.empty()) {
                const std::vector<SimTime> values(all.begin(), all.end());
                const LatencyTracker::Percentiles p = sim->orderLatency();
                QCOMPARE(p.count, std::uint64_t(values.size()));
                QCOMPARE(p.p50, sorted(values, 0.50));
                QCOMPARE(p.p95, sorted(values, 0.95));
                QCOMPARE(p.p99, sorted(values, 0.99));
            }
        }
        QVERIFY(cuts > 0);
        QVERIFY(numbersTold > 0);
        QVERIFY(toldFromNumbers > 0);
    }
};

QTEST_GUILESS_MAIN(TestCheckSampling)
#include "tst_checksampling.moc"
