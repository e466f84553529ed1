#include "appidentity.h"
#include "iconrendering.h"
#include "mainwindow.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTest>

#include <algorithm>
#include <cstdlib>

using namespace eventloom;

// The EventLoom icon (issue 16): the PNGs in resources/icons/ are what the SVG draws at their sizes
// (scripts/render-icons.sh draws them again after the SVG changes), the resources serve the icon at every
// size, the main window shows it, and the desktop file and the AppStream metainfo name the id the window
// gives the desktop.
namespace {

const QList<int> kHicolorSizes { 16, 22, 24, 32, 48, 64, 128, 256 };
const QString kSvg = QStringLiteral(":/icons/eventloom.svg");

QString png(int size)
{
    return QStringLiteral(":/icons/eventloom-%1.png").arg(size);
}

/// Differences a renderer's anti-aliasing may make: a channel within this many levels is the same.
constexpr int kChannelTolerance = 24;

/// Pixels where any channel (premultiplied, so colour under full transparency does not count) differs by
/// more than kChannelTolerance; -1 when the sizes differ.
int differingPixels(const QImage& a, const QImage& b)
{
    if (a.size() != b.size())
        return -1;
    const QImage pa = a.convertToFormat(QImage::Format_ARGB32_Premultiplied);
    const QImage pb = b.convertToFormat(QImage::Format_ARGB32_Premultiplied);
    int count = 0;
    for (int y = 0; y < pa.height(); ++y) {
        const auto* la = reinterpret_cast<const QRgb*>(pa.constScanLine(y));
        const auto* lb = reinterpret_cast<const QRgb*>(pb.constScanLine(y));
        for (int x = 0; x < pa.width(); ++x) {
            const QRgb p = la[x];
            const QRgb q = lb[x];
            if (std::abs(qRed(p) - qRed(q)) > kChannelTolerance || std::abs(qGreen(p) - qGreen(q)) > kChannelTolerance
                || std::abs(qBlue(p) - qBlue(q)) > kChannelTolerance
                || std::abs(qAlpha(p) - qAlpha(q)) > kChannelTolerance)
                ++count;
        }
    }
    return count;
}

/// Another renderer's anti-aliasing may shade a few edge pixels differently. A changed drawing changes many
/// more: a bead moved by a pixel at 16 px changes 8, at 32 px 24.
void compareImages(const QImage& actual, const QImage& expected, const QString& what)
{
    const int differing = differingPixels(actual, expected);
    QVERIFY2(differing >= 0,
        qPrintable(QStringLiteral("%1: %2x%3, expected %4x%5")
                       .arg(what)
                       .arg(actual.width())
                       .arg(actual.height())
                       .arg(expected.width())
                       .arg(expected.height())));
    QVERIFY2(differing <= std::max(2, expected.width() / 8),
        qPrintable(QStringLiteral("%1: %2 of %3 pixels differ (after changing the SVG, run "
                                  "scripts/render-icons.sh and commit the PNGs)")
                       .arg(what)
                       .arg(differing)
                       .arg(expected.width() * expected.height())));
}

QString readGenerated(const char* name)
{
    QFile file(
        QStringLiteral(EVENTLOOM_RESOURCES_BINARY_DIR) + QLatin1Char('/') + AppIdentity::id() + QLatin1String(name));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(file.fileName()));
    return QString::fromUtf8(file.readAll());
}

} // namespace

class TestAppIcon : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true); // the window's settings stay out of the user's own
        AppIdentity::builtInIcon(); // registers the resources
    }

    void resourcesHoldTheSvgAndEveryHicolorSize()
    {
        QStringList expected { QStringLiteral("eventloom.svg") };
        for (const int size : kHicolorSizes)
            expected << QStringLiteral("eventloom-%1.png").arg(size);
        QStringList actual = QDir(QStringLiteral(":/icons")).entryList(QDir::Files);
        expected.sort();
        actual.sort();
        QCOMPARE(actual, expected);
    }

    void pngIsTheSvgRendered_data()
    {
        QTest::addColumn<int>("size");
        for (const int size : kHicolorSizes)
            QTest::addRow("%d px", size) << size;
    }

    void pngIsTheSvgRendered()
    {
        QFETCH(int, size);
        QSvgRenderer svg(kSvg);
        QVERIFY(svg.isValid());
        QCOMPARE(svg.defaultSize(), QSize(256, 256));
        const QImage image(png(size));
        QVERIFY2(!image.isNull(), qPrintable(png(size)));
        compareImages(image, iconrendering::render(svg, size), png(size));
    }

    void iconServesEverySize_data() { pngIsTheSvgRendered_data(); }

    void iconServesEverySize()
    {
        QFETCH(int, size);
        const QPixmap pixmap = AppIdentity::builtInIcon().pixmap(size, size);
        QCOMPARE(pixmap.size(), QSize(size, size));
        compareImages(pixmap.toImage(), QImage(png(size)), QStringLiteral("the icon at %1 px").arg(size));
    }

    // The sizes between and beyond the PNGs come from the SVG, through Qt's SVG icon engine (libqt6svg6):
    // without it a 512 px request would get the 256 px PNG.
    void svgDrawsTheOtherSizes()
    {
        const QIcon icon = AppIdentity::builtInIcon();
        QCOMPARE(icon.pixmap(512, 512).size(), QSize(512, 512));
        QSvgRenderer svg(kSvg);
        compareImages(
            icon.pixmap(40, 40).toImage(), iconrendering::render(svg, 40), QStringLiteral("the icon at 40 px"));
    }

    void mainWindowShowsTheIcon()
    {
        MainWindow window;
        QVERIFY(!window.windowIcon().isNull());
        for (const int size : { 16, 32, 256 })
            compareImages(window.windowIcon().pixmap(size, size).toImage(), QImage(png(size)),
                QStringLiteral("the window's icon at %1 px").arg(size));
    }

    // The desktop file, its icon and the AppStream component carry the id the window gives the desktop, so a
    // task bar can match the window to them.
    void desktopFilesNameTheId()
    {
        QVERIFY(QRegularExpression(QStringLiteral("^[a-z][a-z0-9]*(\\.[A-Za-z][A-Za-z0-9]*){2,}$"))
                    .match(AppIdentity::id())
                    .hasMatch());
        const QString desktop = readGenerated(".desktop");
        QVERIFY(desktop.contains(QLatin1String("\nIcon=") + AppIdentity::id() + QLatin1Char('\n')));
        QVERIFY(desktop.contains(QLatin1String("\nExec=eventloom %f\n")));
        const QString metainfo = readGenerated(".metainfo.xml");
        QVERIFY(metainfo.contains(QLatin1String("<id>") + AppIdentity::id() + QLatin1String("</id>")));
        QVERIFY(metainfo.contains(QLatin1String("<launchable type=\"desktop-id\">") + AppIdentity::id()
            + QLatin1String(".desktop</launchable>")));
        QVERIFY(metainfo.contains(QLatin1String("<release version=\"" EVENTLOOM_VERSION "\"")));
    }

    // Every screenshot the AppStream component declares is in docs/screenshots (what the homepage hosts),
    // at the size it declares: a software centre lays out the page from those numbers.
    void metainfoScreenshotsAreTheirFiles()
    {
        static const QRegularExpression image(QStringLiteral(
            "<image type=\"source\" width=\"(\\d+)\" height=\"(\\d+)\">[^<]*/screenshots/([\\w.-]+)</image>"));
        int declared = 0;
        for (auto it = image.globalMatch(readGenerated(".metainfo.xml")); it.hasNext(); ++declared) {
            const QRegularExpressionMatch m = it.next();
            const QString path = QStringLiteral(EVENTLOOM_SOURCE_DIR "/docs/screenshots/") + m.captured(3);
            const QImage file(path);
            QVERIFY2(!file.isNull(), qPrintable(path));
            QCOMPARE(file.size(), QSize(m.captured(1).toInt(), m.captured(2).toInt()));
        }
        QVERIFY(declared >= 3);
    }
};

QTEST_MAIN(TestAppIcon)
#include "tst_appicon.moc"
