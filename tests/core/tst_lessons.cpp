#include "lessons/checkjudge.h"
#include "lessons/checkstate.h"
#include "lessons/lessonfigures.h"
#include "lessons/variantoverrides.h"
#include "scenario/scenariobuilder.h"
#include "scenario/scenarioloader.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QTest>

using namespace eventloom;

namespace {
/// A small shop scenario; `extra` is spliced in as further top-level fields.
QByteArray scenario(const QByteArray& extra)
{
    return R"({
  "id": "mini",
  "topics": [ { "id": "orders.events", "partitions": 2 } ],
  "services": [
    { "id": "order", "rules": [ { "on": "PlaceOrder",
        "publish": { "topic": "orders.events", "type": "OrderCreated", "key": "$.orderId", "data": "$" } } ] },
    { "id": "audit", "subscriptions": [ { "topic": "orders.events" } ] }
  ],
  "workload": { "orders": 20, "rate": 100 },
)" + extra
        + "\n}";
}

QStringList messages(const ScenarioLoader::Result& r)
{
    QStringList out;
    for (const Diagnostic& d : r.errors)
        out << d.toString();
    return out;
}
}

Q_DECLARE_METATYPE(eventloom::ScenarioCheck::When)
Q_DECLARE_METATYPE(eventloom::CheckJudge::Standing)

class TestLessons : public QObject {
    Q_OBJECT
private Q_SLOTS:
    /// A learner is not told a check fails before its time: an `end` check waits for the end, an
    /// `always` check holds so far until the first moment it does not, and stays failed after it.
    void aCheckIsNotAccusedBeforeItsTime_data()
    {
        using S = CheckJudge::Standing;
        using W = ScenarioCheck::When;
        QTest::addColumn<W>("when");
        QTest::addColumn<bool>("passed");
        QTest::addColumn<bool>("ended");
        QTest::addColumn<bool>("failedBefore");
        QTest::addColumn<S>("standing");
        QTest::newRow("end, fails mid-run") << W::End << false << false << false << S::Pending;
        QTest::newRow("end, holds mid-run") << W::End << true << false << false << S::Pending;
        QTest::newRow("end, holds at the end") << W::End << true << true << false << S::Holds;
        QTest::newRow("end, fails at the end") << W::End << false << true << false << S::Failed;
        QTest::newRow("end, failed mid-run, holds at the end") << W::End << true << true << true << S::Holds;
        QTest::newRow("always, holds mid-run") << W::Always << true << false << false << S::HoldsSoFar;
        QTest::newRow("always, fails mid-run") << W::Always << false << false << false << S::Failed;
        QTest::newRow("always, failed, holds again") << W::Always << true << false << true << S::Failed;
        QTest::newRow("always, held to the end") << W::Always << true << true << false << S::Holds;
        QTest::newRow("always, failed once, holds at the end") << W::Always << true << true << true << S::Failed;
    }
    void aCheckIsNotAccusedBeforeItsTime()
    {
        QFETCH(ScenarioCheck::When, when);
        QFETCH(bool, passed);
        QFETCH(bool, ended);
        QFETCH(bool, failedBefore);
        QFETCH(CheckJudge::Standing, standing);
        QCOMPARE(CheckJudge::standing(when, passed, ended, failedBefore), standing);
    }

    void readsALesson()
    {
        const auto r = ScenarioLoader::loadText(scenario(R"(
  "checks": [
    { "id": "all-delivered", "title": "Every order reached audit", "expect": "deliveries == 20" },
    { "id": "quiet", "expect": "groups.audit.lag == 0", "when": "always" }
  ],
  "lesson": {
    "title": "Fan-out",
    "goals": [ "See a publish reach a subscriber" ],
    "concepts": [ "fan-out", "consumer groups" ],
    "steps": [
      { "title": "Watch", "text": [ "Line one", "", "**Line three**" ], "checks": [ "all-delivered" ] },
      { "title": "Guess", "text": "Short", "action": "Press Play", "inject": "crash@1s,service=audit,for=1s",
        "question": { "prompt": "How many?", "choices": [ "10", "20" ], "answer": 1, "explanation": "One per order." } }
    ]
  })"),
            QStringLiteral("mini.json"));
        QVERIFY2(r.ok(), qPrintable(messages(r).join(u'\n')));
        const Scenario& s = *r.scenario;
        QCOMPARE(s.checks.size(), std::size_t(2));
        QCOMPARE(s.checks[0].title, QStringLiteral("Every order reached audit"));
        QCOMPARE(s.checks[1].title, QStringLiteral("quiet")); // the id when there is no title
        QCOMPARE(s.checks[1].when, ScenarioCheck::When::Always);
        QVERIFY(s.lesson);
        QCOMPARE(s.lesson->title, QStringLiteral("Fan-out"));
        QCOMPARE(s.lesson->goals, QStringList { QStringLiteral("See a publish reach a subscriber") });
        QCOMPARE(s.lesson->concepts, (QStringList { QStringLiteral("fan-out"), QStringLiteral("consumer groups") }));
        QCOMPARE(s.lesson->steps.size(), std::size_t(2));
        QCOMPARE(s.lesson->steps[0].text, QStringLiteral("Line one\n\n**Line three**"));
        QCOMPARE(s.lesson->steps[0].checks, QStringList { QStringLiteral("all-delivered") });
        QVERIFY(!s.lesson->steps[0].question);
        // The step's injection is read as a struct, checked against the scenario, and written as the lesson wrote it.
        QVERIFY(s.lesson->steps[1].inject);
        QCOMPARE(s.lesson->steps[1].inject->kind, InjectionSpec::Kind::Crash);
        QCOMPARE(s.lesson->steps[1].inject->service, QStringLiteral("audit"));
        QCOMPARE(s.lesson->steps[1].inject->at, SimTime(1'000'000));
        QVERIFY(s.lesson->steps[1].inject->timed);
        QCOMPARE(s.lesson->steps[1].inject->text(), QStringLiteral("crash@1s,service=audit,for=1s"));
        QVERIFY(!s.lesson->steps[0].inject);
        QVERIFY(s.lesson->steps[1].question);
        QCOMPARE(s.lesson->steps[1].question->choices.size(), 2);
        QCOMPARE(s.lesson->steps[1].question->answer, 1);
    }

    void reportsEveryLessonErrorWithItsPosition()
    {
        const QByteArray text = scenario(R"(
  "checks": [
    { "id": "a", "expect": "sagaz.compensated >= 1" },
    { "id": "a", "expect": "events = 3" },
    { "id": "b", "expect": "events > 1", "when": "sometimes", "titel": "x" }
  ],
  "lesson": {
    "steps": [
      { "title": "One", "text": "t", "checks": [ "b", "c" ],
        "question": { "prompt": "p", "choices": [ "only" ], "answer": 3, "explanation": "e" } },
      { "title": "Two", "text": "t", "inject": "fail,service=audit" }
    ]
  })");
        const auto r = ScenarioLoader::loadText(text, QStringLiteral("bad.json"));
        QVERIFY(!r.ok());
        const QStringList expected {
            QStringLiteral("bad.json:12:29: error: checks[0].expect: unknown name 'sagaz' (did you mean 'sagas'?)"),
            QStringLiteral("bad.json:13:13: error: checks[1].id: duplicate check id 'a'"),
            QStringLiteral("bad.json:13:36: error: checks[1].expect: '=' is not an operator: compare with '=='"),
            QStringLiteral("bad.json:14:63: error: checks[2].titel: unknown field 'titel' (did you mean 'title'?)"),
            QStringLiteral("bad.json:14:50: error: checks[2].when: expected \"end\" or \"always\""),
            QStringLiteral(
                "bad.json:19:49: error: lesson.steps[0].question.choices: a question needs at least two choices"),
            QStringLiteral("bad.json:19:71: error: lesson.steps[0].question.answer: must be between 0 and 0, got 3"),
            QStringLiteral(
                "bad.json:18:55: error: lesson.steps[0].checks[1]: no check with id 'c' in this scenario's 'checks'"),
            QStringLiteral(
                "bad.json:20:48: error: lesson.steps[1].inject: a 'declarative' service has no operation that can fail "
                "(inventory, payment, shipping and resource services do)"),
        };
        QCOMPARE(messages(r), expected);
    }

    /// A lesson's concepts are a few words each, a handful of them, with no figure: the start page lists them.
    void refusesBadConceptsWithTheirPositions()
    {
        const auto r = ScenarioLoader::loadText(scenario(R"(
  "lesson": {
    "figures": { "handled": "deliveries" },
    "concepts": [ "fan-out", "", 3, "a concept that goes on and on and on, far too long", "{{handled}} events" ],
    "steps": [ { "title": "One", "text": "t" } ]
  })"),
            QStringLiteral("concepts.json"));
        QVERIFY(!r.ok());
        const QStringList expected {
            QStringLiteral("concepts.json:13:30: error: lesson.concepts[1]: expected a non-empty string"),
            QStringLiteral("concepts.json:13:34: error: lesson.concepts[2]: expected a non-empty string"),
            QStringLiteral("concepts.json:13:37: error: lesson.concepts[3]: a concept is a few words, at most 40 "
                           "characters, got 50"),
            QStringLiteral("concepts.json:13:92: error: lesson.concepts[4]: figures are filled in only in a step's "
                           "text, its action and a question's explanation (a title, a prompt, a choice or a unit is "
                           "read before the run has a value, and a choice would give the answer away)"),
        };
        QCOMPARE(messages(r), expected);
        const auto many = ScenarioLoader::loadText(scenario(R"(
  "lesson": {
    "concepts": [ "a", "b", "c", "d", "e", "f", "g", "h", "i" ],
    "steps": [ { "title": "One", "text": "t" } ]
  })"),
            QStringLiteral("many.json"));
        QCOMPARE(messages(many),
            QStringList { QStringLiteral("many.json:12:17: error: lesson.concepts: at most 8 entries, got 9") });
    }

    void readsFiguresAndFillsThemFromTheRun()
    {
        const auto r = ScenarioLoader::loadText(scenario(R"(
  "lesson": {
    "figures": { "handled": "deliveries", "late": { "value": "latency.p50Us + 1500", "format": "duration" },
                 "share": { "value": "deliveries / 3", "format": "decimal" }, "ghost": "services.audit.nothing" },
    "steps": [ { "title": "Watch", "text": [ "Audit handled {{handled}} events,", "{{ share }} a third" ],
                 "action": "Expect {{late}}",
                 "question": { "prompt": "How many?", "choices": [ "10", "20" ], "answer": 1, "explanation": "{{handled}}, one per order." } } ]
  })"),
            QStringLiteral("mini.json"));
        QVERIFY2(r.ok(), qPrintable(messages(r).join(u'\n')));
        const Lesson& lesson = *r.scenario->lesson;
        QCOMPARE(lesson.figures.size(), std::size_t(4));
        auto sim = ScenarioBuilder::build(*r.scenario, std::nullopt);
        sim->runToQuiescence(1'000'000);
        const QJsonObject values = LessonFigures::evaluate(lesson.figures, *sim);
        QCOMPARE(values.value(QStringLiteral("handled")).toInteger(), 20);
        // An unclosed placeholder runs to the end of the text.
        const auto open = LessonFigures::placeholders(QStringLiteral("a {{b}} c {{d"));
        QCOMPARE(open.size(), std::size_t(2));
        QVERIFY(open[0].closed && open[0].name == QStringLiteral("b") && open[0].offset == 2 && open[0].length == 5);
        QVERIFY(!open[1].closed && open[1].offset == 10);
        QVERIFY(!values.contains(QStringLiteral("ghost"))); // a name this run's state lacks: no value, no guess
        const QJsonObject texts = LessonFigures::texts(lesson.figures, values);
        QCOMPARE(texts.value(QStringLiteral("share")).toString(), QStringLiteral("6.7"));
        QCOMPARE(texts.value(QStringLiteral("late")).toString(), QStringLiteral("1.5 ms")); // p50 of no orders is 0
        QCOMPARE(LessonFigures::fill(lesson.steps[0].text, texts, QStringLiteral("…")),
            QStringLiteral("Audit handled 20 events,\n6.7 a third"));
        QCOMPARE(LessonFigures::fill(QStringLiteral("{{ghost}} and {{handled}}"), texts, QStringLiteral("?")),
            QStringLiteral("? and 20"));
    }

    void formatsFigures_data()
    {
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<int>("format");
        QTest::addColumn<QString>("text");
        using F = LessonFigure::Format;
        QTest::newRow("whole number") << QJsonValue(1161000) << int(F::Number) << QStringLiteral("1,161,000");
        QTest::newRow("fraction") << QJsonValue(2.345) << int(F::Number) << QStringLiteral("2.3");
        QTest::newRow("integer rounds") << QJsonValue(14.6) << int(F::Integer) << QStringLiteral("15");
        QTest::newRow("decimal") << QJsonValue(56) << int(F::Decimal) << QStringLiteral("56.0");
        QTest::newRow("microseconds") << QJsonValue(820) << int(F::Duration) << QStringLiteral("820 µs");
        QTest::newRow("milliseconds") << QJsonValue(13104) << int(F::Duration) << QStringLiteral("13.1 ms");
        QTest::newRow("whole ms") << QJsonValue(40000) << int(F::Duration) << QStringLiteral("40 ms");
        QTest::newRow("seconds") << QJsonValue(24'312'000) << int(F::Duration) << QStringLiteral("24.3 s");
        QTest::newRow("boolean") << QJsonValue(true) << int(F::Number) << QStringLiteral("yes");
    }
    void formatsFigures()
    {
        QFETCH(QJsonValue, value);
        QFETCH(int, format);
        QFETCH(QString, text);
        QCOMPARE(LessonFigures::format(value, static_cast<LessonFigure::Format>(format)), text);
    }

    void reportsFigureErrorsWithTheirPositions()
    {
        const QByteArray text = scenario(R"(
  "lesson": {
    "figures": { "n": "deliveriez", "bad name": "events", "p": { "value": "events +", "format": "percent" }, "q": 3 },
    "steps": [ { "title": "T {{n}}", "text": [ "ok {{n}}", "see {{m}} and {{}}" ], "action": "{{x}}",
                 "question": { "prompt": "{{n}}?", "choices": [ "{{n}}", "b" ], "answer": 1, "explanation": "{{nn}}" } } ]
  })");
        const auto r = ScenarioLoader::loadText(text, QStringLiteral("bad.json"));
        QVERIFY(!r.ok());
        const QString onlyThere = QStringLiteral(
            ": figures are filled in only in a step's text, its action and a question's explanation (a title, "
            "a prompt, a choice or a unit is read before the run has a value, and a choice would give the answer "
            "away)");
        const QStringList expected {
            QStringLiteral("bad.json:12:37: error: lesson.figures.bad name: a figure's name is a letter followed by "
                           "letters and digits"),
            QStringLiteral(
                "bad.json:12:24: error: lesson.figures.n: unknown name 'deliveriez' (did you mean 'deliveries'?)"),
            QStringLiteral("bad.json:12:97: error: lesson.figures.p.format: expected \"number\", \"integer\", "
                           "\"decimal\" or \"duration\""),
            QStringLiteral("bad.json:12:84: error: lesson.figures.p.value: expression ends too early"),
            QStringLiteral("bad.json:12:115: error: lesson.figures.q: expected an expression, or an object {\"value\": "
                           "…, \"format\": …}"),
            QStringLiteral("bad.json:14:43: error: lesson.steps[0].question.prompt") + onlyThere,
            QStringLiteral("bad.json:14:66: error: lesson.steps[0].question.choices[0]") + onlyThere,
            QStringLiteral("bad.json:14:110: error: lesson.steps[0].question.explanation: no figure named 'nn' in "
                           "lesson.figures (did you mean 'n'?)"),
            QStringLiteral("bad.json:13:30: error: lesson.steps[0].title") + onlyThere,
            QStringLiteral("bad.json:13:65: error: lesson.steps[0].text[1]: no figure named 'm' in lesson.figures"),
            QStringLiteral("bad.json:13:75: error: lesson.steps[0].text[1]: '{{}}' names no figure: write {{name}} "
                           "with a name from lesson.figures"),
            QStringLiteral("bad.json:13:95: error: lesson.steps[0].action: no figure named 'x' in lesson.figures"),
        };
        QCOMPARE(messages(r), expected);
    }

    void readsAnEstimateQuestion()
    {
        const auto r = ScenarioLoader::loadText(scenario(R"(
  "lesson": {
    "figures": { "handled": "deliveries", "p50": { "value": "latency.p50Us", "format": "duration" } },
    "steps": [
      { "title": "Guess", "text": "t",
        "question": { "prompt": "How many deliveries?", "estimate": { "figure": "handled", "tolerance": 5 },
                      "unit": "deliveries", "explanation": "{{handled}}: one per order." } },
      { "title": "Fast?", "text": "t",
        "question": { "prompt": "How long at p50?", "estimate": { "figure": "p50", "tolerance": "2ms", "tolerancePercent": 10 },
                      "explanation": "{{p50}}" } },
      { "title": "Pick", "text": "t", "question": { "prompt": "p", "choices": [ "a", "b" ], "answer": 0, "explanation": "e" } }
    ]
  })"),
            QStringLiteral("mini.json"));
        QVERIFY2(r.ok(), qPrintable(messages(r).join(u'\n')));
        const Lesson& lesson = *r.scenario->lesson;
        const LessonQuestion& count = *lesson.steps[0].question;
        QVERIFY(count.estimate);
        QVERIFY(count.choices.isEmpty());
        QCOMPARE(count.estimate->figure, QStringLiteral("handled"));
        QCOMPARE(count.estimate->tolerance, 5.0);
        QCOMPARE(count.estimate->tolerancePercent, 0.0);
        QCOMPARE(count.estimate->unit, QStringLiteral("deliveries"));
        // A duration's tolerance is a duration, in the figure's own unit (microseconds).
        const LessonEstimate& p50 = *lesson.steps[1].question->estimate;
        QCOMPARE(p50.tolerance, 2000.0);
        QCOMPARE(p50.tolerancePercent, 10.0);
        QVERIFY(!lesson.steps[2].question->estimate); // multiple choice as before
        QCOMPARE(lesson.steps[2].question->choices.size(), 2);
    }

    void judgesAnEstimateWithinItsBand_data()
    {
        QTest::addColumn<double>("tolerance");
        QTest::addColumn<double>("percent");
        QTest::addColumn<double>("estimate");
        QTest::addColumn<double>("actual");
        QTest::addColumn<double>("band");
        QTest::addColumn<bool>("right");
        QTest::newRow("absolute, inside") << 5.0 << 0.0 << 24.0 << 20.0 << 5.0 << true;
        QTest::newRow("absolute, on the edge") << 5.0 << 0.0 << 15.0 << 20.0 << 5.0 << true;
        QTest::newRow("absolute, outside") << 5.0 << 0.0 << 26.0 << 20.0 << 5.0 << false;
        QTest::newRow("exact only") << 0.0 << 0.0 << 1.0 << 1.0 << 0.0 << true;
        QTest::newRow("exact only, missed") << 0.0 << 0.0 << 2.0 << 1.0 << 0.0 << false;
        QTest::newRow("percent") << 0.0 << 25.0 << 120.0 << 96.0 << 24.0 << true;
        QTest::newRow("percent of a negative value") << 0.0 << 50.0 << -15.0 << -10.0 << 5.0 << true;
        QTest::newRow("the larger band wins: absolute") << 10.0 << 10.0 << 28.0 << 20.0 << 10.0 << true;
        QTest::newRow("the larger band wins: percent") << 10.0 << 10.0 << 1090.0 << 1000.0 << 100.0 << true;
        QTest::newRow("both, outside") << 10.0 << 10.0 << 1101.0 << 1000.0 << 100.0 << false;
        QTest::newRow("a decimal typed in") << 0.1 << 0.0 << 1.3 << 1.2 << 0.1 << true;
    }
    void judgesAnEstimateWithinItsBand()
    {
        QFETCH(double, tolerance);
        QFETCH(double, percent);
        QFETCH(double, estimate);
        QFETCH(double, actual);
        QFETCH(double, band);
        QFETCH(bool, right);
        LessonEstimate e;
        e.tolerance = tolerance;
        e.tolerancePercent = percent;
        QCOMPARE(e.band(actual), band);
        QCOMPARE(e.accepts(estimate, actual), right);
    }

    void refusesBadEstimatesWithTheirPositions()
    {
        const QByteArray text = scenario(R"(
  "lesson": {
    "figures": { "handled": "deliveries", "p50": { "value": "latency.p50Us", "format": "duration" } },
    "steps": [
      { "title": "Both", "text": "t", "question": { "prompt": "p", "choices": [ "a", "b" ], "answer": 0,
          "estimate": { "figure": "handled", "tolerance": 1 }, "explanation": "e" } },
      { "title": "Neither", "text": "t", "question": { "prompt": "p", "explanation": "e" } },
      { "title": "Unknown", "text": "t", "question": { "prompt": "p", "estimate": { "figure": "handeld", "tolerance": 1 }, "explanation": "e" } },
      { "title": "Negative", "text": "t", "question": { "prompt": "p", "estimate": { "figure": "handled", "tolerance": -1 }, "explanation": "e" } },
      { "title": "Over", "text": "t", "question": { "prompt": "p", "estimate": { "figure": "handled", "tolerancePercent": 150 }, "explanation": "e" } },
      { "title": "No band", "text": "t", "question": { "prompt": "p", "estimate": { "figure": "handled" }, "explanation": "e" } },
      { "title": "Keys", "text": "t", "question": { "prompt": "p", "estimate": { "figure": "handled", "tolerence": 1 }, "units": "x", "explanation": "e" } },
      { "title": "Unit", "text": "t", "question": { "prompt": "p", "estimate": { "figure": "handled", "tolerance": 1 }, "unit": "{{handled}}", "explanation": "e" } },
      { "title": "Duration", "text": "t", "question": { "prompt": "p", "estimate": { "figure": "p50", "tolerance": "fast" }, "unit": "ms", "explanation": "e" } },
      { "title": "Chosen unit", "text": "t", "question": { "prompt": "p", "choices": [ "a", "b" ], "answer": 0, "unit": "x", "explanation": "e" } }
    ]
  })");
        const auto r = ScenarioLoader::loadText(text, QStringLiteral("bad.json"));
        QVERIFY(!r.ok());
        const QString at = QStringLiteral("bad.json:%1:%2: error: lesson.steps[%3].question");
        const QStringList expected {
            at.arg(14).arg(51).arg(0)
                + QStringLiteral(": a question has either 'choices' and 'answer' (multiple choice) or an 'estimate' (a "
                                 "number), not both"),
            at.arg(16).arg(54).arg(1)
                + QStringLiteral(
                    ": a question needs 'choices' and 'answer' (multiple choice) or an 'estimate' (a number)"),
            at.arg(17).arg(95).arg(2)
                + QStringLiteral(".estimate.figure: no figure named 'handeld' in lesson.figures (the right answer is "
                                 "always the run's value of a figure)"
                                 " (did you mean 'handled'?)"),
            at.arg(18).arg(120).arg(3)
                + QStringLiteral(".estimate.tolerance: expected a number of at least 0 (how far off a right estimate "
                                 "may be), at most 10^12"),
            at.arg(19).arg(123).arg(4)
                + QStringLiteral(".estimate.tolerancePercent: expected a number between 0 and 100"),
            at.arg(20).arg(83).arg(5)
                + QStringLiteral(".estimate: an estimate needs a 'tolerance' (absolute) or a 'tolerancePercent' (of "
                                 "the run's value), or both"),
            at.arg(21).arg(121).arg(6) + QStringLiteral(".units: unknown field 'units' (did you mean 'unit'?)"),
            at.arg(21).arg(103).arg(6)
                + QStringLiteral(".estimate.tolerence: unknown field 'tolerence' (did you mean 'tolerance'?)"),
            at.arg(21).arg(80).arg(6)
                + QStringLiteral(".estimate: an estimate needs a 'tolerance' (absolute) or a 'tolerancePercent' (of "
                                 "the run's value), or both"),
            at.arg(22).arg(130).arg(7)
                + QStringLiteral(
                    ".unit: figures are filled in only in a step's text, its action and a question's explanation (a "
                    "title, a prompt, a choice "
                    "or a unit is read before the run has a value, and a choice would give the answer away)"),
            at.arg(23).arg(116).arg(8)
                + QStringLiteral(".estimate.tolerance: expected a duration such as \"250ms\", \"2s\", \"1min\" or "
                                 "whole microseconds"),
            at.arg(23).arg(134).arg(8)
                + QStringLiteral(
                    ".unit: a duration is estimated in milliseconds, its unit shown by the panel: leave 'unit' out"),
            at.arg(24).arg(121).arg(9)
                + QStringLiteral(".unit: 'unit' belongs to an estimate question: a multiple-choice one has none"),
        };
        QCOMPARE(messages(r), expected);
    }

    void readsVariantsAndRefusesBadOnesWithTheirPositions()
    {
        const QByteArray good = scenario(R"(
  "checks": [ { "id": "all", "expect": "audit.handled.OrderCreated == workload.ordersSent" } ],
  "lesson": {
    "steps": [ { "title": "One", "text": "t", "checks": [ "all" ] },
               { "title": "Two", "text": "t", "variant": "down" } ],
    "variants": [
      { "id": "shipped", "title": "As shipped", "role": "recommended", "fails": [] },
      { "id": "down", "title": "Audit down", "role": "warned", "set": [ "workload.orders=30" ],
        "inject": [ "crash@0s,service=audit,for=60min" ], "fails": [ "all" ] }
    ]
  })");
        const auto ok = ScenarioLoader::loadText(good, QStringLiteral("good.json"));
        QVERIFY2(ok.ok(), qPrintable(messages(ok).join(u'\n')));
        const std::vector<LessonVariant>& variants = ok.scenario->lesson->variants;
        QCOMPARE(variants.size(), std::size_t(2));
        QVERIFY(variants[0].asShipped());
        QCOMPARE(variants[0].role, LessonVariant::Role::Recommended);
        QCOMPARE(variants[1].role, LessonVariant::Role::Warned);
        QCOMPARE(variants[1].set, QStringList { QStringLiteral("workload.orders=30") });
        QCOMPARE(variants[1].inject, QStringList { QStringLiteral("crash@0s,service=audit,for=60min") });
        QCOMPARE(variants[1].fails, QStringList { QStringLiteral("all") });
        QVERIFY(ok.scenario->lesson->steps[0].variant.isEmpty());
        QCOMPARE(ok.scenario->lesson->steps[1].variant, QStringLiteral("down"));
        QCOMPARE(ok.scenario->lesson->variant(QStringLiteral("down")), &variants[1]);
        QVERIFY(!ok.scenario->lesson->variant(QStringLiteral("up")));
        // As overrides alone (how the window runs a variant): its injections appended to the scenario's own.
        QVERIFY(variantOverrides(variants[0], 2).isEmpty());
        QCOMPARE(variantOverrides(variants[1], 2),
            QStringList({ QStringLiteral("workload.orders=30"),
                QStringLiteral("injections.2=crash@0s,service=audit,for=60min") }));
        QCOMPARE(variantOverrides(variants[1], 0),
            QStringList({ QStringLiteral("workload.orders=30"),
                QStringLiteral(R"(injections=["crash@0s,service=audit,for=60min"])") }));

        const QByteArray bad = scenario(R"(
  "checks": [ { "id": "all", "expect": "audit.handled.OrderCreated == workload.ordersSent" } ],
  "lesson": {
    "steps": [ { "title": "One", "text": "t", "variant": "cc" },
               { "title": "Two", "text": "t", "variant": "a", "inject": "crash,service=audit" } ],
    "variants": [
      { "id": "a", "title": "t", "role": "warned", "fails": [] },
      { "id": "a", "title": "t", "role": "recommended", "set": [ "services.ghost.latency=1ms" ], "fails": [ "al" ] },
      { "id": "c", "title": "t", "role": "sometimes", "inject": [ "explode,service=audit" ], "fails": [] },
      { "id": "d", "title": "t", "role": "warned" }
    ]
  })");
        const auto r = ScenarioLoader::loadText(bad, QStringLiteral("bad.json"));
        QVERIFY(!r.ok());
        const QStringList got = messages(r);
        const QStringList expected {
            QStringLiteral("lesson.variants[0].fails: a warned-about variant fails at least one check: name it"),
            QStringLiteral("lesson.variants[1].id: duplicate variant id 'a'"),
            QStringLiteral("lesson.variants[1].set[0]: no element with id 'ghost' in services"),
            QStringLiteral(
                "lesson.variants[1].fails[0]: no check with id 'al' in this scenario's 'checks' (did you mean 'all'?)"),
            QStringLiteral("lesson.variants[1].fails: a recommended variant passes every check: 'fails' must be []"),
            QStringLiteral("lesson.variants[3]: only one variant may be the scenario as shipped"),
            QStringLiteral("lesson.variants[2].role: expected \"warned\" or \"recommended\""),
            QStringLiteral("lesson.variants[2].inject[0]: "),
            QStringLiteral("lesson.variants[3]: missing required field 'fails'"),
            QStringLiteral("lesson.steps[0].variant: no variant with id 'cc' in lesson.variants (did you mean 'c'?)"),
            QStringLiteral("lesson.steps[1]: a step names at most one of 'inject' (a fault in this run) and 'variant'"),
        };
        for (const QString& e : expected)
            QVERIFY2(std::any_of(got.begin(), got.end(),
                         [&](const QString& m) { return m.contains(QStringLiteral(": error: ") + e); }),
                qPrintable(e + QStringLiteral("\nnot in:\n") + got.join(u'\n')));
        // Every message has a line and a column.
        for (const QString& m : got)
            QVERIFY2(QRegularExpression(QStringLiteral("^bad\\.json:\\d+:\\d+: error: ")).match(m).hasMatch(),
                qPrintable(m));
    }

    void stateHasCountersServicesAndReadModels()
    {
        const auto r
            = ScenarioLoader::loadFile(QStringLiteral(EVENTLOOM_SOURCE_DIR "/scenarios/05-cqrs-read-models.json"));
        QVERIFY2(r.ok(), qPrintable(messages(r).join(u'\n')));
        auto sim = ScenarioBuilder::build(*r.scenario);
        sim->runUntil(2 * kSecond);
        const QJsonObject state = CheckState::of(*sim);
        QCOMPARE(state.value(QStringLiteral("events")).toInteger(), static_cast<qint64>(sim->counters().events));
        QCOMPARE(state.value(QStringLiteral("simTimeUs")).toInteger(), 2 * kSecond);
        // Every service under `services`, and by its id alone.
        const QJsonObject services = state.value(QStringLiteral("services")).toObject();
        QCOMPARE(static_cast<std::size_t>(services.size()), sim->serviceCount());
        QCOMPARE(state.value(QStringLiteral("inventory")), services.value(QStringLiteral("inventory")));
        QVERIFY(services.value(QStringLiteral("inventory")).toObject().value(QStringLiteral("up")).toBool());
        // Read models by id and in camelCase, with their lag.
        const QJsonObject models = state.value(QStringLiteral("readModels")).toObject();
        QVERIFY2(!models.isEmpty(), "05 has read models");
        for (auto it = models.begin(); it != models.end(); ++it) {
            const QJsonObject m = it.value().toObject();
            QVERIFY(m.contains(QStringLiteral("lag")));
            QCOMPARE(m.value(QStringLiteral("caughtUp")).toBool(), m.value(QStringLiteral("lag")).toInteger() == 0);
            if (it.key().contains(u'-'))
                QCOMPARE(models.value(CheckState::camelCase(it.key())), it.value());
        }
        QCOMPARE(CheckState::camelCase(QStringLiteral("order-history")), QStringLiteral("orderHistory"));
        // Limited to what an expression reads: the same values, and nothing else is built.
        const QSet<QString> only { QStringLiteral("events"), QStringLiteral("inventory") };
        const QJsonObject some = CheckState::of(*sim, &only);
        QCOMPARE(some.value(QStringLiteral("events")), state.value(QStringLiteral("events")));
        QCOMPARE(some.value(QStringLiteral("inventory")), state.value(QStringLiteral("inventory")));
        QVERIFY(!some.contains(QStringLiteral("groups")));
        QVERIFY(!some.value(QStringLiteral("services")).toObject().contains(QStringLiteral("payment")));
        QCOMPARE(some.value(QStringLiteral("latency")).toObject().value(QStringLiteral("orders")).toInt(), 0);
    }

    void alwaysChecksFailAtTheFirstBadSampleAndNeverChangeTheRun()
    {
        const auto plain = ScenarioLoader::loadText(scenario(R"("until": "1s")"), QStringLiteral("mini.json"));
        const auto judged = ScenarioLoader::loadText(scenario(R"("until": "1s",
  "checks": [ { "id": "few", "expect": "events < 10", "when": "always" }, { "id": "end", "expect": "events == 20" } ])"),
            QStringLiteral("mini.json"));
        QVERIFY2(judged.ok(), qPrintable(messages(judged).join(u'\n')));
        auto a = ScenarioBuilder::build(*plain.scenario);
        a->runUntil(kSecond);
        auto b = ScenarioBuilder::build(*judged.scenario);
        CheckJudge judge(judged.scenario->checks);
        QVERIFY(judge.hasAlwaysChecks());
        QVERIFY(judge.run(*b, kSecond, 1'000'000));
        QCOMPARE(b->fingerprint(), a->fingerprint());
        QCOMPARE(b->now(), a->now());
        const auto verdicts = judge.finish(*b);
        QCOMPARE(verdicts.size(), std::size_t(2));
        QVERIFY(!verdicts[0].passed);
        QVERIFY2(verdicts[0].detail.startsWith(QStringLiteral("at "))
                && verdicts[0].detail.contains(QStringLiteral("events = 1")),
            qPrintable(verdicts[0].detail));
        QVERIFY(verdicts[1].passed);
        // Live evaluation has no memory: at the end `events < 10` is simply false too.
        QVERIFY(!judge.evaluate(*b)[0].passed);
    }

    void runsToQuiescenceWithSamples()
    {
        const auto judged = ScenarioLoader::loadText(
            scenario(R"("checks": [ { "id": "lag", "expect": "groups.audit.lag <= 20", "when": "always" } ])"),
            QStringLiteral("mini.json"));
        QVERIFY(judged.ok());
        auto a = ScenarioBuilder::build(*judged.scenario);
        a->runToQuiescence();
        auto b = ScenarioBuilder::build(*judged.scenario);
        CheckJudge judge(judged.scenario->checks);
        QVERIFY(judge.run(*b, 0, 1'000'000));
        QCOMPARE(b->fingerprint(), a->fingerprint());
        QCOMPARE(b->now(), a->now());
        QVERIFY(judge.finish(*b)[0].passed);
    }
};

QTEST_GUILESS_MAIN(TestLessons)
#include "tst_lessons.moc"
