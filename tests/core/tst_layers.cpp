// The engine's layers, checked on the source tree: every `#include "..."` of core/ is read, resolved to the
// folder it names, and the folder-to-folder dependencies must follow kLayers (docs/architecture.md).

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QLibraryInfo>
#include <QRegularExpression>
#include <QTest>

#include <algorithm>
#include <map>
#include <set>
#include <utility>

namespace {

/// The folders of core/, bottom-up. A folder may include its own layer and the ones below it, never one above.
/// Folders of one layer may include each other only as kMutual allows.
const std::vector<QStringList> kLayers {
    { QStringLiteral("base") }, // time, scheduler, copy-on-write containers, atoms, random streams, UTF-8, hashing
    { QStringLiteral("trace") }, // trace records, observers, reactors, counters
    { QStringLiteral("bus") }, // the log, topics, groups, delivery
    { QStringLiteral("eventstore") }, // streams, expected versions, snapshots
    { QStringLiteral("services") }, // the service interface and its context, built-in services
    { QStringLiteral("sim"), QStringLiteral("faults") }, // the engine, and the faults that hook into it
    { QStringLiteral("sagas"), QStringLiteral("readmodels"), QStringLiteral("check") }, // parts built on the engine
    { QStringLiteral("scenario"), QStringLiteral("lessons") }, // building a simulation from a file
    { QStringLiteral("record") }, // run files
    { QStringLiteral("export") }, // exports and imports of run files
};

using Edge = std::pair<QString, QString>; // (folder that includes, folder included)

/// Pairs of folders (of one layer) that include each other. At most two.
const std::set<Edge> kMutual {
    { QStringLiteral("faults"), QStringLiteral("sim") },
    { QStringLiteral("lessons"), QStringLiteral("scenario") },
};

/// Includes that go up a layer, still to be removed (none left): none may be added.
const std::set<Edge> kUpward {};

/// Qt modules the engine may use.
const QStringList kQtModules { QStringLiteral("QtCore") };

QString coreDir()
{
    return QStringLiteral(EVENTLOOM_SOURCE_DIR "/core");
}

/// The core folder a path relative to core/ lies in ("." for core/ itself).
QString folderOf(const QString& relative)
{
    const qsizetype slash = relative.indexOf(QLatin1Char('/'));
    return slash < 0 ? QStringLiteral(".") : relative.left(slash);
}

struct Include {
    QString file; ///< relative to core/
    QString target; ///< the included file, relative to core/ (may start with ../ when outside)
    int line = 0;
};

struct Scan {
    std::vector<Include> quoted;
    std::vector<Include> angled; ///< Q* headers only
    std::vector<Include> unresolved;
};

Scan scanCore()
{
    static const QRegularExpression quoted(QStringLiteral("^\\s*#\\s*include\\s*\"([^\"]+)\""));
    static const QRegularExpression angled(QStringLiteral("^\\s*#\\s*include\\s*<(Q[^>]*)>"));
    const QDir core(coreDir());
    Scan scan;
    QDirIterator it(
        core.path(), { QStringLiteral("*.h"), QStringLiteral("*.cpp") }, QDir::Files, QDirIterator::Subdirectories);
    QStringList files;
    while (it.hasNext())
        files.append(it.next());
    files.sort(); // the printed report is the same on every machine
    for (const QString& path : files) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
            continue;
        const QString relative = core.relativeFilePath(path);
        const QDir dir = QFileInfo(path).dir();
        int number = 0;
        while (!file.atEnd()) {
            const QString line = QString::fromUtf8(file.readLine());
            ++number;
            if (const QRegularExpressionMatch m = quoted.match(line); m.hasMatch()) {
                const QString name = m.captured(1);
                // As the compiler does: next to the including file first, then from core/ (the include path).
                QString resolved = QDir::cleanPath(dir.filePath(name));
                if (!QFileInfo::exists(resolved))
                    resolved = QDir::cleanPath(core.filePath(name));
                Include include { relative, core.relativeFilePath(resolved), number };
                (QFileInfo::exists(resolved) ? scan.quoted : scan.unresolved).push_back(include);
            } else if (const QRegularExpressionMatch a = angled.match(line); a.hasMatch()) {
                scan.angled.push_back({ relative, a.captured(1), number });
            }
        }
    }
    return scan;
}

int layerOf(const QString& folder)
{
    for (std::size_t i = 0; i < kLayers.size(); ++i)
        if (kLayers[i].contains(folder))
            return static_cast<int>(i);
    return -1;
}

QString where(const Include& include)
{
    return include.file + QLatin1Char(':') + QString::number(include.line) + QStringLiteral(" -> ") + include.target;
}

} // namespace

class TestLayers : public QObject {
    Q_OBJECT

    Scan m_scan;
    std::map<Edge, std::vector<Include>> m_edges; ///< folder -> folder, with the includes that make it

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QFileInfo::exists(coreDir() + QStringLiteral("/CMakeLists.txt")), qPrintable(coreDir()));
        m_scan = scanCore();
        QVERIFY(m_scan.quoted.size() > 100);
        for (const Include& include : m_scan.quoted) {
            const QString from = folderOf(include.file);
            const QString to = folderOf(include.target);
            if (from != to)
                m_edges[{ from, to }].push_back(include);
        }
        // The measured state, for whoever reads the test's output.
        std::set<QString> folders;
        for (const auto& [edge, includes] : m_edges)
            folders.insert(edge.first);
        for (const QString& folder : folders) {
            QStringList targets;
            for (const auto& [edge, includes] : m_edges)
                if (edge.first == folder)
                    targets.append(
                        edge.second + QLatin1Char('(') + QString::number(includes.size()) + QLatin1Char(')'));
            qInfo("%s -> %s", qPrintable(folder), qPrintable(targets.join(QStringLiteral(", "))));
        }
        const std::set<Edge> mutual = mutualPairs();
        qInfo("%d pairs of core folders include each other", int(mutual.size()));
        for (const Edge& pair : mutual)
            qInfo("  %s <-> %s", qPrintable(pair.first), qPrintable(pair.second));
        QStringList simulation;
        for (const auto& [edge, includes] : m_edges)
            for (const Include& include : includes)
                if (include.target == QStringLiteral("sim/simulation.h") && !simulation.contains(edge.first))
                    simulation.append(edge.first);
        qInfo("%d folders include sim/simulation.h: %s", int(simulation.size()),
            qPrintable(simulation.join(QStringLiteral(", "))));
    }

    /// Every include names a file of the tree (a typo or a moved file would hide a dependency from this test).
    void includesResolve()
    {
        QStringList unresolved;
        for (const Include& include : m_scan.unresolved)
            unresolved.append(where(include));
        QVERIFY2(unresolved.isEmpty(), qPrintable(unresolved.join(QLatin1Char('\n'))));
    }

    /// core/ includes nothing of ui/, app/ or tests/, and of Qt at most QtCore.
    void coreStaysHeadless()
    {
        QStringList outside;
        for (const Include& include : m_scan.quoted)
            if (include.target.startsWith(QStringLiteral("../")))
                outside.append(where(include));
        QVERIFY2(outside.isEmpty(), qPrintable(outside.join(QLatin1Char('\n'))));

        const QString headers = QLibraryInfo::path(QLibraryInfo::HeadersPath);
        QStringList modules;
        for (const QString& module : kQtModules)
            modules.append(headers + QLatin1Char('/') + module + QLatin1Char('/'));
        QStringList foreign;
        for (const Include& include : m_scan.angled) {
            const QString name = include.target;
            const qsizetype slash = name.indexOf(QLatin1Char('/'));
            const bool allowed = slash >= 0 ? kQtModules.contains(name.left(slash))
                                            : std::any_of(modules.cbegin(), modules.cend(),
                                                [&](const QString& dir) { return QFileInfo::exists(dir + name); });
            if (!allowed)
                foreign.append(where(include));
        }
        QVERIFY2(foreign.isEmpty(), qPrintable(foreign.join(QLatin1Char('\n'))));
    }

    /// Every folder of core/ has its place in kLayers: a new part of the engine is placed on purpose.
    void everyFolderHasALayer()
    {
        const QStringList folders = QDir(coreDir()).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
        QStringList unplaced;
        for (const QString& folder : folders)
            if (layerOf(folder) < 0)
                unplaced.append(folder);
        QVERIFY2(
            unplaced.isEmpty(), qPrintable(QStringLiteral("not in kLayers: ") + unplaced.join(QStringLiteral(", "))));
    }

    /// No folder includes one of a higher layer, but for the known exceptions (which must still exist).
    void noIncludeGoesUp()
    {
        QStringList upward;
        std::set<Edge> seen;
        for (const auto& [edge, includes] : m_edges) {
            if (layerOf(edge.first) < 0 || layerOf(edge.second) < 0 || layerOf(edge.second) <= layerOf(edge.first))
                continue;
            seen.insert(edge);
            if (kUpward.count(edge))
                continue;
            for (const Include& include : includes)
                qWarning("up a layer: %s", qPrintable(where(include)));
            upward.append(edge.first + QStringLiteral(" -> ") + edge.second);
        }
        QVERIFY2(
            upward.isEmpty(), qPrintable(QStringLiteral("includes up a layer: ") + upward.join(QStringLiteral(", "))));
        QStringList stale;
        for (const Edge& edge : kUpward)
            if (!seen.count(edge))
                stale.append(edge.first + QStringLiteral(" -> ") + edge.second);
        QVERIFY2(stale.isEmpty(),
            qPrintable(QStringLiteral("gone, remove from kUpward: ") + stale.join(QStringLiteral(", "))));
    }

    /// At most two pairs of folders include each other, and only the known ones.
    void mutualIncludes()
    {
        const std::set<Edge> mutual = mutualPairs();
        QStringList unexpected;
        for (const Edge& pair : mutual)
            if (!kMutual.count(pair) && !kUpward.count(pair) && !kUpward.count({ pair.second, pair.first }))
                unexpected.append(pair.first + QStringLiteral(" <-> ") + pair.second);
        QVERIFY2(unexpected.isEmpty(), qPrintable(unexpected.join(QStringLiteral(", "))));
        QStringList stale;
        for (const Edge& pair : kMutual)
            if (!mutual.count(pair))
                stale.append(pair.first + QStringLiteral(" <-> ") + pair.second);
        QVERIFY2(stale.isEmpty(),
            qPrintable(QStringLiteral("gone, remove from kMutual: ") + stale.join(QStringLiteral(", "))));
        QVERIFY(kMutual.size() <= 2);
    }

private:
    std::set<Edge> mutualPairs() const
    {
        std::set<Edge> pairs;
        for (const auto& [edge, includes] : m_edges)
            if (edge.first < edge.second && m_edges.count({ edge.second, edge.first }))
                pairs.insert(edge);
        return pairs;
    }
};

QTEST_GUILESS_MAIN(TestLayers)
#include "tst_layers.moc"
