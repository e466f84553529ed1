// Hostile text shown in the window (issue 17): strings from files other people send — an imported event
// log's types, keys, topics, consumer groups, services, outcome details, injection specs and payloads —
// written as markup that names a picture (`<img src="PROBE">`) and bold text. Wherever the window shows
// them (item tooltips, the timeline's tooltip, the inspector, the run comparison, labels) the markup must
// show as the text it is and the picture must never be read. PROBE is a real picture file watched with
// inotify: any open of it fails the test. Cases: hostile/richtext/README.md.
#include "../ui/uitesting.h"
#include "mainwindow.h"
#include "record/runarchive.h"
#include "record/runcomparison.h"
#include "richtextguard.h"
#include "views/inspectorpanel.h"
#include "views/runcomparisonview.h"
#include "views/timelineview.h"

#include <QAbstractItemView>
#include <QFile>
#include <QHelpEvent>
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTextDocument>
#include <QTextFragment>
#include <QToolTip>

#include <fcntl.h>
#include <sys/inotify.h>
#include <unistd.h>

using namespace eventloom;
using namespace eventloom::uitesting;

namespace {
/// Counts the times a file is opened, whoever opens it (inotify IN_OPEN).
class OpenWatch {
public:
    explicit OpenWatch(const QString& path)
        : m_fd(::inotify_init1(IN_NONBLOCK | IN_CLOEXEC))
    {
        if (m_fd >= 0)
            ::inotify_add_watch(m_fd, QFile::encodeName(path).constData(), IN_OPEN);
    }
    ~OpenWatch()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    OpenWatch(const OpenWatch&) = delete;
    OpenWatch& operator=(const OpenWatch&) = delete;
    bool ok() const { return m_fd >= 0; }
    /// Opens since the last call.
    int opens()
    {
        int count = 0;
        alignas(inotify_event) char buffer[4096];
        for (;;) {
            const ssize_t n = ::read(m_fd, buffer, sizeof buffer);
            if (n <= 0)
                return count;
            for (ssize_t at = 0; at < n;) {
                const auto* e = reinterpret_cast<const inotify_event*>(buffer + at);
                count += (e->mask & IN_OPEN) ? 1 : 0;
                at += static_cast<ssize_t>(sizeof(inotify_event) + e->len);
            }
        }
    }

private:
    int m_fd;
};

/// Whether rich text `html` holds a picture (an image format in its document).
bool hasImage(const QTextDocument& document)
{
    for (QTextBlock b = document.begin(); b.isValid(); b = b.next())
        for (auto it = b.begin(); !it.atEnd(); ++it)
            if (it.fragment().charFormat().isImageFormat())
                return true;
    return false;
}

/// What a rich-text-or-plain display of `text` shows: as QToolTip and QLabel (AutoText) decide it.
QString rendered(const QString& text)
{
    if (!Qt::mightBeRichText(text))
        return text;
    QTextDocument document;
    document.setHtml(text);
    return hasImage(document) ? QStringLiteral("(a picture)") : document.toPlainText();
}

QString toolTipShown()
{
    return QToolTip::isVisible() ? QToolTip::text() : QString();
}

/// Asks `viewport` for its tooltip at `pos` as the mouse resting there would; the tooltip's text.
QString askToolTip(QWidget* viewport, QPoint pos)
{
    QToolTip::hideText();
    QHelpEvent help(QEvent::ToolTip, pos, viewport->mapToGlobal(pos));
    QApplication::sendEvent(viewport, &help);
    return toolTipShown();
}
}

class TestHostileRichText : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_probe; ///< a real picture: the markup names it, nothing may open it
    QString m_img; ///< `<img src="PROBE">`
    QString m_log, m_logB; ///< the hostile event logs (B: one more record)

    QString hostile(const QString& what) const { return m_img + QStringLiteral("<b>") + what + QStringLiteral("</b>"); }

    QString writeLog(const QString& name, bool extra)
    {
        const auto line
            = [](const QJsonObject& o) -> QByteArray { return QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n'; };
        const QString producer = hostile(QStringLiteral("producer"));
        const QString consumer = hostile(QStringLiteral("consumer"));
        const QString topic = hostile(QStringLiteral("topic"));
        const QString group = hostile(QStringLiteral("group"));
        const QString type = hostile(QStringLiteral("Type"));
        const QString correlation = hostile(QStringLiteral("order"));
        QByteArray text;
        text += line({ { QStringLiteral("kind"), QStringLiteral("injection") }, { QStringLiteral("t"), 0 },
            { QStringLiteral("service"), producer },
            { QStringLiteral("detail"), hostile(QStringLiteral("injection")) } });
        for (int i = 0; i < (extra ? 3 : 2); ++i) {
            const QString id = QStringLiteral("m%1").arg(i);
            const int t = 1000000 * (i + 1);
            text += line({ { QStringLiteral("kind"), QStringLiteral("published") }, { QStringLiteral("t"), t },
                { QStringLiteral("id"), id }, { QStringLiteral("source"), QStringLiteral("/hostile/producer") },
                { QStringLiteral("type"), type }, { QStringLiteral("version"), 1 }, { QStringLiteral("topic"), topic },
                { QStringLiteral("partition"), 0 }, { QStringLiteral("offset"), i },
                { QStringLiteral("key"), hostile(QStringLiteral("key")) },
                { QStringLiteral("correlationId"), correlation }, { QStringLiteral("producer"), producer },
                { QStringLiteral("data"),
                    QJsonObject { { QStringLiteral("note"), hostile(QStringLiteral("payload")) } } } });
            const QJsonObject delivery { { QStringLiteral("eventId"), id }, { QStringLiteral("type"), type },
                { QStringLiteral("correlationId"), correlation },
                { QStringLiteral("consumer"), QString(consumer + QStringLiteral("#0")) },
                { QStringLiteral("group"), group }, { QStringLiteral("topic"), topic },
                { QStringLiteral("partition"), 0 }, { QStringLiteral("offset"), i }, { QStringLiteral("attempt"), 1 } };
            QJsonObject delivered = delivery;
            delivered[QStringLiteral("kind")] = QStringLiteral("delivered");
            delivered[QStringLiteral("t")] = t + 1000;
            text += line(delivered);
            QJsonObject handled = delivery;
            handled[QStringLiteral("kind")] = QStringLiteral("handled");
            handled[QStringLiteral("t")] = t + 250000;
            handled[QStringLiteral("outcome")] = i == 0 ? QStringLiteral("failed") : hostile(QStringLiteral("outcome"));
            handled[QStringLiteral("detail")] = hostile(QStringLiteral("detail"));
            text += line(handled);
        }
        const QString path = m_dir.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size())
            qFatal("cannot write %s", qPrintable(path));
        return path;
    }

    /// Imports `log` into the window and waits until its review shows it all.
    bool import(MainWindow& window, const QString& log)
    {
        window.importEventLog(log);
        auto* controller = window.findChild<SimulationController*>();
        const QString base = QStringLiteral("imported-") + QFileInfo(log).completeBaseName();
        return QTest::qWaitFor(
                   [&] {
                       return controller->isReviewing() && controller->status().finished
                           && QFileInfo(window.reviewedFile()).fileName().startsWith(base);
                   },
                   30000)
            && caughtUp(window);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("EventLoomTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_hostile_richtext"));
        QSettings().clear();
        QSettings settings;
        RunArchive::Settings values;
        values.directory = m_dir.filePath(QStringLiteral("runs"));
        RunArchive::save(settings, values);

        m_probe = m_dir.filePath(QStringLiteral("probe.png"));
        QImage picture(40, 40, QImage::Format_RGB32);
        picture.fill(Qt::red);
        QVERIFY(picture.save(m_probe, "PNG"));
        m_img = QStringLiteral("<img src=\"%1\">").arg(m_probe);
        m_log = writeLog(QStringLiteral("hostile.jsonl"), false);
        m_logB = writeLog(QStringLiteral("hostile-b.jsonl"), true);
    }

    void cleanupTestCase() { QSettings().clear(); }

    /// The probe itself: rich text naming it does read it (so the watch sees what the other cases rely
    /// on it to see), and a browser that refuses local resources does not.
    void theProbeIsSeenAndRefusedResourcesAreNotRead()
    {
        OpenWatch watch(m_probe);
        QVERIFY(watch.ok());
        {
            QTextDocument unguarded;
            unguarded.setHtml(m_img);
            QVERIFY(unguarded.size().width() >= 40); // laid out with the picture: read
        }
        QVERIFY(watch.opens() > 0);

        MainWindow window; // installs the tooltip guard
        QVERIFY(RichTextGuard::isInstalled());
        InspectorPanel* inspector = window.inspector();
        auto* browser = inspector->findChild<QTextBrowser*>(QStringLiteral("inspectorText"));
        browser->setHtml(QStringLiteral("<html><head><link rel=\"stylesheet\" href=\"/dev/zero\"></head><body>") + m_img
            + QStringLiteral(
                "<img src=\"/dev/zero\"><img src=\"probe.png\"><img src=\":/icons/eventloom-64.png\"></body></html>"));
        browser->document()->size(); // laid out: every picture asked for
        browser->grab();
        QCOMPARE(watch.opens(), 0);
        // What the application carries still loads; a local file is a blank pixel, unread.
        QVERIFY(
            !browser->loadResource(QTextDocument::ImageResource, QUrl(QStringLiteral("qrc:/icons/eventloom-64.png")))
                 .toByteArray()
                 .isEmpty());
        QCOMPARE(
            browser->loadResource(QTextDocument::ImageResource, QUrl::fromLocalFile(m_probe)).value<QImage>().size(),
            QSize(1, 1));
        QCOMPARE(watch.opens(), 0);
        QVERIFY(!RichTextGuard::refusedResource(
            QTextDocument::ImageResource, QUrl(QStringLiteral("qrc:/icons/eventloom-64.png")))
                     .isValid());
        QVERIFY(!RichTextGuard::refusedResource(
            QTextDocument::ImageResource, QUrl(QStringLiteral("data:image/png;base64,AAAA")))
                     .isValid());
        QVERIFY(RichTextGuard::refusedResource(QTextDocument::ImageResource, QUrl::fromLocalFile(m_probe)).isValid());

        QCOMPARE(RichTextGuard::literal(QStringLiteral("plain <3 text")),
            QStringLiteral("plain <3 text")); // not markup: unchanged
        QCOMPARE(rendered(RichTextGuard::literal(QStringLiteral("a  b\n<img src=x>\tc"))),
            QStringLiteral("a  b\n<img src=x>\tc"));
    }

    void anImportedLogsTextShowsAsTextEverywhere()
    {
        OpenWatch watch(m_probe);
        QVERIFY(watch.ok());
        MainWindow window;
        Errors errors;
        window.setErrorHandler(errors.handler());
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY2(import(window, m_log), qPrintable(errors.messages.join(u'\n') + errors.details.join(u'\n')));
        QVERIFY2(errors.messages.isEmpty(), qPrintable(errors.messages.join(u'\n')));

        // The event log: the consumer group and the outcome detail, through the view's own tooltip path.
        auto* log = window.findChild<QTableView*>(QStringLiteral("eventLogView"));
        QAbstractItemModel* shown = log->model();
        QTRY_VERIFY(shown->rowCount() >= 6);
        QStringList checked;
        for (int r = 0; r < shown->rowCount(); ++r)
            for (const auto column : { EventLogModel::Column::Consumer, EventLogModel::Column::Outcome }) {
                const QModelIndex index = shown->index(r, static_cast<int>(column));
                const QString tip = index.data(Qt::ToolTipRole).toString();
                if (!tip.contains(m_img))
                    continue;
                log->scrollTo(index);
                const QString text = askToolTip(log->viewport(), log->visualRect(index).center());
                QCOMPARE(text, RichTextGuard::literal(tip));
                QCOMPARE(rendered(text), tip); // the markup, as text
                checked << tip;
            }
        QVERIFY2(checked.contains(QStringLiteral("Consumer group: ") + hostile(QStringLiteral("group"))),
            qPrintable(checked.join(u'\n')));
        QVERIFY2(checked.contains(hostile(QStringLiteral("detail"))), qPrintable(checked.join(u'\n')));

        // Every other item view in the window: any tooltip holding the markup shows it as text.
        int views = 0;
        for (QAbstractItemView* view : window.findChildren<QAbstractItemView*>()) {
            QAbstractItemModel* model = view->model();
            if (!model || view == log)
                continue;
            bool asked = false;
            for (int r = 0; r < std::min(model->rowCount(), 50); ++r)
                for (int c = 0; c < model->columnCount(); ++c) {
                    const QModelIndex index = model->index(r, c);
                    const QString tip = index.data(Qt::ToolTipRole).toString();
                    if (!tip.contains(m_img))
                        continue;
                    if (!view->isVisible())
                        continue; // in a dock or tab not shown: nothing to hover
                    view->scrollTo(index);
                    const QPoint at = view->visualRect(index).center();
                    if (!view->viewport()->rect().contains(at) || view->indexAt(at) != index)
                        continue;
                    const QString text = askToolTip(view->viewport(), at);
                    QVERIFY2(rendered(text) == tip, qPrintable(view->objectName() + u' ' + text));
                    asked = true;
                }
            views += asked ? 1 : 0;
        }
        qInfo("other item views with hostile tooltips asked: %d", views);

        // The timeline: lane names in the gutter and the arrows' tooltips.
        TimelineView* timeline = window.timeline();
        QWidget* viewport = timeline->viewport();
        QStringList timelineTips;
        for (int y = 0; y < viewport->height(); y += 2)
            for (int x = 0; x < viewport->width(); x += 3) {
                const QString tip = timeline->toolTipAt(QPointF(x, y));
                if (!tip.contains(QStringLiteral("&lt;img")) && !tip.contains(m_img))
                    continue;
                if (timelineTips.contains(tip))
                    continue;
                timelineTips << tip;
                QCOMPARE(askToolTip(viewport, QPoint(x, y)), tip);
                QTextDocument document;
                document.setHtml(tip);
                QVERIFY2(!hasImage(document), qPrintable(tip));
                QVERIFY2(document.toPlainText().contains(m_img), qPrintable(tip));
            }
        QVERIFY2(timelineTips.size() >= 2, qPrintable(timelineTips.join(u'\n'))); // a lane, an arrow
        QVERIFY(std::any_of(timelineTips.cbegin(), timelineTips.cend(),
            [](const QString& t) { return t.startsWith(QStringLiteral("<b>")); }));

        // The inspector: the message's type, key, correlation, producer, payload and its deliveries.
        log->setCurrentIndex(shown->index(1, 0));
        const QString payload
            = hostile(QStringLiteral("payload")).replace(u'"', QStringLiteral("\\\"")); // in the JSON shown
        QTRY_VERIFY_WITH_TIMEOUT(window.inspector()->text().contains(payload), 10000);
        auto* inspector = window.inspector()->findChild<QTextBrowser*>(QStringLiteral("inspectorText"));
        QVERIFY(!hasImage(*inspector->document()));
        for (const char* what : { "Type", "key", "order", "producer" })
            QVERIFY2(window.inspector()->text().contains(hostile(QLatin1String(what))), what);
        saveScreenshot(window, QStringLiteral("hostile-richtext-window"));

        // Labels showing the run's names are plain text.
        for (const char* name : { "reviewHeadline", "reviewNote", "eventStoreSummary", "eventStoreStreamTitle",
                 "eventStoreFoldNote", "readModelSummary", "rebuildResult", "deadLetterProblem" }) {
            auto* label = window.findChild<QLabel*>(QLatin1String(name));
            QVERIFY2(label && label->textFormat() == Qt::PlainText, name);
        }
        QCOMPARE(watch.opens(), 0);
    }

    void theRunComparisonShowsTheRunsTextAsText()
    {
        OpenWatch watch(m_probe);
        QVERIFY(watch.ok());
        MainWindow window;
        Errors errors;
        window.setErrorHandler(errors.handler());
        window.show();
        QVERIFY2(import(window, m_log), qPrintable(errors.messages.join(u'\n') + errors.details.join(u'\n')));
        const QString a = window.reviewedFile();
        QVERIFY2(import(window, m_logB), qPrintable(errors.messages.join(u'\n') + errors.details.join(u'\n')));
        const QString b = window.reviewedFile();
        QVERIFY(a != b);

        action(window, "actionCompareRuns")->trigger();
        auto* view = window.findChild<RunComparisonView*>(QStringLiteral("runComparisonView"));
        QVERIFY(view);
        QTRY_VERIFY_WITH_TIMEOUT(!view->isBusy(), 30000);
        QSignalSpy finished(view, &RunComparisonView::comparisonFinished);
        view->compare(a, b);
        QVERIFY(finished.wait(30000));
        QVERIFY(!view->comparison()->identical());
        view->resize(1000, 800);
        for (const char* name :
            { "comparisonStatus", "runALabel", "runBLabel", "fingerprintLabel", "divergenceLabel", "stateSummary" }) {
            auto* label = view->findChild<QLabel*>(QLatin1String(name));
            QVERIFY2(label, name);
            QTextDocument document;
            document.setHtml(label->text());
            QVERIFY2(!hasImage(document), name);
        }
        const auto plain = [view](const char* name) {
            QTextDocument document;
            document.setHtml(labelText(*view, name));
            return document.toPlainText();
        };
        QVERIFY2(
            plain("divergenceLabel").contains(hostile(QStringLiteral("order"))), qPrintable(plain("divergenceLabel")));
        saveScreenshot(*view, QStringLiteral("hostile-richtext-comparison"));
        QVERIFY2(errors.messages.isEmpty(), qPrintable(errors.messages.join(u'\n')));
        QCOMPARE(watch.opens(), 0);
    }
};

QTEST_MAIN(TestHostileRichText)
#include "tst_hostile_richtext.moc"
