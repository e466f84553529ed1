#pragma once

// What the GUI suites share: finding widgets and actions by object name, collecting the errors the
// window would have shown, and saving screenshots for people to look at.

#include "mainwindow.h"

#include <QAction>
#include <QDir>
#include <QLabel>
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
