// The product's main path (issue 21), as someone who has never seen the window would take it, counted in
// actions: open lesson 07 from the start page, play, fail a payment, see the saga compensate, export the
// event log. Each action is a real widget or menu action; the test fails if the path needs a seventh, or if
// an action does not do what the next one needs.

#include "mainwindow.h"
#include "models/coursemodel.h"
#include "models/sagamodel.h"
#include "startpage.h"
#include "uitesting.h"
#include "views/faultspanel.h"
#include "views/sagachart.h"
#include "views/sagapanel.h"

#include <QComboBox>
#include <QFile>
#include <QListView>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace eventloom;
using namespace eventloom::uitesting;

class TestMainPath : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear(); // a first launch
    }

    void lesson07InSixActions()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString exported = dir.filePath(QStringLiteral("07.jsonl"));
        MainWindow window;
        window.setSavePathProvider([&](const QString&, QString*) { return exported; });
        window.resize(1600, 1000);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        int actions = 0;

        // 1. The start page lists the lessons: open 07 (a double-click, or Enter, on its row).
        auto* list = window.findChild<QListView*>(QStringLiteral("lessonList"));
        QVERIFY(list && list->isVisible());
        auto* page = window.findChild<StartPage*>(QStringLiteral("startPage"));
        const QModelIndex lesson = page->model()->index(page->model()->rowOf(QStringLiteral("07-saga-orchestration")));
        QVERIFY(lesson.isValid());
        list->scrollTo(lesson);
        const QPoint where = list->visualRect(lesson).center();
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, where); // a double-click's first press and release
        QTest::mouseDClick(list->viewport(), Qt::LeftButton, {}, where);
        ++actions;
        QTRY_VERIFY(window.scenario() && window.scenario()->id == QStringLiteral("07-saga-orchestration"));
        window.findChild<FaultsPanel*>(QStringLiteral("faultsPanel"))->setSettleMs(0);

        // 2. Play (the toolbar's first button).
        QAction* play = action(window, "actionPlay");
        QVERIFY(play->isEnabled());
        play->trigger();
        ++actions;

        // 3. Faults › Fail Next Payment, while it plays.
        QAction* fail = action(window, "actionFailNextPayment");
        QVERIFY(fail->isEnabled());
        fail->trigger();
        ++actions;
        QTRY_COMPARE_WITH_TIMEOUT(labelText(window, "stateLabel"), QStringLiteral("Finished"), 60000);
        QVERIFY(caughtUp(window));

        // 4. The Sagas dock, shown in the Lesson layout: Show › compensated.
        auto* panel = window.findChild<SagaPanel*>();
        QVERIFY(panel && panel->isVisible());
        auto* show = panel->findChild<QComboBox*>(QStringLiteral("sagaStatusFilter"));
        QVERIFY(show && show->isVisible());
        const int compensated = show->findData(QStringLiteral("compensated"));
        QVERIFY2(compensated >= 0, "the Show list offers compensated sagas");
        show->setCurrentIndex(compensated); // what choosing it in the open list does
        ++actions;
        QTRY_VERIFY(panel->listedInstances() >= 1);

        // 5. Click the first compensated saga: its step chart shows the compensation.
        QTableView* instances = panel->instancesView();
        const QModelIndex first = instances->model()->index(0, 0);
        QTest::mouseClick(instances->viewport(), Qt::LeftButton, {}, instances->visualRect(first).center());
        ++actions;
        QTRY_COMPARE(panel->selectedInstance(), panel->listedInstance(0));
        const SagaModel::Instance& saga = window.sagaModel()->instance(panel->selectedInstance());
        QCOMPARE(saga.state.status, SagaInstance::Status::Compensated);
        const SagaChart::Layout chart = panel->chart()->layout();
        QVERIFY(std::any_of(chart.labels.begin(), chart.labels.end(), [](const SagaChart::Label& label) {
            return label.text.contains(QStringLiteral("RefundPayment"))
                || label.text.contains(QStringLiteral("ReleaseStock"));
        }));
        saveScreenshot(window, QStringLiteral("mainpath-07-compensated"));

        // 6. File › Export Event Log… (the save dialog answers with the path).
        QSignalSpy finished(&window, &MainWindow::exportFinished);
        QAction* exportLog = action(window, "actionExportEventLog");
        QVERIFY(exportLog->isEnabled());
        exportLog->trigger();
        ++actions;
        QVERIFY(finished.count() == 1 || finished.wait(30000));
        QCOMPARE(finished.at(0).at(0).toString(), exported);
        QVERIFY2(finished.at(0).at(1).toString().isEmpty(), qPrintable(finished.at(0).at(1).toString()));
        QFile file(exported);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray log = file.readAll();
        QVERIFY(log.contains("PaymentFailed"));
        QVERIFY(log.contains("RefundPayment") || log.contains("ReleaseStock"));

        QVERIFY2(actions <= 6, qPrintable(QString::number(actions)));
    }
};

QTEST_MAIN(TestMainPath)
#include "tst_mainpath.moc"
