// Republishing a dead letter is an interactive action like a fault: it goes through the injection
// queue as `republish,index=N[,payload=BASE64URL]`, is traced at the time it took effect, and a run
// that schedules the traced specs reproduces the live run exactly.

#include "faults/faultinjector.h"
#include "scenario/scenariobuilder.h"
#include "scenario/scenarioloader.h"
#include "scenario/shippedscenarios.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace eventloom;

namespace {
struct Recorder : TraceObserver {
    std::vector<std::string> injections;
    int republished = 0;
    void onTrace(const TraceRecord& r, const Simulation& sim) override
    {
        if (r.kind == TraceKind::Injection)
            injections.emplace_back(sim.log().text(r.detail));
        if (r.kind == TraceKind::Republished)
            ++republished;
    }
};

QString encoded(const QJsonObject& payload)
{
    return QString::fromLatin1(QJsonDocument(payload)
                                   .toJson(QJsonDocument::Compact)
                                   .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}
}

class TestRepublish : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void parses()
    {
        QString error;
        const auto spec = InjectionSpec::parse(
            QStringLiteral("republish,index=2,payload=") + encoded({ { QStringLiteral("a"), 1 } }), error);
        QVERIFY2(spec, qPrintable(error));
        QCOMPARE(spec->kind, InjectionSpec::Kind::Republish);
        QCOMPARE(*spec->index, 2);
        QCOMPARE(QJsonDocument::fromJson(spec->payload).object().value(QStringLiteral("a")).toInt(), 1);
        QVERIFY(!InjectionSpec::parse(QStringLiteral("republish"), error));
        QVERIFY(error.contains(QStringLiteral("index=")));
        QVERIFY(!InjectionSpec::parse(QStringLiteral("republish,index=0,payload=not,json"), error));
    }

    void replayReproducesRepublishes()
    {
        const auto loaded
            = ScenarioLoader::loadFile(ShippedScenarios::resolve(QStringLiteral("13-poison-message-dead-letter")));
        QVERIFY(loaded.ok());
        const Scenario& scenario = *loaded.scenario;
        auto live = ScenarioBuilder::build(scenario, scenario.seed);
        Recorder recorder;
        live->addObserver(&recorder);
        // Refused while there is no dead letter yet: nothing happens, nothing is traced.
        QCOMPARE(live->injectionQueue().enqueue(QStringLiteral("republish,index=0")), QString());
        live->runUntil(kSecond);
        QCOMPARE(live->injectionQueue().takeRefusals().size(), 1);
        live->runUntil(6 * kSecond);
        QCOMPARE(live->deadLetters().size(), std::size_t(3));
        QCOMPARE(live->injectionQueue().enqueue(QStringLiteral("republish,index=1")), QString());
        live->runUntil(6500 * kMillisecond);
        QJsonObject edited = live->log().payloadJson(live->log().at(live->deadLetters()[0].message));
        edited.insert(QStringLiteral("note"), QStringLiteral("fixed by hand"));
        QCOMPARE(
            live->injectionQueue().enqueue(QStringLiteral("republish,index=0,payload=") + encoded(edited)), QString());
        live->runUntil(8 * kSecond);
        QCOMPARE(recorder.republished, 2);
        const std::uint32_t last = static_cast<std::uint32_t>(live->log().size()) - 1;
        bool found = false;
        for (std::uint32_t i = 0; i <= last; ++i)
            if (live->log().payloadJson(live->log().at(i)).value(QStringLiteral("note")).toString()
                == QStringLiteral("fixed by hand"))
                found = true;
        QVERIFY(found);

        QStringList upFront;
        for (const InjectionSpec& s : scenario.injections)
            upFront << s.text();
        QStringList interactive;
        for (const std::string& text : recorder.injections) {
            const QString t = QString::fromStdString(text);
            if (!upFront.removeOne(t))
                interactive << t;
        }
        QCOMPARE(interactive.size(), 2);
        QVERIFY(interactive[0].startsWith(QStringLiteral("republish@")));

        auto replay = ScenarioBuilder::build(scenario, scenario.seed);
        Recorder again;
        replay->addObserver(&again);
        for (const QString& text : interactive) {
            QString error;
            const auto spec = InjectionSpec::parse(text, error);
            QVERIFY2(spec, qPrintable(error));
            QCOMPARE(FaultInjector::schedule(*spec, *replay), QString());
        }
        replay->runUntil(8 * kSecond);
        QCOMPARE(again.republished, 2);
        QCOMPARE(replay->fingerprint(), live->fingerprint());
    }
};

QTEST_GUILESS_MAIN(TestRepublish)
#include "tst_republish.moc"
