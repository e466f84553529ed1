// The Architecture view: the graph and its layout for the shipped scenarios (one node per service and
// topic, every subscription an edge, producers left of their topics and consumers right, the same
// layout on every build), the view fed synthetic batches (status, learned edges, dots capped and
// sampled), and the real window: a crash and a slow-down from a node's context menu, lag badges equal
// to the engine's, Fail Next Payment and idempotency from the payment node.

#include "docktesting.h"
#include "mainwindow.h"
#include "models/eventlogmodel.h"
#include "playbackspeed.h"
#include "scenario/scenariobuilder.h"
#include "scenario/scenarioloader.h"
#include "scenario/shippedscenarios.h"
#include "sim/simulation.h"
#include "simulation/simulationcontroller.h"
#include "views/architecturelayout.h"
#include "views/architectureview.h"
#include "views/inspectorpanel.h"
#include "views/servicestateview.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QContextMenuEvent>
#include <QDockWidget>
#include <QInputDialog>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QTimer>

using namespace eventloom;
using namespace eventloom::uitesting;
using NodeKind = ArchitectureLayout::NodeKind;
using EdgeKind = ArchitectureLayout::EdgeKind;

namespace {
Scenario load(const QString& name)
{
    const auto loaded = ScenarioLoader::loadFile(ShippedScenarios::resolve(name));
    if (!loaded.ok())
        qFatal("%s does not load", qPrintable(name));
    return *loaded.scenario;
}

double x(const ArchitectureLayout& g, NodeKind kind, const QString& name)
{
    const int node = g.find(kind, name);
    if (node < 0)
        qFatal("no node %s", qPrintable(name));
    return g.nodes()[static_cast<std::size_t>(node)].centre.x();
}
double sx(const ArchitectureLayout& g, const char* name)
{
    return x(g, NodeKind::Service, QLatin1String(name));
}
double tx(const ArchitectureLayout& g, const char* name)
{
    return x(g, NodeKind::Topic, QLatin1String(name));
}

/// Everything a layout decides, as text, to compare two of them.
QString dump(const ArchitectureLayout& g)
{
    QString text;
    for (const auto& n : g.nodes())
        text += QStringLiteral("%1 %2 L%3 R%4 (%5,%6)\n")
                    .arg(n.kind == NodeKind::Service ? QStringLiteral("service") : QStringLiteral("topic"), n.name)
                    .arg(n.layer)
                    .arg(n.row)
                    .arg(n.centre.x())
                    .arg(n.centre.y());
    for (const auto& e : g.edges())
        text += QStringLiteral("%1 %2->%3 %4%5\n")
                    .arg(int(e.kind))
                    .arg(e.from)
                    .arg(e.to)
                    .arg(e.group, e.reversed ? QStringLiteral(" reversed") : QString());
    return text;
}

QDockWidget* dock(const MainWindow& window, const char* name)
{
    return window.findChild<QDockWidget*>(QLatin1String(name));
}

/// A batch as the worker would send it: atoms from 1, rows given.
struct BatchBuilder {
    TraceBatch batch;
    QHash<QString, Atom> atoms;
    BatchBuilder() { batch.firstAtom = 1; }
    Atom atom(const QString& text)
    {
        if (const auto it = atoms.constFind(text); it != atoms.constEnd())
            return it.value();
        batch.atoms.push_back(text);
        return atoms[text] = static_cast<Atom>(batch.atoms.size());
    }
    TraceRow& row(TraceKind kind, SimTime t)
    {
        TraceRow r;
        r.kind = kind;
        r.time = t;
        batch.rows.push_back(r);
        return batch.rows.back();
    }
};
}

class TestArchitectureView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init() { QSettings().clear(); }

    void pubSubFanOut()
    {
        const ArchitectureLayout g = ArchitectureLayout::fromScenario(load(QStringLiteral("01-pubsub-fanout")));
        // order, inventory, notification, analytics and the customers; one topic.
        QStringList services, topics;
        for (const auto& n : g.nodes())
            (n.kind == NodeKind::Service ? services : topics) << n.name;
        QCOMPARE(services,
            QStringList({ QStringLiteral("workload"), QStringLiteral("order"), QStringLiteral("inventory"),
                QStringLiteral("notification"), QStringLiteral("analytics") }));
        QCOMPARE(topics, QStringList({ QStringLiteral("orders.events") }));
        const int topic = g.find(NodeKind::Topic, QStringLiteral("orders.events"));
        const auto service = [&](const char* name) { return g.find(NodeKind::Service, QLatin1String(name)); };
        QCOMPARE(g.edges().size(), std::size_t(5));
        QVERIFY(g.findEdge(EdgeKind::Command, service("workload"), service("order")) >= 0);
        QVERIFY(g.findEdge(EdgeKind::Publish, service("order"), topic) >= 0);
        for (const char* group : { "inventory", "notification", "analytics" })
            QVERIFY(g.findEdge(EdgeKind::Subscribe, topic, service(group), QLatin1String(group)) >= 0);
        // Customers, producer, topic, consumers: four columns, left to right, no cycle.
        QCOMPARE(g.layerCount(), 4);
        QCOMPARE(sx(g, "workload"), 0.0);
        QCOMPARE(sx(g, "order"), ArchitectureLayout::kColumnPitch);
        QCOMPARE(tx(g, "orders.events"), 2 * ArchitectureLayout::kColumnPitch);
        for (const char* consumer : { "inventory", "notification", "analytics" })
            QCOMPARE(sx(g, consumer), 3 * ArchitectureLayout::kColumnPitch);
        for (const auto& e : g.edges())
            QVERIFY(!e.reversed);
        // The three consumers one under the other, centred on the topic.
        QCOMPARE(g.maxRows(), 3);
        const auto y = [&](const char* name) { return g.nodes()[static_cast<std::size_t>(service(name))].centre.y(); };
        QCOMPARE(y("inventory") + y("notification") + y("analytics"), 0.0);
        QCOMPARE(g.nodes()[static_cast<std::size_t>(topic)].centre.y(), 0.0);
    }

    void sagaOrchestration()
    {
        const Scenario scenario = load(QStringLiteral("07-saga-orchestration"));
        const ArchitectureLayout g = ArchitectureLayout::fromScenario(scenario);
        const auto service = [&](const char* name) { return g.find(NodeKind::Service, QLatin1String(name)); };
        const auto topic = [&](const char* name) { return g.find(NodeKind::Topic, QLatin1String(name)); };
        // The coordinator the engine creates is a node, as is every service and topic of the file.
        QVERIFY(service("order-saga") >= 0);
        QCOMPARE(g.nodes()[static_cast<std::size_t>(service("order-saga"))].serviceKind, QStringLiteral("coordinator"));
        // The coordinator hears the start topic and every participant's answers (derived from the saga).
        for (const char* answers : { "orders.events", "inventory.events", "payments.events", "shipping.events" })
            QVERIFY2(g.findEdge(EdgeKind::Subscribe, topic(answers), service("order-saga")) >= 0, answers);
        // It commands each participant, and tells the order at the end.
        for (const char* participant : { "inventory", "payment", "shipping", "order" })
            QVERIFY2(g.findEdge(EdgeKind::Command, service("order-saga"), service(participant)) >= 0, participant);
        // Participants publish their answers on their topics.
        QVERIFY(g.findEdge(EdgeKind::Publish, service("inventory"), topic("inventory.events")) >= 0);
        QVERIFY(g.findEdge(EdgeKind::Publish, service("payment"), topic("payments.events")) >= 0);
        QVERIFY(g.findEdge(EdgeKind::Publish, service("shipping"), topic("shipping.events")) >= 0);
        // The flow reads left to right: customers, order, its topic, the coordinator, the participants, their topics.
        QVERIFY(sx(g, "workload") < sx(g, "order"));
        QVERIFY(sx(g, "order") < tx(g, "orders.events"));
        QVERIFY(tx(g, "orders.events") < sx(g, "order-saga"));
        QVERIFY(tx(g, "orders.events") < sx(g, "notification"));
        for (const char* participant : { "inventory", "payment", "shipping" })
            QVERIFY(sx(g, "order-saga") < sx(g, participant));
        QVERIFY(sx(g, "payment") < tx(g, "payments.events"));
        QVERIFY(sx(g, "shipping") < tx(g, "shipping.events"));
        // The participants side by side, where the coordinator's commands put them.
        QCOMPARE(sx(g, "inventory"), sx(g, "payment"));
        QCOMPARE(sx(g, "shipping"), sx(g, "payment"));
        // Drawn backwards: the answers going back to the coordinator, its word to the order, and
        // inventory hearing shipping's answers (which would push it right of shipping otherwise).
        int reversed = 0;
        for (const auto& e : g.edges()) {
            if (!e.reversed)
                continue;
            ++reversed;
            const QString from = g.nodes()[static_cast<std::size_t>(e.from)].name;
            const QString to = g.nodes()[static_cast<std::size_t>(e.to)].name;
            QVERIFY2(to == QLatin1String("order-saga") || to == QLatin1String("order")
                    || (from == QLatin1String("shipping.events") && to == QLatin1String("inventory")),
                qPrintable(from + QStringLiteral(" → ") + to));
        }
        QCOMPARE(reversed, 5);
    }

    void everyShippedScenario_data()
    {
        QTest::addColumn<QString>("name");
        for (const ShippedScenarios::Lesson& lesson : ShippedScenarios::lessons())
            QTest::newRow(qPrintable(lesson.id)) << lesson.id;
    }

    void everyShippedScenario()
    {
        QFETCH(QString, name);
        const Scenario scenario = load(name);
        const ArchitectureLayout g = ArchitectureLayout::fromScenario(scenario);
        // The same layout on every build of it.
        QCOMPARE(dump(ArchitectureLayout::fromScenario(scenario)), dump(g));
        // One node per service of the file, per coordinator, and the customers if there are any; one per topic.
        int services = 0, topics = 0;
        for (const auto& n : g.nodes())
            ++(n.kind == NodeKind::Service ? services : topics);
        int coordinators = 0;
        for (const SagaDefinition& saga : scenario.sagas)
            coordinators += saga.style == SagaDefinition::Style::Orchestration ? 1 : 0;
        QCOMPARE(services, int(scenario.services.size()) + coordinators + (scenario.workload ? 1 : 0));
        for (const ServiceSpec& spec : scenario.services)
            QVERIFY2(g.find(NodeKind::Service, spec.id) >= 0, qPrintable(spec.id));
        for (const TopicSpec& topic : scenario.topics)
            QVERIFY2(g.find(NodeKind::Topic, topic.id) >= 0, qPrintable(topic.id));
        const auto sim = ScenarioBuilder::build(scenario);
        QCOMPARE(topics, int(sim->bus().topicCount())); // the file's, and the dead-letter topics the engine adds
        // Every subscription of the file is an edge from its topic to its service, in its group.
        for (const ServiceSpec& spec : scenario.services) {
            // (In the synchronous style the order service calls these instead: the engine subscribes them to nothing.)
            static const QStringList calls { QStringLiteral("order"), QStringLiteral("inventory"),
                QStringLiteral("payment"), QStringLiteral("shipping"), QStringLiteral("notification") };
            const bool called = scenario.interaction == QLatin1String("sync") && calls.contains(spec.kind);
            for (const SubscriptionSpec& sub : spec.subscriptions)
                QVERIFY2(called
                        || g.findEdge(EdgeKind::Subscribe, g.find(NodeKind::Topic, sub.topic),
                               g.find(NodeKind::Service, spec.id), sub.group)
                            >= 0,
                    qPrintable(spec.id + u' ' + sub.topic));
        }
        // Producers left of their topics, consumers right of them — but for the edges that close a cycle,
        // which run back; no two nodes in one place.
        for (const auto& e : g.edges()) {
            const double from = g.nodes()[static_cast<std::size_t>(e.from)].centre.x();
            const double to = g.nodes()[static_cast<std::size_t>(e.to)].centre.x();
            QVERIFY2(e.reversed ? from > to : from < to,
                qPrintable(g.nodes()[static_cast<std::size_t>(e.from)].name + QStringLiteral(" → ")
                    + g.nodes()[static_cast<std::size_t>(e.to)].name));
        }
        QSet<QPair<double, double>> places;
        for (const auto& n : g.nodes())
            places.insert({ n.centre.x(), n.centre.y() });
        QCOMPARE(places.size(), qsizetype(g.nodes().size()));

        // Drawn in a dock of the default size, no two boxes touch.
        RunTrace trace;
        ArchitectureView view(&trace);
        view.resize(780, 280);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setScenario(&scenario);
        for (std::size_t i = 0; i < g.nodes().size(); ++i)
            for (std::size_t j = i + 1; j < g.nodes().size(); ++j) {
                const QRectF a = view.nodeRect(g.nodes()[i].kind, g.nodes()[i].name);
                const QRectF b = view.nodeRect(g.nodes()[j].kind, g.nodes()[j].name);
                QVERIFY2(!a.isEmpty() && !a.intersects(b),
                    qPrintable(g.nodes()[i].name + QStringLiteral(" and ") + g.nodes()[j].name));
            }
        saveScreenshot(view, QStringLiteral("architecture-") + name);
    }

    void statusLearnedEdgesAndDotsFromBatches()
    {
        const Scenario scenario = load(QStringLiteral("01-pubsub-fanout"));
        RunTrace trace;
        ArchitectureView view(&trace);
        view.resize(900, 320);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setScenario(&scenario);
        const std::size_t edges = view.graph().edges().size();

        BatchBuilder b;
        const Atom order = b.atom(QStringLiteral("order")), topic = b.atom(QStringLiteral("orders.events"));
        const Atom analytics = b.atom(QStringLiteral("analytics")), type = b.atom(QStringLiteral("OrderCreated"));
        const Atom inventory = b.atom(QStringLiteral("inventory"));
        const Atom slow = b.atom(QStringLiteral("slow@1000us,service=analytics,factor=3,for=2s"));
        const Atom crash = b.atom(QStringLiteral("crash@1000us,service=inventory,for=1s"));
        TraceRow& s = b.row(TraceKind::Injection, 1000);
        s.detail = slow;
        TraceRow& c = b.row(TraceKind::Injection, 1000);
        c.detail = crash;
        TraceRow& down = b.row(TraceKind::Crashed, 1000);
        down.service = inventory;
        // More messages than dots: 1000 publishes of one batch.
        for (int i = 0; i < 1000; ++i) {
            TraceRow& r = b.row(TraceKind::Published, 2000 + i);
            r.producer = order;
            r.topic = topic;
            r.type = type;
        }
        // analytics publishing to orders.events is not in the scenario: learned.
        TraceRow& learned = b.row(TraceKind::Published, 5000);
        learned.producer = analytics;
        learned.topic = topic;
        learned.type = type;
        trace.append(b.batch);

        QCOMPARE(view.status(QStringLiteral("inventory")), ArchitectureView::Status::Crashed);
        QCOMPARE(view.status(QStringLiteral("analytics")), ArchitectureView::Status::Slow);
        QCOMPARE(view.slowFactor(QStringLiteral("analytics")), 3.0);
        QCOMPARE(view.status(QStringLiteral("order")), ArchitectureView::Status::Up);
        QCOMPARE(view.liveDots(), ArchitectureView::kMaxDots);
        QCOMPARE(view.dotsStarted(), std::uint64_t(ArchitectureView::kMaxDots));
        QCOMPARE(view.dotsSampledOut(), std::uint64_t(1001 - ArchitectureView::kMaxDots));
        QCOMPARE(view.graph().edges().size(), edges + 1);
        const int e = view.graph().findEdge(EdgeKind::Publish,
            view.graph().find(NodeKind::Service, QStringLiteral("analytics")),
            view.graph().find(NodeKind::Topic, QStringLiteral("orders.events")));
        QVERIFY(e >= 0);
        QVERIFY(view.graph().edges()[static_cast<std::size_t>(e)].learned);
        saveScreenshot(view, QStringLiteral("architecture-synthetic"));

        // Later: inventory restarts, analytics' slow window ends; the dots finish and the animation stops.
        BatchBuilder later;
        later.batch.firstAtom = b.batch.firstAtom + static_cast<Atom>(b.batch.atoms.size());
        TraceRow& up = later.row(TraceKind::Restarted, 1'001'000);
        up.service = inventory;
        later.row(TraceKind::TimerFired, 2'001'000);
        trace.append(later.batch);
        QCOMPARE(view.status(QStringLiteral("inventory")), ArchitectureView::Status::Up);
        QCOMPARE(view.status(QStringLiteral("analytics")), ArchitectureView::Status::Up);
        QVERIFY(view.animating());
        QTRY_COMPARE_WITH_TIMEOUT(view.liveDots(), 0, 5000);
        QVERIFY(!view.animating());
    }

    void crashAndSlowFromTheContextMenu()
    {
        MainWindow window;
        Errors errors;
        window.setErrorHandler(errors.handler());
        window.resize(1400, 900);
        window.show();
        QVERIFY(window.openFile(QStringLiteral("01-pubsub-fanout")));
        QDockWidget* architecture = dock(window, "architectureDock");
        QVERIFY(architecture);
        QTRY_VERIFY(architecture->isVisible());
        ArchitectureView* view = window.architectureView();
        QVERIFY(view->graph().find(NodeKind::Service, QStringLiteral("inventory")) >= 0);
        // In the View menu, as the other docks are.
        QMenu* viewMenu = nullptr;
        for (QAction* a : window.menuBar()->actions())
            if (a->text() == QStringLiteral("&View"))
                viewMenu = a->menu();
        QVERIFY(viewMenu && viewMenu->actions().contains(architecture->toggleViewAction()));

        window.setSpeed(0.5);
        window.play();
        QTRY_VERIFY_WITH_TIMEOUT(view->liveDots() > 0, 10000);

        // The customers and read models have no faults; a declarative service crashes and slows down.
        QVERIFY(view->faultActions(QStringLiteral("workload"), this).isEmpty());
        QMenu* menu = openMenu(view, QStringLiteral("inventory"));
        QVERIFY(menu);
        QVERIFY(!menuAction(menu, "actionArchitectureFailNext")); // a declarative service has no operation to fail
        QVERIFY(!menuAction(menu, "actionArchitectureIdempotency"));
        menuAction(menu, "actionArchitectureCrash")->trigger();
        menu->close();
        QTRY_COMPARE_WITH_TIMEOUT(view->status(QStringLiteral("inventory")), ArchitectureView::Status::Crashed, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(
            anyStartsWith(injections(window), QStringLiteral("crash@"), QStringLiteral("service=inventory,for=5s")),
            2000);

        menu = openMenu(view, QStringLiteral("analytics"));
        QVERIFY(menu);
        menuAction(menu, "actionArchitectureSlow")->trigger();
        menu->close();
        QTRY_COMPARE_WITH_TIMEOUT(view->status(QStringLiteral("analytics")), ArchitectureView::Status::Slow, 5000);
        QCOMPARE(view->slowFactor(QStringLiteral("analytics")), 4.0);
        QTRY_VERIFY_WITH_TIMEOUT(anyStartsWith(injections(window), QStringLiteral("slow@"),
                                     QStringLiteral("service=analytics,factor=4,for=10s")),
            2000);
        QCOMPARE(view->status(QStringLiteral("notification")), ArchitectureView::Status::Up);
        // Mid-run, dots on every live edge, for the person looking at the screenshot.
        QTRY_VERIFY_WITH_TIMEOUT(view->liveDots() >= 40, 15000);
        saveScreenshot(*architecture, QStringLiteral("architecture"));
        saveScreenshot(window, QStringLiteral("architecture-window"));

        // A click selects a service (its edges light up), a click beside the boxes none; a double-click
        // shows its state in the Inspector.
        const QPoint notification
            = view->nodeRect(NodeKind::Service, QStringLiteral("notification")).center().toPoint();
        QTest::mouseClick(view, Qt::LeftButton, {}, notification);
        QCOMPARE(view->selectedService(), QStringLiteral("notification"));
        // The menu key opens the selected service's faults.
        QContextMenuEvent key(QContextMenuEvent::Keyboard, QPoint(2, 2), view->mapToGlobal(QPoint(2, 2)));
        QApplication::sendEvent(view, &key);
        const auto menus = view->findChildren<QMenu*>(QStringLiteral("architectureMenu"));
        QVERIFY(!menus.isEmpty());
        QVERIFY(menuAction(menus.back(), "actionArchitectureCrash"));
        QCOMPARE(menuAction(menus.back(), "actionArchitectureCrash")->toolTip(),
            QStringLiteral("crash,service=notification,for=5s"));
        menus.back()->close();
        QTest::mouseClick(view, Qt::LeftButton, {}, QPoint(2, 2));
        QVERIFY(view->selectedService().isEmpty());
        QTest::mouseDClick(view, Qt::LeftButton, {}, notification);
        QCOMPARE(window.inspector()->serviceState()->service(), QStringLiteral("notification"));
        QTRY_VERIFY(window.inspector()->serviceState()->isVisible());

        // Five simulated seconds later inventory is back (the run to the end at full speed).
        window.setSpeed(PlaybackSpeed::kMax);
        QTRY_COMPARE_WITH_TIMEOUT(labelText(window, "stateLabel"), QStringLiteral("Finished"), 30000);
        QCOMPARE(view->status(QStringLiteral("inventory")), ArchitectureView::Status::Up);
        QVERIFY(errors.messages.isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(view->liveDots(), 0, 5000);
        QVERIFY(!view->animating());
    }

    void lagBadgesAreTheEnginesLag()
    {
        const QString name = QStringLiteral("12-slow-consumer-backpressure");
        MainWindow window;
        window.resize(1400, 900);
        window.show();
        QVERIFY(window.openFile(name));
        QTRY_VERIFY(dock(window, "architectureDock")->isVisible());
        ArchitectureView* view = window.architectureView();
        auto* controller = window.findChild<SimulationController*>();
        QVERIFY(controller);
        QSignalSpy states(controller, &SimulationController::busStateReady);

        auto* runUntil = window.findChild<QAction*>(QStringLiteral("actionRunUntil"));
        QTRY_VERIFY(runUntil->isEnabled());
        QTimer::singleShot(0, this, [] {
            auto* dialog = qobject_cast<QInputDialog*>(QApplication::activeModalWidget());
            QVERIFY(dialog);
            dialog->setDoubleValue(10.0);
            dialog->accept();
        });
        runUntil->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(labelText(window, "timeLabel"), QStringLiteral("t = 10.000 s"), 30000);

        // The engine, headless, at the same moment: each group's lag on each topic.
        const auto sim = ScenarioBuilder::build(load(name));
        sim->runUntil(10 * kSecond);
        const EventBus& bus = sim->bus();
        int behind = 0;
        for (std::size_t g = 0; g < bus.groupCount(); ++g) {
            const ConsumerGroup& group = bus.group(static_cast<std::uint16_t>(g));
            std::int64_t lag = 0;
            for (std::size_t p = 0; p < group.partitions.size(); ++p)
                lag += bus.lag(static_cast<std::uint16_t>(g), static_cast<std::int32_t>(p));
            const QString groupName = QString::fromStdString(std::string(sim->log().text(group.name)));
            const QString topic = QString::fromStdString(std::string(sim->log().text(bus.topic(group.topic).name)));
            QTRY_COMPARE_WITH_TIMEOUT(view->lag(groupName, topic).value_or(-1), qint64(lag), 5000);
            QCOMPARE(view->lagBadge(groupName, topic), lag > 0 ? QStringLiteral("lag %1").arg(lag) : QString());
            behind += lag > 0 ? 1 : 0;
        }
        QVERIFY2(behind > 0, "the slow consumer should be behind at 10 s");
        // And what the dock was last told is what it shows.
        QVERIFY(!states.isEmpty());
        for (const BusState::Group& group : states.back().front().value<BusState>().groups) {
            qint64 lag = 0;
            for (const BusState::GroupPartition& p : group.partitions)
                lag += p.lag;
            QCOMPARE(view->lag(group.name, group.topic).value_or(-1), lag);
        }
        saveScreenshot(*dock(window, "architectureDock"), QStringLiteral("architecture-lag"));
    }

    void paymentFaultsFromItsNode()
    {
        MainWindow window;
        Errors errors;
        window.setErrorHandler(errors.handler());
        window.resize(1400, 900);
        window.show();
        QVERIFY(window.openFile(QStringLiteral("07-saga-orchestration")));
        QDockWidget* architecture = dock(window, "architectureDock");
        QTRY_VERIFY(dock(window, "sagaDock")->isVisible()); // the Sagas tab is in front; Architecture beside it
        architecture->raise();
        QTRY_VERIFY(architecture->isVisible());
        ArchitectureView* view = window.architectureView();
        QCOMPARE(view->idempotent(QStringLiteral("payment")).value_or(false), true);

        window.setSpeed(1.0);
        window.play();
        QTRY_VERIFY_WITH_TIMEOUT(view->dotsStarted() > 0, 10000);
        QMenu* menu = openMenu(view, QStringLiteral("payment"));
        QVERIFY(menu);
        QAction* fail = menuAction(menu, "actionArchitectureFailNext");
        QVERIFY(fail);
        QCOMPARE(fail->text(), QStringLiteral("Fail Next Payment"));
        QAction* idempotency = menuAction(menu, "actionArchitectureIdempotency");
        QVERIFY(idempotency);
        QCOMPARE(idempotency->text(), QStringLiteral("Turn Idempotency Off"));
        fail->trigger();
        menu->close();
        QTRY_VERIFY_WITH_TIMEOUT(
            anyStartsWith(injections(window), QStringLiteral("fail-payment@"), QStringLiteral("count=1")), 5000);

        menu = openMenu(view, QStringLiteral("payment"));
        menuAction(menu, "actionArchitectureIdempotency")->trigger();
        menu->close();
        QTRY_COMPARE_WITH_TIMEOUT(view->idempotent(QStringLiteral("payment")).value_or(true), false, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(anyStartsWith(injections(window), QStringLiteral("idempotency@"),
                                     QStringLiteral("service=payment,on=false")),
            2000);
        menu = openMenu(view, QStringLiteral("payment"));
        QCOMPARE(menuAction(menu, "actionArchitectureIdempotency")->text(), QStringLiteral("Turn Idempotency On"));
        menu->close();
        // The read model has no faults to offer.
        QVERIFY(view->faultActions(QStringLiteral("order-status-view"), this).isEmpty());
        // Inventory's operations can fail too, and it keeps an inbox.
        const QList<QAction*> inventory = view->faultActions(QStringLiteral("inventory"), this);
        QCOMPARE(inventory.size(), 7); // and, as it reads a topic, a separator, Detach and Scale Up
        QCOMPARE(inventory[3]->toolTip(), QStringLiteral("fail,service=inventory,count=1"));
        QVERIFY(inventory[4]->isSeparator());
        QCOMPARE(inventory[5]->toolTip(), QStringLiteral("detach,service=inventory"));
        QCOMPARE(inventory.back()->toolTip(), QStringLiteral("scale,service=inventory,instances=2"));
        saveScreenshot(*architecture, QStringLiteral("architecture-saga"));
        QVERIFY(errors.messages.isEmpty());
    }
};

QTEST_MAIN(TestArchitectureView)
#include "tst_architectureview.moc"
