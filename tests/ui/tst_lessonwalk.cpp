// Every shipped lesson walked in the real window, offscreen, as a learner would: open it, and on each step press
// its button where it has one (an injection, or a lesson variant's new run), let the run play to its end, answer
// the question and see the explanation, press Next. A step fails the walk if it needs what the window cannot do:
// text (outside an aside for the curious, "> **On the command line:** …") that sends the learner to
// `eventloom-cli`, `--set`, `--inject`, `--state`, a terminal or a file to edit; a button that changes nothing; a
// variant whose run does not carry the variant's settings. A screenshot of every step goes to the build's
// screenshots folder (lessonwalk-NN-stepK.png) for a person to look at.

#include "lessons/variantoverrides.h"
#include "mainwindow.h"
#include "playbackspeed.h"
#include "scenario/scenarioloader.h"
#include "scenario/shippedscenarios.h"
#include "simulation/simulationcontroller.h"
#include "uitesting.h"
#include "views/lessonpanel.h"

#include <QFileInfo>
#include <QLabel>
#include <QPushButton>
#include <QRegularExpression>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTest>

#include <algorithm>

using namespace eventloom;
using namespace eventloom::uitesting;

namespace {

/// `markdown` without its asides for the curious: a blockquote that starts "> **On the command line:**".
QString withoutAsides(const QString& markdown)
{
    QStringList kept;
    bool inAside = false;
    for (const QString& line : markdown.split(u'\n')) {
        if (line.startsWith(QLatin1String("> **On the command line:**")))
            inAside = true;
        else if (!line.startsWith(u'>'))
            inAside = false;
        if (!inAside)
            kept << line;
    }
    return kept.join(u'\n');
}

/// What in `text` sends the learner out of the window, or nothing.
QString outsideTheWindow(const QString& text)
{
    static const QRegularExpression outside(
        QStringLiteral("eventloom-cli|--set|--inject|--state|\\bterminal\\b|command line|text editor|edit a copy|"
                       "copy the scenario|scenario file"),
        QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch m = outside.match(withoutAsides(text));
    return m.hasMatch() ? m.captured() : QString();
}

/// Every text of `step` a learner reads.
QStringList stepTexts(const LessonStep& step)
{
    QStringList out { step.title, step.text, step.action };
    if (step.question)
        out << step.question->prompt << step.question->choices << step.question->explanation;
    return out;
}

/// The figures step `step` quotes (`{{name}}`), which the learner reads once its run has ended.
QSet<QString> figuresQuoted(const LessonStep& step)
{
    static const QRegularExpression placeholder(QStringLiteral(R"(\{\{(\w+)\}\})"));
    QSet<QString> names;
    for (const QString& text : stepTexts(step))
        for (const auto& match : placeholder.globalMatch(text))
            names.insert(match.captured(1));
    return names;
}

/// Every wrapped text of the lesson panel is as tall as its lines need (checked once the layout has caught up
/// with the last change, before a screenshot): none is cut at the bottom or drawn over the next.
bool textsFit(const QWidget& panel)
{
    const auto labels = panel.findChildren<QLabel*>();
    return std::all_of(labels.begin(), labels.end(), [&panel](const QLabel* label) {
        return !label->isVisibleTo(&panel) || !label->wordWrap() || label->text().isEmpty()
            || label->height() + 1 >= label->heightForWidth(label->width());
    });
}

/// The run's simulated time as the status bar shows it, in seconds.
double shownTime(const MainWindow& window)
{
    return labelText(window, "timeLabel").section(u' ', 2, 2).toDouble();
}

/// Waits until the run has ended, or — for a run that never goes quiet, such as a consumer blocked on a poison
/// record, which retries for ever — until it is long past everything else the lesson's runs do, and pauses it.
void waitForTheEnd(MainWindow& window)
{
    constexpr double kLongPast = 300; // s; the longest shipped run ends at about 120 s
    QTRY_VERIFY_WITH_TIMEOUT(
        labelText(window, "stateLabel") == QLatin1String("Finished") || shownTime(window) > kLongPast, 60000);
    if (labelText(window, "stateLabel") != QLatin1String("Finished"))
        action(window, "actionPlay")->trigger();
    QTRY_VERIFY(labelText(window, "stateLabel") != QLatin1String("Playing"));
}
}

class TestLessonWalk : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init() { QSettings().clear(); }
    void cleanupTestCase() { QSettings().clear(); }

    void everyLessonIsDoneInTheWindow_data()
    {
        QTest::addColumn<QString>("id");
        for (const QString& path : ShippedScenarios::paths())
            QTest::newRow(qPrintable(QFileInfo(path).completeBaseName())) << QFileInfo(path).completeBaseName();
    }

    void everyLessonIsDoneInTheWindow()
    {
        QFETCH(QString, id);
        MainWindow window;
        Errors errors;
        window.setErrorHandler(errors.handler());
        window.resize(1600, 1000);
        window.show();
        QVERIFY(window.openFile(id));
        if (!window.scenario()->lesson)
            QSKIP("no lesson");
        const Lesson lesson = *window.scenario()->lesson; // a variant's run replaces the scenario it belongs to
        const QString shippedTitle = window.windowTitle();
        const auto shipped = ScenarioLoader::loadFile(ShippedScenarios::resolve(id));
        QVERIFY(shipped.ok());
        const auto shippedInjections = static_cast<qsizetype>(shipped.scenario->injections.size());
        window.setSpeed(PlaybackSpeed::kMax);
        LessonPanel* panel = window.lessonPanel();
        auto* controller = window.findChild<SimulationController*>();
        auto* doIt = panel->findChild<QPushButton*>(QStringLiteral("lessonDoIt"));
        auto* next = panel->findChild<QPushButton*>(QStringLiteral("lessonNext"));
        QSignalSpy runs(controller, &SimulationController::runStarted);

        for (int k = 0; k < static_cast<int>(lesson.steps.size()); ++k) {
            const LessonStep& step = lesson.steps[static_cast<std::size_t>(k)];
            const QString where = QStringLiteral("%1 step %2 (%3)").arg(id).arg(k).arg(step.title);
            QCOMPARE(panel->currentStep(), k);
            for (const QString& text : stepTexts(step)) {
                const QString found = outsideTheWindow(text);
                QVERIFY2(found.isEmpty(), qPrintable(where + QStringLiteral(": sends the learner to ") + found));
            }

            const LessonVariant* variant = step.variant.isEmpty() ? nullptr : lesson.variant(step.variant);
            QCOMPARE(doIt->isVisibleTo(panel), step.inject.has_value() || variant != nullptr);
            if (variant) {
                const qsizetype runsBefore = runs.size();
                QTest::mouseClick(doIt, Qt::LeftButton);
                QVERIFY2(runs.size() == runsBefore + 1, qPrintable(where + QStringLiteral(": no new run")));
                // Its settings and its injections, as the overrides of the run (title, status bar, Reset).
                const QStringList expected = variantOverrides(*variant, shippedInjections);
                QCOMPARE(window.scenario()->overrides, expected);
                QCOMPARE(window.windowTitle(),
                    expected.isEmpty() ? shippedTitle
                                       : shippedTitle + QStringLiteral(" — ") + expected.join(QStringLiteral(", ")));
                // The status bar lists them (elided when long; whole in its tooltip).
                const auto* overrides = window.findChild<QLabel*>(QStringLiteral("overridesLabel"));
                QCOMPARE(overrides->isVisibleTo(&window), !expected.isEmpty());
                for (const QString& o : expected)
                    QVERIFY2(overrides->toolTip().contains(o), qPrintable(where + u' ' + o));
                QCOMPARE(panel->currentStep(), k); // the learner stays on the step
                QVERIFY(controller->isPlaying());
            } else if (step.inject) {
                QTest::mouseClick(doIt, Qt::LeftButton);
                QVERIFY2(window.statusBar()->currentMessage().startsWith(QLatin1String("Injected: ")),
                    qPrintable(
                        where + QStringLiteral(": Do it injected nothing: ") + window.statusBar()->currentMessage()));
                QVERIFY(controller->isPlaying());
            } else if (labelText(window, "stateLabel") != QLatin1String("Finished")) {
                window.play();
            }
            waitForTheEnd(window);
            if (labelText(window, "stateLabel") == QLatin1String("Finished")) {
                // The learner sees the end's verdicts and every figure of this run filled in, not "…".
                const auto* header = panel->findChild<QLabel*>(QStringLiteral("lessonChecksHeader"));
                QTRY_VERIFY2(header->text().contains(QLatin1String("at the end of the run")),
                    qPrintable(where + QStringLiteral(": the checks were not judged at the end: ") + header->text()));
                for (const QString& name : figuresQuoted(step))
                    QTRY_VERIFY2(panel->figureTexts().contains(name),
                        qPrintable(where + QStringLiteral(": figure ") + name + QStringLiteral(" not filled")));
            }

            if (step.question) {
                if (step.question->estimate)
                    panel->estimate(0);
                else
                    panel->answer(step.question->answer);
                const auto* feedback = panel->findChild<QLabel*>(QStringLiteral("lessonFeedback"));
                QTRY_VERIFY2(feedback->isVisibleTo(panel) && !feedback->text().isEmpty(), qPrintable(where));
            }
            QTRY_VERIFY2(textsFit(*panel), qPrintable(where + QStringLiteral(": a text of the lesson is cut off")));
            saveScreenshot(window, QStringLiteral("lessonwalk-%1-step%2").arg(id.left(2)).arg(k));
            if (k + 1 < static_cast<int>(lesson.steps.size())) {
                QVERIFY(next->isEnabled());
                QTest::mouseClick(next, Qt::LeftButton);
            }
        }
        QVERIFY2(errors.messages.isEmpty(), qPrintable(errors.messages.join(u'\n') + errors.details.join(u'\n')));
    }
};

QTEST_MAIN(TestLessonWalk)
#include "tst_lessonwalk.moc"
