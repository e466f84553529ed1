// The Guarantees dock through the real window: lesson 03 with idempotency off (as Scenario Settings
// applies it) shows duplicate effects, and a click on the first one selects that very record in the event
// log, the ViewState and the Inspector; the counts are those `eventloom-cli run … --json` reports for the
// same scenario, seed and `--set`; a run without faults holds every guarantee at its end (and nothing is
// judged final before); a reviewed run file shows the same findings with links that work; after time
// travel the dock says which moment it judges and a later record brings the window back to the present;
// the same verdicts again leave the tree as it is, so a record does not move from under the pointer.

#include "docks/guaranteesdock.h"
#include "mainwindow.h"
#include "models/eventlogfilter.h"
#include "playbackspeed.h"
#include "uitesting.h"
#include "views/guaranteespanel.h"
#include "views/inspectorpanel.h"
#include "views/timelineview.h"
#include "viewstate.h"

#include <QDockWidget>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTableView>
#include <QTemporaryDir>
#include <QTreeWidget>

using namespace eventloom;
using namespace eventloom::uitesting;

namespace {
const QString kLesson = QStringLiteral("03-duplicates-idempotency");
constexpr std::uint64_t kSeed = 3;
const QStringList kIdempotencyOff { QStringLiteral("services.payment.idempotent=false"),
    QStringLiteral("services.notification.idempotent=false") };
constexpr int kDuplicateEffects = 3; ///< the category's row in the dock (the CLI's order)

/// What `eventloom-cli run SCENARIO --seed SEED --set … --json` reports of the delivery checks:
/// {name: count} (0 for a check that passed; else the number its detail starts with).
std::map<QString, qint64> cliCounts(const QString& scenario, std::uint64_t seed, const QStringList& overrides)
{
    QStringList args { QStringLiteral("run"), scenario, QStringLiteral("--seed"), QString::number(seed),
        QStringLiteral("--json") };
    for (const QString& o : overrides)
        args << QStringLiteral("--set") << o;
    QProcess cli;
    cli.start(QStringLiteral(EVENTLOOM_CLI), args);
    std::map<QString, qint64> counts;
    // Exit 1 is a run whose checks do not all hold: it ran, and says so.
    if (!cli.waitForFinished(60000) || cli.exitStatus() != QProcess::NormalExit || cli.exitCode() > 1)
        return counts;
    const QJsonObject summary = QJsonDocument::fromJson(cli.readAllStandardOutput()).object();
    for (const QJsonValue& v : summary.value(QStringLiteral("checks")).toArray()) {
        const QJsonObject check = v.toObject();
        const QString name = check.value(QStringLiteral("name")).toString();
        if (name.startsWith(QLatin1String("delivery: ")))
            counts[name] = check.value(QStringLiteral("passed")).toBool()
                ? 0
                : check.value(QStringLiteral("detail")).toString().section(u';', 0, 0).toLongLong();
    }
    return counts;
}

std::map<QString, qint64> shownCounts(const GuaranteesPanel& panel)
{
    std::map<QString, qint64> counts;
    for (const DeliveryVerdicts::Category& c : panel.verdicts().categories)
        counts[c.name] = static_cast<qint64>(c.count);
    return counts;
}

/// "name=count; …", for comparisons that print what differs.
QString text(const std::map<QString, qint64>& counts)
{
    QStringList lines;
    for (const auto& [name, count] : counts)
        lines << name + u'=' + QString::number(count);
    return lines.join(QStringLiteral("; "));
}

struct Window {
    Errors errors;
    MainWindow window;
    Window()
    {
        window.setErrorHandler(errors.handler());
        window.resize(1600, 1000);
        window.show();
    }
    GuaranteesPanel* panel() const
    {
        auto* dock = window.findChild<GuaranteesDock*>(QStringLiteral("guaranteesDock"));
        return dock ? dock->panel() : nullptr;
    }
    /// Shows the dock's tab, as View › Guarantees does.
    void showDock()
    {
        auto* dock = window.findChild<GuaranteesDock*>(QStringLiteral("guaranteesDock"));
        dock->show();
        dock->raise();
    }
    QTableView* log() const { return window.findChild<QTableView*>(QStringLiteral("eventLogView")); }
    /// The source row of the log's current index (its row in the run's trace), or -1.
    qint64 currentRow() const
    {
        const QModelIndex current = log()->currentIndex();
        const auto* filter = qobject_cast<const EventLogFilter*>(log()->model());
        return current.isValid() ? filter->mapToSource(current).row() : -1;
    }
    bool playToEnd()
    {
        window.setSpeed(PlaybackSpeed::kMax);
        window.play();
        return QTest::qWaitFor([&] { return labelText(window, "stateLabel") == QLatin1String("Finished"); }, 60000);
    }
    /// Clicks the `k`-th record of `category` as a user does.
    void clickRecord(int category, int k)
    {
        QTreeWidget* tree = panel()->tree();
        QTreeWidgetItem* item = panel()->recordItem(category, k);
        QVERIFY(item);
        tree->scrollToItem(item);
        QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, tree->visualItemRect(item).center());
    }
};

bool allHeld(const GuaranteesPanel& panel)
{
    const DeliveryVerdicts& v = panel.verdicts();
    return v.ended && v.categories.size() == 5
        && std::all_of(v.categories.begin(), v.categories.end(),
            [](const auto& c) { return c.standing == CheckJudge::Standing::Holds && c.count == 0; });
}
}

class TestGuaranteesUi : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_archive;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_archive = m_dir.filePath(QStringLiteral("runs"));
        recordRunsInto(m_archive, "tst_guarantees_ui");
    }
    void cleanupTestCase() { QSettings().clear(); }

    void aDuplicateEffectLinksToItsRecord()
    {
        Window w;
        QVERIFY(w.window.openFile(kLesson, kSeed));
        QVERIFY(w.window.applyOverrides(kIdempotencyOff)); // Scenario Settings' Apply: a new run with them
        w.showDock();
        GuaranteesPanel* panel = w.panel();
        QVERIFY(panel);
        QCOMPARE(labelText(*panel, "guaranteesSummary"), QStringLiteral("Not judged yet"));
        QVERIFY(w.playToEnd());
        QTRY_VERIFY_WITH_TIMEOUT(panel->verdicts().ended, 10000);
        const DeliveryVerdicts::Category& effects
            = panel->verdicts().categories.at(static_cast<std::size_t>(kDuplicateEffects));
        QCOMPARE(effects.name, QStringLiteral("delivery: no duplicate effects"));
        QVERIFY(effects.count > 0);
        QCOMPARE(effects.standing, CheckJudge::Standing::Failed);
        QVERIFY(!effects.guarantee); // the consumers' choice, not a broken bus guarantee
        QVERIFY(panel->tree()->topLevelItem(kDuplicateEffects)->text(2).contains(QStringLiteral("consumers' choice")));
        QCOMPARE(panel->tree()->topLevelItem(kDuplicateEffects)->text(1), QString::number(effects.count));
        QVERIFY(labelText(*panel, "guaranteesMoment").contains(QStringLiteral("the whole run")));
        QCOMPARE(labelText(*panel, "guaranteesSummary"),
            QStringLiteral("2 of 5 found — the consumers' choice; the bus kept its guarantees"));
        // A record reads as the log does: its time in seconds first.
        QVERIFY(panel->recordItem(kDuplicateEffects, 0)
                    ->text(0)
                    .startsWith(QString::number(static_cast<double>(effects.first.front().t) / kSecond, 'f', 6)
                        + QStringLiteral(" s")));

        // The first record, clicked: the log's current row is that record, the selection its message,
        // and the Inspector shows it.
        const DeliveryVerdicts::Record first = effects.first.front();
        QVERIFY(first.row >= 0);
        w.clickRecord(kDuplicateEffects, 0);
        QTRY_COMPARE_WITH_TIMEOUT(w.currentRow(), first.row, 5000);
        QCOMPARE(w.log()->currentIndex().data(EventLogModel::KindRole).toString(), QStringLiteral("duplicate-effect"));
        QCOMPARE(w.log()->currentIndex().data(EventLogModel::TimeRole).toLongLong(), first.t);
        QCOMPARE(w.window.viewState()->selectedMessage(), first.message);
        QTRY_COMPARE_WITH_TIMEOUT(w.window.inspector()->message(), first.message, 5000);
        QCOMPARE(w.window.timeline()->selectedMessage(), first.message);
        const auto& axis = w.window.timeline()->axis();
        QVERIFY(axis.start <= first.t && axis.toX(first.t) <= w.window.timeline()->viewport()->width());
        saveScreenshot(w.window, QStringLiteral("guarantees-duplicate-effects"));
        saveScreenshot(*w.window.findChild<GuaranteesDock*>(), QStringLiteral("guarantees-dock"));

        // The same counts as the CLI's checker for the same scenario, seed and --set.
        const auto cli = cliCounts(kLesson, kSeed, kIdempotencyOff);
        QCOMPARE(cli.size(), std::size_t(5));
        QCOMPARE(text(shownCounts(*panel)), text(cli));
    }

    void aRunWithoutFaultsHoldsEveryGuarantee()
    {
        Window w;
        QVERIFY(w.window.openFile(QStringLiteral("01-pubsub-fanout"), 1));
        w.showDock();
        GuaranteesPanel* panel = w.panel();
        // Part way: nothing final yet — lost events are pending, the others hold so far.
        auto* controller = w.window.findChild<SimulationController*>();
        controller->runTo(kSecond);
        QTRY_VERIFY_WITH_TIMEOUT(!panel->verdicts().categories.empty() && panel->verdicts().judgedAt >= kSecond, 10000);
        QVERIFY(!panel->verdicts().ended);
        QCOMPARE(panel->verdicts().categories[0].standing, CheckJudge::Standing::Pending);
        QCOMPARE(panel->verdicts().categories[2].standing, CheckJudge::Standing::HoldsSoFar);
        QVERIFY(labelText(*panel, "guaranteesMoment").contains(QStringLiteral("the run so far")));
        saveScreenshot(*w.window.findChild<GuaranteesDock*>(), QStringLiteral("guarantees-pending"));

        QVERIFY(w.playToEnd());
        QTRY_VERIFY_WITH_TIMEOUT(allHeld(*panel), 10000);
        QCOMPARE(labelText(*panel, "guaranteesSummary"), QStringLiteral("All 5 guarantees held"));
        for (int i = 0; i < 5; ++i)
            QCOMPARE(panel->tree()->topLevelItem(i)->text(2), QStringLiteral("✓ held"));
        QCOMPARE(text(shownCounts(*panel)), text(cliCounts(QStringLiteral("01-pubsub-fanout"), 1, {})));
        saveScreenshot(*w.window.findChild<GuaranteesDock*>(), QStringLiteral("guarantees-all-held"));

        // Reset: a new run, not judged until it moves.
        action(w.window, "actionReset")->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(labelText(*panel, "guaranteesSummary"), QStringLiteral("Not judged yet"), 5000);
    }

    void aReviewedRunAndTimeTravel()
    {
        QString runFile;
        std::map<QString, qint64> live;
        {
            Window w;
            QVERIFY(w.window.openFile(kLesson, kSeed));
            QVERIFY(w.window.applyOverrides(kIdempotencyOff));
            w.showDock();
            QVERIFY(w.playToEnd());
            GuaranteesPanel* panel = w.panel();
            QTRY_VERIFY_WITH_TIMEOUT(panel->verdicts().ended, 10000);
            live = shownCounts(*panel);
            const DeliveryVerdicts::Record first
                = panel->verdicts().categories.at(static_cast<std::size_t>(kDuplicateEffects)).first.front();

            // Time travel to before the first duplicate effect: the dock says which moment it judges, and
            // the record, clicked, brings the window back to the present with the record selected.
            auto* controller = w.window.findChild<SimulationController*>();
            const SimTime before = first.t / 2;
            controller->seek(before);
            QTRY_COMPARE_WITH_TIMEOUT(w.window.viewState()->viewTime(), before, 10000);
            QTRY_VERIFY_WITH_TIMEOUT(
                labelText(*panel, "guaranteesMoment").contains(QStringLiteral("You are looking at")), 5000);
            saveScreenshot(*w.window.findChild<GuaranteesDock*>(), QStringLiteral("guarantees-time-travel"));
            w.clickRecord(kDuplicateEffects, 0);
            QTRY_VERIFY_WITH_TIMEOUT(w.window.viewState()->isLive(), 5000);
            QTRY_COMPARE_WITH_TIMEOUT(w.currentRow(), first.row, 5000);
            QTRY_COMPARE_WITH_TIMEOUT(controller->viewTime(), SimTime(-1), 5000);
            QVERIFY(caughtUp(w.window));
            runFile = controller->status().runFile;
        }
        QVERIFY(!runFile.isEmpty());

        // The run file reviewed: the checker over its trace, the same findings, links that work.
        Window w;
        QVERIFY(w.window.openRunFile(runFile));
        // Read to its end, as the banner says (the state says Finished at once: a recorded run has nothing to play).
        auto* controller = w.window.findChild<SimulationController*>();
        QTRY_VERIFY_WITH_TIMEOUT(controller->status().finished, 30000);
        QCOMPARE(labelText(w.window, "stateLabel"), QStringLiteral("Finished"));
        w.showDock(); // its tab chosen once the run is in: it asks then
        GuaranteesPanel* panel = w.panel();
        QTRY_VERIFY_WITH_TIMEOUT(
            !panel->verdicts().categories.empty() || !panel->verdicts().unavailable.isEmpty(), 30000);
        QVERIFY(panel->verdicts().recorded);
        QVERIFY2(panel->verdicts().unavailable.isEmpty(), qPrintable(panel->verdicts().unavailable));
        QCOMPARE(text(shownCounts(*panel)), text(live));
        QVERIFY(labelText(*panel, "guaranteesMoment").contains(QStringLiteral("recorded run")));
        QVERIFY(caughtUp(w.window));
        const DeliveryVerdicts::Record first
            = panel->verdicts().categories.at(static_cast<std::size_t>(kDuplicateEffects)).first.front();
        // The same answer again (as each slice read asks): the tree is left alone, its items where they were.
        QTreeWidgetItem* const item = panel->recordItem(kDuplicateEffects, 0);
        panel->setVerdicts(DeliveryVerdicts(panel->verdicts()));
        QCOMPARE(panel->recordItem(kDuplicateEffects, 0), item);
        w.clickRecord(kDuplicateEffects, 0);
        QTRY_COMPARE_WITH_TIMEOUT(w.currentRow(), first.row, 5000);
        QCOMPARE(w.log()->currentIndex().data(EventLogModel::KindRole).toString(), QStringLiteral("duplicate-effect"));
        QCOMPARE(w.window.viewState()->selectedMessage(), first.message);
        QTRY_COMPARE_WITH_TIMEOUT(w.window.inspector()->message(), first.message, 5000);
        saveScreenshot(w.window, QStringLiteral("guarantees-review"));
    }
};

QTEST_MAIN(TestGuaranteesUi)
#include "tst_guarantees_ui.moc"
