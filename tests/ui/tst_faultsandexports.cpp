// The Faults dock's controls and the Export menu, driven through the real window: spin boxes, check
// boxes and the same QActions a user triggers. Every fault must land in the run (the trace and its
// counters), be recorded, and replay exactly; every export must write a file that reads back.

#include "mainwindow.h"
#include "models/eventlogmodel.h"
#include "models/sagamodel.h"
#include "playbackspeed.h"
#include "record/runfile.h"
#include "record/runreplay.h"
#include "scenario/shippedscenarios.h"
#include "uitesting.h"
#include "views/faultspanel.h"
#include "views/timelineview.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMenuBar>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace eventloom;
using namespace eventloom::uitesting;

namespace {
template <typename T>
T* child(const MainWindow& window, const char* name)
{
    auto* found = window.findChild<T*>(QLatin1String(name));
    if (!found)
        qFatal("no widget %s", name);
    return found;
}

qint64 statusNumber(const MainWindow& window, const char* name)
{
    bool ok = false;
    const qint64 value = child<QLabel>(window, name)->text().section(u':', 1).trimmed().toLongLong(&ok);
    return ok ? value : -1;
}

QAbstractItemModel* log(const MainWindow& window)
{
    return child<QTableView>(window, "eventLogView")->model();
}

/// The rows of the log of one kind, as (time µs, detail text of the row).
QList<std::pair<qint64, QString>> rowsOf(const MainWindow& window, const QString& kind)
{
    QAbstractItemModel* model = log(window);
    QList<std::pair<qint64, QString>> out;
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex index = model->index(row, 0);
        if (index.data(EventLogModel::KindRole).toString() != kind)
            continue;
        QStringList cells;
        for (int column = 0; column < model->columnCount(); ++column)
            cells << model->index(row, column).data().toString();
        // An injection's spec, a fault's rule: the outcome's tooltip.
        cells << model->index(row, static_cast<int>(EventLogModel::Column::Outcome)).data(Qt::ToolTipRole).toString();
        out.append({ index.data(EventLogModel::TimeRole).toLongLong(), cells.join(u' ') });
    }
    return out;
}

bool hasInjection(const MainWindow& window, const QString& text)
{
    QStringList seen;
    for (const auto& [t, cells] : rowsOf(window, QStringLiteral("injection"))) {
        if (cells.contains(text))
            return true;
        seen << cells;
    }
    qDebug() << "injections so far:" << seen;
    return false;
}

void playToTheEnd(MainWindow& window)
{
    window.setSpeed(PlaybackSpeed::kMax);
    window.play();
    QTRY_COMPARE_WITH_TIMEOUT(child<QLabel>(window, "stateLabel")->text(), QStringLiteral("Finished"), 60000);
}

void stepFor(MainWindow& window, int steps)
{
    QAction* step = action(window, "actionStep");
    for (int i = 0; i < steps; ++i) {
        const int rows = log(window)->rowCount();
        step->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(log(window)->rowCount() > rows, 5000);
    }
}

/// The run the window recorded, replayed from its file alone and compared record by record.
void verifyReplay(const MainWindow& window, const QString& runFile)
{
    (void)window;
    RunFile run;
    QString error;
    QVERIFY2(run.open(runFile, error), qPrintable(error));
    const RunReplay::Result replayed = RunReplay::replay(run, true);
    QVERIFY2(replayed.ok, qPrintable(replayed.error));
    QVERIFY2(replayed.matches, qPrintable(replayed.recordedRecord + QStringLiteral(" / ") + replayed.replayedRecord));
}

/// 03-duplicates-idempotency with both inboxes on, written where the test can open it.
QString idempotentShop(const QTemporaryDir& dir)
{
    QFile shipped(ShippedScenarios::resolve(QStringLiteral("03-duplicates-idempotency")));
    if (!shipped.open(QIODevice::ReadOnly))
        qFatal("cannot read the shipped scenario");
    QJsonObject scenario = QJsonDocument::fromJson(shipped.readAll()).object();
    QJsonArray services = scenario.value(QLatin1String("services")).toArray();
    for (QJsonValueRef service : services) {
        QJsonObject s = service.toObject();
        if (s.contains(QLatin1String("idempotent")))
            s.insert(QLatin1String("idempotent"), true);
        service = s;
    }
    scenario.insert(QLatin1String("services"), services);
    const QString path = dir.filePath(QStringLiteral("idempotent-shop.json"));
    QFile out(path);
    if (!out.open(QIODevice::WriteOnly) || out.write(QJsonDocument(scenario).toJson()) <= 0)
        qFatal("cannot write %s", qPrintable(path));
    return path;
}
}

class TestFaultsAndExports : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QSettings().clear(); }

    void globalControlsReplaceTheirRuleAndReplay()
    {
        MainWindow window;
        Errors errors;
        window.setErrorHandler(errors.handler());
        window.show();
        QVERIFY(window.openFile(QStringLiteral("01-pubsub-fanout")));
        child<FaultsPanel>(window, "faultsPanel")->setSettleMs(0);
        stepFor(window, 30);

        // 100 % drop, then back to 0: the drops happen only between the two injections.
        child<QSpinBox>(window, "dropPercent")->setValue(100);
        QTRY_VERIFY_WITH_TIMEOUT(hasInjection(window, QStringLiteral("probability=1,id=ui-drop")), 5000);
        stepFor(window, 60);
        child<QSpinBox>(window, "dropPercent")->setValue(0);
        QTRY_VERIFY_WITH_TIMEOUT(hasInjection(window, QStringLiteral("probability=0,id=ui-drop")), 5000);
        // Duplicates, reordering and a delay with jitter, all at once.
        child<QSpinBox>(window, "duplicatePercent")->setValue(10);
        child<QSpinBox>(window, "reorderWindow")->setValue(3);
        child<QSpinBox>(window, "latencyMs")->setValue(40);
        child<QSpinBox>(window, "jitterMs")->setValue(20);
        QTRY_VERIFY_WITH_TIMEOUT(hasInjection(window, QStringLiteral("latency=40ms,jitter=20ms,id=ui-delay")), 5000);
        QVERIFY(hasInjection(window, QStringLiteral("probability=0.1,id=ui-duplicate")));
        QVERIFY(hasInjection(window, QStringLiteral("window=3,id=ui-reorder")));
        saveScreenshot(*child<FaultsPanel>(window, "faultsPanel"), QStringLiteral("faults-dock"));
        playToTheEnd(window);
        QVERIFY2(errors.messages.isEmpty(), qPrintable(errors.messages.join(u'\n')));

        const auto injections = rowsOf(window, QStringLiteral("injection"));
        qint64 dropOn = -1, dropOff = -1;
        for (const auto& [t, cells] : injections) {
            if (cells.contains(QLatin1String("probability=1,id=ui-drop")))
                dropOn = t;
            if (cells.contains(QLatin1String("probability=0,id=ui-drop")))
                dropOff = t;
        }
        const auto dropped = rowsOf(window, QStringLiteral("dropped"));
        QVERIFY(!dropped.isEmpty());
        for (const auto& [t, cells] : dropped)
            QVERIFY2(t >= dropOn && t <= dropOff, qPrintable(cells));
        QVERIFY(!rowsOf(window, QStringLiteral("duplicated")).isEmpty());
        QVERIFY(!rowsOf(window, QStringLiteral("delayed")).isEmpty());
        QVERIFY(!rowsOf(window, QStringLiteral("reordered")).isEmpty());
        saveScreenshot(window, QStringLiteral("global-faults"));

        // Recorded as they took effect: the run file replays to the same trace.
        QTemporaryDir dir;
        const QString copy = dir.filePath(QStringLiteral("run.sqlite"));
        window.setSavePathProvider([&](const QString&, QString*) { return copy; });
        QSignalSpy saved(&window, &MainWindow::exportFinished);
        action(window, "actionSaveRunFile")->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(saved.size(), 1, 30000);
        QCOMPARE(saved.front().at(1).toString(), QString());
        verifyReplay(window, copy);

        // A new run starts without the old faults, and the controls say so.
        action(window, "actionReset")->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(child<QSpinBox>(window, "latencyMs")->value(), 0, 5000);
        QCOMPARE(child<QSpinBox>(window, "duplicatePercent")->value(), 0);
        QCOMPARE(child<QSpinBox>(window, "reorderWindow")->text(), QStringLiteral("off"));
    }

    void timelineMarksFaultsAndShowsTopicLanes()
    {
        MainWindow window;
        Errors errors;
        window.setErrorHandler(errors.handler());
        window.resize(1400, 900);
        window.show();
        QVERIFY(window.openFile(QStringLiteral("01-pubsub-fanout")));
        child<FaultsPanel>(window, "faultsPanel")->setSettleMs(0);
        child<QSpinBox>(window, "dropPercent")->setValue(5);
        child<QSpinBox>(window, "duplicatePercent")->setValue(5);
        child<QSpinBox>(window, "latencyMs")->setValue(30);
        child<QSpinBox>(window, "jitterMs")->setValue(30);
        child<QSpinBox>(window, "reorderWindow")->setValue(2);
        QTRY_VERIFY_WITH_TIMEOUT(hasInjection(window, QStringLiteral("window=2,id=ui-reorder")), 5000);
        playToTheEnd(window);
        TimelineView* timeline = window.timeline();
        const std::size_t marks = timeline->faultMarkCount();
        QCOMPARE(marks,
            static_cast<std::size_t>(rowsOf(window, QStringLiteral("dropped")).size()
                + rowsOf(window, QStringLiteral("duplicated")).size() + rowsOf(window, QStringLiteral("delayed")).size()
                + rowsOf(window, QStringLiteral("reordered")).size()));
        QVERIFY(marks > 10);

        // Topic lanes: off by default, on through View › Show Topic Lanes.
        QVERIFY(!timeline->visibleLanes().contains(QStringLiteral("orders.events")));
        QAction* topics = action(window, "actionShowTopicLanes");
        topics->trigger();
        QVERIFY(timeline->topicLanesShown());
        QVERIFY2(timeline->visibleLanes().contains(QStringLiteral("orders.events")),
            qPrintable(timeline->visibleLanes().join(u',')));
        QCOMPARE(timeline->visibleLanes().front(), QStringLiteral("workload"));
        // Zoom into the first 150 ms: arrows, the marks and their tooltips.
        timeline->axis().fit(0, 150 * kMillisecond, timeline->viewport()->width() - 120);
        timeline->viewport()->update();
        QApplication::processEvents();
        auto* view = child<QTableView>(window, "eventLogView");
        QAbstractItemModel* model = view->model();
        std::optional<QPointF> point;
        QString type;
        for (int row = 0; row < model->rowCount() && !point; ++row)
            if (model->index(row, 0).data(EventLogModel::KindRole).toString() == QLatin1String("handled")
                && model->index(row, static_cast<int>(EventLogModel::Column::Type)).data().toString()
                    == QLatin1String("OrderCreated")) {
                point = timeline->pointOf(
                    static_cast<std::uint32_t>(model->index(row, 0).data(EventLogModel::MessageRole).toLongLong()));
                type = model->index(row, static_cast<int>(EventLogModel::Column::Type)).data().toString();
            }
        QVERIFY(point);
        const QString tip = timeline->toolTipAt(*point);
        QVERIFY2(tip.contains(type) && tip.contains(QLatin1String("via topic")), qPrintable(tip));
        QVERIFY(timeline->toolTipAt(QPointF(10, 24 + 15)).contains(QLatin1String("workload")));
        saveScreenshot(*timeline, QStringLiteral("timeline-faults-topics"));
        topics->trigger();
        QVERIFY(!timeline->visibleLanes().contains(QStringLiteral("orders.events")));
        QVERIFY2(errors.messages.isEmpty(), qPrintable(errors.messages.join(u'\n')));
    }

    void idempotencyOffMakesDoubleEffectsAppear()
    {
        QTemporaryDir dir;
        const QString shop = idempotentShop(dir);
        MainWindow window;
        Errors errors;
        window.setErrorHandler(errors.handler());
        window.show();

        // With both inboxes on, the crashes' redeliveries and the injected duplicates repeat nothing.
        QVERIFY(window.openFile(shop));
        playToTheEnd(window);
        QCOMPARE(statusNumber(window, "duplicateEffectsLabel"), 0);

        // The same run with payment's and notification's inboxes switched off from the Faults dock.
        action(window, "actionReset")->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(child<QLabel>(window, "stateLabel")->text(), QStringLiteral("Paused"), 5000);
        auto* service = child<QComboBox>(window, "serviceCombo");
        auto* idempotent = child<QCheckBox>(window, "idempotentCheck");
        for (const char* name : { "payment", "notification" }) {
            service->setCurrentText(QLatin1String(name));
            QVERIFY(idempotent->isEnabled());
            QVERIFY(idempotent->isChecked());
            idempotent->click();
            QVERIFY(!idempotent->isChecked());
        }
        QTRY_VERIFY_WITH_TIMEOUT(hasInjection(window, QStringLiteral("us,service=notification,on=false")), 5000);
        QVERIFY(hasInjection(window, QStringLiteral("us,service=payment,on=false")));
        // Switching back to payment shows its setting as it is now.
        service->setCurrentText(QStringLiteral("payment"));
        QVERIFY(!idempotent->isChecked());
        // Slow the payment service and crash inventory on the way.
        auto* slow = child<QDoubleSpinBox>(window, "slowFactor");
        child<FaultsPanel>(window, "faultsPanel")->setSettleMs(0);
        slow->setValue(4.0);
        QTRY_VERIFY_WITH_TIMEOUT(
            hasInjection(window, QStringLiteral("us,service=payment,factor=4,id=ui-slow-payment")), 5000);
        service->setCurrentText(QStringLiteral("inventory"));
        QCOMPARE(slow->value(), 1.0); // each service its own factor
        child<QSpinBox>(window, "crashSeconds")->setValue(1);
        action(window, "actionCrashService")->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(hasInjection(window, QStringLiteral("us,service=inventory,for=1s")), 5000);
        playToTheEnd(window);
        QVERIFY2(errors.messages.isEmpty(), qPrintable(errors.messages.join(u'\n')));
        QVERIFY(statusNumber(window, "duplicateEffectsLabel") > 0);
        QVERIFY(!rowsOf(window, QStringLiteral("duplicate-effect")).isEmpty());
        QVERIFY(!rowsOf(window, QStringLiteral("crashed")).isEmpty());
        saveScreenshot(window, QStringLiteral("idempotency-off"));
    }

    /// The Faults dock builds its specs (InjectionSpec's builders) and hands the window structs; the trace
    /// shows each with the text the dock always wrote, timed when it took effect.
    void faultsDockInjectionsAreTracedAsBefore()
    {
        MainWindow window;
        Errors errors;
        window.setErrorHandler(errors.handler());
        window.show();
        QVERIFY(window.openFile(QStringLiteral("07-saga-orchestration")));
        child<FaultsPanel>(window, "faultsPanel")->setSettleMs(0);
        stepFor(window, 5);
        const QString service = child<QComboBox>(window, "serviceCombo")->currentText();
        child<QComboBox>(window, "duplicateTopicCombo")->setCurrentText(QStringLiteral("orders.events"));
        child<QSpinBox>(window, "declineSeconds")->setValue(2);
        action(window, "actionFailNextPayment")->trigger();
        action(window, "actionDeclinePayments")->trigger();
        action(window, "actionDuplicateNextEvent")->trigger();
        action(window, "actionCrashService")->trigger();
        child<QSpinBox>(window, "dropPercent")->setValue(25);
        child<QSpinBox>(window, "latencyMs")->setValue(1000);
        const QStringList expected {
            QStringLiteral("fail-payment@Tus,count=1"),
            QStringLiteral("fail-payment@Tus,for=2s"),
            QStringLiteral("duplicate@Tus,topic=orders.events,count=1"),
            QStringLiteral("crash@Tus,service=%1,for=2s").arg(service),
            QStringLiteral("drop@Tus,probability=0.25,id=ui-drop"),
            QStringLiteral("delay@Tus,latency=1000ms,jitter=0ms,id=ui-delay"),
        };
        const auto traced = [&window] {
            QStringList out;
            QAbstractItemModel* model = log(window);
            for (int row = 0; row < model->rowCount(); ++row) {
                const QModelIndex index = model->index(row, static_cast<int>(EventLogModel::Column::Outcome));
                if (index.siblingAtColumn(0).data(EventLogModel::KindRole).toString() == QLatin1String("injection"))
                    out << index.data(Qt::ToolTipRole)
                               .toString()
                               .replace(QRegularExpression(QStringLiteral("@\\d+us")), QStringLiteral("@Tus"));
            }
            return out;
        };
        QTRY_COMPARE_WITH_TIMEOUT(traced().size(), expected.size(), 5000);
        QCOMPARE(traced(), expected);
        QVERIFY2(errors.messages.isEmpty(), qPrintable(errors.messages.join(u'\n')));
    }

    void oneShotActionsAndCorrelationExports()
    {
        MainWindow window;
        Errors errors;
        window.setErrorHandler(errors.handler());
        window.show();
        QVERIFY(window.openFile(QStringLiteral("07-saga-orchestration")));
        // The Faults menu offers every one-shot action.
        QStringList faultsMenu;
        for (QAction* menu : window.menuBar()->actions())
            if (menu->text().remove(u'&') == QLatin1String("Faults"))
                for (QAction* item : menu->menu()->actions())
                    faultsMenu << item->objectName();
        QCOMPARE(faultsMenu,
            QStringList({ QStringLiteral("actionFailNextPayment"), QStringLiteral("actionDeclinePayments"),
                QStringLiteral("actionDuplicateNextEvent"), QStringLiteral("actionCrashService") }));

        stepFor(window, 5);
        child<QSpinBox>(window, "declineSeconds")->setValue(2);
        QAction* decline = action(window, "actionDeclinePayments");
        QVERIFY(decline->isEnabled());
        decline->trigger();
        child<QComboBox>(window, "duplicateTopicCombo")->setCurrentText(QStringLiteral("orders.events"));
        action(window, "actionDuplicateNextEvent")->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(hasInjection(window, QStringLiteral("us,topic=orders.events,count=1")), 5000);
        QVERIFY(hasInjection(window, QStringLiteral("us,for=2s")));
        playToTheEnd(window);
        QVERIFY2(errors.messages.isEmpty(), qPrintable(errors.messages.join(u'\n')));
        QCOMPARE(rowsOf(window, QStringLiteral("duplicated")).size(), 1);
        // Without the window 7 of 60 orders compensate (one injected failure and the card declines);
        // two seconds of declines at 10 orders a second make it about 25.
        SagaModel* sagas = window.sagaModel();
        int compensated = 0;
        for (int row = 0; row < sagas->instanceCount(); ++row)
            compensated
                += sagas->data(sagas->index(row, 0), SagaModel::StatusRole).toString() == QLatin1String("compensated");
        QVERIFY2(compensated >= 20, qPrintable(QString::number(compensated)));

        // Export one order as a sequence diagram: select one of its messages, then the action.
        QTemporaryDir dir;
        QAction* exportCorrelation = action(window, "actionExportCorrelation");
        QVERIFY(exportCorrelation->isEnabled());
        window.followCorrelation(QStringLiteral("order-000001"));
        auto* view = child<QTableView>(window, "eventLogView");
        view->setCurrentIndex(view->model()->index(0, 0));
        for (const QString& name : { QStringLiteral("order-1.mmd"), QStringLiteral("order-1.puml") }) {
            const QString target = dir.filePath(name);
            window.setSavePathProvider([&](const QString& filters, QString* chosen) {
                *chosen = filters.split(QStringLiteral(";;")).at(name.endsWith(QLatin1String(".puml")) ? 1 : 0);
                return target;
            });
            QSignalSpy exported(&window, &MainWindow::exportFinished);
            exportCorrelation->trigger();
            QTRY_COMPARE_WITH_TIMEOUT(exported.size(), 1, 30000);
            QCOMPARE(exported.front().at(1).toString(), QString());
            QFile file(target);
            QVERIFY(file.open(QIODevice::ReadOnly));
            const QString text = QString::fromUtf8(file.readAll());
            QVERIFY2(text.startsWith(name.endsWith(QLatin1String(".puml")) ? QLatin1String("@startuml")
                                                                           : QLatin1String("sequenceDiagram")),
                qPrintable(text.left(200)));
            for (const char* service : { "order", "inventory", "payment", "order-saga" })
                QVERIFY2(text.contains(QLatin1String(service)), service);
            QVERIFY(text.contains(QLatin1String("ReleaseStock"))); // order-000001 was compensated
            QVERIFY(!text.contains(QLatin1String("order-000002")));
        }

        // Nothing selected and no saga followed: the export says what to do instead of writing.
        window.followCorrelation({});
        view->setCurrentIndex({});
        exportCorrelation->trigger();
        QCOMPARE(errors.messages.size(), 1);
        QVERIFY(errors.messages.front().contains(QLatin1String("Select a message")));

        // The run file: a copy that opens as a run, with every record the log shows.
        const QString copy = dir.filePath(QStringLiteral("saga.sqlite"));
        QFile::remove(copy);
        QVERIFY(QFile(copy).open(QIODevice::WriteOnly)); // an existing file is replaced whole
        window.setSavePathProvider([&](const QString&, QString*) { return copy; });
        QSignalSpy saved(&window, &MainWindow::exportFinished);
        action(window, "actionSaveRunFile")->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(saved.size(), 1, 30000);
        QCOMPARE(saved.front().at(1).toString(), QString());
        RunFile run;
        QString error;
        QVERIFY2(run.open(copy, error), qPrintable(error));
        QVERIFY(run.finished());
        QCOMPARE(run.recordCount(), static_cast<std::int64_t>(log(window)->rowCount()));
        QCOMPARE(
            QStringLiteral("Fingerprint: ") + run.fingerprint(), child<QLabel>(window, "fingerprintLabel")->text());
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).filter(QStringLiteral(".part")), QStringList());
        verifyReplay(window, copy);
    }
};

QTEST_MAIN(TestFaultsAndExports)
#include "tst_faultsandexports.moc"
