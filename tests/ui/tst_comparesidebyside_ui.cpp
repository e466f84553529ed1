// Tools › Compare Runs… shows the two runs side by side (issue 21, item 4): their timelines one above the
// other on one time axis — zooming or panning either shows the same times in the other — and, for an order
// chosen in the picker, each run's saga chart of it. Tools › Compare with a Variant… runs the open scenario
// and the same with one setting changed, headless, off the UI thread, and opens the comparison on them:
// the variant carries the override, and both fingerprints are the CLI's for the same `--set`.

#include "clifingerprint.h"
#include "mainwindow.h"
#include "models/sagamodel.h"
#include "record/headlessrun.h"
#include "record/runcomparison.h"
#include "scenario/scenarioloader.h"
#include "scenario/shippedscenarios.h"
#include "uitesting.h"
#include "views/comparedrun.h"
#include "views/runcomparisonview.h"
#include "views/sagachart.h"
#include "views/sidebysideruns.h"
#include "views/timelineview.h"
#include "views/variantdialog.h"

#include <QComboBox>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollBar>
#include <QTemporaryDir>
#include <QWheelEvent>

using namespace eventloom;
using namespace eventloom::uitesting;

namespace {
/// Records shipped scenario `id` headless with `seed` and `injections`, as `eventloom-cli run --record` does.
QString record(const QString& id, std::uint64_t seed, const QStringList& injections, const QString& path)
{
    const auto loaded = ScenarioLoader::loadFile(ShippedScenarios::resolve(id));
    if (!loaded.ok())
        return {};
    std::vector<InjectionSpec> specs;
    for (const QString& text : injections) {
        QString error;
        specs.push_back(*InjectionSpec::parse(text, error));
    }
    return HeadlessRun::record(*loaded.scenario, seed, specs, path, QStringLiteral("tst_comparesidebyside_ui")).path;
}

bool sameRange(const TimelineView* a, const TimelineView* b)
{
    return a->visibleRange() == b->visibleRange() && a->axis().pixelsPerUs == b->axis().pixelsPerUs;
}
}

class TestCompareSideBySide : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    /// Where the window records its runs (and Compare with a Variant its two).
    QString archive() const { return m_dir.filePath(QStringLiteral("runs")); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        recordRunsInto(archive(), "tst_comparesidebyside_ui");
    }
    void cleanupTestCase() { QSettings().clear(); }

    void timelinesOnOneAxisAndSagaChartsOfAnOrder()
    {
        const QString plain
            = record(QStringLiteral("07-saga-orchestration"), 7, {}, m_dir.filePath(QStringLiteral("plain.sqlite")));
        const QString failed = record(QStringLiteral("07-saga-orchestration"), 7,
            { QStringLiteral("fail-payment@1s,count=1") }, m_dir.filePath(QStringLiteral("failed.sqlite")));
        QVERIFY(!plain.isEmpty() && !failed.isEmpty());

        MainWindow window;
        window.show();
        window.compareRuns(plain, failed);
        auto* view = window.findChild<RunComparisonView*>(QStringLiteral("runComparisonView"));
        QVERIFY(view);
        view->resize(1600, 1000);
        SideBySideRuns* sides = view->sideBySide();
        QTRY_VERIFY_WITH_TIMEOUT(!view->isBusy() && view->comparison() && sides->isLoaded(), 30000);
        TimelineView* a = sides->timeline(0);
        TimelineView* b = sides->timeline(1);
        QVERIFY(a->isVisible() && b->isVisible());
        QVERIFY(a->arrowCount() > 100 && b->arrowCount() > 100);
        QVERIFY(a->laneCount() > 3);
        // Each timeline is labelled with its run.
        QTRY_VERIFY(sides->runLabel(0)->geometry().bottom() <= a->geometry().top()); // once laid out
        QVERIFY(labelText(*view, "runALabel").contains(QStringLiteral("seed 7")));
        QVERIFY2(labelText(*view, "runBLabel").contains(QStringLiteral("fail-payment@1s")),
            qPrintable(labelText(*view, "runBLabel")));

        // Both runs whole at first: the longer one fits the width.
        QVERIFY(sameRange(a, b));
        QCOMPARE(a->visibleRange().first, 0);
        const SimTime end = std::max(view->comparison()->a.simTime, view->comparison()->b.simTime);
        QVERIFY(std::abs(a->visibleRange().second - end) <= end / 100);

        // Zooming one with the wheel zooms the other the same way.
        const QPointF at(a->viewport()->width() * 0.6, a->viewport()->height() / 2.0);
        QWheelEvent wheel(at, a->viewport()->mapToGlobal(at), {}, { 0, 5 * 120 }, Qt::NoButton, Qt::NoModifier,
            Qt::NoScrollPhase, false);
        QApplication::sendEvent(a->viewport(), &wheel);
        QVERIFY(a->visibleRange().second - a->visibleRange().first < end / 2);
        QVERIFY(sameRange(a, b));
        // Panning the other (its scroll bar, a drag, a key) moves the first.
        const auto before = a->visibleRange();
        b->horizontalScrollBar()->setValue(b->horizontalScrollBar()->value() + 200);
        QVERIFY(a->visibleRange().first > before.first);
        QVERIFY(sameRange(a, b));
        QTest::mousePress(b->viewport(), Qt::LeftButton, {}, QPoint(400, b->viewport()->height() - 4));
        QTest::mouseMove(b->viewport(), QPoint(300, b->viewport()->height() - 4));
        QTest::mouseRelease(b->viewport(), Qt::LeftButton, {}, QPoint(300, b->viewport()->height() - 4));
        QVERIFY(sameRange(a, b));
        QTest::keyClick(b, Qt::Key_Minus);
        QVERIFY(sameRange(a, b));
        b->fitAll();
        QVERIFY(sameRange(a, b));

        // The order picker lists the orders of either run; the first shown is the one whose saga ended
        // differently: completed in A, compensated in B (the payment failed at 1 s).
        QComboBox* picker = sides->orderPicker();
        QStringList both = sides->run(0)->sagaIds();
        for (const QString& id : sides->run(1)->sagaIds())
            if (!both.contains(id))
                both << id;
        QCOMPARE(picker->count(), both.size());
        QVERIFY(picker->count() >= 60);
        const QString differing = sides->chosenOrder();
        QCOMPARE(sides->run(0)->sagaStatus(differing), QStringLiteral("completed"));
        QCOMPARE(sides->run(1)->sagaStatus(differing), QStringLiteral("compensated"));
        for (int i = 0; i < 2; ++i) {
            SagaChart* chart = sides->chart(i);
            QVERIFY(chart->isVisible());
            QCOMPARE(chart->instance(), sides->run(i)->sagaRow(differing));
            QCOMPARE(
                sides->run(i)->sagas()->atomText(sides->run(i)->sagas()->instance(chart->instance()).id), differing);
        }
        QVERIFY(labelText(*view, "comparisonChartLabelA").contains(QStringLiteral("completed")));
        QVERIFY(labelText(*view, "comparisonChartLabelB").contains(QStringLiteral("compensated")));
        // B's chart draws the compensation, A's does not.
        const auto compensations = [](const SagaChart* chart) {
            const SagaChart::Layout layout = chart->layout();
            return std::count_if(
                layout.bars.begin(), layout.bars.end(), [](const SagaChart::Bar& bar) { return bar.compensation; });
        };
        QCOMPARE(compensations(sides->chart(0)), 0);
        QVERIFY(compensations(sides->chart(1)) > 0);
        saveScreenshot(*view, QStringLiteral("comparison-side-by-side"));

        // Another order, chosen in the picker: both charts show it.
        const int other
            = picker->findText(picker->itemText(0) == differing ? picker->itemText(1) : picker->itemText(0));
        picker->setCurrentIndex(other);
        for (int i = 0; i < 2; ++i)
            QCOMPARE(sides->chart(i)->instance(), sides->run(i)->sagaRow(picker->itemText(other)));
    }

    void compareWithAVariant()
    {
        Errors errors;
        MainWindow window;
        window.setErrorHandler(errors.handler());
        window.resize(1600, 1000);
        window.show();
        QAction* variant = action(window, "actionCompareVariant");
        QVERIFY(!variant->isEnabled()); // no scenario open
        QVERIFY(window.openFile(QStringLiteral("08-saga-choreography"), 7));
        QTRY_VERIFY(variant->isEnabled());
        // An injection made in the window is part of the run as it is: both runs get it, at its time.
        QVERIFY(window.inject(QStringLiteral("fail-payment@1s,count=1")));
        QVERIFY(caughtUp(window));

        variant->trigger();
        auto* dialog = window.findChild<VariantDialog*>(QStringLiteral("variantDialog"));
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());
        // The knobs of the open scenario, the saga's style among them, another value than the run's proposed.
        QVERIFY(dialog->settingBox()->count() > 5);
        QVERIFY(dialog->chooseSetting(QStringLiteral("sagas.order-fulfilment.style")));
        QCOMPARE(dialog->valueBox()->currentText(), QStringLiteral("orchestration"));
        const QString assignment = QStringLiteral("sagas.order-fulfilment.style=orchestration");
        QCOMPARE(dialog->assignment(), assignment);
        saveScreenshot(*dialog, QStringLiteral("comparison-variant-dialog"));
        dialog->findChild<QPushButton*>(QStringLiteral("variantRunButton"))->click();

        // The window does not wait: the comparison window shows that both runs are under way.
        auto* view = window.findChild<RunComparisonView*>(QStringLiteral("runComparisonView"));
        QVERIFY(view);
        QVERIFY(view->isVisible());
        QVERIFY(view->isBusy());
        QVERIFY(view->findChild<QProgressBar*>(QStringLiteral("comparisonBusy"))->isVisible());
        QVERIFY(labelText(*view, "comparisonStatus").contains(assignment));
        view->resize(1600, 1000);
        QTRY_VERIFY_WITH_TIMEOUT(!view->isBusy() && view->comparison() && view->sideBySide()->isLoaded(), 60000);
        QVERIFY2(errors.messages.isEmpty(), qPrintable(errors.messages.join(u'\n')));

        const auto comparison = view->comparison();
        QVERIFY2(comparison->ok, qPrintable(comparison->error));
        // Both recorded next to the window's runs; the variant carries the override, the run as it was none.
        QCOMPARE(QFileInfo(comparison->a.path).absolutePath(), QFileInfo(archive()).absoluteFilePath());
        QCOMPARE(QFileInfo(comparison->b.path).absolutePath(), QFileInfo(archive()).absoluteFilePath());
        QVERIFY(comparison->a.overrides.isEmpty());
        QCOMPARE(comparison->b.overrides, QStringList { assignment });
        QCOMPARE(comparison->a.seed, 7u);
        QCOMPARE(comparison->b.seed, 7u);
        QVERIFY2(labelText(*view, "runBLabel").contains(assignment), qPrintable(labelText(*view, "runBLabel")));
        QCOMPARE(comparison->a.injections.size(), 1u);
        QCOMPARE(comparison->b.injections.size(), 1u);
        const QString injection = comparison->a.injections.front().spec;
        QVERIFY2(injection.startsWith(QStringLiteral("fail-payment@1")), qPrintable(injection));
        QCOMPARE(comparison->b.injections.front().spec, injection);
        QCOMPARE(
            comparison->a.fingerprint, cliFingerprint(QStringLiteral("08-saga-choreography"), 7, {}, { injection }));
        QCOMPARE(comparison->b.fingerprint,
            cliFingerprint(QStringLiteral("08-saga-choreography"), 7, { assignment }, { injection }));
        QVERIFY(comparison->a.fingerprint != comparison->b.fingerprint);
        // Orchestration has a coordinator of its own: B's timeline has a lane more.
        QVERIFY(view->sideBySide()->timeline(1)->laneCount() > view->sideBySide()->timeline(0)->laneCount());
        saveScreenshot(*view, QStringLiteral("comparison-variant"));
    }
};

QTEST_MAIN(TestCompareSideBySide)
#include "tst_comparesidebyside_ui.moc"
