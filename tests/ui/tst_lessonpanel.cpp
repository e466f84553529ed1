#include "lessons/lessonfigures.h"
#include "mainwindow.h"
#include "models/eventlogmodel.h"
#include "models/sagamodel.h"
#include "playbackspeed.h"
#include "record/runarchive.h"
#include "scenario/scenariobuilder.h"
#include "scenario/scenarioloader.h"
#include "scenario/shippedscenarios.h"
#include "sim/simulation.h"
#include "uitesting.h"
#include "views/inspectorpanel.h"
#include "views/lessoncontent.h"
#include "views/lessonpanel.h"
#include "views/servicestateview.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QGroupBox>
#include <QInputDialog>
#include <QLabel>
#include <QLayout>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QRadioButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace eventloom;
using namespace eventloom::uitesting;

namespace {
/// A shipped lesson's first estimate question: its step, the question, and the value its figure has
/// at the end of the lesson's own run (computed here without the window).
struct EstimateCase {
    int step = -1;
    LessonEstimate estimate;
    LessonFigure figure;
    double value = 0;
};
EstimateCase estimateOf(const QString& id)
{
    EstimateCase c;
    const auto loaded = ScenarioLoader::loadFile(ShippedScenarios::resolve(id));
    if (!loaded.ok())
        return c;
    const Lesson& lesson = *loaded.scenario->lesson;
    for (std::size_t i = 0; i < lesson.steps.size() && c.step < 0; ++i)
        if (lesson.steps[i].question && lesson.steps[i].question->estimate) {
            c.step = static_cast<int>(i);
            c.estimate = *lesson.steps[i].question->estimate;
        }
    for (const LessonFigure& f : lesson.figures)
        if (f.name == c.estimate.figure)
            c.figure = f;
    auto sim = ScenarioBuilder::build(*loaded.scenario);
    sim->runToQuiescence();
    c.value = LessonFigures::evaluate(lesson.figures, *sim).value(c.estimate.figure).toDouble(-1);
    return c;
}

/// A window showing a lesson, the errors it would have shown collected.
struct LessonWindow {
    MainWindow window;
    Errors errors;
    bool open(const QString& id)
    {
        window.setErrorHandler(errors.handler());
        window.show();
        return window.openFile(id);
    }
};

/// Plays the window's run to its end as fast as it goes.
void playToTheEnd(MainWindow& window)
{
    auto* combo = window.findChild<QComboBox*>(QStringLiteral("speedCombo"));
    combo->setCurrentIndex(combo->findData(PlaybackSpeed::kMax));
    window.play();
    QTRY_COMPARE_WITH_TIMEOUT(labelText(window, "stateLabel"), QStringLiteral("Finished"), 60000);
}

/// Plays the window's run to its end, and waits for the Lesson panel to show the end's verdicts.
void playToTheEndsVerdicts(MainWindow& window)
{
    playToTheEnd(window);
    QTRY_VERIFY_WITH_TIMEOUT(
        labelText(*window.lessonPanel(), "lessonChecksHeader").contains(QStringLiteral("at the end of the run")),
        10000);
}

/// Scrolls the lesson's text so that the question and its verdict (or the widget called `name`, with
/// what is above it) are in view (for a screenshot).
void showQuestion(LessonPanel& panel, const char* name = "lessonEstimateVerdict")
{
    auto* scroll = panel.findChild<QScrollArea*>(QStringLiteral("lessonScroll"));
    scroll->widget()->layout()->activate(); // the new text laid out before scrolling to it
    scroll->ensureWidgetVisible(panel.findChild<QWidget*>(QLatin1String(name)), 0, 200);
    scroll->horizontalScrollBar()->setValue(0); // a line of code wider than the dock must not shift the page
}

QString verdictOf(const LessonPanel& panel)
{
    return panel.findChild<QLabel*>(QStringLiteral("lessonEstimateVerdict"))->property("verdict").toString();
}

/// The current question's choices as the panel shows them, top to bottom: each one's index in the lesson.
QList<int> shownChoices(const LessonPanel& panel)
{
    QList<int> out;
    const auto* first = panel.findChild<QRadioButton*>();
    const QLayout* layout = first ? first->parentWidget()->parentWidget()->layout() : nullptr; // rows of choices
    for (int i = 0; layout && i < layout->count(); ++i)
        if (const QWidget* row = layout->itemAt(i)->widget())
            if (const auto* radio = row->findChild<QRadioButton*>())
                out << radio->objectName().mid(QLatin1String("lessonChoice").size()).toInt();
    return out;
}

/// The radio button of choice `index` (its index in the lesson).
QRadioButton* choice(const LessonPanel& panel, int index)
{
    return panel.findChild<QRadioButton*>(QStringLiteral("lessonChoice%1").arg(index));
}

/// Picks choice `index` with the mouse (on its text, which a click picks too) and submits it.
void clickAnswer(LessonPanel& panel, int index)
{
    QTest::mouseClick(panel.findChild<QLabel*>(QStringLiteral("lessonChoiceText%1").arg(index)), Qt::LeftButton);
    QTest::mouseClick(panel.findChild<QPushButton*>(QStringLiteral("lessonSubmit")), Qt::LeftButton);
}

/// Answers every question of the lesson right, then goes back to `step`.
void answerEveryQuestion(LessonPanel& panel, const Lesson& lesson, int step)
{
    for (std::size_t i = 0; i < lesson.steps.size(); ++i) {
        const std::optional<LessonQuestion>& q = lesson.steps[i].question;
        if (!q)
            continue;
        panel.setCurrentStep(static_cast<int>(i));
        if (q->estimate)
            panel.estimate(0);
        else
            panel.answer(q->answer);
    }
    panel.setCurrentStep(step);
}

/// Every text the panel shows a person: its labels and buttons, the rows of its lists, and their tooltips.
QStringList shownTexts(const QWidget& root)
{
    QStringList out;
    for (const QLabel* label : root.findChildren<QLabel*>())
        if (label->isVisible())
            out << label->text() << label->toolTip();
    for (const QAbstractButton* button : root.findChildren<QAbstractButton*>())
        if (button->isVisible())
            out << button->text() << button->toolTip();
    for (const QListWidget* list : root.findChildren<QListWidget*>())
        for (int i = 0; i < list->count(); ++i)
            out << list->item(i)->text() << list->item(i)->toolTip();
    return out;
}

/// check id → "passed", "failed" or "unknown", as the panel shows them.
std::map<QString, QString> shownVerdicts(const QListWidget& list)
{
    std::map<QString, QString> out;
    for (int i = 0; i < list.count(); ++i)
        out[list.item(i)->data(Qt::UserRole).toString()] = list.item(i)->data(Qt::UserRole + 1).toString();
    return out;
}
}

class TestLessonPanel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init() { QSettings().clear(); }

    void walksTheLessonAndGradesThePrediction()
    {
        MainWindow window;
        Errors errors;
        window.setErrorHandler(errors.handler());
        window.show();
        QVERIFY(window.openFile(QStringLiteral("07-saga-orchestration")));
        LessonPanel* panel = window.lessonPanel();
        QVERIFY(window.findChild<QDockWidget*>(QStringLiteral("lessonDock"))->isVisible());
        QCOMPARE(labelText(*panel, "lessonTitle"), QStringLiteral("Undo, in reverse: the orchestrated saga"));
        QCOMPARE(labelText(*panel, "lessonPosition"), QStringLiteral("Step 1 of 11"));
        const auto* text = panel->findChild<QLabel*>(QStringLiteral("lessonText"));
        QVERIFY(text->text().contains(QStringLiteral("After this lesson you can:"))); // the goals open the lesson
        QVERIFY(text->text().contains(QStringLiteral("One order, three services")));
        auto* previous = panel->findChild<QPushButton*>(QStringLiteral("lessonPrevious"));
        auto* next = panel->findChild<QPushButton*>(QStringLiteral("lessonNext"));
        QVERIFY(!previous->isEnabled());
        QVERIFY(panel->findChild<QGroupBox*>(QStringLiteral("lessonQuestion"))->isHidden());

        // Step 2 asks before it shows: pick a wrong answer, get told the right one and why.
        next->click();
        QCOMPARE(labelText(*panel, "lessonPosition"), QStringLiteral("Step 2 of 11"));
        QVERIFY(!text->text().contains(QStringLiteral("After this lesson you can:")));
        auto* question = panel->findChild<QGroupBox*>(QStringLiteral("lessonQuestion"));
        QVERIFY(question->isVisible());
        auto* submit = panel->findChild<QPushButton*>(QStringLiteral("lessonSubmit"));
        QVERIFY(!submit->isEnabled()); // nothing picked yet
        QVERIFY(panel->findChild<QLabel*>(QStringLiteral("lessonFeedback"))->isHidden());
        panel->answer(0);
        const QString feedback = labelText(*panel, "lessonFeedback");
        QVERIFY2(feedback.contains(QStringLiteral("Not quite")) && feedback.contains(QStringLiteral("ReleaseStock")),
            qPrintable(feedback));
        QVERIFY(!panel->findChild<QRadioButton*>(QStringLiteral("lessonChoice0"))->isEnabled()); // answered for good
        QVERIFY(panel->findChild<QRadioButton*>(QStringLiteral("lessonChoice0"))->isChecked());
        // The answer survives going away and coming back.
        previous->click();
        next->click();
        QVERIFY(labelText(*panel, "lessonFeedback").contains(QStringLiteral("Not quite")));
        QVERIFY(panel->findChild<QPushButton*>(QStringLiteral("lessonSubmit"))->isHidden());
        saveScreenshot(
            *window.findChild<QDockWidget*>(QStringLiteral("lessonDock")), QStringLiteral("lesson-question-answered"));

        // The right answer is praised.
        panel->setScenario(nullptr);
        QVERIFY(window.openFile(QStringLiteral("07-saga-orchestration")));
        panel->setCurrentStep(1);
        panel->answer(3);
        QVERIFY(labelText(*panel, "lessonFeedback").contains(QStringLiteral("Right")));
        QVERIFY(errors.messages.isEmpty());
    }

    void doItInjectsAndTheChecksAreJudgedLive()
    {
        MainWindow window;
        Errors errors;
        window.setErrorHandler(errors.handler());
        window.show();
        QVERIFY(window.openFile(QStringLiteral("07-saga-orchestration")));
        LessonPanel* panel = window.lessonPanel();
        auto* checks = panel->findChild<QListWidget*>(QStringLiteral("lessonChecks"));
        QAbstractItemModelTester tester(checks->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(checks->count(), 6);
        for (const auto& [id, verdict] : shownVerdicts(*checks)) // or hidden until a question is answered
            QVERIFY2(verdict == QLatin1String("unknown") || verdict == QLatin1String("hidden"),
                qPrintable(id + u' ' + verdict));

        // Step 3's action is an injection: "Do it" puts it through the injection queue.
        panel->setCurrentStep(2);
        QVERIFY(panel->findChild<QGroupBox*>(QStringLiteral("lessonAction"))->isVisible());
        auto* doIt = panel->findChild<QPushButton*>(QStringLiteral("lessonDoIt"));
        QVERIFY(doIt->isVisible());
        QAction* step = window.findChild<QAction*>(QStringLiteral("actionStep"));
        QTRY_VERIFY_WITH_TIMEOUT(step->isEnabled(), 5000);
        step->trigger(); // the run exists: the injection applies to it
        // The step's injection goes out as the struct the lesson was read into: nothing parses it again.
        QSignalSpy requested(panel, &LessonPanel::injectRequested);
        doIt->click();
        QCOMPARE(requested.size(), 1);
        const std::optional<InjectionSpec>& stepInjection = window.scenario()->lesson->steps[2].inject;
        QVERIFY(stepInjection);
        QCOMPARE(requested.front().front().value<InjectionSpec>(), *stepInjection);
        QAbstractItemModel* log = window.findChild<QTableView*>(QStringLiteral("eventLogView"))->model();
        QTRY_VERIFY_WITH_TIMEOUT(
            !log->match(log->index(0, 0), EventLogModel::KindRole, QStringLiteral("injection"), 1, Qt::MatchExactly)
                 .isEmpty(),
            5000);
        // The step's own checks come first, in bold.
        QCOMPARE(checks->item(0)->data(Qt::UserRole).toString(), QStringLiteral("declines-compensated"));
        QVERIFY(checks->item(0)->font().bold());
        QVERIFY(checks->item(2)->font().bold());
        QVERIFY(!checks->item(3)->font().bold());

        // Run to the end: every check is judged, and they all hold (one more saga compensated) — all
        // shown, once every question is answered.
        answerEveryQuestion(*panel, *window.scenario()->lesson, 2);
        auto* combo = window.findChild<QComboBox*>(QStringLiteral("speedCombo"));
        combo->setCurrentIndex(combo->findData(PlaybackSpeed::kMax));
        window.play();
        QTRY_COMPARE_WITH_TIMEOUT(labelText(window, "stateLabel"), QStringLiteral("Finished"), 30000);
        QTRY_VERIFY_WITH_TIMEOUT(
            labelText(*panel, "lessonChecksHeader") == QStringLiteral("Checks at the end of the run: 6 of 6 hold"),
            5000);
        for (const auto& [id, verdict] : shownVerdicts(*checks))
            QVERIFY2(verdict == QLatin1String("passed"), qPrintable(id + u' ' + verdict));
        QVERIFY2(checks->item(0)->toolTip().contains(QStringLiteral("sagas.compensated = ")),
            qPrintable(checks->item(0)->toolTip()));
        QVERIFY(errors.messages.isEmpty());
        saveScreenshot(window, QStringLiteral("lesson-checks-passed"));

        // A new run forgets the verdicts until it is judged again.
        window.findChild<QAction*>(QStringLiteral("actionReset"))->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(shownVerdicts(*checks).begin()->second, QStringLiteral("unknown"), 5000);
    }

    void choicesAreShuffledAndLetteredForTheClass()
    {
        LessonWindow lesson;
        QVERIFY(lesson.open(QStringLiteral("07-saga-orchestration")));
        LessonPanel* panel = lesson.window.lessonPanel();
        const Lesson& steps = *lesson.window.scenario()->lesson;
        std::vector<int> questions;
        for (std::size_t i = 0; i < steps.steps.size(); ++i)
            if (steps.steps[i].question && !steps.steps[i].question->choices.isEmpty())
                questions.push_back(static_cast<int>(i));
        QVERIFY(questions.size() >= 3);
        const auto orders = [&] {
            std::map<int, QList<int>> out;
            for (const int i : questions) {
                panel->setCurrentStep(i);
                out[i] = shownChoices(*panel);
            }
            return out;
        };

        // Each choice is lettered by where it is shown; some question is not shown in the order written.
        const std::map<int, QList<int>> noClass = orders();
        bool shuffled = false;
        for (const auto& [i, order] : noClass) {
            panel->setCurrentStep(i);
            QCOMPARE(order.size(), steps.steps[static_cast<std::size_t>(i)].question->choices.size());
            for (int shown = 0; shown < order.size(); ++shown) {
                // The letter on the button, the choice's text beside it (a label, so that it wraps).
                QCOMPARE(choice(*panel, order[shown])->text(), QString(QChar(static_cast<char16_t>(u'A' + shown))));
                QCOMPARE(labelText(*panel, qPrintable(QStringLiteral("lessonChoiceText%1").arg(order[shown]))),
                    steps.steps[static_cast<std::size_t>(i)].question->choices[order[shown]]);
                shuffled = shuffled || order[shown] != shown;
            }
        }
        QVERIFY(shuffled);

        // Another window (another day, another learner of the same class) shows the same order.
        {
            LessonWindow other;
            QVERIFY(other.open(QStringLiteral("07-saga-orchestration")));
            for (const auto& [i, order] : noClass) {
                other.window.lessonPanel()->setCurrentStep(i);
                QCOMPARE(shownChoices(*other.window.lessonPanel()), order);
            }
        }

        // The learner types the class's code: the order changes for some question, and is kept.
        panel->setCurrentStep(questions.front());
        auto* button = panel->findChild<QToolButton*>(QStringLiteral("lessonClassCode"));
        QTest::mouseClick(button, Qt::LeftButton);
        QInputDialog* dialog = nullptr;
        QTRY_VERIFY(
            (dialog = panel->findChild<QInputDialog*>(QStringLiteral("classCodeDialog"))) && dialog->isVisible());
        dialog->setTextValue(QStringLiteral(" physics-101 "));
        dialog->accept();
        QCOMPARE(panel->classCode(), QStringLiteral("physics-101"));
        QCOMPARE(
            QSettings().value(QLatin1String(LessonPanel::kClassCodeKey)).toString(), QStringLiteral("physics-101"));
        QVERIFY(button->text().contains(QStringLiteral("physics-101")));
        const std::map<int, QList<int>> physics = orders();
        QVERIFY(physics != noClass);
        {
            LessonWindow other; // a new window reads the code from the settings
            QVERIFY(other.open(QStringLiteral("07-saga-orchestration")));
            for (const auto& [i, order] : physics) {
                other.window.lessonPanel()->setCurrentStep(i);
                QCOMPARE(shownChoices(*other.window.lessonPanel()), order);
            }
        }

        // Picking the right answer where it is shown is right; a wrong one names the right one's letter.
        const int first = questions[0];
        const LessonQuestion& q = *steps.steps[static_cast<std::size_t>(first)].question;
        panel->setCurrentStep(first);
        clickAnswer(*panel, q.answer);
        QVERIFY2(labelText(*panel, "lessonFeedback").contains(QStringLiteral("Right")),
            qPrintable(labelText(*panel, "lessonFeedback")));
        const int second = questions[1];
        const LessonQuestion& r = *steps.steps[static_cast<std::size_t>(second)].question;
        panel->setCurrentStep(second);
        const int wrong = (r.answer + 1) % static_cast<int>(r.choices.size());
        clickAnswer(*panel, wrong);
        const QString letter = QString(QChar(static_cast<char16_t>(u'A' + shownChoices(*panel).indexOf(r.answer))));
        QVERIFY2(labelText(*panel, "lessonFeedback").contains(QStringLiteral("the answer is %1, ").arg(letter)),
            qPrintable(labelText(*panel, "lessonFeedback")));
        QVERIFY(choice(*panel, wrong)->isChecked());

        // Another class code later: the answers stay, judged as before, the choices in the new order.
        panel->setClassCode(QStringLiteral("B207"));
        QVERIFY(choice(*panel, wrong)->isChecked());
        QVERIFY(labelText(*panel, "lessonFeedback").contains(QStringLiteral("Not quite")));
        panel->setCurrentStep(first);
        QVERIFY(choice(*panel, q.answer)->isChecked());
        QVERIFY(labelText(*panel, "lessonFeedback").contains(QStringLiteral("Right")));
        QVERIFY(lesson.errors.messages.isEmpty());
    }

    void checksWaitForTheAnswer()
    {
        // 09 asks what the v1 readers do with a v2 event; its checks say it.
        LessonWindow lesson;
        QVERIFY(lesson.open(QStringLiteral("09-schema-evolution")));
        MainWindow& window = lesson.window;
        LessonPanel* panel = window.lessonPanel();
        auto* checks = panel->findChild<QListWidget*>(QStringLiteral("lessonChecks"));
        playToTheEndsVerdicts(window); // every verdict known: a ✓ or ✗ would tell
        if (QTest::currentTestFailed())
            return;
        const Scenario& scenario = *window.scenario();
        const std::vector<LessonStep>& steps = scenario.lesson->steps;
        const auto firstStep = [&](const auto& wanted) {
            return static_cast<int>(std::find_if(steps.begin(), steps.end(), wanted) - steps.begin());
        };
        const auto titleOf = [&](const QString& id) {
            return std::find_if(scenario.checks.begin(), scenario.checks.end(), [&](const ScenarioCheck& c) {
                return c.id == id;
            })->title;
        };
        const auto rowOf = [&](const QString& id) {
            for (int i = 0; i < checks->count(); ++i)
                if (checks->item(i)->data(Qt::UserRole).toString() == id)
                    return checks->item(i);
            return static_cast<QListWidgetItem*>(nullptr);
        };
        const int firstQuestion = firstStep([](const LessonStep& s) { return s.question.has_value(); });
        QVERIFY(firstQuestion > 0 && firstQuestion < static_cast<int>(steps.size()));

        // Before any answer, on the first step (which asks nothing): its own checks show; a check that the
        // lesson reaches only at or after a question shows neither its title nor its verdict.
        panel->setCurrentStep(0);
        QStringList ahead;
        for (const ScenarioCheck& c : scenario.checks) {
            const int first = firstStep([&](const LessonStep& s) { return s.checks.contains(c.id); });
            if (steps[0].checks.contains(c.id))
                QVERIFY2(rowOf(c.id)->text().contains(c.title), qPrintable(rowOf(c.id)->text()));
            else if (first >= firstQuestion)
                ahead << c.title;
        }
        QVERIFY(!ahead.isEmpty());
        for (const QString& text : shownTexts(*panel))
            for (const QString& title : ahead)
                QVERIFY2(!text.contains(title), qPrintable(text));

        // The first question answered, a later question's step: its checks are placeholders, numbered.
        panel->setCurrentStep(firstQuestion);
        panel->answer(steps[static_cast<std::size_t>(firstQuestion)].question->answer);
        const int asking = firstStep([&](const LessonStep& s) {
            return &s - steps.data() > firstQuestion && s.question && !s.question->choices.isEmpty()
                && !s.checks.isEmpty();
        });
        QVERIFY(asking < static_cast<int>(steps.size()));
        const LessonStep& step = steps[static_cast<std::size_t>(asking)];
        const auto n = static_cast<int>(step.checks.size());
        QStringList titles;
        for (const QString& id : step.checks)
            titles << titleOf(id);
        panel->setCurrentStep(asking);
        QTRY_VERIFY(panel->findChild<QRadioButton*>()->isVisible()); // shown by its layout, queued
        showQuestion(*panel, "lessonSubmit");
        for (const QString& text : shownTexts(*panel))
            for (const QString& title : titles)
                QVERIFY2(!text.contains(title), qPrintable(text));
        for (int i = 0; i < n; ++i) {
            QCOMPARE(checks->item(i)->text(),
                QStringLiteral("○ Check %1 of %2 — shown once you have answered").arg(i + 1).arg(n));
            QCOMPARE(checks->item(i)->data(Qt::UserRole + 1).toString(), QStringLiteral("hidden"));
            QVERIFY(!checks->item(i)->toolTip().contains(scenario.checks.front().expect));
        }
        QVERIFY(labelText(*panel, "lessonChecksHeader").contains(QStringLiteral("shown")));
        QCOMPARE(panel->findChild<QRadioButton*>()->text(), QStringLiteral("A"));
        saveScreenshot(*window.findChild<QDockWidget*>(QStringLiteral("lessonDock")),
            QStringLiteral("lesson-question-checks-hidden"));

        // Wrong or right, the answer shows them as they are.
        clickAnswer(*panel, (step.question->answer + 1) % static_cast<int>(step.question->choices.size()));
        for (int i = 0; i < n; ++i) {
            const QString text = checks->item(i)->text();
            const QString id = QStringLiteral(" (") + checks->item(i)->data(Qt::UserRole).toString() + u')';
            QVERIFY2(text.endsWith(id) && titles.contains(text.mid(2).chopped(id.size()))
                    && (text.startsWith(QStringLiteral("✓ ")) || text.startsWith(QStringLiteral("✗ "))),
                qPrintable(text));
        }
        showQuestion(*panel, "lessonFeedback");
        saveScreenshot(*window.findChild<QDockWidget*>(QStringLiteral("lessonDock")),
            QStringLiteral("lesson-question-checks-shown"));

        // Every question answered: every check shows, title and verdict.
        answerEveryQuestion(*panel, *scenario.lesson, 0);
        for (const ScenarioCheck& c : scenario.checks) {
            QVERIFY2(rowOf(c.id)->text().contains(c.title), qPrintable(rowOf(c.id)->text()));
            QVERIFY(rowOf(c.id)->data(Qt::UserRole + 1).toString() != QLatin1String("hidden"));
        }
        QVERIFY(!labelText(*panel, "lessonChecksHeader").contains(QStringLiteral("shown")));
        QVERIFY(lesson.errors.messages.isEmpty());
    }

    void aStepWhoseChecksAreAllHiddenSaysSo()
    {
        // 03's first step asks nothing, and every check of the lesson waits for a later question.
        LessonWindow lesson;
        QVERIFY(lesson.open(QStringLiteral("03-duplicates-idempotency")));
        MainWindow& window = lesson.window;
        LessonPanel* panel = window.lessonPanel();
        playToTheEndsVerdicts(window);
        if (QTest::currentTestFailed())
            return;
        const auto* checks = panel->findChild<QListWidget*>(QStringLiteral("lessonChecks"));
        QVERIFY(checks->count() > 0);
        for (int i = 0; i < checks->count(); ++i)
            QCOMPARE(checks->item(i)->data(Qt::UserRole + 1).toString(), QStringLiteral("hidden"));
        QCOMPARE(labelText(*panel, "lessonChecksHeader"),
            QStringLiteral("Checks at the end of the run: none shown yet, each waits for the answer to its question"));
    }

    void theInspectorShowsAServicesOwnState()
    {
        // Lessons send the learner to a service's state in the Inspector: it is there, and it is live.
        MainWindow window;
        window.show();
        QVERIFY(window.openFile(QStringLiteral("07-saga-orchestration")));
        ServiceStateView* state = window.inspector()->serviceState();
        auto* combo = state->findChild<QComboBox*>(QStringLiteral("serviceStateCombo"));
        QTRY_VERIFY_WITH_TIMEOUT(combo->findText(QStringLiteral("order-saga")) >= 0, 5000); // coordinators too
        QVERIFY(combo->findText(QStringLiteral("inventory")) >= 0);
        window.inspector()->showService(QStringLiteral("inventory"));
        QTRY_COMPARE_WITH_TIMEOUT(state->valueAt(QStringLiteral("stock.sku-1.reserved")), QStringLiteral("0"), 5000);
        const QString totalBefore = state->valueAt(QStringLiteral("stock.sku-1.total"));
        auto* speed = window.findChild<QComboBox*>(QStringLiteral("speedCombo"));
        speed->setCurrentIndex(speed->findData(PlaybackSpeed::kMax));
        window.play();
        QTRY_COMPARE_WITH_TIMEOUT(labelText(window, "stateLabel"), QStringLiteral("Finished"), 30000);
        // The shipped orders left the stock: the tree followed the run.
        QTRY_VERIFY_WITH_TIMEOUT(
            state->valueAt(QStringLiteral("stock.sku-1.total")).toInt() < totalBefore.toInt(), 5000);
        QCOMPARE(state->valueAt(QStringLiteral("invariantsHold")), QStringLiteral("true"));
        QCOMPARE(state->valueAt(QStringLiteral("up")), QStringLiteral("true"));
        window.inspector()->showService(QStringLiteral("order-saga"));
        QTRY_COMPARE_WITH_TIMEOUT(state->valueAt(QStringLiteral("compensated")), QStringLiteral("7"), 5000);
        saveScreenshot(*window.findChild<QDockWidget*>(QStringLiteral("inspectorDock")),
            QStringLiteral("inspector-service-state"));
    }

    void figuresAreFilledInFromTheRun()
    {
        // What the engine gives for 05's figures on its own seed, computed here without the window.
        const auto loaded = ScenarioLoader::loadFile(ShippedScenarios::resolve(QStringLiteral("05-cqrs-read-models")));
        QVERIFY(loaded.ok());
        const Lesson& lesson = *loaded.scenario->lesson;
        auto sim = ScenarioBuilder::build(*loaded.scenario);
        sim->runToQuiescence();
        const QJsonObject expected
            = LessonFigures::texts(lesson.figures, LessonFigures::evaluate(lesson.figures, *sim));
        QVERIFY(!expected.value(QStringLiteral("orders")).toString().isEmpty());

        MainWindow window;
        Errors errors;
        window.setErrorHandler(errors.handler());
        window.show();
        QVERIFY(window.openFile(QStringLiteral("05-cqrs-read-models")));
        LessonPanel* panel = window.lessonPanel();
        panel->setCurrentStep(4); // "Everyone agrees in the end": {{orders}}, {{revenueCents}}, {{completed}}
        const auto* text = panel->findChild<QLabel*>(QStringLiteral("lessonText"));
        // Before the run has moved: a marker, and a tooltip that says why.
        QVERIFY2(text->text().contains(LessonFigures::missing()), qPrintable(text->text()));
        QVERIFY(!text->text().contains(QStringLiteral("{{")));
        QVERIFY(text->toolTip().contains(QStringLiteral("filled in from the run")));

        auto* combo = window.findChild<QComboBox*>(QStringLiteral("speedCombo"));
        combo->setCurrentIndex(combo->findData(PlaybackSpeed::kMax));
        window.play();
        QTRY_COMPARE_WITH_TIMEOUT(labelText(window, "stateLabel"), QStringLiteral("Finished"), 60000);
        const QString filled = QStringLiteral("the status view has all %1 orders, the revenue dashboard's %2 cents")
                                   .arg(expected.value(QStringLiteral("orders")).toString(),
                                       expected.value(QStringLiteral("revenueCents")).toString());
        QTRY_VERIFY2_WITH_TIMEOUT(text->text().contains(filled), qPrintable(text->text()), 10000);
        QVERIFY(!text->text().contains(LessonFigures::missing()));
        QVERIFY(text->toolTip().isEmpty());
        // The figures are the run's at its end once the judgement asked for after the last batch comes back
        // (the panel asks at most so often): a figure still moving in the run's tail may come a little later.
        QTRY_COMPARE_WITH_TIMEOUT(panel->figureTexts(), expected, 10000);
        saveScreenshot(
            *window.findChild<QDockWidget*>(QStringLiteral("lessonDock")), QStringLiteral("lesson-figures-filled"));

        // A new run forgets them until it has moved again.
        window.findChild<QAction*>(QStringLiteral("actionReset"))->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(text->text().contains(LessonFigures::missing()), 5000);
        QVERIFY(errors.messages.isEmpty());
    }

    void anEstimateIsJudgedWhenTheRunHasEnded()
    {
        const EstimateCase c = estimateOf(QStringLiteral("15-dual-write-outbox"));
        QVERIFY2(c.step >= 0 && c.value >= 0, "15 has an estimate question whose figure has a value");
        LessonWindow lesson;
        QVERIFY(lesson.open(QStringLiteral("15-dual-write-outbox")));
        MainWindow& window = lesson.window;
        const Errors& errors = lesson.errors;
        LessonPanel* panel = window.lessonPanel();
        auto* field = panel->findChild<QLineEdit*>(QStringLiteral("lessonEstimate"));
        auto* submit = panel->findChild<QPushButton*>(QStringLiteral("lessonSubmit"));
        auto* verdict = panel->findChild<QLabel*>(QStringLiteral("lessonEstimateVerdict"));
        auto* feedback = panel->findChild<QLabel*>(QStringLiteral("lessonFeedback"));

        // A multiple-choice step shows choices and no number field.
        panel->setCurrentStep(1);
        QTRY_VERIFY(panel->findChild<QRadioButton*>(QStringLiteral("lessonChoice0"))
                        ->isVisible()); // shown by its layout, queued
        QVERIFY(!field->isVisible());

        // The estimate step: a number field with its unit, nothing to submit until a number is typed.
        panel->setCurrentStep(c.step);
        QVERIFY(field->isVisible() && field->isEnabled());
        QVERIFY(panel->findChild<QRadioButton*>(QStringLiteral("lessonChoice0")) == nullptr);
        QCOMPARE(labelText(*panel, "lessonEstimateUnit"), c.estimate.unit);
        QVERIFY(field->accessibleName().startsWith(QStringLiteral("Your estimate")));
        QVERIFY(!submit->isEnabled());
        QTest::keyClicks(field, QStringLiteral("many"));
        QVERIFY(field->text().isEmpty()); // not a number: the field takes none of it
        QVERIFY(!submit->isEnabled());
        QTest::keyClicks(field, QStringLiteral("7"));
        QVERIFY(submit->isEnabled());
        field->clear();
        QVERIFY(!submit->isEnabled());

        // Within the tolerance, but not spot on (when the tolerance allows it).
        const double band = c.estimate.band(c.value);
        const double guess = c.value + std::floor(band / 2);
        panel->estimate(guess);
        QVERIFY(!field->isEnabled()); // locked in
        QVERIFY(submit->isHidden());
        QVERIFY(feedback->isVisible()); // the explanation, as for a choice
        QCOMPARE(verdictOf(*panel), QStringLiteral("unknown"));
        QVERIFY2(verdict->text().contains(QStringLiteral("Play the run")), qPrintable(verdict->text()));

        // While the run goes: what it shows so far, no verdict.
        QAction* step = window.findChild<QAction*>(QStringLiteral("actionStep"));
        QTRY_VERIFY_WITH_TIMEOUT(step->isEnabled(), 5000);
        for (int i = 0; i < 20; ++i)
            step->trigger();
        QTRY_VERIFY2_WITH_TIMEOUT(
            verdict->text().contains(QStringLiteral("so far")), qPrintable(verdict->text()), 10000);
        QCOMPARE(verdictOf(*panel), QStringLiteral("unknown"));

        // The run ends: the verdict, with the run's value and the band.
        playToTheEnd(window);
        QTRY_COMPARE_WITH_TIMEOUT(verdictOf(*panel), QStringLiteral("right"), 10000);
        const QString run = LessonFigures::format(c.value, c.figure.format);
        QVERIFY2(verdict->text().contains(QStringLiteral("The run: ") + run), qPrintable(verdict->text()));
        QVERIFY2(verdict->text().contains(
                     QStringLiteral("Your estimate: ") + LessonFigures::format(guess, LessonFigure::Format::Number)),
            qPrintable(verdict->text()));
        QVERIFY2(verdict->text().contains(band > 0
                         ? QStringLiteral("within ±") + LessonFigures::format(band, LessonFigure::Format::Number)
                         : QStringLiteral("exactly")),
            qPrintable(verdict->text()));
        if (guess == 1 && c.estimate.unit.endsWith(u's')) // "1 event", not "1 events"
            QVERIFY2(verdict->text().contains(QStringLiteral("Your estimate: 1 ") + c.estimate.unit.chopped(1) + u'.'),
                qPrintable(verdict->text()));
        showQuestion(*panel);
        saveScreenshot(
            *window.findChild<QDockWidget*>(QStringLiteral("lessonDock")), QStringLiteral("lesson-estimate-right"));

        // Going away and back keeps it; a new run judges the same estimate again.
        panel->setCurrentStep(0);
        panel->setCurrentStep(c.step);
        QCOMPARE(verdictOf(*panel), QStringLiteral("right"));
        window.findChild<QAction*>(QStringLiteral("actionReset"))->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(verdictOf(*panel), QStringLiteral("unknown"), 5000);
        QCOMPARE(field->validator()->locale().toDouble(field->text()), guess); // the estimate is kept
        QVERIFY(!field->isEnabled());
        QVERIFY(errors.messages.isEmpty());
    }

    void anEstimateOffTheMarkIsToldByHowMuch()
    {
        const EstimateCase c = estimateOf(QStringLiteral("16-saga-coordinator-crash"));
        QVERIFY2(c.step >= 0 && c.value >= 0, "16 has an estimate question whose figure has a value");
        LessonWindow lesson;
        QVERIFY(lesson.open(QStringLiteral("16-saga-coordinator-crash")));
        MainWindow& window = lesson.window;
        const Errors& errors = lesson.errors;
        LessonPanel* panel = window.lessonPanel();
        panel->setCurrentStep(c.step);
        // 16 estimates a duration: typed in milliseconds, judged in the figure's microseconds.
        QCOMPARE(c.figure.format, LessonFigure::Format::Duration);
        QCOMPARE(labelText(*panel, "lessonEstimateUnit"), QStringLiteral("ms"));
        const double band = c.estimate.band(c.value);
        const double typed = std::round((c.value + band) / 1000.0) + 100; // past the band by about 100 ms
        const double guess = typed * 1000.0;
        panel->estimate(typed);
        playToTheEnd(window);
        QTRY_COMPARE_WITH_TIMEOUT(verdictOf(*panel), QStringLiteral("wrong"), 10000);
        const QString text = labelText(*panel, "lessonEstimateVerdict");
        // In milliseconds throughout, as typed, so that the numbers compare at a glance.
        const auto ms = [](double us) -> QString {
            return LessonFigures::format(us / 1000.0, LessonFigure::Format::Number) + QStringLiteral(" ms");
        };
        QVERIFY2(text.contains(QStringLiteral("Your estimate: ") + ms(guess) + u'.'), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("The run: ") + ms(c.value)), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("off by ") + ms(guess - c.value)), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("within ±") + ms(band)), qPrintable(text));
        showQuestion(*panel);
        saveScreenshot(
            *window.findChild<QDockWidget*>(QStringLiteral("lessonDock")), QStringLiteral("lesson-estimate-wrong"));
        QVERIFY(errors.messages.isEmpty());
    }

    void aReviewedRunJudgesAnEstimateAtOnce()
    {
        QStandardPaths::setTestModeEnabled(true); // the recording stays out of the user's own runs
        QTemporaryDir dir;
        QSettings settings;
        RunArchive::Settings values;
        values.directory = dir.path();
        RunArchive::save(settings, values);
        const QString lessonId = QStringLiteral("15-dual-write-outbox");
        const EstimateCase c = estimateOf(lessonId);
        QVERIFY(c.step >= 0);
        settings.setValue(QLatin1String(LessonPanel::kClassCodeKey), QStringLiteral("B207"));
        QString runFile;
        QList<int> liveOrder;
        {
            MainWindow live;
            live.show();
            QVERIFY(live.openFile(lessonId));
            live.lessonPanel()->setCurrentStep(1);
            liveOrder = shownChoices(*live.lessonPanel());
            playToTheEnd(live);
            auto* controller = live.findChild<SimulationController*>();
            QTRY_VERIFY_WITH_TIMEOUT(!controller->status().runFile.isEmpty(), 10000);
            runFile = controller->status().runFile;
        }
        MainWindow window;
        Errors errors;
        window.setErrorHandler(errors.handler());
        window.show();
        QVERIFY(window.openFile(runFile));
        auto* controller = window.findChild<SimulationController*>();
        QTRY_VERIFY_WITH_TIMEOUT(controller->isReviewing() && controller->status().finished, 30000);
        LessonPanel* panel = window.lessonPanel();
        // The reviewed run's questions, in the order the class saw them live.
        panel->setCurrentStep(1);
        QCOMPARE(liveOrder.size(), 4);
        QCOMPARE(shownChoices(*panel), liveOrder);
        panel->setCurrentStep(c.step);
        panel->estimate(c.value);
        QTRY_COMPARE_WITH_TIMEOUT(verdictOf(*panel), QStringLiteral("right"), 10000);
        QVERIFY(errors.messages.isEmpty());
    }

    void aFigureIsPlainTextNeverMarkup()
    {
        LessonContent content;
        const QJsonObject figures { { QStringLiteral("x"),
            QStringLiteral("<img src=\"/dev/zero\"> **bold** [a](http://e.org)") } };
        bool missing = true;
        const QString html = content.toHtml(QStringLiteral("value: {{x}}, then {{y}}"), &figures, &missing);
        QVERIFY(missing); // y has no value
        // As text, where a long word may break (LessonContent::kBreakHere).
        QVERIFY2(QString(html)
                     .remove(QChar(LessonContent::kBreakHere))
                     .contains(QStringLiteral("&lt;img src=&quot;/dev/zero&quot;&gt; **bold** [a](http://e.org)")),
            qPrintable(html));
        QVERIFY(!html.contains(QStringLiteral("<img")));
        QVERIFY(!html.contains(QStringLiteral("href")));
        QVERIFY(html.contains(LessonFigures::missing()));
    }

    void aScenarioWithoutALessonHidesTheDock()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("plain.json"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(
            R"({"id": "plain", "topics": [{"id": "t"}], "services": [{"id": "s", "subscriptions": [{"topic": "t"}]}]})");
        file.close();
        MainWindow window;
        window.show();
        QVERIFY(window.openFile(path));
        QVERIFY(!window.findChild<QDockWidget*>(QStringLiteral("lessonDock"))->isVisible());
        QCOMPARE(window.lessonPanel()->stepCount(), 0);
    }
};

QTEST_MAIN(TestLessonPanel)
#include "tst_lessonpanel.moc"
