#include "lessons/lessonfigures.h"
#include "mainwindow.h"
#include "playbackspeed.h"
#include "scenario/scenarioloader.h"
#include "scenario/shippedscenarios.h"
#include "simulation/simulationcontroller.h"
#include "uitesting.h"
#include "views/lessonpanel.h"

#include "freshrun.h"

#include <QAbstractButton>
#include <QComboBox>
#include <QDockWidget>
#include <QFileInfo>
#include <QGroupBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLayout>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace eventloom;
using namespace eventloom::uitesting;

// The Lesson dock as a learner meets it: text that fits whatever the dock's width, a Do It that puts the
// run where its action makes sense, checks that do not accuse before their time, and instructions that
// name the window's menus as they are.

namespace {

/// The shipped lessons' ids ("01-pubsub-fanout", …).
QStringList shippedLessons()
{
    QStringList out;
    for (const QString& path : ShippedScenarios::paths())
        out << QFileInfo(path).completeBaseName();
    return out;
}

/// Whether `widget` (below `root`) shows on screen as far as `root` is concerned.
bool shown(const QWidget* widget, const QWidget* root)
{
    return widget->isVisibleTo(root) && widget->width() > 0;
}

/// Every text of `panel` that does not fit where it is shown: cut at the right (wider than the room it
/// has, or reaching past the visible part of the lesson's scroll area or the panel) or at the bottom
/// (a wrapped label shorter than its text), each with what it says.
QStringList unfitTexts(QWidget& panel)
{
    QStringList out;
    auto* scroll = panel.findChild<QScrollArea*>(QStringLiteral("lessonScroll"));
    QWidget* viewport = scroll->viewport();
    const auto clip
        = [&](const QWidget* w) -> const QWidget* { return scroll->widget()->isAncestorOf(w) ? viewport : &panel; };
    const auto rightEdge = [&](const QWidget* w) { return w->mapTo(clip(w), QPoint(w->width(), 0)).x(); };
    if (scroll->widget()->width() > viewport->width())
        out << QStringLiteral("the lesson page is %1 px wide in a %2 px view")
                   .arg(scroll->widget()->width())
                   .arg(viewport->width());
    for (const QLabel* label : panel.findChildren<QLabel*>()) {
        if (!shown(label, &panel) || label->text().isEmpty())
            continue;
        const QString what = label->objectName() + u' ' + label->text().left(80);
        if (rightEdge(label) > clip(label)->width() + 1)
            out << QStringLiteral("reaches past the right edge: ") + what;
        if (label->wordWrap()) {
            // At its width, its longest word fits and the lines it wraps to fit in its height.
            if (label->minimumSizeHint().width() > label->width())
                out << QStringLiteral("a word wider than the label (%1 > %2 px): ")
                            .arg(label->minimumSizeHint().width())
                            .arg(label->width())
                        + what;
            if (label->heightForWidth(label->width()) > label->height() + 1)
                out << QStringLiteral("cut at the bottom: ") + what;
        } else if (label->sizeHint().width() > label->width()) {
            out << QStringLiteral("wider than the label: ") + what;
        }
    }
    for (const QAbstractButton* button : panel.findChildren<QAbstractButton*>()) {
        if (!shown(button, &panel) || button->text().isEmpty())
            continue;
        if (button->sizeHint().width() > button->width() || rightEdge(button) > clip(button)->width() + 1)
            out << QStringLiteral("button cut: ") + button->text();
    }
    for (const QGroupBox* box : panel.findChildren<QGroupBox*>())
        if (shown(box, &panel) && rightEdge(box) > clip(box)->width() + 1)
            out << QStringLiteral("box reaches past the right edge: ") + box->title();
    // The checks: every row as wide as the list and as tall as its wrapped text.
    const auto* checks = panel.findChild<QListWidget*>(QStringLiteral("lessonChecks"));
    for (int i = 0; i < checks->count(); ++i) {
        const QListWidgetItem* item = checks->item(i);
        const QRect rect = checks->visualItemRect(item);
        const QRect needed = QFontMetrics(item->font())
                                 .boundingRect(QRect(0, 0, rect.width() - 8, 100000), Qt::TextWordWrap, item->text());
        if (rect.right() > checks->viewport()->width() + 1 || needed.height() > rect.height())
            out << QStringLiteral("check row cut (%1 px for %2): ").arg(rect.height()).arg(needed.height())
                    + item->text();
    }
    if (checks->horizontalScrollBar()->maximum() > 0)
        out << QStringLiteral("the checks scroll sideways");
    return out;
}

/// The lesson dock of `window`, floating at `width` px, so that its panel has exactly that room.
QDockWidget* lessonDockAt(MainWindow& window, int width)
{
    auto* dock = window.findChild<QDockWidget*>(QStringLiteral("lessonDock"));
    dock->show();
    dock->setFloating(true);
    dock->resize(width, 1000);
    return dock;
}

/// Scrolls the lesson so that its bottom (the question's explanation) is in view, for a screenshot.
void scrollToEnd(LessonPanel& panel)
{
    auto* scroll = panel.findChild<QScrollArea*>(QStringLiteral("lessonScroll"));
    scroll->widget()->layout()->activate();
    scroll->verticalScrollBar()->setValue(scroll->verticalScrollBar()->maximum());
}

/// Every text of a shipped lesson a learner reads: summary, goals, steps' text and actions, questions.
QStringList lessonTexts(const Lesson& lesson)
{
    QStringList out { lesson.summary };
    out << lesson.goals;
    for (const LessonStep& step : lesson.steps) {
        out << step.title << step.text << step.action;
        if (step.question)
            out << step.question->prompt << step.question->choices << step.question->explanation;
    }
    return out;
}

/// "Run › Run Until…" → the action at that path of `bar`, or null.
QAction* actionAt(const QMenuBar& bar, const QStringList& path)
{
    QList<QAction*> actions = bar.actions();
    QAction* found = nullptr;
    for (const QString& name : path) {
        found = nullptr;
        for (QAction* a : actions)
            if (!a->isSeparator() && a->text().remove(u'&') == name)
                found = a;
        if (!found)
            return nullptr;
        actions = found->menu() ? found->menu()->actions() : QList<QAction*>();
    }
    return found;
}

/// Plays the window's run to its end as fast as it goes.
void playToTheEnd(MainWindow& window)
{
    auto* combo = window.findChild<QComboBox*>(QStringLiteral("speedCombo"));
    combo->setCurrentIndex(combo->findData(PlaybackSpeed::kMax));
    window.play();
    QTRY_COMPARE_WITH_TIMEOUT(labelText(window, "stateLabel"), QStringLiteral("Finished"), 60000);
}

/// check id → how the panel shows it ("pending", "holdsSoFar", "passed", "failed", "unknown", "hidden").
std::map<QString, QString> shownStandings(const LessonPanel& panel)
{
    const auto* list = panel.findChild<QListWidget*>(QStringLiteral("lessonChecks"));
    std::map<QString, QString> out;
    for (int i = 0; i < list->count(); ++i)
        out[list->item(i)->data(Qt::UserRole).toString()] = list->item(i)->data(Qt::UserRole + 1).toString();
    return out;
}

/// Answers every question of `lesson` in `panel` (right), so that every check shows.
void answerAll(LessonPanel& panel, const Lesson& lesson)
{
    for (std::size_t i = 0; i < lesson.steps.size(); ++i) {
        if (!lesson.steps[i].question)
            continue;
        panel.setCurrentStep(static_cast<int>(i));
        lesson.steps[i].question->estimate ? panel.estimate(0) : panel.answer(lesson.steps[i].question->answer);
    }
}
}

class TestLessonDock : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init() { QSettings().clear(); }

    /// Every step of every shipped lesson, its question answered wrong so that the explanation shows too,
    /// fits a dock 320, 480 and 640 px wide: nothing is cut at the right, the page only scrolls down.
    void everyLessonFitsEveryDockWidth()
    {
        MainWindow window;
        Errors errors;
        window.setErrorHandler(errors.handler());
        window.show();
        for (const QString& id : shippedLessons()) {
            QVERIFY2(window.openFile(id), qPrintable(id));
            LessonPanel* panel = window.lessonPanel();
            const Lesson& lesson = *window.scenario()->lesson;
            for (const int width : { 320, 480, 640 }) {
                QDockWidget* dock = lessonDockAt(window, width);
                panel->setScenario(&*window.scenario()); // questions unanswered again
                for (int step = 0; step < panel->stepCount(); ++step) {
                    panel->setCurrentStep(step);
                    const std::optional<LessonQuestion>& q = lesson.steps[static_cast<std::size_t>(step)].question;
                    if (q && q->estimate)
                        panel->estimate(-1);
                    else if (q)
                        panel->answer((q->answer + 1) % static_cast<int>(q->choices.size()));
                    QTRY_VERIFY(panel->isVisible());
                    if (q && !q->estimate) // every choice shows, as well as the explanation
                        for (const QAbstractButton* choice : panel->findChildren<QRadioButton*>())
                            QVERIFY(choice->isVisibleTo(panel));
                    QTRY_VERIFY2(unfitTexts(*panel).isEmpty(),
                        qPrintable(QStringLiteral("%1 step %2 at %3 px:\n").arg(id).arg(step + 1).arg(width)
                            + unfitTexts(*panel).join(u'\n')));
                    const bool looked = id.startsWith(QLatin1String("03")) || id.startsWith(QLatin1String("07"));
                    if (looked && q) {
                        scrollToEnd(*panel);
                        saveScreenshot(
                            *dock, QStringLiteral("lessondock-%1-step%2-%3px").arg(id).arg(step + 1).arg(width));
                    }
                }
            }
        }
        QVERIFY2(errors.messages.isEmpty(), qPrintable(errors.messages.join(u'\n')));
    }

    /// 07's "Fail a payment yourself" on a run that has ended: Do It starts the run again from its start
    /// with the failure injected and plays it; the failed payment is compensated, one more than without.
    void doItOnAFinishedRunPlaysItAgainWithTheInjection()
    {
        const QString id = QStringLiteral("07-saga-orchestration");
        const auto loaded = ScenarioLoader::loadFile(ShippedScenarios::resolve(id));
        const auto plain = freshRun(id, -1);
        const int compensated = LessonFigures::evaluate(loaded.scenario->lesson->figures, *plain)
                                    .value(QStringLiteral("compensated"))
                                    .toInt();

        MainWindow window;
        Errors errors;
        window.setErrorHandler(errors.handler());
        window.show();
        QVERIFY(window.openFile(id));
        playToTheEnd(window);
        LessonPanel* panel = window.lessonPanel();
        QTRY_COMPARE_WITH_TIMEOUT(
            panel->figureTexts().value(QStringLiteral("compensated")).toString(), QString::number(compensated), 5000);

        int failStep = -1; // the step whose action fails the next payment
        for (int i = 0; i < panel->stepCount() && failStep < 0; ++i)
            if (const auto& inject = window.scenario()->lesson->steps[static_cast<std::size_t>(i)].inject;
                inject && inject->text().contains(QLatin1String("ChargePayment")))
                failStep = i;
        QVERIFY(failStep >= 0);
        panel->setCurrentStep(failStep);
        const QString action = labelText(*panel, "lessonActionText");
        QVERIFY2(!action.contains(QLatin1String("keep playing")), qPrintable(action));
        auto* controller = window.findChild<SimulationController*>();
        QSignalSpy restarted(controller, &SimulationController::runStarted);
        QSignalSpy playing(controller, &SimulationController::playingChanged);
        QTest::mouseClick(panel->findChild<QPushButton*>(QStringLiteral("lessonDoIt")), Qt::LeftButton);
        QCOMPARE(restarted.size(), 1); // from the start: the finished run could not go on
        QVERIFY(!playing.isEmpty() && playing.front().front().toBool()); // and it plays, no other click
        QTRY_COMPARE_WITH_TIMEOUT(labelText(window, "stateLabel"), QStringLiteral("Finished"), 60000);
        QTRY_COMPARE_WITH_TIMEOUT(panel->figureTexts().value(QStringLiteral("compensated")).toString(),
            QString::number(compensated + 1), 5000);
        answerAll(*panel, *window.scenario()->lesson);
        panel->setCurrentStep(failStep);
        QTRY_COMPARE_WITH_TIMEOUT(
            shownStandings(*panel).at(QStringLiteral("declines-compensated")), QStringLiteral("passed"), 5000);
        saveScreenshot(window, QStringLiteral("lessondock-07-doit-on-finished-run"));

        // On a run that is paused, Do It injects where the run is and plays on: no new run.
        window.findChild<QAction*>(QStringLiteral("actionReset"))->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(labelText(window, "stateLabel"), QStringLiteral("Paused"), 5000);
        restarted.clear();
        QTest::mouseClick(panel->findChild<QPushButton*>(QStringLiteral("lessonDoIt")), Qt::LeftButton);
        QVERIFY(controller->isPlaying());
        QCOMPARE(restarted.size(), 0);
        QTRY_COMPARE_WITH_TIMEOUT(labelText(window, "stateLabel"), QStringLiteral("Finished"), 60000);
        QVERIFY2(errors.messages.isEmpty(), qPrintable(errors.messages.join(u'\n')));
    }

    /// A step that names a lesson variant: its button says what it runs, and pressing it starts a new run of
    /// the open scenario with the variant's overrides (title, status bar and Scenario Settings show them), its
    /// injections queued, played, the lesson kept on its step; the as-shipped variant goes back to the scenario.
    void aVariantStepRunsTheVariant()
    {
        const QString id = QStringLiteral("02-request-response-vs-events");
        QFile shipped(ShippedScenarios::resolve(id));
        QVERIFY(shipped.open(QIODevice::ReadOnly));
        QJsonObject root = QJsonDocument::fromJson(shipped.readAll()).object();
        QJsonObject lesson = root.value(QLatin1String("lesson")).toObject();
        QJsonArray steps = lesson.value(QLatin1String("steps")).toArray();
        const auto nameVariant = [&steps](int step, const char* variant) {
            QJsonObject o = steps[step].toObject();
            o.remove(QLatin1String("inject"));
            o.insert(QLatin1String("variant"), QLatin1String(variant));
            steps[step] = o;
        };
        nameVariant(1, "sync-email-down");
        nameVariant(2, "events");
        lesson.insert(QLatin1String("steps"), steps);
        root.insert(QLatin1String("lesson"), lesson);
        QTemporaryDir dir;
        QFile copy(dir.filePath(id + QStringLiteral(".json")));
        QVERIFY(copy.open(QIODevice::WriteOnly));
        copy.write(QJsonDocument(root).toJson());
        copy.close();

        MainWindow window;
        Errors errors;
        window.setErrorHandler(errors.handler());
        window.resize(1600, 1000);
        window.show();
        QVERIFY(window.openFile(copy.fileName(), 2));
        const QString shippedTitle = window.windowTitle();
        LessonPanel* panel = window.lessonPanel();
        auto* doIt = panel->findChild<QPushButton*>(QStringLiteral("lessonDoIt"));
        panel->setCurrentStep(1);
        QVERIFY(doIt->isVisibleTo(panel));
        QCOMPARE(doIt->text(), QStringLiteral("Run This Variant"));
        QVERIFY2(doIt->toolTip().contains(QLatin1String("interaction=sync"))
                && doIt->toolTip().contains(QLatin1String("crash@10s,service=notification,for=5s")),
            qPrintable(doIt->toolTip()));

        auto* controller = window.findChild<SimulationController*>();
        QSignalSpy restarted(controller, &SimulationController::runStarted);
        window.setSpeed(PlaybackSpeed::kMax);
        QTest::mouseClick(doIt, Qt::LeftButton);
        QCOMPARE(restarted.size(), 1);
        QVERIFY(controller->isPlaying()); // no other click
        // The variant's injection is part of the run's scenario, appended to its injections (it has none) as an
        // override: Reset and the run file keep it, and it is the run `--set interaction=sync --inject …` makes.
        const QStringList overrides { QStringLiteral("interaction=sync"),
            QStringLiteral(R"(injections=["crash@10s,service=notification,for=5s"])") };
        QCOMPARE(window.scenario()->overrides, overrides);
        QCOMPARE(window.windowTitle(), shippedTitle + QStringLiteral(" — ") + overrides.join(QStringLiteral(", ")));
        QTRY_VERIFY(labelText(window, "overridesLabel").contains(QLatin1String("interaction=sync")));
        QCOMPARE(panel->currentStep(), 1); // the lesson stays on the step that asked for it
        action(window, "actionScenarioSettings")->trigger();
        QTRY_COMPARE(
            window.findChild<QComboBox*>(QStringLiteral("interaction"))->currentText(), QStringLiteral("sync"));
        QTRY_COMPARE_WITH_TIMEOUT(labelText(window, "stateLabel"), QStringLiteral("Finished"), 60000);
        // Notification's crash was injected: with synchronous calls, orders wait on it and some are not completed
        // (the variant's `fails`; without the crash every order completes).
        answerAll(*panel, *window.scenario()->lesson);
        QTRY_COMPARE_WITH_TIMEOUT(
            shownStandings(*panel).at(QStringLiteral("all-orders-complete")), QStringLiteral("failed"), 5000);
        panel->setCurrentStep(1);
        saveScreenshot(window, QStringLiteral("lessondock-02-variant-step"));

        panel->setCurrentStep(2);
        QCOMPARE(doIt->text(), QStringLiteral("Run It As Shipped"));
        QTest::mouseClick(doIt, Qt::LeftButton);
        QCOMPARE(restarted.size(), 2);
        QVERIFY(window.scenario()->overrides.isEmpty());
        QCOMPARE(window.windowTitle(), shippedTitle);
        QCOMPARE(panel->currentStep(), 2);
        QTRY_COMPARE(
            window.findChild<QComboBox*>(QStringLiteral("interaction"))->currentText(), QStringLiteral("events"));
        QVERIFY2(errors.messages.isEmpty(), qPrintable(errors.messages.join(u'\n')));
    }

    /// Lesson 01 before and while it runs: a check about the end waits for it (never ✗ before), an
    /// `always` check holds so far; at the end every check holds.
    void checksAreNotAccusedBeforeTheirTime()
    {
        MainWindow window;
        Errors errors;
        window.setErrorHandler(errors.handler());
        window.show();
        QVERIFY(window.openFile(QStringLiteral("01-pubsub-fanout")));
        LessonPanel* panel = window.lessonPanel();
        answerAll(*panel, *window.scenario()->lesson);
        panel->setCurrentStep(0);
        for (const auto& [id, standing] : shownStandings(*panel))
            QVERIFY2(standing != QLatin1String("failed"), qPrintable(id));
        window.findChild<QAction*>(QStringLiteral("actionStep"))->trigger();
        window.findChild<QAction*>(QStringLiteral("actionStep"))->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(shownStandings(*panel).begin()->second != QLatin1String("unknown"), 5000);
        QVERIFY(caughtUp(window));
        const auto* list = panel->findChild<QListWidget*>(QStringLiteral("lessonChecks"));
        for (int i = 0; i < list->count(); ++i) { // each row names its check's id, which lesson text may quote
            const QString id = list->item(i)->data(Qt::UserRole).toString();
            QVERIFY2(
                list->item(i)->text().endsWith(QStringLiteral(" (") + id + u')'), qPrintable(list->item(i)->text()));
        }
        for (const ScenarioCheck& c : window.scenario()->checks) {
            const QString standing = shownStandings(*panel).at(c.id);
            QCOMPARE(standing,
                c.when == ScenarioCheck::When::End ? QStringLiteral("pending") : QStringLiteral("holdsSoFar"));
        }
        QVERIFY2(labelText(*panel, "lessonChecksHeader").contains(QLatin1String("0 failed")),
            qPrintable(labelText(*panel, "lessonChecksHeader")));
        saveScreenshot(*window.findChild<QDockWidget*>(QStringLiteral("lessonDock")),
            QStringLiteral("lessondock-01-checks-while-running"));
        playToTheEnd(window);
        QTRY_VERIFY_WITH_TIMEOUT(
            labelText(*panel, "lessonChecksHeader").startsWith(QLatin1String("Checks at the end of the run")), 5000);
        for (const auto& [id, standing] : shownStandings(*panel))
            QVERIFY2(standing == QLatin1String("passed"), qPrintable(id + u' ' + standing));
        QVERIFY2(errors.messages.isEmpty(), qPrintable(errors.messages.join(u'\n')));
    }

    /// Every `Menu › Item` a shipped lesson writes is an action of the window at exactly that path (with
    /// the shortcut the text gives, if any); every `›` in lesson text is such a path; the lessons about
    /// sagas name Next Saga Step and Follow This Order.
    void menuPathsInLessonsAreTheWindowsOwn()
    {
        MainWindow window;
        window.show();
        // A menu item's words are capitalised, save a few short joining ones ("Compare with a Variant…").
        static const QString words = QStringLiteral("[A-Z][\\w]*…?(?: (?:(?:with|a|to|of|from) )*[A-Z][\\w]*…?)*");
        static const QRegularExpression path(
            QStringLiteral("(%1)((?: › %1)+)(?:\\*\\*)?(?: \\((Ctrl\\+[^)]*)\\))?").arg(words));
        int checked = 0;
        for (const QString& id : shippedLessons()) {
            const auto loaded = ScenarioLoader::loadFile(ShippedScenarios::resolve(id));
            QVERIFY2(loaded.ok(), qPrintable(id));
            QStringList named;
            for (const QString& text : lessonTexts(*loaded.scenario->lesson)) {
                QString rest = text;
                for (auto it = path.globalMatch(text); it.hasNext();) {
                    const QRegularExpressionMatch m = it.next();
                    const QStringList parts
                        = QString(m.captured(1) + m.captured(2)).split(QStringLiteral(" › "), Qt::KeepEmptyParts);
                    const QAction* action = actionAt(*window.menuBar(), parts);
                    QVERIFY2(action && !action->menu(),
                        qPrintable(QStringLiteral("%1: no action at %2").arg(id, parts.join(QStringLiteral(" › ")))));
                    if (!m.captured(3).isEmpty())
                        QCOMPARE(action->shortcut().toString(QKeySequence::PortableText), m.captured(3));
                    named << parts.join(QStringLiteral(" › "));
                    rest.replace(m.captured(0), QString());
                    ++checked;
                }
                QVERIFY2(!rest.contains(QStringLiteral("›")),
                    qPrintable(QStringLiteral("%1: a › that is no menu path: %2").arg(id, rest)));
            }
            for (const LessonStep& step : loaded.scenario->lesson->steps) // what a step asks needs no terminal
                if (step.action.contains(QLatin1String("eventloom-cli")) || step.action.contains(QLatin1String("--set"))
                    || step.action.contains(QLatin1String("command above")))
                    QVERIFY2(step.action.contains(QLatin1String("ptional, in a terminal")), qPrintable(step.action));
            static const QStringList sagas { QStringLiteral("07"), QStringLiteral("08"), QStringLiteral("14"),
                QStringLiteral("16") };
            if (sagas.contains(id.left(2)))
                for (const QString& tool :
                    { QStringLiteral("Run › Next Saga Step"), QStringLiteral("View › Follow This Order") })
                    QVERIFY2(named.contains(tool), qPrintable(id + QStringLiteral(" does not name ") + tool));
        }
        QVERIFY(checked >= 20);
    }
};

QTEST_MAIN(TestLessonDock)
#include "tst_lessondock.moc"
