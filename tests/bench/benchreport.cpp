#include "benchreport.h"

#include <QJsonDocument>
#include <QString>
#include <QtGlobal>
#include <cstdio>
#include <thread>

namespace eventloom::bench {

QJsonObject BenchReport::machine()
{
#if defined(__clang__)
    const QString compiler = QStringLiteral("Clang " __clang_version__);
#elif defined(__GNUC__)
    const QString compiler = QStringLiteral("GCC " __VERSION__);
#else
    const QString compiler = QStringLiteral("unknown");
#endif
    return { { QStringLiteral("compiler"), compiler }, { QStringLiteral("qt"), QString::fromLatin1(qVersion()) },
        { QStringLiteral("hardwareThreads"), static_cast<int>(std::thread::hardware_concurrency()) } };
}

void BenchReport::printJsonLine(const QJsonObject& json)
{
    std::printf("%s\n", QJsonDocument(json).toJson(QJsonDocument::Compact).constData());
    std::fflush(stdout);
}

} // namespace eventloom::bench
