// Every number a shipped lesson states is either filled in from the run (a figure, `{{name}}`) or
// asserted against the run, a variant of it or the scenario's configuration (the claims, lessonclaims*.cpp; issue 18,
// item 7; docs/scenario-format.md, "Lessons"). A number in a lesson's text that is neither fails, with the lesson, the
// place and the number.

#include "lessonclaims.h"

#include "lessons/lessonfigures.h"

#include <QTest>

using namespace eventloom;
using namespace eventloom::test;

namespace {

/// Every text of a lesson, with where it is; the choices a question does not accept are left out
/// (a wrong choice is wrong on purpose).
std::vector<FoundNumber> lessonNumbers(const Lesson& lesson)
{
    std::vector<FoundNumber> out;
    const auto add = [&out](const QString& text, const QString& where, const QString& inject = {}) {
        for (FoundNumber& n : numbersIn(text, where, inject))
            out.push_back(std::move(n));
    };
    add(lesson.title, QStringLiteral("title"));
    add(lesson.summary, QStringLiteral("summary"));
    for (qsizetype i = 0; i < lesson.goals.size(); ++i)
        add(lesson.goals[i], QStringLiteral("goals[%1]").arg(i));
    for (std::size_t i = 0; i < lesson.steps.size(); ++i) {
        const LessonStep& s = lesson.steps[i];
        const QString at = QStringLiteral("steps[%1].").arg(i);
        add(s.title, at + QStringLiteral("title"));
        const QString inject = s.inject ? s.inject->text() : QString();
        add(s.text, at + QStringLiteral("text"), inject);
        add(s.action, at + QStringLiteral("action"), inject);
        if (!s.question)
            continue;
        add(s.question->prompt, at + QStringLiteral("question.prompt"));
        if (s.question->estimate)
            add(s.question->estimate->unit, at + QStringLiteral("question.unit"));
        else
            add(s.question->choices.value(s.question->answer),
                at + QStringLiteral("question.choices[%1]").arg(s.question->answer));
        add(s.question->explanation, at + QStringLiteral("question.explanation"));
    }
    return out;
}

/// One row per shipped lesson, by id.
void shippedLessons()
{
    QTest::addColumn<QString>("id");
    for (const auto& lesson : ShippedScenarios::lessons())
        QTest::newRow(qPrintable(lesson.id)) << lesson.id;
}

std::optional<Scenario> loadShipped(const QString& id)
{
    const auto loaded = ScenarioLoader::loadFile(ShippedScenarios::resolve(id));
    if (!loaded.ok())
        return std::nullopt;
    return *loaded.scenario;
}
}

class TestLessonFigures : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void everyFigureHasAValue_data() { shippedLessons(); }
    void everyFigureHasAValue()
    {
        QFETCH(QString, id);
        const auto scenario = loadShipped(id);
        QVERIFY(scenario);
        if (!scenario->lesson || scenario->lesson->figures.empty())
            QSKIP("no figures");
        Lab lab(id);
        const QJsonObject values = LessonFigures::evaluate(scenario->lesson->figures, lab.run().state);
        for (const LessonFigure& f : scenario->lesson->figures)
            QVERIFY2(values.contains(f.name),
                qPrintable(
                    QStringLiteral("%1: figure '%2' (%3) has no value on the default run").arg(id, f.name, f.value)));
    }

    void everyNumberIsFilledInOrAsserted_data() { shippedLessons(); }
    void everyNumberIsFilledInOrAsserted()
    {
        QFETCH(QString, id);
        const auto scenario = loadShipped(id);
        QVERIFY(scenario && scenario->lesson);
        const auto all = claims();
        const auto found = all.find(id);
        QVERIFY2(found != all.end(),
            qPrintable(id
                + QStringLiteral(
                    ": a lesson with no claims here: fill its numbers in from the run or assert them in claims()")));
        const std::vector<Claim>& lessonClaims = found->second;

        QStringList problems;
        QSet<QString> stated;
        for (const FoundNumber& n : lessonNumbers(*scenario->lesson)) {
            stated.insert(n.literal);
            if (std::none_of(
                    lessonClaims.begin(), lessonClaims.end(), [&](const Claim& c) { return c.literal == n.literal; }))
                problems << QStringLiteral("%1: %2 states %3, which is neither a figure nor asserted by this test")
                                .arg(id, n.where, n.literal);
        }
        Lab lab(id);
        for (const Claim& c : lessonClaims) {
            if (!stated.contains(c.literal)) {
                problems << QStringLiteral("%1: asserts %2, which the lesson no longer states").arg(id, c.literal);
                continue;
            }
            try {
                const double expected = literalValue(c.literal);
                const double value = c.value(lab);
                const int decimals
                    = c.literal.contains(u'.') ? static_cast<int>(c.literal.size() - c.literal.indexOf(u'.') - 1) : 0;
                const double slack = std::max(0.5 * std::pow(10.0, -decimals), c.tolerance * std::abs(expected));
                if (!(std::abs(value - expected) <= slack + 1e-9))
                    problems
                        << QStringLiteral("%1: the lesson states %2, the run gives %3").arg(id, c.literal).arg(value);
            } catch (const std::exception& e) {
                problems
                    << QStringLiteral("%1: cannot compute %2: %3").arg(id, c.literal, QString::fromStdString(e.what()));
            }
        }
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
    }

    void estimatesAskForAFigureWithoutGivingItAway_data() { shippedLessons(); }
    void estimatesAskForAFigureWithoutGivingItAway()
    {
        // An estimate is judged against the run's value of a figure: the figure must have one on the
        // lesson's run, and the question must not state it (nor a number that is its value).
        QFETCH(QString, id);
        const auto scenario = loadShipped(id);
        QVERIFY(scenario && scenario->lesson);
        const Lesson& lesson = *scenario->lesson;
        Lab lab(id);
        int estimates = 0;
        QStringList problems;
        for (std::size_t i = 0; i < lesson.steps.size(); ++i) {
            const auto& q = lesson.steps[i].question;
            if (!q || !q->estimate)
                continue;
            ++estimates;
            const QString at = QStringLiteral("%1: steps[%2].question").arg(id).arg(i);
            const auto figure = std::find_if(lesson.figures.begin(), lesson.figures.end(),
                [&](const LessonFigure& f) { return f.name == q->estimate->figure; });
            if (figure == lesson.figures.end()) {
                problems << at
                        + QStringLiteral(": estimates '%1', which is no figure of the lesson").arg(q->estimate->figure);
                continue;
            }
            // The run the question is about: with the step's injection when it has one (its button).
            const std::optional<InjectionSpec>& inject = lesson.steps[i].inject;
            const LabRun& run = inject ? lab.run({}, { inject->text() }) : lab.run();
            const QJsonValue value = LessonFigures::evaluate(lesson.figures, run.state).value(figure->name);
            if (!value.isDouble()) {
                problems << at
                        + QStringLiteral(": its figure '%1' has no number on the lesson's run").arg(figure->name);
                continue;
            }
            const QString shown = LessonFigures::format(value, figure->format);
            const QRegularExpression whole(
                QStringLiteral("(?<![\\d.,])%1(?![\\d])").arg(QRegularExpression::escape(shown)));
            for (const QString& text : { q->prompt, q->estimate->unit }) {
                if (whole.match(text).hasMatch())
                    problems << at + QStringLiteral(" gives the answer away: it states %1").arg(shown);
                for (const FoundNumber& n : numbersIn(text, at))
                    if (literalValue(n.literal) == value.toDouble())
                        problems << at + QStringLiteral(" gives the answer away: it states %1").arg(n.literal);
            }
        }
        problems.removeDuplicates(); // "1" found both as the value's text and as a number
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
        if (estimates == 0)
            QSKIP("no estimate questions");
    }

    void findsTheNumbersOfAText()
    {
        const auto literals = [](const QString& text, const QString& inject = {}) {
            QStringList out;
            for (const FoundNumber& n : numbersIn(text, QStringLiteral("t"), inject))
                out << n.literal;
            return out;
        };
        QCOMPARE(literals(QStringLiteral("with maxInFlight 1 there are 137 conflicts")),
            (QStringList { QStringLiteral("1"), QStringLiteral("137") }));
        QCOMPARE(literals(QStringLiteral("{{conflicts}} conflicts, p50 about 13.1 ms, balance 1,161,000.")),
            (QStringList { QStringLiteral("13.1"), QStringLiteral("1,161,000") }));
        QCOMPARE(literals(QStringLiteral("order-000057, sku-1, inventory#0, p99 and 10-new-consumer")), QStringList());
        QCOMPARE(literals(QStringLiteral("1. first\n2. second, 3 items")), QStringList { QStringLiteral("3") });
        QCOMPARE(literals(QStringLiteral(
                     "inject `crash@3s,service=notification,for=2s` or run `eventloom-cli run x --set a=5` in 4 s")),
            QStringList { QStringLiteral("4") });
        QCOMPARE(
            literals(QStringLiteral("`count: 3` is configuration, not an input")), QStringList { QStringLiteral("3") });
        QCOMPARE(literals(QStringLiteral("crash at 3 s for 2 s, then 7"), QStringLiteral("crash@3s,service=n,for=2s")),
            QStringList { QStringLiteral("7") });
    }
};

QTEST_GUILESS_MAIN(TestLessonFigures)
#include "tst_lessonfigures.moc"
