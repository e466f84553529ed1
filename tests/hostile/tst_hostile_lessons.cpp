// Hostile lesson content (issue 17, item 8): a scenario from someone else whose lesson Markdown names
// files as pictures (a FIFO, /dev/zero, paths out of its folder, a path relative to wherever the program
// was started) and links to any scheme. The window must show only pictures from the scenario's own
// folder or the application's resources, read them off the GUI thread with a size limit, and open only
// web links, after showing where they go. Cases: hostile/lessons/README.md.
#include "../ui/uitesting.h"
#include "mainwindow.h"
#include "scenario/scenarioloader.h"
#include "views/lessoncontent.h"
#include "views/lessonpanel.h"

#include <QApplication>
#include <QDesktopServices>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <sys/stat.h>

using namespace eventloom;
using namespace eventloom::uitesting;

namespace {
/// Receives the URLs the desktop would have opened (QDesktopServices::setUrlHandler).
class UrlRecorder : public QObject {
    Q_OBJECT
public:
    QList<QUrl> opened;
public Q_SLOTS:
    void open(const QUrl& url) { opened << url; }
};

/// Answers the next message box named `objectName` with `button` as soon as it appears, and keeps the
/// URL it showed. Polls for the box (a condition), never waits a fixed time.
void answerNextBox(const QString& objectName, QMessageBox::StandardButton button, QString* shown)
{
    auto* poll = new QTimer(qApp);
    poll->setInterval(5);
    QObject::connect(poll, &QTimer::timeout, poll, [poll, objectName, button, shown] {
        auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
        if (!box || box->objectName() != objectName)
            return;
        *shown = box->informativeText();
        box->button(button)->click();
        poll->deleteLater();
    });
    poll->start();
}

void writeImage(const QString& path, int width, int height)
{
    QImage image(width, height, QImage::Format_RGB32);
    image.fill(QColor(0, 114, 178));
    QVERIFY(image.save(path, "PNG"));
}
}

class TestHostileLessons : public QObject {
    Q_OBJECT

    QTemporaryDir m_root;
    QString m_scenario; ///< the hostile scenario, in m_root/lesson/

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_root.isValid());
        const QString folder = m_root.filePath(QStringLiteral("lesson"));
        QVERIFY(QDir().mkpath(folder + QStringLiteral("/pictures")));
        writeImage(folder + QStringLiteral("/pictures/flow.png"), 900, 300); // shown, scaled to the dock
        writeImage(m_root.filePath(QStringLiteral("outside.png")), 10, 10); // next to the folder, not in it
        writeImage(folder + QStringLiteral("/wide.png"), LessonContent::kMaxImageSide + 1, 2);
        QFile big(folder + QStringLiteral("/big.png"));
        QVERIFY(big.open(QIODevice::WriteOnly));
        QVERIFY(big.resize(LessonContent::kMaxImageBytes + 1));
        big.close();
        QFile text(folder + QStringLiteral("/notes.png"));
        QVERIFY(text.open(QIODevice::WriteOnly));
        text.write("not a picture\n");
        text.close();
        QCOMPARE(::mkfifo(QFile::encodeName(folder + QStringLiteral("/fifo.png")).constData(), 0600), 0);
        QVERIFY(QFile::link(QStringLiteral("/dev/zero"), folder + QStringLiteral("/zero.png")));
        QVERIFY(QFile::link(m_root.filePath(QStringLiteral("outside.png")), folder + QStringLiteral("/escape.png")));

        // 01's lesson with hostile content in its first step.
        QFile shipped(QStringLiteral(":/scenarios/01-pubsub-fanout.json"));
        QVERIFY(shipped.open(QIODevice::ReadOnly));
        QJsonObject scenario = QJsonDocument::fromJson(shipped.readAll()).object();
        QJsonObject lesson = scenario.value(QStringLiteral("lesson")).toObject();
        QJsonArray steps = lesson.value(QStringLiteral("steps")).toArray();
        QJsonObject first = steps.at(0).toObject();
        first[QStringLiteral("text")] = QStringLiteral(
            "The flow: ![the flow](pictures/flow.png)\n\n"
            "A FIFO: ![fifo](fifo.png) and a device: ![zero](zero.png) and ![device](/dev/zero)\n\n"
            "Out of the folder: ![up](../outside.png) ![link](escape.png) ![abs](%1) ![file](file://%1)\n\n"
            "Relative to the working directory: ![cwd](cwd-only.png)\n\n"
            "Too big: ![big](big.png) ![wide](wide.png) ![text](notes.png) ![web](https://example.org/x.png)\n\n"
            "The application's own: ![icon](:/icons/eventloom-64.png)\n\n"
            "Raw HTML is dropped: <img src=\"/dev/zero\"> <img src=\"pictures/flow.png\">\n\n"
            "Links: [the docs](https://example.org/docs), [a file](file:///etc/passwd), [a "
            "script](javascript:alert(1)).")
                                            .arg(m_root.filePath(QStringLiteral("outside.png")));
        steps[0] = first;
        lesson[QStringLiteral("steps")] = steps;
        lesson[QStringLiteral("title")] = QStringLiteral("<img src=\"/dev/zero\">A title with markup");
        scenario[QStringLiteral("lesson")] = lesson;
        m_scenario = folder + QStringLiteral("/hostile.json");
        QFile out(m_scenario);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(QJsonDocument(scenario).toJson());
    }

    void init() { QSettings().clear(); }

    void onlyPicturesFromTheScenarioFolderOrTheApplicationShow()
    {
        // A file that only the working directory holds must not be found through a relative path.
        const QString cwd = QDir::currentPath();
        QVERIFY(QDir::setCurrent(m_root.path()));
        writeImage(m_root.filePath(QStringLiteral("cwd-only.png")), 10, 10);

        MainWindow window;
        Errors errors;
        window.setErrorHandler(errors.handler());
        window.resize(1400, 900);
        window.show();
        QVERIFY(window.openFile(m_scenario));
        LessonPanel* panel = window.lessonPanel();
        LessonContent* content = panel->content();
        // Everything is read off the GUI thread; the window answers while it happens (this wait runs its
        // event loop), the FIFO included, which nothing ever writes to.
        QTRY_COMPARE_WITH_TIMEOUT(content->pending(), 0, 10000);
        QVERIFY(QDir::setCurrent(cwd));

        QCOMPARE(content->status(QStringLiteral("pictures/flow.png")), QStringLiteral("shown"));
        QCOMPARE(content->status(QStringLiteral(":/icons/eventloom-64.png")), QStringLiteral("shown"));
        const std::map<QString, QString> refused {
            { QStringLiteral("fifo.png"), QStringLiteral("not a regular file") },
            { QStringLiteral("zero.png"), QStringLiteral("outside the scenario's folder") }, // a link to /dev/zero
            { QStringLiteral("/dev/zero"), QStringLiteral("only pictures in the scenario's folder are shown") },
            { QStringLiteral("../outside.png"), QStringLiteral("outside the scenario's folder") },
            { QStringLiteral("escape.png"), QStringLiteral("outside the scenario's folder") },
            { m_root.filePath(QStringLiteral("outside.png")),
                QStringLiteral("only pictures in the scenario's folder are shown") },
            { QStringLiteral("file://") + m_root.filePath(QStringLiteral("outside.png")),
                QStringLiteral("only pictures in the scenario's folder are shown") },
            { QStringLiteral("cwd-only.png"), QStringLiteral("no such file") },
            { QStringLiteral("big.png"), QStringLiteral("larger than 4 MiB") },
            { QStringLiteral("wide.png"), QStringLiteral("larger than 4096 × 4096 pixels") },
            { QStringLiteral("notes.png"), QStringLiteral("not a picture Qt can read") },
            { QStringLiteral("https://example.org/x.png"),
                QStringLiteral("only pictures in the scenario's folder are shown") },
        };
        for (const auto& [name, reason] : refused)
            QVERIFY2(content->status(name) == reason, qPrintable(name + QStringLiteral(": ") + content->status(name)));

        const QString html = labelText(*panel, "lessonText");
        QCOMPARE(html.count(QStringLiteral("data:image/png;base64,")), 2); // flow.png and the icon; raw HTML made none
        QVERIFY(!html.contains(QStringLiteral("/dev/zero\"")));
        QVERIFY(html.contains(QStringLiteral("[picture: fifo — not shown: not a regular file]")));
        QCOMPARE(labelText(*panel, "lessonTitle"), QStringLiteral("<img src=\"/dev/zero\">A title with markup"));
        QVERIFY(panel->findChild<QLabel*>(QStringLiteral("lessonTitle"))->textFormat() == Qt::PlainText);
        QVERIFY(errors.messages.isEmpty());
        saveScreenshot(*panel, QStringLiteral("hostile-lesson"));
        saveScreenshot(*panel->findChild<QLabel*>(QStringLiteral("lessonText")),
            QStringLiteral("hostile-lesson-text")); // all of it
    }

    void aRunFilesLessonShowsOnlyApplicationPictures()
    {
        const ScenarioLoader::Result loaded = ScenarioLoader::loadFile(m_scenario);
        QVERIFY(loaded.ok());
        LessonPanel panel;
        panel.setScenario(&*loaded.scenario, LessonPanel::PictureFolder::None);
        QTRY_COMPARE_WITH_TIMEOUT(panel.content()->pending(), 0, 10000);
        QCOMPARE(panel.content()->status(QStringLiteral("pictures/flow.png")),
            QStringLiteral("this lesson has no folder of its own (it came in a run file)"));
        QCOMPARE(panel.content()->status(QStringLiteral(":/icons/eventloom-64.png")), QStringLiteral("shown"));
    }

    void onlyWebLinksOpenAndOnlyAfterAsking()
    {
        const ScenarioLoader::Result loaded = ScenarioLoader::loadFile(m_scenario);
        QVERIFY(loaded.ok());
        LessonPanel panel;
        panel.setScenario(&*loaded.scenario);
        panel.show();
        auto* text = panel.findChild<QLabel*>(QStringLiteral("lessonText"));
        QVERIFY(!text->openExternalLinks());

        UrlRecorder desktop;
        for (const char* scheme : { "https", "http", "file", "javascript" })
            QDesktopServices::setUrlHandler(QString::fromLatin1(scheme), &desktop, "open");
        const auto cleanup = qScopeGuard([] {
            for (const char* scheme : { "https", "http", "file", "javascript" })
                QDesktopServices::unsetUrlHandler(QString::fromLatin1(scheme));
        });

        Q_EMIT text->linkHovered(QStringLiteral("https://example.org/docs"));
        QCOMPARE(text->toolTip(), QStringLiteral("https://example.org/docs")); // where it goes, before a click

        QString shown;
        answerNextBox(QStringLiteral("lessonLinkConfirm"), QMessageBox::Cancel, &shown);
        Q_EMIT text->linkActivated(QStringLiteral("https://example.org/docs"));
        QCOMPARE(shown, QStringLiteral("https://example.org/docs"));
        QVERIFY(desktop.opened.isEmpty()); // declined: nothing opened

        answerNextBox(QStringLiteral("lessonLinkConfirm"), QMessageBox::Open, &shown);
        Q_EMIT text->linkActivated(QStringLiteral("https://example.org/docs"));
        QCOMPARE(desktop.opened, QList<QUrl> { QUrl(QStringLiteral("https://example.org/docs")) });

        for (const QString& link : { QStringLiteral("file:///etc/passwd"), QStringLiteral("javascript:alert(1)") }) {
            answerNextBox(QStringLiteral("lessonLinkRefused"), QMessageBox::Ok, &shown);
            Q_EMIT text->linkActivated(link);
            QCOMPARE(shown, link);
        }
        QCOMPARE(desktop.opened.size(), 1); // neither reached the desktop
        QVERIFY(!LessonContent::isOpenable(QUrl(QStringLiteral("https:///no-host"))));
    }
};

QTEST_MAIN(TestHostileLessons)
#include "tst_hostile_lessons.moc"
