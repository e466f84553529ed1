// The Sagas dock in lesson 07 as a student works in it (issue 21): the list sorted and narrowed to one
// status, the order followed selected, the step chart naming every command with no text over another,
// the filtered log read from its first match, and the default layout at 1600×1000 roomy enough to
// read all of it without resizing anything.

#include "freshrun.h"
#include "models/sagamodel.h"
#include "playbackspeed.h"
#include "sagas/sagainstance.h"
#include "uitesting.h"
#include "views/faultspanel.h"
#include "views/inspectorpanel.h"
#include "views/sagachart.h"
#include "views/sagapanel.h"
#include "views/timelineview.h"

#include <QAbstractTextDocumentLayout>
#include <QComboBox>
#include <QDockWidget>
#include <QHeaderView>
#include <QLineEdit>
#include <QSettings>
#include <QTableView>
#include <QTextBlock>
#include <QTextBrowser>

using namespace eventloom;
using namespace eventloom::uitesting;

namespace {
const QString kLesson = QStringLiteral("07-saga-orchestration");

template <typename T>
T* child(const QWidget& window, const char* name)
{
    auto* found = window.findChild<T*>(QLatin1String(name));
    if (!found)
        qFatal("no widget %s", name);
    return found;
}

/// Lesson 07 at 1600×1000, a payment failed from the Faults menu a few steps in, played to its end.
void compensatedRun(MainWindow& window)
{
    window.resize(1600, 1000);
    window.show();
    QVERIFY(window.openFile(kLesson));
    child<FaultsPanel>(window, "faultsPanel")->setSettleMs(0);
    auto* log = window.findChild<QTableView*>(QStringLiteral("eventLogView"))->model();
    for (int i = 0; i < 5; ++i) {
        const int rows = log->rowCount();
        action(window, "actionStep")->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(log->rowCount() > rows, 5000);
    }
    action(window, "actionFailNextPayment")->trigger();
    window.setSpeed(PlaybackSpeed::kMax);
    window.play();
    QTRY_COMPARE_WITH_TIMEOUT(labelText(window, "stateLabel"), QStringLiteral("Finished"), 60000);
    QVERIFY(caughtUp(window));
}

/// How many sagas the engine compensates in its own run of the lesson, without the window.
int compensatedWithoutTheWindow()
{
    const auto sim = freshRun(kLesson, -1);
    return static_cast<int>(sim->counters().sagas.compensated);
}

/// The saga ids the panel lists, in its order.
QStringList listed(const SagaPanel& panel, const SagaModel& model)
{
    QStringList ids;
    for (int row = 0; row < panel.listedInstances(); ++row)
        ids << model.atomText(model.instance(panel.listedInstance(row)).id);
    return ids;
}

QString statusOf(const SagaModel& model, int row)
{
    return model.data(model.index(row, 0), SagaModel::StatusRole).toString();
}

/// No two texts of `layout` overlap, and each lies inside `bounds`.
void checkLabels(const SagaChart::Layout& layout, const QRect& bounds)
{
    for (std::size_t i = 0; i < layout.labels.size(); ++i) {
        const SagaChart::Label& a = layout.labels[i];
        QVERIFY2(QRectF(bounds).contains(a.rect), qPrintable(a.text));
        for (std::size_t j = i + 1; j < layout.labels.size(); ++j) {
            const SagaChart::Label& b = layout.labels[j];
            QVERIFY2(!a.rect.intersects(b.rect), qPrintable(a.text + QStringLiteral(" / ") + b.text));
        }
    }
}

QStringList textsOf(const SagaChart::Layout& layout, SagaChart::Label::Kind kind)
{
    QStringList texts;
    for (const SagaChart::Label& label : layout.labels)
        if (label.kind == kind)
            texts << label.text;
    return texts;
}
}

class TestSagasDock : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init() { QSettings().clear(); }

    void sortingAndFilteringFindTheCompensatedSagas()
    {
        MainWindow window;
        compensatedRun(window);
        SagaModel* model = window.sagaModel();
        auto* panel = window.findChild<SagaPanel*>();
        QSet<QString> compensated;
        for (int row = 0; row < model->instanceCount(); ++row)
            if (statusOf(*model, row) == QLatin1String("compensated"))
                compensated << model->atomText(model->instance(row).id);
        // The failed payment is one more than the lesson's own (its declined charge and the rest).
        QCOMPARE(compensated.size(), compensatedWithoutTheWindow() + 1);
        QCOMPARE(panel->listedInstances(), 60);

        // The combo, as a student picks from it: exactly the compensated sagas.
        QComboBox* status = panel->statusFilter();
        status->setCurrentIndex(status->findText(QStringLiteral("compensated")));
        QCOMPARE(panel->listedInstances(), compensated.size());
        const QStringList shown = listed(*panel, *model);
        QCOMPARE(QSet<QString>(shown.begin(), shown.end()), compensated);
        QCOMPARE(labelText(*panel, "sagaCount"), QStringLiteral("%1 of 60 sagas").arg(compensated.size()));

        // A header click sorts them: by id, downwards, then by time as a number.
        QHeaderView* header = panel->instancesView()->horizontalHeader();
        const int saga = static_cast<int>(SagaModel::Column::Saga);
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {},
            QPoint(header->sectionViewportPosition(saga) + 10, header->height() / 2));
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {},
            QPoint(header->sectionViewportPosition(saga) + 10, header->height() / 2));
        QCOMPARE(header->sortIndicatorSection(), saga);
        QCOMPARE(header->sortIndicatorOrder(), Qt::DescendingOrder);
        QStringList descending = shown;
        std::sort(descending.begin(), descending.end(), std::greater<>());
        QCOMPARE(listed(*panel, *model), descending);
        panel->sortBy(static_cast<int>(SagaModel::Column::Time), Qt::AscendingOrder);
        qint64 previous = -1;
        for (int row = 0; row < panel->listedInstances(); ++row) {
            const SagaInstance& s = model->instance(panel->listedInstance(row)).state;
            QVERIFY(s.endedAt >= previous);
            previous = s.endedAt;
        }
        // Every saga again, sorted by status: the compensated ones together.
        status->setCurrentIndex(0);
        panel->sortBy(static_cast<int>(SagaModel::Column::Status), Qt::AscendingOrder);
        QCOMPARE(panel->listedInstances(), 60);
        QStringList statuses;
        for (int row = 0; row < 60; ++row)
            statuses << statusOf(*model, panel->listedInstance(row));
        QStringList sorted = statuses;
        std::sort(sorted.begin(), sorted.end());
        QCOMPARE(statuses, sorted);
        // The third click on a header gives back the run's order, and the model straight to the table.
        panel->sortBy(-1, Qt::AscendingOrder);
        QCOMPARE(panel->instancesView()->model(), model);
        // Through every change of model the list keeps its columns: the time before the step.
        header = panel->instancesView()->horizontalHeader();
        QVERIFY(header->visualIndex(static_cast<int>(SagaModel::Column::Time))
            < header->visualIndex(static_cast<int>(SagaModel::Column::Step)));
        QVERIFY(header->isSectionHidden(static_cast<int>(SagaModel::Column::Type)));
    }

    void followingAnOrderSelectsItsSaga()
    {
        MainWindow window;
        compensatedRun(window);
        SagaModel* model = window.sagaModel();
        auto* panel = window.findChild<SagaPanel*>();
        int compensated = -1;
        for (int row = 0; row < model->instanceCount() && compensated < 0; ++row)
            if (statusOf(*model, row) == QLatin1String("compensated"))
                compensated = row;
        QVERIFY(compensated >= 0);
        const QString id = model->atomText(model->instance(compensated).id);
        // Listing only the completed ones does not hide the order followed: the lens wins.
        panel->setStatusShown(QStringLiteral("completed"));
        window.followCorrelation(id);
        QCOMPARE(panel->listedInstances(), 1);
        QCOMPARE(panel->selectedInstance(), compensated);
        QVERIFY(!panel->statusFilter()->isEnabled());
        QCOMPARE(panel->chart()->instance(), compensated);
        // Let go: the completed sagas again, none selected.
        window.followCorrelation({});
        QVERIFY(panel->statusFilter()->isEnabled());
        QCOMPARE(panel->selectedInstance(), -1);
        QVERIFY(panel->listedInstances() > 40);
        for (const QString& listedId : listed(*panel, *model))
            QVERIFY(listedId != id);
    }

    void chartNamesEveryCommandOfACompensatedSaga()
    {
        MainWindow window;
        compensatedRun(window);
        SagaModel* model = window.sagaModel();
        auto* panel = window.findChild<SagaPanel*>();
        panel->setStatusShown(QStringLiteral("compensated"));
        QVERIFY(panel->listedInstances() > 0);
        for (int row = 0; row < panel->listedInstances(); ++row) {
            panel->selectInstance(panel->listedInstance(row));
            const SagaChart::Layout layout = panel->chart()->layout();
            QVERIFY(textsOf(layout, SagaChart::Label::Kind::Command).contains(QStringLiteral("ReserveStock")));
            QVERIFY(textsOf(layout, SagaChart::Label::Kind::Command).contains(QStringLiteral("ChargePayment")));
            QVERIFY(textsOf(layout, SagaChart::Label::Kind::Compensation).contains(QStringLiteral("↩ ReleaseStock")));
            QCOMPARE(textsOf(layout, SagaChart::Label::Kind::Notice), QStringList { QStringLiteral("CancelOrder") });
            QVERIFY(!layout.compensationPath.empty());
            checkLabels(layout, panel->chart()->rect());
            if (QTest::currentTestFailed())
                return;
        }
        (void)model;
    }

    /// A step tried again and again at short intervals (a stuck participant): the "try N" labels are
    /// laid one after the other, joined when there is no room, never over each other.
    void retryLabelsDoNotOverlap()
    {
        RunTrace trace;
        SagaModel model(&trace);
        SagaDefinition d;
        d.id = "order-fulfilment";
        d.steps.resize(2);
        d.steps[0].id = "reserve-stock";
        d.steps[0].service = "inventory";
        d.steps[0].action.command = "ReserveStock";
        d.steps[0].compensation.command = "ReleaseStock";
        d.steps[1].id = "charge-payment";
        d.steps[1].service = "payment";
        d.steps[1].action.command = "ChargePayment";
        model.setDefinitions({ d });
        TraceBatch batch;
        for (const char* text : { "", "order-1", "payment timed out" })
            batch.atoms.push_back(QString::fromLatin1(text));
        const auto move = [](SimTime t, SagaPhase phase, int step, int attempt) {
            TraceRow row;
            row.time = t;
            row.kind = TraceKind::Saga;
            row.phase = phase;
            row.subject = 1;
            row.saga = 0;
            row.aux = static_cast<std::uint32_t>(step);
            row.attempt = static_cast<std::uint16_t>(attempt);
            return row;
        };
        batch.rows.push_back(move(0, SagaPhase::Started, -1, 1));
        batch.rows.push_back(move(0, SagaPhase::StepStarted, 0, 1));
        batch.rows.push_back(move(5 * kMillisecond, SagaPhase::StepSucceeded, 0, 1));
        batch.rows.push_back(move(6 * kMillisecond, SagaPhase::StepStarted, 1, 1));
        SimTime t = 6 * kMillisecond;
        for (int attempt = 2; attempt <= 14; ++attempt) { // tries 20 ms apart, then one far later
            t += 10 * kMillisecond;
            batch.rows.push_back(move(t, SagaPhase::StepTimedOut, 1, attempt - 1));
            t += attempt == 14 ? 2 * kSecond : 10 * kMillisecond;
            batch.rows.push_back(move(t, SagaPhase::StepRetried, 1, attempt));
        }
        trace.append(batch);
        SagaChart chart;
        chart.setModel(&model);
        chart.setInstance(0);
        for (const int width : { 420, 640, 1000 }) {
            chart.resize(width, chart.sizeHint().height());
            const SagaChart::Layout layout = chart.layout();
            checkLabels(layout, chart.rect());
            if (QTest::currentTestFailed())
                return;
            const QStringList retries = textsOf(layout, SagaChart::Label::Kind::Retry);
            QVERIFY2(retries.size() >= 2, qPrintable(retries.join(u',')));
            QVERIFY2(
                retries.front() == QLatin1String("try 2") || retries.front().startsWith(QStringLiteral("tries 2–")),
                qPrintable(retries.front()));
            QCOMPARE(retries.back(), QStringLiteral("try 14")); // the last try, far from the others, has room
            // Each try keeps its own number in its bar's tooltip.
            int tooltips = 0;
            for (const SagaChart::Bar& bar : layout.bars)
                tooltips += bar.toolTip.contains(QStringLiteral("ChargePayment to payment, try"));
            QCOMPARE(tooltips, 14);
        }
        chart.show();
        saveScreenshot(chart, QStringLiteral("sagas-retries"));
    }

    void filteredLogStartsAtItsFirstMatch()
    {
        MainWindow window;
        compensatedRun(window);
        auto* logView = window.findChild<QTableView*>(QStringLiteral("eventLogView"));
        QAbstractItemModel* log = logView->model();
        QVERIFY(logView->rowAt(logView->viewport()->height() - 2) > 0);
        const auto visibleRows
            = [&] { return logView->viewport()->height() / logView->verticalHeader()->defaultSectionSize(); };
        // A filter that keeps more rows than the log shows: its first match at the top.
        QTest::keyClicks(child<QLineEdit>(window, "logFilterEdit"), QStringLiteral("order-saga"));
        QVERIFY(log->rowCount() > 2 * visibleRows());
        QCOMPARE(logView->rowAt(0), 0);
        // Following a late order (selected at the log's end): its first row at the top too.
        child<QLineEdit>(window, "logFilterEdit")->clear();
        QVERIFY(logView->rowAt(0) > 0); // back at the tail
        SagaModel* model = window.sagaModel();
        const QString id = model->atomText(model->instance(model->instanceCount() - 3).id);
        window.followCorrelation(id);
        QVERIFY(log->rowCount() > 5);
        QCOMPARE(logView->rowAt(0), 0);
        QCOMPARE(log->index(0, 0).data(EventLogModel::CorrelationRole).toString(), id);
    }

    /// The default layout at 1600×1000 after a compensated saga: the compensated order and the names of
    /// its steps readable as they come, the Inspector tall enough for a message, the timeline legible.
    void defaultLayoutShowsACompensatedSaga()
    {
        MainWindow window;
        compensatedRun(window);
        auto* panel = window.findChild<SagaPanel*>();
        auto* sagaDock = child<QDockWidget>(window, "sagaDock");
        QVERIFY(sagaDock->isVisible());
        panel->setStatusShown(QStringLiteral("compensated"));
        panel->selectInstance(panel->listedInstance(0));
        // The message that started the compensation, in the log and so in the Inspector.
        auto* logView = window.findChild<QTableView*>(QStringLiteral("eventLogView"));
        const QString order = window.sagaModel()->atomText(window.sagaModel()->instance(panel->listedInstance(0)).id);
        QModelIndex failed;
        for (int row = 0; row < logView->model()->rowCount() && !failed.isValid(); ++row) {
            const QModelIndex index = logView->model()->index(row, static_cast<int>(EventLogModel::Column::Type));
            if (index.data().toString() == QLatin1String("PaymentFailed")
                && index.data(EventLogModel::CorrelationRole).toString() == order)
                failed = index;
        }
        QVERIFY(failed.isValid());
        logView->setCurrentIndex(failed);
        InspectorPanel* inspectorPanel = window.inspector();
        QTRY_COMPARE_WITH_TIMEOUT(inspectorPanel->message(),
            static_cast<std::uint32_t>(failed.data(EventLogModel::MessageRole).toLongLong()), 5000);
        saveScreenshot(window, QStringLiteral("sagas-default-layout"));
        // Its envelope and payload whole, above the fold: what follows them (its deliveries) starts in view.
        auto* browser = inspectorPanel->findChild<QTextBrowser*>();
        QVERIFY(browser->isVisible());
        const QTextCursor deliveries = browser->document()->find(QStringLiteral("Deliveries"));
        QVERIFY(!deliveries.isNull());
        const qreal below = browser->document()->documentLayout()->blockBoundingRect(deliveries.block()).top();
        QVERIFY2(below <= browser->viewport()->height(),
            qPrintable(QStringLiteral("%1 > %2").arg(below).arg(browser->viewport()->height())));
        QTableView* instances = panel->instancesView();
        const int rowHeight = instances->verticalHeader()->defaultSectionSize();
        QVERIFY2(instances->viewport()->height() >= 6 * rowHeight,
            qPrintable(QString::number(instances->viewport()->height())));
        QVERIFY(panel->movesView()->viewport()->height() >= 4 * rowHeight);
        // Every name of the chart whole (none shortened), none over another.
        SagaChart* chart = panel->chart();
        const SagaChart::Layout layout = chart->layout();
        checkLabels(layout, chart->rect());
        if (QTest::currentTestFailed())
            return;
        for (const SagaChart::Label& label : layout.labels)
            if (label.kind != SagaChart::Label::Kind::Reason && label.kind != SagaChart::Label::Kind::Title
                && label.kind != SagaChart::Label::Kind::Step)
                QVERIFY2(label.toolTip.isEmpty(), qPrintable(label.text)); // none shortened
        QCOMPARE(textsOf(layout, SagaChart::Label::Kind::Title).front(), order);
        QCOMPARE(textsOf(layout, SagaChart::Label::Kind::Step),
            (QStringList { QStringLiteral("inventory"), QStringLiteral("payment"), QStringLiteral("shipping"),
                QStringLiteral("end · order") }));
        QVERIFY2(layout.plot.bottom() <= chart->height(), qPrintable(QString::number(chart->height())));
        // The Inspector: a message's envelope and payload.
        auto* inspector = child<QDockWidget>(window, "inspectorDock");
        QVERIFY2(inspector->height() >= 420, qPrintable(QString::number(inspector->height())));
        // The timeline at its first scale: a hop of 2 ms (the lesson's latencies) wide enough to see.
        const TimeAxis& axis = window.timeline()->axis();
        QVERIFY2(axis.toX(2 * kMillisecond) - axis.toX(0) >= 8, qPrintable(QString::number(axis.pixelsPerUs)));
    }
};

QTEST_MAIN(TestSagasDock)
#include "tst_sagasdock.moc"
