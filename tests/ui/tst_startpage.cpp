#include "courseprogress.h"
#include "lessons/lessontime.h"
#include "mainwindow.h"
#include "models/coursemodel.h"
#include "playbackspeed.h"
#include "scenario/scenarioloader.h"
#include "scenario/shippedscenarios.h"
#include "startpage.h"
#include "uitesting.h"
#include "views/coursedelegate.h"
#include "views/lessonpanel.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QLabel>
#include <QListView>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QStackedWidget>
#include <QTest>
#include <QToolButton>

using namespace eventloom;
using namespace eventloom::uitesting;

// The start page as a course: each lesson with what it teaches, how long it takes and how far the learner
// got — steps done, predictions right and wrong — kept between sessions, with "continue where you left off"
// and a way to reset it. Driven as a learner does, through the start page's buttons and the Lesson dock's.

namespace {
const QString kFanOut = QStringLiteral("01-pubsub-fanout"); // 5 steps; questions at steps 2 and 4 (1 and 3 from 0)
const QString kSaga = QStringLiteral("07-saga-orchestration"); // 11 steps

StartPage* startPage(MainWindow& window)
{
    return window.findChild<StartPage*>(QStringLiteral("startPage"));
}

QModelIndex row(MainWindow& window, const QString& id)
{
    CourseModel* model = startPage(window)->model();
    return model->index(model->rowOf(id));
}

template <typename Widget>
Widget* child(QWidget& root, const char* name)
{
    auto* found = root.findChild<Widget*>(QLatin1String(name));
    if (!found)
        qFatal("no widget %s", name);
    return found;
}

bool onStartPage(MainWindow& window)
{
    return child<QStackedWidget>(window, "centralStack")->currentWidget() == startPage(window);
}

/// Selects lesson `id` on the start page and presses its open button, as a learner does.
void openFromStartPage(MainWindow& window, const QString& id)
{
    QVERIFY(onStartPage(window));
    QVERIFY(startPage(window)->select(id));
    QTest::mouseClick(child<QPushButton>(window, "openLessonButton"), Qt::LeftButton);
    QVERIFY(window.scenario());
    QCOMPARE(window.scenario()->id, id);
}

void next(MainWindow& window)
{
    QTest::mouseClick(child<QPushButton>(*window.lessonPanel(), "lessonNext"), Qt::LeftButton);
}

/// Presses Reset on the confirmation a reset button of the start page asks.
void confirmReset(MainWindow& window, const char* button, QMessageBox::StandardButton answer)
{
    auto* page = startPage(window);
    QVERIFY(child<QAbstractButton>(*page, button)->isEnabled());
    QTest::mouseClick(child<QAbstractButton>(*page, button), Qt::LeftButton);
    QMessageBox* box = nullptr;
    QTRY_VERIFY((box = page->findChild<QMessageBox*>(QStringLiteral("resetProgressDialog"))) && box->isVisible());
    QTest::mouseClick(box->button(answer), Qt::LeftButton);
    QTRY_VERIFY(!page->findChild<QMessageBox*>(QStringLiteral("resetProgressDialog")));
}

/// Every push and tool button of `root` that is shown narrower than its text needs.
QStringList cutButtons(QWidget& root)
{
    QStringList out;
    for (QAbstractButton* button : root.findChildren<QAbstractButton*>())
        if (button->isVisibleTo(&root) && button->width() < button->sizeHint().width())
            out << button->text();
    return out;
}

/// Every row of `list` not shown as its delegate lays it out at the list's width: cut at the bottom or the right.
QStringList unfitRows(QListView& list)
{
    QStringList out;
    QStyleOptionViewItem option;
    option.initFrom(&list);
    option.widget = &list;
    for (int i = 0; i < list.model()->rowCount(); ++i) {
        const QModelIndex index = list.model()->index(i, 0);
        const QRect rect = list.visualRect(index);
        const QSize wanted = list.itemDelegate()->sizeHint(option, index);
        // Laid out one below the other, each as tall as it wants: a row laid out for another width overlaps.
        const int top = i == 0 ? rect.top() : list.visualRect(list.model()->index(i - 1, 0)).bottom() + 1;
        if (rect.width() > list.viewport()->width() || rect.height() != wanted.height() || rect.top() != top)
            out << QStringLiteral("row %1: %2x%3, wants %4x%5 in %6 px")
                       .arg(i)
                       .arg(rect.width())
                       .arg(rect.height())
                       .arg(wanted.width())
                       .arg(wanted.height())
                       .arg(list.viewport()->width());
    }
    return out;
}

/// Every wrapping label of `root` shown shorter than its text needs at its width.
QStringList cutLabels(QWidget& root)
{
    QStringList out;
    for (QLabel* label : root.findChildren<QLabel*>())
        if (label->isVisibleTo(&root) && !label->text().isEmpty()
            && (label->height() < label->heightForWidth(label->width())
                || (!label->wordWrap() && label->width() < label->sizeHint().width())))
            out << label->objectName() + QStringLiteral(": ") + label->text().left(60);
    return out;
}
}

class TestStartPage : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("EventLoomTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_startpage"));
    }
    void init() { QSettings().clear(); }

    /// Every shipped lesson, in order, with its concepts and an estimate that follows the documented rule;
    /// nothing started, nothing to continue.
    void listsEveryLessonWithWhatItTeaches()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(onStartPage(window));
        CourseModel* model = startPage(window)->model();
        QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QStringList paths = ShippedScenarios::paths();
        QCOMPARE(model->rowCount(), paths.size());
        int total = 0;
        for (int i = 0; i < model->rowCount(); ++i) {
            const QModelIndex index = model->index(i);
            const ScenarioLoader::Result loaded = ScenarioLoader::loadFile(paths[i]);
            QVERIFY(loaded.ok());
            QCOMPARE(index.data(CourseModel::IdRole).toString(), loaded.scenario->id);
            QCOMPARE(index.data(CourseModel::TitleRole).toString(), loaded.scenario->lesson->title);
            QCOMPARE(index.data(CourseModel::ConceptsRole).toStringList(), loaded.scenario->lesson->concepts);
            QVERIFY2(!loaded.scenario->lesson->concepts.isEmpty(), qPrintable(loaded.scenario->id));
            QCOMPARE(index.data(CourseModel::MinutesRole).toInt(), LessonTime::minutes(*loaded.scenario->lesson));
            QCOMPARE(index.data(CourseModel::StepCountRole).toInt(),
                static_cast<int>(loaded.scenario->lesson->steps.size()));
            QCOMPARE(index.data(CourseModel::StateRole).toInt(), static_cast<int>(CourseModel::State::NotStarted));
            // What a screen reader says of the row: its place, its title, its state, its time, its concepts.
            const QString said = index.data(Qt::AccessibleTextRole).toString();
            QVERIFY2(said.startsWith(QStringLiteral("Lesson %1: ").arg(i + 1))
                    && said.contains(QLatin1String("Not started"))
                    && said.contains(loaded.scenario->lesson->concepts.first()),
                qPrintable(said));
            total += index.data(CourseModel::MinutesRole).toInt();
        }
        QCOMPARE(model->totalMinutes(), total);
        QVERIFY(labelText(window, "courseHeader").contains(CourseModel::duration(total)));
        QVERIFY(!child<QWidget>(window, "continueBox")->isVisible());
        QVERIFY(!child<QWidget>(window, "resetCourseButton")->isEnabled());
        QCOMPARE(child<QListView>(window, "lessonList")->accessibleName(), QStringLiteral("Lessons of the course"));
    }

    /// Moving through a lesson's steps and answering its questions in the Lesson dock shows on the start page:
    /// steps done, predictions right and wrong, the step to resume at.
    void answeringAndMovingStepsShowsOnTheStartPage()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const QModelIndex fanOut = row(window, kFanOut);
        QCOMPARE(CourseDelegate::progressText(fanOut), QStringLiteral("5 steps · 2 questions"));
        openFromStartPage(window, kFanOut);
        LessonPanel* panel = window.lessonPanel();
        QCOMPARE(panel->currentStep(), 0);
        QCOMPARE(fanOut.data(CourseModel::StepsDoneRole).toInt(), 1);

        next(window); // step 2 asks a question: not done until it is answered
        QCOMPARE(fanOut.data(CourseModel::StepsDoneRole).toInt(), 1);
        const Lesson& lesson = *window.scenario()->lesson;
        panel->answer(lesson.steps[1].question->answer); // right
        QCOMPARE(fanOut.data(CourseModel::StepsDoneRole).toInt(), 2);
        next(window);
        next(window); // step 4: answered wrong
        panel->answer(
            (lesson.steps[3].question->answer + 1) % static_cast<int>(lesson.steps[3].question->choices.size()));
        QCOMPARE(fanOut.data(CourseModel::StepsDoneRole).toInt(), 4);

        action(window, "actionStartPage")->trigger();
        QVERIFY(onStartPage(window));
        QCOMPARE(fanOut.data(CourseModel::StateRole).toInt(), static_cast<int>(CourseModel::State::InProgress));
        QCOMPARE(fanOut.data(CourseModel::RightRole).toInt(), 1);
        QCOMPARE(fanOut.data(CourseModel::WrongRole).toInt(), 1);
        QCOMPARE(CourseDelegate::progressText(fanOut), QStringLiteral("4 of 5 steps · 1 right · 1 wrong"));
        // Back on the page, the lesson the learner was in is the one selected.
        QCOMPARE(child<QListView>(window, "lessonList")->currentIndex(), fanOut);
        QCOMPARE(labelText(window, "lessonProgress"),
            QStringLiteral(
                "In progress: 4 of 5 steps done; you were on step 4. Predictions: 2 made, 1 right, 1 wrong."));
        QCOMPARE(child<QPushButton>(window, "openLessonButton")->text(), QStringLiteral("Resume at Step 4"));
        QVERIFY(child<QWidget>(window, "continueBox")->isVisible());
        QVERIFY(labelText(window, "continueText").contains(QLatin1String("step 4 of 5 of lesson 1")));
        QVERIFY(labelText(window, "courseHeader").contains(QStringLiteral("0 done · 1 in progress")));

        // The last step, and the lesson is done.
        QTest::mouseClick(child<QPushButton>(window, "openLessonButton"), Qt::LeftButton);
        QCOMPARE(panel->currentStep(), 3); // resumed where the learner was
        next(window);
        QCOMPARE(fanOut.data(CourseModel::StateRole).toInt(), static_cast<int>(CourseModel::State::Done));
        QVERIFY(fanOut.data(Qt::AccessibleTextRole).toString().contains(QLatin1String("Done: all 5 steps")));
        // Answering again in a new opening does not change the prediction that was made.
        action(window, "actionStartPage")->trigger();
        QCOMPARE(child<QPushButton>(window, "openLessonButton")->text(), QStringLiteral("Open Again"));
        openFromStartPage(window, kFanOut);
        QCOMPARE(panel->currentStep(), 0); // a lesson done opens at its beginning
        panel->setCurrentStep(3);
        panel->answer(lesson.steps[3].question->answer);
        QCOMPARE(fanOut.data(CourseModel::WrongRole).toInt(), 1);
    }

    /// The progress is in the settings: a new window (a new session) shows it, and Continue opens the lesson
    /// shown last at the step it showed.
    void progressSurvivesANewWindowAndContinueResumesIt()
    {
        {
            MainWindow window;
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            openFromStartPage(window, kFanOut);
            next(window);
            action(window, "actionStartPage")->trigger();
            openFromStartPage(window, kSaga);
            for (int i = 0; i < 5; ++i)
                next(window);
            window.lessonPanel()->setCurrentStep(1);
            window.lessonPanel()->answer(window.scenario()->lesson->steps[1].question->answer);
            next(window);
            next(window);
            QCOMPARE(window.lessonPanel()->currentStep(), 3);
        }
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const QModelIndex saga = row(window, kSaga);
        QCOMPARE(saga.data(CourseModel::StateRole).toInt(), static_cast<int>(CourseModel::State::InProgress));
        // Steps 1 to 6 seen; of those, steps 4 and 6 ask questions not answered yet.
        QCOMPARE(saga.data(CourseModel::StepsDoneRole).toInt(), 4);
        QCOMPARE(saga.data(CourseModel::RightRole).toInt(), 1);
        QCOMPARE(saga.data(CourseModel::CurrentStepRole).toInt(), 3);
        QCOMPARE(row(window, kFanOut).data(CourseModel::StepsDoneRole).toInt(), 1); // step 2 asks, unanswered
        QVERIFY(child<QWidget>(window, "continueBox")->isVisible());
        QCOMPARE(labelText(window, "continueText"),
            QStringLiteral("Last time you were on step 4 of 11 of lesson 7, “%1”.")
                .arg(saga.data(CourseModel::TitleRole).toString()));

        QTest::mouseClick(child<QPushButton>(window, "continueButton"), Qt::LeftButton);
        QVERIFY(!onStartPage(window));
        QVERIFY(window.scenario());
        QCOMPARE(window.scenario()->id, kSaga);
        QCOMPARE(window.lessonPanel()->currentStep(), 3);
        QCOMPARE(labelText(*window.lessonPanel(), "lessonPosition"), QStringLiteral("Step 4 of 11"));
    }

    /// Reset Progress forgets a lesson, Reset All Progress every lesson; Cancel forgets nothing.
    void resetClearsTheProgress()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        openFromStartPage(window, kSaga);
        next(window);
        window.lessonPanel()->answer(0);
        action(window, "actionStartPage")->trigger();
        openFromStartPage(window, kFanOut);
        next(window);
        action(window, "actionStartPage")->trigger();
        const QModelIndex saga = row(window, kSaga);
        const QModelIndex fanOut = row(window, kFanOut);
        QVERIFY(child<QWidget>(window, "continueBox")->isVisible());

        QVERIFY(startPage(window)->select(kFanOut));
        confirmReset(window, "resetLessonButton", QMessageBox::Cancel);
        QCOMPARE(fanOut.data(CourseModel::StateRole).toInt(), static_cast<int>(CourseModel::State::InProgress));
        confirmReset(window, "resetLessonButton", QMessageBox::Reset);
        QCOMPARE(fanOut.data(CourseModel::StateRole).toInt(), static_cast<int>(CourseModel::State::NotStarted));
        QCOMPARE(CourseDelegate::progressText(fanOut), QStringLiteral("5 steps · 2 questions"));
        QCOMPARE(labelText(window, "lessonProgress"), QStringLiteral("Not started yet."));
        QVERIFY(!child<QWidget>(window, "resetLessonButton")->isEnabled());
        QVERIFY(!child<QWidget>(window, "continueBox")->isVisible()); // it was the lesson shown last
        QCOMPARE(saga.data(CourseModel::StateRole).toInt(), static_cast<int>(CourseModel::State::InProgress));
        QCOMPARE(saga.data(CourseModel::PredictionsRole).toInt(), 1);

        confirmReset(window, "resetCourseButton", QMessageBox::Reset);
        for (int i = 0; i < startPage(window)->model()->rowCount(); ++i)
            QCOMPARE(startPage(window)->model()->index(i).data(CourseModel::StateRole).toInt(),
                static_cast<int>(CourseModel::State::NotStarted));
        QVERIFY(!child<QWidget>(window, "resetCourseButton")->isEnabled());
        // And it stays reset in the next session.
        QCOMPARE(CourseProgress().lesson(kSaga), LessonProgress {});
    }

    /// An estimate is a prediction as soon as it is typed, and right or wrong once the run has ended.
    void anEstimateCountsWhenTheRunHasEnded()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const QString id = QStringLiteral("16-saga-coordinator-crash"); // step 1 asks for an estimate
        openFromStartPage(window, id);
        window.lessonPanel()->estimate(1e9); // p99, in milliseconds: eleven days is never right
        const QModelIndex lesson = row(window, id);
        QCOMPARE(lesson.data(CourseModel::PredictionsRole).toInt(), 1);
        QCOMPARE(lesson.data(CourseModel::PendingRole).toInt(), 1);
        QCOMPARE(lesson.data(CourseModel::StepsDoneRole).toInt(), 1);
        auto* combo = window.findChild<QComboBox*>(QStringLiteral("speedCombo"));
        combo->setCurrentIndex(combo->findData(PlaybackSpeed::kMax));
        window.play();
        QTRY_COMPARE_WITH_TIMEOUT(lesson.data(CourseModel::WrongRole).toInt(), 1, 60000);
        QCOMPARE(lesson.data(CourseModel::PendingRole).toInt(), 0);
        QCOMPARE(lesson.data(CourseModel::PredictionsRole).toInt(), 1);
    }

    /// The course at the two window sizes a classroom has: a student reads it in ten seconds — order, done,
    /// in progress, right and wrong — and nothing is cut off.
    void screenshotsAtClassroomSizes_data()
    {
        QTest::addColumn<QSize>("size");
        QTest::newRow("1280x800") << QSize(1280, 800);
        QTest::newRow("1600x1000") << QSize(1600, 1000);
    }
    void screenshotsAtClassroomSizes()
    {
        QFETCH(QSize, size);
        MainWindow window;
        window.resize(size);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        // A learner some way into the course: 01 done, 03 half done, 07 begun.
        openFromStartPage(window, kFanOut);
        const Lesson& fanOut = *window.scenario()->lesson;
        for (int step = 0; step < static_cast<int>(fanOut.steps.size()); ++step) {
            window.lessonPanel()->setCurrentStep(step);
            if (fanOut.steps[static_cast<std::size_t>(step)].question)
                window.lessonPanel()->answer(step == 1 ? fanOut.steps[1].question->answer : 0);
        }
        action(window, "actionStartPage")->trigger();
        openFromStartPage(window, QStringLiteral("03-duplicates-idempotency"));
        next(window);
        window.lessonPanel()->answer(window.scenario()->lesson->steps[1].question->answer);
        next(window);
        action(window, "actionStartPage")->trigger();
        openFromStartPage(window, kSaga);
        next(window);
        action(window, "actionStartPage")->trigger();
        // The lesson's docks widened the window's minimum (1368 px with the default layout): once they are hidden
        // again, the start page is shown at `size`.
        QTRY_VERIFY(window.minimumWidth() <= size.width());
        window.resize(size);
        QTRY_COMPARE(window.size(), size);
        auto* list = child<QListView>(window, "lessonList");
        // The list lays its rows out again a moment after a resize: then every row is as tall as its wrapped
        // text at the list's width, and no wider than the list.
        QTRY_COMPARE(unfitRows(*list), QStringList());
        QVERIFY(startPage(window)->select(QStringLiteral("03-duplicates-idempotency")));
        QTRY_COMPARE(cutButtons(*startPage(window)), QStringList());
        QTRY_COMPARE(cutLabels(*startPage(window)), QStringList());
        auto* detail = child<QScrollArea>(window, "lessonDetail");
        QVERIFY(detail->widget()->width() <= detail->viewport()->width());
        saveScreenshot(window, QStringLiteral("startpage-%1x%2").arg(size.width()).arg(size.height()));
    }
};

QTEST_MAIN(TestStartPage)
#include "tst_startpage.moc"
