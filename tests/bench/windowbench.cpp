#include "windowbench.h"

#include "mainwindow.h"

#include <QFile>
#include <QJsonDocument>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <cstdio>

namespace eventloom::bench {

void prepareWindowBench()
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QStandardPaths::setTestModeEnabled(true);
}

QString writeScenarioFile(const Scenario& scenario, const QTemporaryDir& dir, const char* program)
{
    const QString path = dir.filePath(scenario.id + QStringLiteral(".json"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(scenario.json).toJson()) <= 0) {
        std::fprintf(stderr, "%s: cannot write %s\n", program, qPrintable(path));
        return {};
    }
    return path;
}

void reportWindowErrors(MainWindow& window, const char* program)
{
    window.setErrorHandler([program](const QString& message, const QStringList& details) {
        std::fprintf(stderr, "%s: %s %s\n", program, qPrintable(message), qPrintable(details.join(u' ')));
    });
}

} // namespace eventloom::bench
