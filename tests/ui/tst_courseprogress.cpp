#include "courseprogress.h"

#include <QCoreApplication>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryFile>
#include <QTest>

using namespace eventloom;

// The learner's progress, kept in the settings: built from ui/courseprogress.cpp alone, with settings of the
// suite's own (test mode), cleared before each test.
class TestCourseProgress : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("EventLoomTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_courseprogress"));
    }
    void init() { QSettings().clear(); }

    void nothingIsDoneAtFirst()
    {
        const CourseProgress progress;
        const LessonProgress lesson = progress.lesson(QStringLiteral("01-pubsub-fanout"));
        QVERIFY(!lesson.started());
        QCOMPARE(lesson.predictions(), 0);
        QCOMPARE(lesson.current, 0);
        QVERIFY(progress.lastLesson().isEmpty());
        QVERIFY(progress.lastFile().isEmpty());
    }

    /// Every step shown is seen; the one shown last is where the learner continues; the lesson is the last one.
    void keepsTheStepsShownAndTheLastOne()
    {
        QTemporaryFile file;
        QVERIFY(file.open());
        CourseProgress progress;
        QSignalSpy changed(&progress, &CourseProgress::changed);
        progress.stepShown(QStringLiteral("a"), file.fileName(), 0);
        progress.stepShown(QStringLiteral("a"), file.fileName(), 3);
        progress.stepShown(QStringLiteral("a"), file.fileName(), 1);
        QCOMPARE(changed.size(), 3);
        QCOMPARE(changed.last().at(0).toString(), QStringLiteral("a"));
        progress.stepShown(QStringLiteral("a"), file.fileName(), 1); // nothing new
        QCOMPARE(changed.size(), 3);
        const LessonProgress a = progress.lesson(QStringLiteral("a"));
        QCOMPARE(a.seen, (std::set<int> { 0, 1, 3 }));
        QCOMPARE(a.current, 1);
        QCOMPARE(progress.lastLesson(), QStringLiteral("a"));
        QCOMPARE(progress.lastFile(), file.fileName());

        // Another lesson becomes the last; a file that is not there (a reviewed run's scenario) is not kept.
        progress.stepShown(QStringLiteral("b"), QStringLiteral("/nowhere/b.json"), 2);
        QCOMPARE(progress.lastLesson(), QStringLiteral("b"));
        QVERIFY(progress.lastFile().isEmpty());
        QCOMPARE(progress.lesson(QStringLiteral("a")).current, 1);
        // Going back to the first lesson's step makes it the last again, with no other change.
        progress.stepShown(QStringLiteral("a"), file.fileName(), 1);
        QCOMPARE(progress.lastLesson(), QStringLiteral("a"));
        QCOMPARE(changed.size(), 5);
    }

    /// A prediction counts once: the first answer is kept, a later one to the same question is not.
    void theFirstAnswerIsThePrediction()
    {
        CourseProgress progress;
        QSignalSpy changed(&progress, &CourseProgress::changed);
        progress.answered(QStringLiteral("a"), 1, true);
        progress.answered(QStringLiteral("a"), 1, false);
        progress.answered(QStringLiteral("a"), 2, false);
        QCOMPARE(changed.size(), 2);
        const LessonProgress a = progress.lesson(QStringLiteral("a"));
        QCOMPARE(a.answers, (std::map<int, bool> { { 1, true }, { 2, false } }));
        QCOMPARE(a.predictions(), 2);
        QCOMPARE(a.right(), 1);
        QCOMPARE(a.wrong(), 1);
        QVERIFY(!a.started()); // answers alone are not steps shown
    }

    /// An estimate is a prediction when submitted, and right or wrong once a run has ended.
    void anEstimateIsJudgedLater()
    {
        CourseProgress progress;
        progress.estimated(QStringLiteral("a"), 4);
        LessonProgress a = progress.lesson(QStringLiteral("a"));
        QCOMPARE(a.pending, std::set<int> { 4 });
        QCOMPARE(a.predictions(), 1);
        QCOMPARE(a.right() + a.wrong(), 0);
        progress.answered(QStringLiteral("a"), 4, true);
        progress.answered(QStringLiteral("a"), 4, false); // a later run's end does not change it
        progress.estimated(QStringLiteral("a"), 4); // nor an estimate submitted again in another session
        a = progress.lesson(QStringLiteral("a"));
        QVERIFY(a.pending.empty());
        QCOMPARE(a.answers, (std::map<int, bool> { { 4, true } }));
        QCOMPARE(a.predictions(), 1);
    }

    /// The settings hold it: another object (another window, another session) reads the same.
    void survivesANewObject()
    {
        QTemporaryFile file;
        QVERIFY(file.open());
        {
            CourseProgress progress;
            progress.stepShown(QStringLiteral("07-saga-orchestration"), file.fileName(), 4);
            progress.answered(QStringLiteral("07-saga-orchestration"), 2, false);
            progress.estimated(QStringLiteral("07-saga-orchestration"), 3);
        }
        const CourseProgress again;
        const LessonProgress lesson = again.lesson(QStringLiteral("07-saga-orchestration"));
        QCOMPARE(lesson.seen, std::set<int> { 4 });
        QCOMPARE(lesson.current, 4);
        QCOMPARE(lesson.answers, (std::map<int, bool> { { 2, false } }));
        QCOMPARE(lesson.pending, std::set<int> { 3 });
        QCOMPARE(again.lastLesson(), QStringLiteral("07-saga-orchestration"));
        QCOMPARE(again.lastFile(), file.fileName());
    }

    void resetForgetsOneLessonOrAll()
    {
        CourseProgress progress;
        QSignalSpy changed(&progress, &CourseProgress::changed);
        progress.stepShown(QStringLiteral("a"), QString(), 2);
        progress.answered(QStringLiteral("a"), 2, true);
        progress.stepShown(QStringLiteral("b"), QString(), 1);
        progress.reset(QStringLiteral("a"));
        QCOMPARE(changed.last().at(0).toString(), QStringLiteral("a"));
        QCOMPARE(progress.lesson(QStringLiteral("a")), LessonProgress {});
        QCOMPARE(progress.lastLesson(), QStringLiteral("b")); // the last lesson was another
        progress.reset(QStringLiteral("b"));
        QVERIFY(progress.lastLesson().isEmpty()); // the last lesson reset: nothing to continue
        progress.stepShown(QStringLiteral("a"), QString(), 1);
        progress.resetAll();
        QCOMPARE(changed.last().at(0).toString(), QString());
        QCOMPARE(progress.lesson(QStringLiteral("a")), LessonProgress {});
        QVERIFY(progress.lastLesson().isEmpty());
    }

    /// A scenario's id is anyone's text: it is a key of its own whatever its characters.
    void anyIdIsAKeyOfItsOwn()
    {
        CourseProgress progress;
        const QString odd = QStringLiteral("a/b\\c d%2F=é");
        progress.stepShown(odd, QString(), 2);
        progress.stepShown(QStringLiteral("a"), QString(), 1);
        QCOMPARE(progress.lesson(odd).seen, std::set<int> { 2 });
        QCOMPARE(progress.lesson(QStringLiteral("a")).seen, std::set<int> { 1 });
        QCOMPARE(progress.lesson(QStringLiteral("a/b")), LessonProgress {});
        progress.reset(odd);
        QCOMPARE(progress.lesson(QStringLiteral("a")).seen, std::set<int> { 1 });
    }

    /// Settings edited by hand: what is not a step is ignored, never trusted.
    void readsOnlyStepsFromTheSettings()
    {
        QSettings settings;
        settings.setValue(QStringLiteral("course/lessons/a/seen"), QStringLiteral("1 x -3 99999 2 2"));
        settings.setValue(QStringLiteral("course/lessons/a/current"), -7);
        settings.setValue(QStringLiteral("course/lessons/a/right"), QStringLiteral("0"));
        settings.setValue(QStringLiteral("course/lessons/a/pending"), QStringLiteral("0 5"));
        const LessonProgress a = CourseProgress().lesson(QStringLiteral("a"));
        QCOMPARE(a.seen, (std::set<int> { 1, 2 }));
        QCOMPARE(a.current, 0);
        QCOMPARE(a.answers, (std::map<int, bool> { { 0, true } }));
        QCOMPARE(a.pending, std::set<int> { 5 }); // step 0 is judged already
    }
};

QTEST_GUILESS_MAIN(TestCourseProgress)
#include "tst_courseprogress.moc"
