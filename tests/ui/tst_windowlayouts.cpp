// View › Layout (issue 21, item 8): the first launch opens in the Lesson layout — the lesson, the
// timeline, the Architecture, the Sagas and the Inspector, large — and the Workbench brings the expert
// docks back; each layout keeps the user's arrangement, the choice outlives the window, and the window
// opens sized to its screen (or where it was, on a screen that exists).

#include "docks/deadlettersdock.h"
#include "docks/eventstoredock.h"
#include "docks/readmodelsdock.h"
#include "docks/rundocks.h"
#include "models/sagamodel.h"
#include "playbackspeed.h"
#include "scenario/shippedscenarios.h"
#include "uitesting.h"
#include "views/architectureview.h"
#include "views/faultspanel.h"
#include "views/sagachart.h"
#include "views/sagapanel.h"
#include "windowlayouts.h"

#include <QDockWidget>
#include <QHeaderView>
#include <QRegularExpression>
#include <QScreen>
#include <QScrollArea>
#include <QScrollBar>
#include <QTableView>

using namespace eventloom;
using namespace eventloom::uitesting;

namespace {
const QString kLesson = QStringLiteral("07-saga-orchestration");
const QStringList kLearnerDocks { QStringLiteral("lessonDock"), QStringLiteral("architectureDock"),
    QStringLiteral("sagaDock"), QStringLiteral("inspectorDock") };
/// What the Lesson layout shows of lesson 07: the learner's docks and the Faults, which its text points at.
const QStringList kLesson07Docks = kLearnerDocks + QStringList { QStringLiteral("faultsDock") };

/// The docks the Workbench adds for lesson 07 (those the scenario wants).
QStringList expertDocks(const Scenario& scenario)
{
    QStringList names { QStringLiteral("faultsDock"), QStringLiteral("breakpointsDock"), QStringLiteral("settingsDock"),
        QStringLiteral("topicsDock"), QStringLiteral("metricsDock"), QStringLiteral("guaranteesDock") };
    if (DeadLettersDock::wanted(&scenario))
        names << QStringLiteral("deadLettersDock");
    if (ReadModelsDock::wanted(&scenario))
        names << QStringLiteral("readModelsDock");
    if (EventStoreDock::wanted(&scenario))
        names << QStringLiteral("eventStoreDock");
    return names;
}

/// The docks of `window` that show, by object name, sorted.
QStringList shownDocks(const MainWindow& window)
{
    QStringList names;
    for (const QDockWidget* dock : window.findChildren<QDockWidget*>())
        if (dock->isVisible())
            names << dock->objectName();
    names.sort();
    return names;
}

QStringList sorted(QStringList names)
{
    names.sort();
    return names;
}

QDockWidget* dock(const MainWindow& window, const char* name)
{
    auto* found = window.findChild<QDockWidget*>(QLatin1String(name));
    if (!found)
        qFatal("no dock %s", name);
    return found;
}

/// A window at `size` (a learner's 1600×1000 unless told) with lesson 07 open.
void openLesson(MainWindow& window, QSize size = { 1600, 1000 })
{
    window.resize(size);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.openFile(kLesson));
}
}

class TestWindowLayouts : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear(); // every test starts as a first launch
    }

    void firstLaunchIsTheLessonLayout()
    {
        MainWindow window;
        QVERIFY(action(window, "actionLayoutLesson")->isChecked());
        QVERIFY(!action(window, "actionLayoutWorkbench")->isChecked());
        window.show();
        QVERIFY(shownDocks(window).isEmpty()); // the start page: no docks
        openLesson(window);
        QTRY_COMPARE(shownDocks(window), sorted(kLesson07Docks));
    }

    /// A lesson's "the X dock" or "the **X** panel" names a dock of the window, and the Lesson layout shows every
    /// expert dock a lesson names: no step points at a dock that is not there.
    void aLessonFindsTheDocksItNames()
    {
        MainWindow window;
        window.resize(1600, 1000);
        window.show();
        const QList<QDockWidget*> docks = window.findChildren<QDockWidget*>();
        QStringList titles;
        for (const QDockWidget* dock : docks)
            titles << dock->windowTitle();
        const QRegularExpression named(
            QStringLiteral(R"((?:\*\*)?\b([A-Z][A-Za-z]*(?: (?:and )?[A-Z][A-Za-z]*)*)(?:\*\*)? (?:dock|panel)\b)"));
        int pointedAt = 0;
        for (const QString& path : ShippedScenarios::paths()) {
            QVERIFY(window.openFile(path));
            const QString text = RunDocks::lessonText(*window.scenario());
            for (const QRegularExpressionMatch& match : named.globalMatch(text))
                QVERIFY2(titles.contains(match.captured(1)),
                    qPrintable(QStringLiteral("%1 names a '%2' that no dock is called").arg(path, match.captured(0))));
            for (QDockWidget* dock : docks) {
                if (!RunDocks::names(text, dock->windowTitle()))
                    continue;
                ++pointedAt;
                QTRY_VERIFY2(dock->isVisible(),
                    qPrintable(QStringLiteral("%1 names the %2, hidden").arg(path, dock->windowTitle())));
            }
        }
        QVERIFY(pointedAt > 0);
    }

    /// View › Layout › Workbench shows every dock the scenario wants; Lesson hides the expert ones again.
    void workbenchAndBack()
    {
        MainWindow window;
        openLesson(window);
        const QStringList experts = expertDocks(*window.scenario());
        action(window, "actionLayoutWorkbench")->trigger();
        QVERIFY(action(window, "actionLayoutWorkbench")->isChecked());
        QTRY_COMPARE(shownDocks(window), sorted(kLearnerDocks + experts));
        action(window, "actionLayoutLesson")->trigger();
        QTRY_COMPARE(shownDocks(window), sorted(kLesson07Docks));
        // On the start page a layout changes where the docks go, and none shows.
        action(window, "actionStartPage")->trigger();
        action(window, "actionLayoutWorkbench")->trigger();
        QVERIFY(shownDocks(window).isEmpty());
        QVERIFY(window.openFile(kLesson));
        QTRY_COMPARE(shownDocks(window), sorted(kLearnerDocks + experts));
    }

    /// An expert dock the learner opens from the View menu shows in the Lesson layout until the next run.
    void anExpertDockOneClickAway()
    {
        MainWindow window;
        openLesson(window);
        QDockWidget* topics = dock(window, "topicsDock");
        QVERIFY(!topics->isVisible());
        topics->toggleViewAction()->trigger();
        QTRY_VERIFY(topics->isVisible());
        QVERIFY(!topics->isFloating());
    }

    /// Each layout keeps what the user made of it: switching away and back finds it; Reset Layout puts
    /// the current one back as shipped.
    void eachLayoutKeepsItsArrangement()
    {
        MainWindow window;
        openLesson(window);
        QDockWidget* lesson = dock(window, "lessonDock");
        QTRY_VERIFY(lesson->width() > 300);
        const int shipped = lesson->width();
        window.resizeDocks({ lesson }, { 520 }, Qt::Horizontal);
        QTRY_COMPARE(lesson->width(), 520);
        action(window, "actionLayoutWorkbench")->trigger();
        QTRY_VERIFY(dock(window, "topicsDock")->isVisible());
        QTRY_VERIFY(lesson->width() < 400); // the Workbench as shipped
        action(window, "actionLayoutLesson")->trigger();
        QTRY_COMPARE(lesson->width(), 520);
        action(window, "actionResetLayout")->trigger();
        QTRY_COMPARE(lesson->width(), shipped);
        QCOMPARE(shownDocks(window), sorted(kLesson07Docks));
    }

    /// The layout chosen, and its arrangement, are the next window's.
    void choiceOutlivesTheWindow()
    {
        int height = 0;
        {
            MainWindow window;
            openLesson(window, window.size()); // as it opens: the next window has the same size
            action(window, "actionLayoutWorkbench")->trigger();
            QDockWidget* sagas = dock(window, "sagaDock");
            QTRY_VERIFY(dock(window, "topicsDock")->isVisible());
            const int shipped = sagas->height();
            window.resizeDocks({ sagas }, { shipped - 60 }, Qt::Vertical);
            QTRY_VERIFY(sagas->height() < shipped - 20);
            height = sagas->height();
            window.close();
        }
        MainWindow window;
        QVERIFY(action(window, "actionLayoutWorkbench")->isChecked());
        window.show();
        QVERIFY(window.openFile(kLesson));
        QTRY_COMPARE(shownDocks(window), sorted(kLearnerDocks + expertDocks(*window.scenario())));
        QCOMPARE(window.size(), WindowLayouts::placement(window.screen()->availableGeometry()).size());
        QTRY_COMPARE(dock(window, "sagaDock")->height(), height);
    }

    /// With nothing saved the window takes the screen it opens on, less a margin; a saved geometry
    /// comes back, moved onto a screen when it is off every one.
    void windowFollowsTheScreen()
    {
        QRect available;
        {
            MainWindow window;
            available = window.screen()->availableGeometry();
            QVERIFY(available.width() >= 1000);
            QCOMPARE(window.geometry(), WindowLayouts::placement(available));
            QVERIFY(window.width() >= available.width() * 9 / 10);
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            window.setGeometry(available.adjusted(20, 30, -40, -50));
            window.close();
        }
        {
            MainWindow window;
            QCOMPARE(window.geometry(), available.adjusted(20, 30, -40, -50));
        }
        QSettings().setValue(QStringLiteral("mainWindow/geometry"), QRect(5000, -4000, 1100, 700));
        MainWindow window;
        QCOMPARE(window.size(), QSize(1100, 700));
        QVERIFY2(available.contains(window.geometry()),
            qPrintable(QStringLiteral("%1,%2").arg(window.geometry().x()).arg(window.geometry().y())));
    }

    void placement_data()
    {
        QTest::addColumn<QRect>("available");
        QTest::addColumn<QRect>("expected");
        QTest::newRow("1920×1040 under a panel") << QRect(0, 40, 1920, 1040) << QRect(60, 72, 1800, 976);
        QTest::newRow("second screen") << QRect(1920, 0, 1600, 1000) << QRect(1970, 31, 1500, 938);
    }
    void placement()
    {
        QFETCH(QRect, available);
        QFETCH(QRect, expected);
        QCOMPARE(WindowLayouts::placement(available), expected);
    }

    void clamped_data()
    {
        QTest::addColumn<QRect>("saved");
        QTest::addColumn<QRect>("expected");
        // Two screens side by side: 1920×1080 and, to its right, 1280×1024.
        QTest::newRow("on the first") << QRect(100, 100, 800, 600) << QRect(100, 100, 800, 600);
        QTest::newRow("on the second") << QRect(2000, 50, 800, 600) << QRect(2000, 50, 800, 600);
        QTest::newRow("mostly on the second") << QRect(1800, 500, 800, 600) << QRect(1920, 424, 800, 600);
        QTest::newRow("too big for the second") << QRect(2000, 0, 1600, 1200) << QRect(1920, 0, 1280, 1024);
        QTest::newRow("off every screen") << QRect(-3000, 4000, 800, 600) << QRect(0, 480, 800, 600);
        QTest::newRow("above the first") << QRect(300, -200, 800, 600) << QRect(300, 0, 800, 600);
    }
    void clamped()
    {
        QFETCH(QRect, saved);
        QFETCH(QRect, expected);
        const QList<QRect> screens { QRect(0, 0, 1920, 1080), QRect(1920, 0, 1280, 1024) };
        QCOMPARE(WindowLayouts::clamped(saved, screens), expected);
    }

    /// The Lesson layout at 1600×1000 after lesson 07's payment failed: the Architecture's names at the
    /// view's own size, the compensated saga listed with room for a dozen, its chart naming every step
    /// whole, the lesson's text within its dock; then the Workbench at the same size.
    void lessonLayoutShowsACompensatedSaga()
    {
        MainWindow window;
        openLesson(window);
        window.findChild<FaultsPanel*>(QStringLiteral("faultsPanel"))->setSettleMs(0);
        // Run › Next Saga Step: the first order's saga under way, its payment not asked for yet.
        action(window, "actionNextSagaStep")->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(window.sagaModel()->instanceCount() > 0, 5000);
        action(window, "actionFailNextPayment")->trigger();
        window.setSpeed(PlaybackSpeed::kMax);
        window.play();
        QTRY_COMPARE_WITH_TIMEOUT(labelText(window, "stateLabel"), QStringLiteral("Finished"), 60000);
        QVERIFY(caughtUp(window));
        QCOMPARE(shownDocks(window), sorted(kLesson07Docks));

        auto* panel = window.findChild<SagaPanel*>();
        panel->setStatusShown(QStringLiteral("compensated"));
        QVERIFY(panel->listedInstances() >= 1);
        panel->selectInstance(panel->listedInstance(0));
        saveScreenshot(window, QStringLiteral("layout-lesson-07-compensated"));

        // The Sagas: a dozen rows, the moves, and every name of the chart whole.
        QTableView* instances = panel->instancesView();
        const int rowHeight = instances->verticalHeader()->defaultSectionSize();
        QVERIFY2(instances->viewport()->height() >= 6 * rowHeight,
            qPrintable(QString::number(instances->viewport()->height())));
        QVERIFY(panel->movesView()->viewport()->height() >= 4 * rowHeight);
        const SagaChart::Layout chart = panel->chart()->layout();
        for (const SagaChart::Label& label : chart.labels) {
            const bool whole = label.kind == SagaChart::Label::Kind::Reason
                || label.kind == SagaChart::Label::Kind::Title || label.kind == SagaChart::Label::Kind::Step
                || label.toolTip.isEmpty(); // (theirs say more)
            QVERIFY2(whole, qPrintable(label.text));
            QVERIFY2(panel->chart()->rect().contains(label.rect.toRect()), qPrintable(label.text));
        }
        const QString order = window.sagaModel()->atomText(window.sagaModel()->instance(panel->listedInstance(0)).id);
        QVERIFY(std::any_of(chart.labels.begin(), chart.labels.end(), [&](const SagaChart::Label& label) {
            return label.kind == SagaChart::Label::Kind::Title && label.text == order;
        }));
        // The Architecture: its names at the view's own size, not shrunk to fit.
        ArchitectureView* architecture = window.architectureView();
        QVERIFY2(architecture->namePointSize() >= architecture->font().pointSizeF(),
            qPrintable(QStringLiteral("%1 < %2 at %3×%4")
                           .arg(architecture->namePointSize())
                           .arg(architecture->font().pointSizeF())
                           .arg(architecture->width())
                           .arg(architecture->height())));
        // The lesson: its page as wide as its dock (it wraps, it scrolls only down).
        auto* scroll = window.findChild<QScrollArea*>(QStringLiteral("lessonScroll"));
        QVERIFY2(scroll->widget()->width() <= scroll->viewport()->width(),
            qPrintable(QStringLiteral("%1 > %2").arg(scroll->widget()->width()).arg(scroll->viewport()->width())));
        QCOMPARE(scroll->horizontalScrollBar()->maximum(), 0);

        action(window, "actionLayoutWorkbench")->trigger();
        QTRY_VERIFY(dock(window, "topicsDock")->isVisible());
        QTRY_VERIFY(dock(window, "inspectorDock")->height() >= 420); // the Workbench's sizes, not the Lesson's
        saveScreenshot(window, QStringLiteral("layout-workbench-07-compensated"));
    }
};

QTEST_MAIN(TestWindowLayouts)
#include "tst_windowlayouts.moc"
