#include "lessons/lessontime.h"
#include "scenario/scenarioloader.h"

#include <QDir>
#include <QTest>

using namespace eventloom;

namespace {
/// `n` words of text.
QString words(int n)
{
    QStringList out;
    for (int i = 0; i < n; ++i)
        out << QStringLiteral("word");
    return out.join(u' ');
}

/// A lesson of `steps` steps with `extraWords` words of text in all, `actions` of them asking for an action
/// and `questions` of them asking a question (with no words of their own).
Lesson lesson(int extraWords, int steps, int actions, int questions)
{
    Lesson l;
    l.summary = words(extraWords);
    for (int i = 0; i < steps; ++i) {
        LessonStep step;
        step.title = QStringLiteral("Step");
        if (i < actions)
            step.inject = InjectionSpec::failNext(QStringLiteral("payment"));
        if (i < questions)
            step.question = LessonQuestion {};
        l.steps.push_back(step);
    }
    return l;
}
}

class TestLessonTime : public QObject {
    Q_OBJECT
private Q_SLOTS:
    /// Every word a learner reads counts: the summary, the goals, each step's text and action, each question's
    /// prompt, choices and explanation; the titles do not (a glance each).
    void countsTheWordsALearnerReads()
    {
        Lesson l;
        l.title = QStringLiteral("Not counted at all");
        l.summary = QStringLiteral("one two  three\n");
        l.goals = QStringList { QStringLiteral("four five") };
        LessonStep step;
        step.title = QStringLiteral("Not counted");
        step.text = QStringLiteral("**six** seven\n\n- eight");
        step.action = QStringLiteral("nine");
        LessonQuestion q;
        q.prompt = QStringLiteral("ten eleven?");
        q.choices = QStringList { QStringLiteral("twelve"), QStringLiteral("thirteen fourteen") };
        q.explanation = QStringLiteral("fifteen");
        step.question = q;
        l.steps.push_back(step);
        QCOMPARE(LessonTime::words(l), qsizetype(16));
    }

    /// The documented rule: words at 150 a minute, a minute a step, two more for an action, one more for a
    /// question, rounded up to the next five minutes.
    void estimatesByTheRule_data()
    {
        QTest::addColumn<int>("extraWords");
        QTest::addColumn<int>("steps");
        QTest::addColumn<int>("actions");
        QTest::addColumn<int>("questions");
        QTest::addColumn<int>("minutes");
        QTest::newRow("one short step: never under five minutes") << 10 << 1 << 0 << 0 << 5;
        QTest::newRow("exactly five minutes of reading and steps") << 150 * 3 << 2 << 0 << 0 << 5;
        QTest::newRow("one word more rounds up") << 150 * 3 + 1 << 2 << 0 << 0 << 10;
        QTest::newRow("an action is two minutes") << 150 * 2 << 1 << 1 << 0 << 5;
        QTest::newRow("and a question one more") << 150 * 2 << 1 << 1 << 1 << 10;
        QTest::newRow("eleven steps, four actions, three questions, 2000 words")
            << 2000 << 11 << 4 << 3 << 40; // 13.3 + 11 + 8 + 3 = 35.3 minutes
        QTest::newRow("no text, ten questions") << 0 << 10 << 0 << 10 << 20;
    }
    void estimatesByTheRule()
    {
        QFETCH(int, extraWords);
        QFETCH(int, steps);
        QFETCH(int, actions);
        QFETCH(int, questions);
        QFETCH(int, minutes);
        QCOMPARE(LessonTime::minutes(lesson(extraWords, steps, actions, questions)), minutes);
    }

    /// The shipped lessons: each estimate a multiple of five, and the long lessons take longer than the short.
    void shippedLessonsTakeTimesInProportion()
    {
        const QDir dir(QStringLiteral(EVENTLOOM_SOURCE_DIR "/scenarios"));
        std::map<QString, int> minutes;
        for (const QString& name : dir.entryList({ QStringLiteral("*.json") }, QDir::Files, QDir::Name)) {
            const ScenarioLoader::Result loaded = ScenarioLoader::loadFile(dir.filePath(name));
            QVERIFY2(loaded.ok() && loaded.scenario->lesson, qPrintable(name));
            const int m = LessonTime::minutes(*loaded.scenario->lesson);
            QVERIFY2(m >= 5 && m <= 90 && m % 5 == 0, qPrintable(name + QStringLiteral(": %1 min").arg(m)));
            minutes[loaded.scenario->id] = m;
        }
        QVERIFY(minutes.size() >= 17);
        // 07: eleven steps, four of them actions; 16: five steps and no action.
        QVERIFY(minutes.at(QStringLiteral("07-saga-orchestration"))
            > minutes.at(QStringLiteral("16-saga-coordinator-crash")));
    }
};

QTEST_GUILESS_MAIN(TestLessonTime)
#include "tst_lessontime.moc"
