#include "faults/injectionspec.h"

#include <QTest>

using namespace eventloom;

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

        spec = InjectionSpec::parse(QStringLiteral("crash@2s,service=checkout,point=between-writes,count=2,for=300ms"), error);
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
        QTest::newRow("no equals") << QStringLiteral("drop,orders") << QStringLiteral("bad token 'orders'; expected key=value");
        QTest::newRow("key") << QStringLiteral("drop,colour=red") << QStringLiteral("unknown key 'colour'");
        QTest::newRow("probability") << QStringLiteral("drop,probability=1.5") << QStringLiteral("bad value '1.5' for probability");
        QTest::newRow("count") << QStringLiteral("drop,count=0") << QStringLiteral("bad value '0' for count");
        QTest::newRow("for") << QStringLiteral("crash,service=a,for=long") << QStringLiteral("bad for 'long'");
        QTest::newRow("factor") << QStringLiteral("slow,service=a,factor=-1") << QStringLiteral("bad value '-1' for factor");
        QTest::newRow("service") << QStringLiteral("crash@1s") << QStringLiteral("'crash' needs service=NAME");
        QTest::newRow("idempotency service") << QStringLiteral("idempotency,on=false") << QStringLiteral("'idempotency' needs service=NAME");
        QTest::newRow("idempotency on") << QStringLiteral("idempotency,service=payment")
                                        << QStringLiteral("'idempotency' needs on=true or on=false");
        QTest::newRow("point value") << QStringLiteral("crash,service=checkout,point=later")
                                     << QStringLiteral("bad value 'later' for point; expected between-writes");
        QTest::newRow("point kind") << QStringLiteral("drop,point=between-writes")
                                    << QStringLiteral("point= applies only to 'crash'");
        QTest::newRow("on value") << QStringLiteral("idempotency,service=payment,on=maybe")
                                  << QStringLiteral("bad value 'maybe' for on; expected true or false");
    }
    void errorsNameTheBadToken()
    {
        QFETCH(QString, spec);
        QFETCH(QString, message);
        QString error;
        QVERIFY(!InjectionSpec::parse(spec, error));
        QVERIFY2(error.contains(message), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestInjectionSpec)
#include "tst_injectionspec.moc"
