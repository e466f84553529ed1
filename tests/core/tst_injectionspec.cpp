#include "faults/injectionspec.h"

#include <QTest>

using namespace eventloom;

Q_DECLARE_METATYPE(eventloom::InjectionSpec)

class TestInjectionSpec : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void parsesTheDocumentedExamples()
    {
        QString error;
        auto spec = InjectionSpec::parse(QStringLiteral("fail-payment@2s,count=1"), error);
        QVERIFY2(spec, qPrintable(error));
        QCOMPARE(spec->kind, InjectionSpec::Kind::Fail);
        QCOMPARE(spec->service, QStringLiteral("payment"));
        QCOMPARE(spec->at, 2 * kSecond);
        QCOMPARE(spec->count.value_or(0), 1);

        spec = InjectionSpec::parse(QStringLiteral("duplicate,topic=orders.events,probability=0.2"), error);
        QVERIFY2(spec, qPrintable(error));
        QCOMPARE(spec->kind, InjectionSpec::Kind::Duplicate);
        QCOMPARE(spec->topic, QStringLiteral("orders.events"));
        QCOMPARE(spec->probability.value_or(-1), 0.2);
        QCOMPARE(spec->at, SimTime(0));

        spec = InjectionSpec::parse(QStringLiteral("crash@5s,service=inventory,for=3s"), error);
        QVERIFY2(spec, qPrintable(error));
        QCOMPARE(spec->kind, InjectionSpec::Kind::Crash);
        QCOMPARE(spec->duration.value_or(0), 3 * kSecond);

        spec = InjectionSpec::parse(QStringLiteral("reorder,topic=orders.events,window=3"), error);
        QVERIFY2(spec, qPrintable(error));
        QCOMPARE(spec->window.value_or(0), 3);

        spec = InjectionSpec::parse(
            QStringLiteral("delay@1min,topic=t,partition=2,type=X,group=g,latency=20ms,jitter=5ms,for=10s"), error);
        QVERIFY2(spec, qPrintable(error));
        QCOMPARE(spec->latency.value_or(0), 20 * kMillisecond);
        QCOMPARE(spec->jitter.value_or(0), 5 * kMillisecond);
        QCOMPARE(spec->partition.value_or(-1), 2);
        QCOMPARE(spec->at, kMinute);
        QVERIFY(InjectionSpec::parse(QStringLiteral("slow,service=s,factor=2.5"), error));
        QVERIFY(InjectionSpec::parse(QStringLiteral("deploy-schema@3s,type=OrderCreated,version=2"), error));
        QVERIFY(InjectionSpec::parse(QStringLiteral("duplicate,copies=3"), error));
    }
    void parsesTheWindowsControls()
    {
        QString error;
        auto spec = InjectionSpec::parse(QStringLiteral("idempotency,service=payment,on=false"), error);
        QVERIFY2(spec, qPrintable(error));
        QCOMPARE(spec->kind, InjectionSpec::Kind::Idempotency);
        QCOMPARE(spec->service, QStringLiteral("payment"));
        QCOMPARE(spec->on, std::optional<bool>(false));
        QCOMPARE(InjectionSpec::kindName(spec->kind), QStringLiteral("idempotency"));
        spec = InjectionSpec::parse(QStringLiteral("idempotency@2s,service=notification,on=true"), error);
        QVERIFY2(spec, qPrintable(error));
        QCOMPARE(spec->on, std::optional<bool>(true));
        QCOMPARE(spec->at, 2 * kSecond);

        spec = InjectionSpec::parse(QStringLiteral("drop,probability=0.25,id=ui-drop"), error);
        QVERIFY2(spec, qPrintable(error));
        QCOMPARE(spec->id, QStringLiteral("ui-drop"));
        QVERIFY(InjectionSpec::parse(QStringLiteral("drop"), error)->id.isEmpty());

        spec = InjectionSpec::parse(
            QStringLiteral("crash@2s,service=checkout,point=between-writes,count=2,for=300ms"), error);
        QVERIFY2(spec, qPrintable(error));
        QCOMPARE(spec->kind, InjectionSpec::Kind::Crash);
        QCOMPARE(spec->point, QStringLiteral("between-writes"));
        QCOMPARE(spec->count.value_or(0), 2);
        QCOMPARE(spec->duration.value_or(0), 300 * kMillisecond);
        QVERIFY(InjectionSpec::parse(QStringLiteral("crash,service=checkout"), error)->point.isEmpty());

        spec = InjectionSpec::parse(QStringLiteral("fail-payment,for=5s"), error); // a decline window
        QVERIFY2(spec, qPrintable(error));
        QCOMPARE(spec->duration.value_or(0), 5 * kSecond);
        QVERIFY(!spec->count);
    }
    void errorsNameTheBadToken_data()
    {
        QTest::addColumn<QString>("spec");
        QTest::addColumn<QString>("message");
        QTest::newRow("kind") << QStringLiteral("explode@1s") << QStringLiteral("unknown injection kind 'explode'");
        QTest::newRow("time") << QStringLiteral("crash@soon,service=a") << QStringLiteral("bad time after '@' 'soon'");
        QTest::newRow("no equals") << QStringLiteral("drop,orders")
                                   << QStringLiteral("bad token 'orders'; expected key=value");
        QTest::newRow("key") << QStringLiteral("drop,colour=red") << QStringLiteral("unknown key 'colour'");
        QTest::newRow("probability") << QStringLiteral("drop,probability=1.5")
                                     << QStringLiteral("bad value '1.5' for probability");
        QTest::newRow("count") << QStringLiteral("drop,count=0") << QStringLiteral("bad value '0' for count");
        QTest::newRow("for") << QStringLiteral("crash,service=a,for=long") << QStringLiteral("bad for 'long'");
        QTest::newRow("factor") << QStringLiteral("slow,service=a,factor=-1")
                                << QStringLiteral("bad value '-1' for factor");
        QTest::newRow("service") << QStringLiteral("crash@1s") << QStringLiteral("'crash' needs service=NAME");
        QTest::newRow("idempotency service")
            << QStringLiteral("idempotency,on=false") << QStringLiteral("'idempotency' needs service=NAME");
        QTest::newRow("idempotency on") << QStringLiteral("idempotency,service=payment")
                                        << QStringLiteral("'idempotency' needs on=true or on=false");
        QTest::newRow("point value") << QStringLiteral("crash,service=checkout,point=later")
                                     << QStringLiteral("bad value 'later' for point; expected between-writes");
        QTest::newRow("point kind") << QStringLiteral("drop,point=between-writes")
                                    << QStringLiteral("point= applies only to 'crash'");
        QTest::newRow("on value") << QStringLiteral("idempotency,service=payment,on=maybe")
                                  << QStringLiteral("bad value 'maybe' for on; expected true or false");
        QTest::newRow("attach service") << QStringLiteral("attach,from=earliest")
                                        << QStringLiteral("'attach' needs service=NAME");
        QTest::newRow("detach service") << QStringLiteral("detach@2s") << QStringLiteral("'detach' needs service=NAME");
        QTest::newRow("from value") << QStringLiteral("attach,service=fraud,from=start")
                                    << QStringLiteral(
                                           "bad value 'start' for from; expected earliest, latest or committed");
        QTest::newRow("from kind") << QStringLiteral("detach,service=fraud,from=earliest")
                                   << QStringLiteral("from= applies only to 'attach'");
        QTest::newRow("scale instances") << QStringLiteral("scale,service=analytics")
                                         << QStringLiteral("'scale' needs instances=N");
        QTest::newRow("scale zero") << QStringLiteral("scale,service=analytics,instances=0")
                                    << QStringLiteral("bad value '0' for instances; expected an integer >= 1");
        QTest::newRow("scale too many") << QStringLiteral("scale,service=analytics,instances=65")
                                        << QStringLiteral("expected an integer >= 1 and at most 64 (the limit)");
        QTest::newRow("instances kind") << QStringLiteral("attach,service=fraud,instances=2")
                                        << QStringLiteral("instances= applies only to 'scale'");
    }
    void errorsNameTheBadToken()
    {
        QFETCH(QString, spec);
        QFETCH(QString, message);
        QString error;
        QVERIFY(!InjectionSpec::parse(spec, error));
        QVERIFY2(error.contains(message), qPrintable(error));
    }
    /// The canonical text of every spec the window builds: the builders write it, parse() reads it back to
    /// the same spec, and text() writes it again unchanged (what the trace and the run file show).
    void roundTrips_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<InjectionSpec>("built");
        using S = InjectionSpec;
        const QByteArray payload = R"({"orderId":"order-fixed"})";
        const QList<std::pair<const char*, S>> rows {
            { "drop,probability=0.25,id=ui-drop", S::drop(0.25).withId(QStringLiteral("ui-drop")) },
            { "drop,probability=0,id=ui-drop", S::drop(0).withId(QStringLiteral("ui-drop")) },
            { "duplicate,probability=0.07,id=ui-duplicate", S::duplicate(0.07).withId(QStringLiteral("ui-duplicate")) },
            { "duplicate,topic=orders.events,count=1", S::duplicateNext(QStringLiteral("orders.events")) },
            { "reorder,window=3,id=ui-reorder", S::reorder(3).withId(QStringLiteral("ui-reorder")) },
            { "reorder,probability=0,id=ui-reorder",
                S::of(S::Kind::Reorder).withProbability(0).withId(QStringLiteral("ui-reorder")) },
            { "delay,latency=1000ms,jitter=0ms,id=ui-delay", S::delay(kSecond, 0).withId(QStringLiteral("ui-delay")) },
            { "delay,probability=0,id=ui-delay",
                S::of(S::Kind::Delay).withProbability(0).withId(QStringLiteral("ui-delay")) },
            { "slow,service=payment,factor=2.5,id=ui-slow-payment",
                S::slow(QStringLiteral("payment"), 2.5).withId(QStringLiteral("ui-slow-payment")) },
            { "slow,service=payment,probability=0,id=ui-slow-payment",
                S::of(S::Kind::Slow)
                    .onService(QStringLiteral("payment"))
                    .withProbability(0)
                    .withId(QStringLiteral("ui-slow-payment")) },
            { "slow,service=inventory,factor=4,for=10s",
                S::slow(QStringLiteral("inventory"), 4).lasting(10 * kSecond) },
            { "crash,service=inventory,for=5s", S::crash(QStringLiteral("inventory"), 5 * kSecond) },
            { "fail,service=inventory,count=1", S::failNext(QStringLiteral("inventory")) },
            { "fail-payment,count=1", S::failNextPayment() },
            { "fail-payment,for=10s", S::declinePayments(10 * kSecond) },
            { "idempotency,service=payment,on=false", S::idempotency(QStringLiteral("payment"), false) },
            { "idempotency,service=notification,on=true", S::idempotency(QStringLiteral("notification"), true) },
            { "break", S::breakAt(QString()) },
            { "break,service=analytics", S::breakAt(QStringLiteral("analytics")) },
            { "unbreak", S::unbreak(QString()) },
            { "unbreak,service=analytics", S::unbreak(QStringLiteral("analytics")) },
            { "resolve,topic=orders.events,group=analytics,partition=0,offset=3,choice=deliver",
                S::resolve(
                    QStringLiteral("orders.events"), QStringLiteral("analytics"), 0, 3, QStringLiteral("deliver")) },
            { "resolve,topic=t,group=g,partition=1,offset=2,choice=duplicate,copies=2",
                S::resolve(QStringLiteral("t"), QStringLiteral("g"), 1, 2, QStringLiteral("duplicate")).withCopies(2) },
            { "resolve,topic=t,group=g,partition=1,offset=2,choice=delay,latency=1.500s",
                S::resolve(QStringLiteral("t"), QStringLiteral("g"), 1, 2, QStringLiteral("delay"))
                    .withLatency(1500 * kMillisecond) },
            { "resolve,topic=t,group=g,partition=1,offset=2,choice=delay,latency=100ms",
                S::resolve(QStringLiteral("t"), QStringLiteral("g"), 1, 2, QStringLiteral("delay"))
                    .withLatency(100 * kMillisecond) },
            { "republish,index=0", S::republish(0) },
            { "republish,index=2,payload=eyJvcmRlcklkIjoib3JkZXItZml4ZWQifQ", S::republish(2, payload) },
            { "reset-offset,group=analytics,to=earliest",
                S::resetOffset(QStringLiteral("analytics"), S::ResetTo::Earliest) },
            { "reset-offset,group=analytics,to=latest",
                S::resetOffset(QStringLiteral("analytics"), S::ResetTo::Latest) },
            { "reset-offset,group=analytics,topic=orders.events,partition=1,to=1500000us",
                S::resetOffset(QStringLiteral("analytics"), S::ResetTo::Time, 1500 * kMillisecond)
                    .onTopic(QStringLiteral("orders.events"))
                    .onPartition(1) },
            { "attach,service=fraud", S::attach(QStringLiteral("fraud")) },
            { "attach,service=fraud,from=earliest", S::attach(QStringLiteral("fraud"), S::From::Earliest) },
            { "attach,service=fraud,from=latest", S::attach(QStringLiteral("fraud"), S::From::Latest) },
            { "attach,service=fraud,from=committed", S::attach(QStringLiteral("fraud"), S::From::Committed) },
            { "detach,service=analytics", S::detach(QStringLiteral("analytics")) },
            { "scale,service=analytics,instances=3", S::scale(QStringLiteral("analytics"), 3) },
            { "scale,service=analytics,instances=64", S::scale(QStringLiteral("analytics"), 64) },
        };
        for (const auto& [text, built] : rows)
            QTest::newRow(text) << QString::fromLatin1(text) << built;
        // As the engine times them (setAt) and marks them done at a pause (FaultInjector::atPause).
        S timed = S::crash(QStringLiteral("inventory"), 5 * kSecond);
        timed.setAt(2 * kSecond + 1);
        QTest::newRow("timed") << QStringLiteral("crash@2000001us,service=inventory,for=5s") << timed;
        S paused = S::drop(0.5).withId(QStringLiteral("ui-drop"));
        paused.setAt(7);
        paused.atPause = true;
        QTest::newRow("paused") << QStringLiteral("drop@7us,probability=0.5,id=ui-drop,paused=true") << paused;
        S resolved = S::resolve(QString(), QStringLiteral("g"), 0, 1, QStringLiteral("drop"));
        resolved.setAt(42);
        S scaled = S::scale(QStringLiteral("analytics"), 1);
        scaled.setAt(3 * kSecond);
        QTest::newRow("scale timed") << QStringLiteral("scale@3000000us,service=analytics,instances=1") << scaled;
        QTest::newRow("resolve timed") << QStringLiteral("resolve@42us,group=g,partition=0,offset=1,choice=drop")
                                       << resolved;
    }
    void roundTrips()
    {
        QFETCH(QString, text);
        QFETCH(InjectionSpec, built);
        QCOMPARE(built.text(), text);
        QString error;
        const auto parsed = InjectionSpec::parse(text, error);
        QVERIFY2(parsed, qPrintable(error));
        QVERIFY2(!parsed->spelling,
            qPrintable(parsed->spelling ? parsed->spelling->kind + parsed->spelling->rest : QString()));
        QVERIFY(*parsed == built);
        QCOMPARE(parsed->text(), text);
    }
    /// Text that is not canonical is written back as it was written (a run traces what its user wrote):
    /// only the time and paused=true come from the fields then.
    void keepsHowItWasWritten()
    {
        for (const char* written : { "fail-payment@2s,count=1", "drop, topic=orders.events",
                 "reset-offset,topic=t,group=g,to=earliest", "drop,probability=0.50", "crash,for=3000ms,service=a" }) {
            QString error;
            auto spec = InjectionSpec::parse(QLatin1String(written), error);
            QVERIFY2(spec, qPrintable(error));
            QVERIFY(spec->spelling);
            QCOMPARE(spec->text(), QLatin1String(written));
        }
        auto spec = InjectionSpec::parse(QStringLiteral("fail-payment@2s,count=1"));
        QVERIFY(spec);
        QCOMPARE(spec->at, 2 * kSecond);
        spec->setAt(5 * kSecond);
        QCOMPARE(spec->text(), QStringLiteral("fail-payment@5000000us,count=1"));
        spec->atPause = true;
        QCOMPARE(spec->text(), QStringLiteral("fail-payment@5000000us,count=1,paused=true"));
        spec = InjectionSpec::parse(QStringLiteral("drop, topic=orders.events"));
        QVERIFY(spec);
        QVERIFY(!spec->timed);
        spec->setAt(3);
        QCOMPARE(spec->text(), QStringLiteral("drop@3us, topic=orders.events"));
    }
};

QTEST_GUILESS_MAIN(TestInjectionSpec)
#include "tst_injectionspec.moc"
