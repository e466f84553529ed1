#pragma once

// What the GUI suites share: finding widgets and actions by object name, collecting the errors the
// window would have shown, and saving screenshots for people to look at.

#include "mainwindow.h"
#include "models/eventlogmodel.h"
#include "record/runarchive.h"
#include "record/runfile.h"
#include "simulation/simulationcontroller.h"

#include <QAction>
#include <QDir>
#include <QElapsedTimer>
#include <QLabel>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

namespace eventloom::uitesting {

/// Collects what the window would have shown in a message box.
struct Errors {
    QStringList messages;
    QStringList details;
    MainWindow::ErrorHandler handler()
    {
        return [this](const QString& message, const QStringList& lines) {
            messages << message;
            details << lines;
        };
    }
};

inline QAction* action(const QWidget& window, const char* name)
{
    auto* found = window.findChild<QAction*>(QLatin1String(name));
    if (!found)
        qFatal("no action %s", name);
    return found;
}

/// The text of the label called `name` below `root`; empty if there is none.
inline QString labelText(const QWidget& root, const char* name)
{
    const auto* label = root.findChild<QLabel*>(QLatin1String(name));
    return label ? label->text() : QString();
}

/// Waits until the simulation thread has done everything asked of it so far and the window has every
/// batch it produced by then (SimulationController::sync()). What a test then reads is what the engine
/// did, not what had happened to arrive: the way to check that something did *not* happen, without
/// waiting for a while and hoping.
[[nodiscard]] inline bool caughtUp(SimulationController& controller, int timeoutMs = 10000)
{
    QSignalSpy synced(&controller, &SimulationController::synced);
    const std::uint64_t token = controller.sync();
    const auto answered = [&] {
        for (const QList<QVariant>& args : synced)
            if (args.at(0).toULongLong() == token)
                return true;
        return false;
    };
    QElapsedTimer waited;
    waited.start();
    while (!answered() && waited.elapsed() < timeoutMs)
        synced.wait(timeoutMs - static_cast<int>(waited.elapsed()));
    return answered();
}

/// The same for a window, whose event log also holds rows back for up to EventLogModel::kFlushMs while
/// they pour in: caught up once the controller is and the log shows every row it was given.
[[nodiscard]] inline bool caughtUp(const QWidget& window, int timeoutMs = 10000)
{
    if (!caughtUp(*window.findChild<SimulationController*>(), timeoutMs))
        return false;
    const auto* log = window.findChild<EventLogModel*>();
    QElapsedTimer waited;
    waited.start();
    while (log && log->pendingRows() > 0 && waited.elapsed() < timeoutMs)
        QTest::qWait(5); // polls for the condition, as QTRY_* does
    return !log || log->pendingRows() == 0;
}

/// The next window opens in View › Layout › Workbench, as for a user who chose it last session: for the
/// suites about the docks the first launch's Lesson layout hides (Topics, Faults, Breakpoints, …).
inline void chooseWorkbenchLayout()
{
    QSettings().setValue(QStringLiteral("mainWindow/layout"), QStringLiteral("workbench"));
}

/// Settings of this suite's own (test mode, `application`'s name), cleared, with the window recording
/// every run into `directory`.
inline void recordRunsInto(const QString& directory, const char* application)
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("EventLoomTests"));
    QCoreApplication::setApplicationName(QLatin1String(application));
    QSettings settings;
    settings.clear();
    RunArchive::Settings values;
    values.directory = directory;
    RunArchive::save(settings, values);
}

/// The finished run files in `dir`, newest first.
inline QStringList finishedRuns(const QString& dir)
{
    QStringList result;
    for (const QFileInfo& file : QDir(dir).entryInfoList({ QStringLiteral("*.sqlite") }, QDir::Files, QDir::Time)) {
        RunFile run;
        QString error;
        if (run.open(file.absoluteFilePath(), error) && run.finished())
            result << file.absoluteFilePath();
    }
    return result;
}

/// Saves `widget` as NAME.png in the build's screenshots directory.
inline void saveScreenshot(QWidget& widget, const QString& name)
{
    const QString dir = QStringLiteral(EVENTLOOM_SCREENSHOT_DIR);
    QVERIFY(QDir().mkpath(dir));
    const QString path = dir + QLatin1Char('/') + name + QStringLiteral(".png");
    QVERIFY2(widget.grab().save(path), qPrintable(path));
    qInfo("screenshot: %s", qPrintable(path));
}

} // namespace eventloom::uitesting
