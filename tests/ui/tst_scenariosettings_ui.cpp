// Run › Scenario Settings… through the real window: the knobs of lessons 02 and 07 as editors; a knob
// changed and applied starts a new run whose fingerprint is the one `eventloom-cli run SCENARIO --seed N
// --set …` prints for the same values; the overrides show in the title and the status bar, stay through
// Reset, are recorded in the run file, come back with Re-simulate This Run and are listed by Compare Runs;
// Reset to Shipped Values is one click; a value the loader refuses is reported and the run shown stays.

#include "clifingerprint.h"
#include "mainwindow.h"
#include "playbackspeed.h"
#include "record/runarchive.h"
#include "record/runfile.h"
#include "uitesting.h"
#include "views/lessonpanel.h"
#include "views/runcomparisonview.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDockWidget>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>

using namespace eventloom;
using namespace eventloom::uitesting;

namespace {
/// The window at a learner's size, 1600×1000, its errors collected instead of shown.
struct LearnerWindow {
    Errors errors;
    MainWindow window;
    LearnerWindow()
    {
        window.setErrorHandler(errors.handler());
        window.resize(1600, 1000);
        window.show();
    }
};

QDockWidget* settingsDock(const MainWindow& window)
{
    return window.findChild<QDockWidget*>(QStringLiteral("settingsDock"));
}

/// Every label of the dock shows its whole text (once the layout has caught up with the last change).
bool labelsFit(const MainWindow& window)
{
    for (const QLabel* label : settingsDock(window)->findChildren<QLabel*>())
        if (label->isVisible() && !label->wordWrap() && label->width() < label->sizeHint().width())
            return false;
    const QLabel* summary = settingsDock(window)->findChild<QLabel*>(QStringLiteral("settingsSummary"));
    return summary->height() >= summary->heightForWidth(summary->width());
}

template <typename Editor>
Editor* editor(const MainWindow& window, const QString& path)
{
    return settingsDock(window)->findChild<Editor*>(path);
}

QPushButton* button(const MainWindow& window, const char* name)
{
    return settingsDock(window)->findChild<QPushButton*>(QLatin1String(name));
}

/// Plays the run shown to its end, flat out; its fingerprint as the status bar shows it.
QString playToEnd(MainWindow& window)
{
    window.setSpeed(PlaybackSpeed::kMax);
    window.play();
    if (!QTest::qWaitFor([&] { return labelText(window, "stateLabel") == QLatin1String("Finished"); }, 60000))
        return QStringLiteral("(not finished)");
    return labelText(window, "fingerprintLabel").section(u' ', 1);
}
}

class TestScenarioSettingsUi : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_archive;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_archive = m_dir.filePath(QStringLiteral("runs"));
        recordRunsInto(m_archive, "tst_scenariosettings_ui");
    }
    void cleanupTestCase() { QSettings().clear(); }

    /// Lesson 02 with synchronous calls, as the lesson asks: the CLI's run, shown as a variant, kept by
    /// Reset, and gone with one click.
    void lesson02WithSynchronousCalls()
    {
        LearnerWindow learner;
        MainWindow& window = learner.window;
        const Errors& errors = learner.errors;
        QVERIFY(window.openFile(QStringLiteral("02-request-response-vs-events"), 2));
        const QString shippedTitle = window.windowTitle();
        action(window, "actionScenarioSettings")->trigger();
        QVERIFY(settingsDock(window)->isVisible());
        QTRY_VERIFY(editor<QComboBox>(window, QStringLiteral("interaction")));
        auto* interaction = editor<QComboBox>(window, QStringLiteral("interaction"));
        QCOMPARE(interaction->currentText(), QStringLiteral("events"));
        QVERIFY(editor<QSpinBox>(window, QStringLiteral("services.payment.instances")));
        QVERIFY(editor<QCheckBox>(window, QStringLiteral("services.payment.idempotent")));
        QVERIFY(editor<QSpinBox>(window, QStringLiteral("topics.orders.events.partitions")));
        QVERIFY(!button(window, "applySettingsButton")->isEnabled()); // nothing changed yet
        QVERIFY(!button(window, "shippedSettingsButton")->isEnabled()); // already as shipped
        QTRY_VERIFY(labelsFit(window));
        saveScreenshot(window, QStringLiteral("scenario-settings-02"));

        interaction->setCurrentText(QStringLiteral("sync"));
        QVERIFY(button(window, "applySettingsButton")->isEnabled());
        QTest::mouseClick(button(window, "applySettingsButton"), Qt::LeftButton);
        QCOMPARE(window.scenario()->overrides, QStringList { QStringLiteral("interaction=sync") });
        QCOMPARE(window.windowTitle(), shippedTitle + QStringLiteral(" — interaction=sync"));
        // A second knob on top of the first: a shorter workload (the test's time), applied as one more --set.
        QTRY_VERIFY(editor<QSpinBox>(window, QStringLiteral("workload.orders")));
        editor<QSpinBox>(window, QStringLiteral("workload.orders"))->setValue(80);
        QTest::mouseClick(button(window, "applySettingsButton"), Qt::LeftButton);
        const QStringList overrides { QStringLiteral("interaction=sync"), QStringLiteral("workload.orders=80") };
        QCOMPARE(window.scenario()->overrides, overrides);
        QCOMPARE(window.windowTitle(), shippedTitle + QStringLiteral(" — interaction=sync, workload.orders=80"));
        QTRY_VERIFY(labelText(window, "overridesLabel").contains(QStringLiteral("interaction=sync")));
        QVERIFY(window.findChild<QLabel*>(QStringLiteral("overridesLabel"))->isVisible());
        QTRY_COMPARE(editor<QComboBox>(window, QStringLiteral("interaction"))->currentText(), QStringLiteral("sync"));
        const QString expected = cliFingerprint(QStringLiteral("02-request-response-vs-events"), 2, overrides);
        QCOMPARE(playToEnd(window), expected);
        QVERIFY(expected
            != cliFingerprint(
                QStringLiteral("02-request-response-vs-events"), 2, { QStringLiteral("workload.orders=80") }));
        QTRY_VERIFY(labelsFit(window));
        saveScreenshot(window, QStringLiteral("scenario-settings-02-sync"));

        // Reset runs the variant again, not the lesson as shipped.
        action(window, "actionReset")->trigger();
        QTRY_COMPARE(labelText(window, "timeLabel"), QStringLiteral("t = 0.000 s"));
        QCOMPARE(window.windowTitle(), shippedTitle + QStringLiteral(" — interaction=sync, workload.orders=80"));
        QCOMPARE(playToEnd(window), expected);

        // One click back to the lesson as shipped.
        QVERIFY(button(window, "shippedSettingsButton")->isEnabled());
        QTest::mouseClick(button(window, "shippedSettingsButton"), Qt::LeftButton);
        QVERIFY(window.scenario()->overrides.isEmpty());
        QCOMPARE(window.windowTitle(), shippedTitle);
        QTRY_VERIFY(!window.findChild<QLabel*>(QStringLiteral("overridesLabel"))->isVisible());
        QTRY_COMPARE(editor<QComboBox>(window, QStringLiteral("interaction"))->currentText(), QStringLiteral("events"));
        QVERIFY2(errors.messages.isEmpty(), qPrintable(errors.messages.join(u'\n')));
    }

    /// Lesson 07 as choreography with two inventory instances: the CLI's run; recorded with its overrides,
    /// re-simulated with them, and listed by Compare Runs.
    void lesson07AsChoreographyIsRecordedAndCompared()
    {
        LearnerWindow learner;
        MainWindow& window = learner.window;
        const Errors& errors = learner.errors;
        QVERIFY(window.openFile(QStringLiteral("07-saga-orchestration"), 7));
        const QString shippedTitle = window.windowTitle();
        const qsizetype recordedBefore = finishedRuns(m_archive).size();
        const QString plain = playToEnd(window);
        action(window, "actionScenarioSettings")->trigger();
        QTRY_VERIFY(editor<QComboBox>(window, QStringLiteral("sagas.order-fulfilment.style")));
        QTRY_VERIFY(labelsFit(window));
        saveScreenshot(window, QStringLiteral("scenario-settings-07"));
        editor<QComboBox>(window, QStringLiteral("sagas.order-fulfilment.style"))
            ->setCurrentText(QStringLiteral("choreography"));
        editor<QSpinBox>(window, QStringLiteral("services.inventory.instances"))->setValue(2);
        QVERIFY(labelText(window, "settingsSummary").contains(QStringLiteral("2 setting(s) changed")));
        QTRY_VERIFY(labelsFit(window));
        saveScreenshot(*settingsDock(window), QStringLiteral("scenario-settings-dock"));
        window.lessonPanel()->setCurrentStep(2);
        QTest::mouseClick(button(window, "applySettingsButton"), Qt::LeftButton);
        QCOMPARE(window.lessonPanel()->currentStep(), 2); // a variant of the lesson: the learner stays on the step
        const QStringList overrides { QStringLiteral("sagas.order-fulfilment.style=choreography"),
            QStringLiteral("services.inventory.instances=2") };
        QCOMPARE(window.scenario()->overrides, overrides);
        QCOMPARE(playToEnd(window), cliFingerprint(QStringLiteral("07-saga-orchestration"), 7, overrides));
        QVERIFY(labelText(window, "settingsSummary").contains(QStringLiteral("choreography")));
        QTRY_VERIFY(labelsFit(window));
        saveScreenshot(window, QStringLiteral("scenario-settings-07-choreography"));

        // The window recorded both runs; the variant's file holds its overrides.
        QTRY_COMPARE_WITH_TIMEOUT(finishedRuns(m_archive).size(), recordedBefore + 2, 20000);
        const QString variant = finishedRuns(m_archive).at(0);
        const QString shipped = finishedRuns(m_archive).at(1);
        {
            RunFile run;
            QString error;
            QVERIFY2(run.open(variant, error), qPrintable(error));
            QCOMPARE(run.info().overrides, overrides);
        }

        // Compare Runs lists each run's settings.
        window.compareRuns(shipped, variant);
        auto* view = window.findChild<RunComparisonView*>(QStringLiteral("runComparisonView"));
        QVERIFY(view);
        QTRY_VERIFY_WITH_TIMEOUT(!view->isBusy() && view->comparison(), 30000);
        QVERIFY2(labelText(*view, "runALabel").contains(QStringLiteral("Settings: as shipped")),
            qPrintable(labelText(*view, "runALabel")));
        QVERIFY2(labelText(*view, "runBLabel").contains(overrides.join(QStringLiteral(", "))),
            qPrintable(labelText(*view, "runBLabel")));
        saveScreenshot(*view, QStringLiteral("scenario-settings-compare"));
        view->close();

        // Reviewed, then re-simulated: the same variant, the same run.
        QVERIFY(window.openRunFile(variant));
        QTRY_VERIFY(window.windowTitle().contains(overrides.join(QStringLiteral(", "))));
        QTRY_VERIFY(!settingsDock(window)->widget()->isEnabled()); // a recorded run is not re-run from here
        QTRY_VERIFY(action(window, "actionResimulate")->isEnabled());
        action(window, "actionResimulate")->trigger();
        QCOMPARE(window.scenario()->overrides, overrides);
        QCOMPARE(window.windowTitle(), shippedTitle + QStringLiteral(" — ") + overrides.join(QStringLiteral(", ")));
        QTRY_VERIFY(settingsDock(window)->widget()->isEnabled());
        QCOMPARE(playToEnd(window), cliFingerprint(QStringLiteral("07-saga-orchestration"), 7, overrides));
        QVERIFY(plain != cliFingerprint(QStringLiteral("07-saga-orchestration"), 7, overrides));
        QVERIFY2(errors.messages.isEmpty(), qPrintable(errors.messages.join(u'\n')));
    }

    /// A value the loader refuses: its message, and the run shown stays.
    void aRefusedValueIsReported()
    {
        LearnerWindow learner;
        MainWindow& window = learner.window;
        const Errors& errors = learner.errors;
        QVERIFY(window.openFile(QStringLiteral("10-new-consumer")));
        const QString title = window.windowTitle();
        action(window, "actionScenarioSettings")->trigger();
        QTRY_VERIFY(editor<QLineEdit>(window, QStringLiteral("services.fraud.attachAt")));
        editor<QLineEdit>(window, QStringLiteral("services.fraud.attachAt"))->setText(QStringLiteral("soon"));
        QTest::mouseClick(button(window, "applySettingsButton"), Qt::LeftButton);
        QCOMPARE(errors.messages.size(), 1);
        // The loader's own message, as `eventloom-cli run 10-new-consumer --set services.fraud.attachAt=soon` says.
        QVERIFY2(errors.details.join(u'\n').contains(QStringLiteral("attachAt: expected a duration")),
            qPrintable(errors.details.join(u'\n')));
        QVERIFY(window.scenario()->overrides.isEmpty());
        QCOMPARE(window.windowTitle(), title);
        // The edit stays, to be corrected.
        QCOMPARE(editor<QLineEdit>(window, QStringLiteral("services.fraud.attachAt"))->text(), QStringLiteral("soon"));
    }
};

QTEST_MAIN(TestScenarioSettingsUi)
#include "tst_scenariosettings_ui.moc"
