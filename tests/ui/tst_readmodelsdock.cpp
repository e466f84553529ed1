// The Read Models dock: a read model's table as the engine has it, with its lag, its stale rows and a
// rebuild from the log. The table model is checked alone (merging updates in place, marks), then the
// real window against a fresh simulation of the same scenario stopped at the same time.

#include "freshrun.h"
#include "mainwindow.h"
#include "models/readmodeltablemodel.h"
#include "playbackspeed.h"
#include "simulation/readmodelsstate.h"
#include "simulation/simulationcontroller.h"
#include "uitesting.h"
#include "views/readmodelsview.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QDockWidget>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <set>

using namespace eventloom;
using namespace eventloom::uitesting;

namespace {
ReadModelsDescription::Row row(const QString& key, const QJsonObject& fields, qint64 version, qint64 writeVersion)
{
    return { key, fields, version, writeVersion, std::max<qint64>(0, writeVersion - version), 0 };
}
using Rows = std::vector<ReadModelsDescription::Row>;

using Expected = ReadModelRows;
Expected expectedAt(const QString& scenario, const std::string& id, SimTime t)
{
    return readModelRows(*freshRun(scenario, t), id);
}
}

class TestReadModelsDock : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init() { QSettings().clear(); }

    void tableMergesUpdatesInPlace()
    {
        ReadModelTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QJsonObject paid { { QStringLiteral("status"), QStringLiteral("paid") },
            { QStringLiteral("total"), 30 } };
        const QJsonObject placed { { QStringLiteral("status"), QStringLiteral("placed") },
            { QStringLiteral("total"), 12.5 } };
        model.setRows(QStringLiteral("order-status-view"),
            Rows { row(QStringLiteral("o-1"), paid, 3, 3), row(QStringLiteral("o-2"), placed, 1, 2) });
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.columnCount(), 5); // key, status, total, version, write version
        QCOMPARE(model.headerData(1, Qt::Horizontal).toString(), QStringLiteral("status"));
        QCOMPARE(model.index(1, 2).data().toString(), QStringLiteral("12.5"));
        QCOMPARE(model.index(0, 2).data().toString(), QStringLiteral("30"));
        QCOMPARE(model.staleRows(), 1);
        QVERIFY(model.index(1, 0).data(ReadModelTableModel::StaleRole).toBool());
        QCOMPARE(model.index(1, 0).data(ReadModelTableModel::BehindRole).toLongLong(), 1);
        QVERIFY(model.index(1, 0).data(Qt::BackgroundRole).isValid());
        QVERIFY(!model.index(0, 0).data(Qt::BackgroundRole).isValid());

        // The same table a moment later: o-2 caught up, o-3 new, o-1 gone. Updated in place, no reset.
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        model.setRows(QStringLiteral("order-status-view"),
            Rows { row(QStringLiteral("o-2"), paid, 2, 2), row(QStringLiteral("o-3"), placed, 1, 1) });
        QCOMPARE(resets.size(), 0);
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(removed.size(), 1);
        QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("o-2"));
        QCOMPARE(model.index(0, 1).data().toString(), QStringLiteral("paid"));
        QCOMPARE(model.index(1, 0).data().toString(), QStringLiteral("o-3"));
        QCOMPARE(model.staleRows(), 0);

        model.setRebuildDifferences({ QStringLiteral("o-3") });
        QVERIFY(model.index(1, 0).data(ReadModelTableModel::RebuildDiffersRole).toBool());
        QVERIFY(model.index(1, 0).data(Qt::BackgroundRole).isValid());
        // Another model's table: a reset.
        model.setRows(QStringLiteral("revenue-view"),
            Rows { row(QStringLiteral("EUR"), { { QStringLiteral("revenue"), 7 } }, 1, 1) });
        QCOMPARE(resets.size(), 1);
        QCOMPARE(model.columnCount(), 4);
        QVERIFY(!model.index(0, 0).data(ReadModelTableModel::RebuildDiffersRole).toBool());
    }

    void showsTheRunsReadModelsAsTheEngineHasThem()
    {
        MainWindow window;
        Errors errors;
        window.setErrorHandler(errors.handler());
        window.resize(1400, 900);
        window.show();
        QVERIFY(window.openFile(QStringLiteral("05-cqrs-read-models")));
        auto* dock = window.findChild<QDockWidget*>(QStringLiteral("readModelsDock"));
        QVERIFY(dock);
        dock->show();
        dock->raise();
        ReadModelsView* view = window.readModelsView();
        QTRY_VERIFY_WITH_TIMEOUT(view->isVisible(), 5000);
        auto* picker = view->findChild<QComboBox*>(QStringLiteral("readModelPicker"));
        QTRY_COMPARE_WITH_TIMEOUT(picker->count(), 4, 5000);
        QStringList ids;
        for (int i = 0; i < picker->count(); ++i)
            ids << picker->itemData(i).toString();
        QCOMPARE(ids,
            QStringList({ QStringLiteral("order-status-view"), QStringLiteral("order-history-view"),
                QStringLiteral("inventory-view"), QStringLiteral("revenue-view") }));
        QAbstractItemModelTester tester(view->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);

        // Stopped in the middle of the run: the same rows, and the same stale ones, as a fresh
        // simulation stopped at the same time.
        // The first moment from 2.5 s on, in 1-ms steps, at which some row is stale: a read model lags
        // by its processing time, so an instant just after a publish has one.
        SimTime at = 2'500 * kMillisecond;
        Expected mid = expectedAt(QStringLiteral("05-cqrs-read-models"), "order-status-view", at);
        for (int i = 0; i < 500 && mid.stale.empty(); ++i)
            mid = expectedAt(QStringLiteral("05-cqrs-read-models"), "order-status-view", at += kMillisecond);
        QVERIFY2(!mid.stale.empty(), "the scenario should lag somewhere mid-run");
        QVERIFY(mid.keys.size() > 5 && mid.keys.size() < static_cast<std::size_t>(ReadModelsState::kMaxRows));
        auto* controller = window.findChild<SimulationController*>();
        QVERIFY(controller);
        controller->runTo(at);
        QTRY_COMPARE_WITH_TIMEOUT(controller->status().now, at, 10000);
        view->setCurrent(QStringLiteral("order-status-view"));
        const auto shown = [&] {
            std::vector<QString> keys;
            for (int r = 0; r < view->model()->rowCount(); ++r)
                keys.push_back(view->model()->index(r, 0).data().toString());
            return keys;
        };
        QTRY_VERIFY_WITH_TIMEOUT(shown() == mid.keys, 5000);
        std::set<QString> staleShown;
        for (int r = 0; r < view->model()->rowCount(); ++r)
            if (view->model()->index(r, 0).data(ReadModelTableModel::StaleRole).toBool())
                staleShown.insert(view->model()->index(r, 0).data().toString());
        QCOMPARE(staleShown, mid.stale);
        QVERIFY(view->summary().contains(QStringLiteral("%1 stale").arg(mid.stale.size())));
        saveScreenshot(*dock, QStringLiteral("read-models-stale"));

        // Rebuild from the log mid-run: the log holds events the live model has not applied yet.
        auto* rebuild = view->findChild<QPushButton*>(QStringLiteral("rebuildButton"));
        QVERIFY(rebuild->isEnabled());
        QTest::mouseClick(rebuild, Qt::LeftButton);
        auto* verdict = view->findChild<QLabel*>(QStringLiteral("rebuildResult"));
        QTRY_VERIFY_WITH_TIMEOUT(verdict->isVisible(), 5000);
        QVERIFY2(verdict->text().contains(QStringLiteral("Rebuilt from the log")), qPrintable(verdict->text()));
        QVERIFY2(
            verdict->text().contains(QStringLiteral("no duplicate was applied twice")), qPrintable(verdict->text()));
        // Blue: the rows a fresh simulation's rebuild has otherwise (a row the live table lacks yet has no row to
        // mark).
        QVERIFY(!mid.rebuildDiffers.empty());
        std::set<QString> blue, expectedBlue;
        for (int r = 0; r < view->model()->rowCount(); ++r) {
            const QString key = view->model()->index(r, 0).data().toString();
            if (view->model()->index(r, 0).data(ReadModelTableModel::RebuildDiffersRole).toBool())
                blue.insert(key);
            if (mid.rebuildDiffers.count(key))
                expectedBlue.insert(key);
        }
        QCOMPARE(blue, expectedBlue);
        QVERIFY2(verdict->text().contains(QStringLiteral("%1 row").arg(mid.rebuildDiffers.size())),
            qPrintable(verdict->text()));

        // To the end: caught up, nothing stale, and the rebuild equals the live table.
        window.setSpeed(PlaybackSpeed::kMax);
        window.play();
        QTRY_COMPARE_WITH_TIMEOUT(labelText(window, "stateLabel"), QStringLiteral("Finished"), 30000);
        const Expected end = expectedAt(QStringLiteral("05-cqrs-read-models"), "order-status-view", -1);
        QTRY_VERIFY_WITH_TIMEOUT(shown() == end.keys, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(view->summary().startsWith(QStringLiteral("Caught up")), 5000);
        QCOMPARE(view->model()->staleRows(), 0);
        const int someRow
            = static_cast<int>(std::find(end.keys.begin(), end.keys.end(), end.someKey) - end.keys.begin());
        for (int c = 1; c < view->model()->columnCount() - 2; ++c) {
            const QString field = view->model()->headerData(c, Qt::Horizontal).toString();
            QCOMPARE(
                view->model()->index(someRow, c).data().toString(), end.someRow.value(field).toVariant().toString());
        }
        QTest::mouseClick(rebuild, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(verdict->text().contains(QStringLiteral("equals the rebuild")), 5000);
        saveScreenshot(window, QStringLiteral("read-models-window"));
        QVERIFY2(errors.messages.isEmpty(), qPrintable(errors.messages.join(u'\n')));
    }

    void aScenarioWithoutReadModelsSaysSo()
    {
        MainWindow window;
        window.show();
        QVERIFY(window.openFile(QStringLiteral("01-pubsub-fanout")));
        auto* dock = window.findChild<QDockWidget*>(QStringLiteral("readModelsDock"));
        dock->show();
        dock->raise();
        QTRY_VERIFY_WITH_TIMEOUT(window.readModelsView()->isVisible(), 5000);
        auto* controller = window.findChild<SimulationController*>();
        QSignalSpy answered(controller, &SimulationController::readModelsReady);
        controller->runTo(kSecond);
        QTRY_COMPARE_WITH_TIMEOUT(controller->status().now, kSecond, 10000);
        // What it says once the engine has answered it (it says the same before anyone asked).
        QTRY_VERIFY_WITH_TIMEOUT(!answered.isEmpty(), 10000);
        QCOMPARE(window.readModelsView()->summary(), QStringLiteral("No read models in this scenario."));
        QVERIFY(!window.readModelsView()->findChild<QPushButton*>(QStringLiteral("rebuildButton"))->isEnabled());
        QCOMPARE(window.readModelsView()->model()->rowCount(), 0);
    }
};

QTEST_MAIN(TestReadModelsDock)
#include "tst_readmodelsdock.moc"
