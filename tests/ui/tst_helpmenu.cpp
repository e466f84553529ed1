// The Help menu (issue 16), driven through the menu bar as a user does: the User Manual, Keyboard
// Shortcuts, Lessons, About EventLoom and About Qt.

#include "appidentity.h"
#include "help/manualbrowser.h"
#include "help/manualwindow.h"
#include "mainwindow.h"
#include "uitesting.h"

#include <QApplication>
#include <QDesktopServices>
#include <QDialog>
#include <QFile>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollBar>
#include <QSettings>
#include <QStackedWidget>
#include <QStyle>
#include <QTest>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTimer>
#include <QToolButton>
#include <QTreeWidget>
#include <algorithm>
#include <memory>

using namespace eventloom;
using namespace eventloom::uitesting;

namespace {
/// The menu bar's last menu, which must be Help.
QMenu* helpMenu(MainWindow& window)
{
    const QList<QAction*> entries = window.menuBar()->actions();
    if (entries.isEmpty() || !entries.last()->menu())
        return nullptr;
    QMenu* menu = entries.last()->menu();
    return menu->title() == QLatin1String("&Help") ? menu : nullptr;
}

/// Chooses Help › (the action called `name`) with the mouse: the menu's title in the menu bar, then the entry.
void chooseFromHelpMenu(MainWindow& window, const char* name)
{
    QMenu* menu = helpMenu(window);
    QVERIFY2(menu, "the last menu of the menu bar is not Help");
    QAction* entry = nullptr;
    for (QAction* candidate : menu->actions())
        if (candidate->objectName() == QLatin1String(name))
            entry = candidate;
    QVERIFY2(entry, name);
    QMenuBar* bar = window.menuBar();
    QTest::mouseClick(bar, Qt::LeftButton, {}, bar->actionGeometry(menu->menuAction()).center());
    QTRY_VERIFY(menu->isVisible());
    QTest::mouseClick(menu, Qt::LeftButton, {}, menu->actionGeometry(entry).center());
    QTRY_VERIFY(!menu->isVisible());
}

/// The first "# " heading of a document in the source tree (docs/NAME or README.md).
QString firstHeading(const QString& relativePath)
{
    QFile file(QStringLiteral(EVENTLOOM_SOURCE_DIR "/") + relativePath);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    for (const QByteArray& line : file.readAll().split('\n'))
        if (line.startsWith("# "))
            return QString::fromUtf8(line.mid(2)).trimmed();
    return {};
}

/// The first heading the browser shows.
QString shownHeading(const QTextBrowser& browser)
{
    for (QTextBlock block = browser.document()->begin(); block.isValid(); block = block.next())
        if (block.blockFormat().headingLevel() > 0)
            return block.text();
    return {};
}

/// GitHub's anchor for a heading (ASCII headings: lower case, '-' for spaces, no punctuation).
QString headingAnchor(const QString& heading)
{
    return heading.toLower().replace(u' ', u'-').remove(QRegularExpression(QStringLiteral("[^\\w-]")));
}

/// Every image and link the page shows, in order.
struct PageParts {
    QStringList images;
    QStringList links;
};
PageParts pageParts(const QTextDocument& document)
{
    PageParts parts;
    for (QTextBlock block = document.begin(); block.isValid(); block = block.next())
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            const QTextCharFormat format = it.fragment().charFormat();
            if (format.isImageFormat())
                parts.images << format.toImageFormat().name();
            else if (format.isAnchor() && !format.anchorHref().isEmpty() && !parts.links.contains(format.anchorHref()))
                parts.links << format.anchorHref();
        }
    return parts;
}

/// Clicks the first link to `href` in the browser, as a user does.
void clickLink(QTextBrowser& browser, const QString& href)
{
    for (QTextBlock block = browser.document()->begin(); block.isValid(); block = block.next())
        for (auto it = block.begin(); !it.atEnd(); ++it)
            if (it.fragment().charFormat().anchorHref() == href) {
                QTextCursor cursor(browser.document());
                cursor.setPosition(it.fragment().position() + 1);
                browser.setTextCursor(cursor);
                browser.ensureCursorVisible();
                const QPoint at = browser.cursorRect(cursor).center() - QPoint(2, 0);
                QTest::mouseClick(browser.viewport(), Qt::LeftButton, {}, at);
                return;
            }
    QFAIL(qPrintable(QStringLiteral("no link to ") + href));
}

/// An action as the Keyboard Shortcuts dialog lists it: "TEXT\tSHORTCUT or SHORTCUT…", the text
/// without '&' or a trailing ellipsis, the shortcuts as the platform writes them.
QString entryText(const QAction& action)
{
    QString text = action.text().remove(u'&');
    if (text.endsWith(u'…'))
        text.chop(1);
    QStringList keys;
    for (const QKeySequence& key : action.shortcuts())
        keys << key.toString(QKeySequence::NativeText);
    return text + u'\t' + keys.join(QLatin1String(" or "));
}

/// What the Keyboard Shortcuts dialog lists, in its order: "GROUP\tACTION\tSHORTCUTS" for each row.
QStringList listedShortcuts(const QDialog& dialog)
{
    QStringList rows;
    const auto* tree = dialog.findChild<QTreeWidget*>(QStringLiteral("shortcutsTree"));
    for (int i = 0; i < tree->topLevelItemCount(); ++i) {
        const QTreeWidgetItem* group = tree->topLevelItem(i);
        for (int j = 0; j < group->childCount(); ++j)
            rows << group->text(0) + u'\t' + group->child(j)->text(0) + u'\t' + group->child(j)->text(1);
    }
    return rows;
}

/// The menu bar's menus (titles without '&') and the actions in each, submenus included, in order.
QList<std::pair<QString, QList<QAction*>>> menuBarActions(MainWindow& window)
{
    QList<std::pair<QString, QList<QAction*>>> menus;
    const auto collect = [](const auto& self, const QMenu& menu, QList<QAction*>& into) -> void {
        for (QAction* action : menu.actions())
            action->menu() ? self(self, *action->menu(), into) : into.append(action);
    };
    for (QAction* entry : window.menuBar()->actions())
        if (entry->menu()) {
            menus.append({ entry->menu()->title().remove(u'&'), {} });
            collect(collect, *entry->menu(), menus.last().second);
        }
    return menus;
}

/// Checks the dialog against the window's own actions, walked here independently of the dialog's code:
/// every action with a shortcut is listed once, with all its shortcuts; one in a menu-bar menu under
/// the first such menu, in the menu's order, the menus in the menu bar's order; the others after them.
void compareWithTheWindowsActions(MainWindow& window, const QDialog& dialog)
{
    const QStringList rows = listedShortcuts(dialog);
    const auto menus = menuBarActions(window);
    QStringList expected; // in the dialog's order for menu actions; the others sorted below
    QStringList others;
    QSet<QAction*> seen;
    for (const auto& [title, actions] : menus)
        for (QAction* action : actions)
            if (!action->shortcuts().isEmpty() && !seen.contains(action)) {
                seen.insert(action);
                expected << title + u'\t' + entryText(*action);
            }
    for (QAction* action : window.findChildren<QAction*>())
        if (!action->shortcuts().isEmpty() && !seen.contains(action))
            others << entryText(*action);
    QVERIFY2(!expected.isEmpty() && !others.isEmpty(), "both kinds are expected in the window");

    // The menus' rows come first, in order; then the rest, in groups of their own.
    QCOMPARE(rows.mid(0, expected.size()), expected);
    QStringList menuTitles;
    for (const auto& menu : menus)
        menuTitles << menu.first;
    QStringList rest;
    for (const QString& row : rows.mid(expected.size())) {
        QVERIFY2(!menuTitles.contains(row.section(u'\t', 0, 0)), qPrintable(row));
        rest << row.section(u'\t', 1);
    }
    std::sort(rest.begin(), rest.end());
    std::sort(others.begin(), others.end());
    QCOMPARE(rest, others);
}

template <class Widget>
Widget* shownChild(const MainWindow& window, const char* name)
{
    auto* widget = window.findChild<Widget*>(QLatin1String(name));
    return widget && widget->isVisible() ? widget : nullptr;
}
}

class TestHelpMenu : public QObject {
    Q_OBJECT
public Q_SLOTS:
    /// Stands in for the desktop's browser (QDesktopServices::setUrlHandler).
    void openExternal(const QUrl& url) { m_external = url; }

private Q_SLOTS:
    void initTestCase()
    {
        QSettings().clear(); // a layout saved by an earlier run must not change what the tests see
    }

    void init()
    {
        m_window = std::make_unique<MainWindow>();
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void cleanup() { m_window.reset(); }

    void helpIsTheLastMenu()
    {
        QMenu* menu = helpMenu(*m_window);
        QVERIFY(menu);
        QStringList names;
        for (const QAction* entry : menu->actions())
            if (!entry->isSeparator())
                names << entry->objectName();
        QCOMPARE(names,
            (QStringList { QStringLiteral("actionUserManual"), QStringLiteral("actionGlossary"),
                QStringLiteral("actionKeyboardShortcuts"), QStringLiteral("actionLessons"),
                QStringLiteral("actionAboutEventLoom"), QStringLiteral("actionAboutQt") }));
    }

    void aboutShowsVersionsAndLicence()
    {
        chooseFromHelpMenu(*m_window, "actionAboutEventLoom");
        QDialog* about = nullptr;
        QTRY_VERIFY((about = shownChild<QDialog>(*m_window, "aboutDialog")));
        QVERIFY(!about->isModal()); // the window stays usable beside it
        const auto* icon = about->findChild<QLabel*>(QStringLiteral("aboutIcon"));
        QVERIFY(icon->isVisible());
        QCOMPARE(icon->pixmap().toImage(), AppIdentity::icon().pixmap(64).toImage()); // EventLoom's own
        QVERIFY(labelText(*about, "aboutTitle").contains(QLatin1String(EVENTLOOM_VERSION)));
        QVERIFY(labelText(*about, "aboutDescription").contains(QLatin1String("event-driven architecture")));
        const QString qt = labelText(*about, "aboutQtVersion");
        QVERIFY2(qt.contains(QLatin1String(qVersion())) && qt.contains(QLatin1String(QT_VERSION_STR)), qPrintable(qt));
        const QString licence = labelText(*about, "aboutLicence");
        QVERIFY2(licence.contains(QLatin1String("MIT")) && licence.contains(QLatin1String("Copyright")),
            qPrintable(licence));
        saveScreenshot(*about, QStringLiteral("help-about"));

        // The licence itself, from the LICENSE file.
        auto* text = about->findChild<QLabel*>(QStringLiteral("aboutLicenceText"));
        QVERIFY(!text->isVisible());
        QTest::mouseClick(about->findChild<QPushButton*>(QStringLiteral("aboutShowLicence")), Qt::LeftButton);
        QTRY_VERIFY(text->isVisible());
        QVERIFY(text->text().startsWith(QLatin1String("MIT License")));
        QVERIFY(text->text().contains(QLatin1String("Permission is hereby granted")));
        saveScreenshot(*about, QStringLiteral("help-about-licence"));

        // Closed and chosen again: the same dialog comes back.
        const QPointer<QDialog> first = about;
        about->close();
        QTRY_VERIFY(!about->isVisible());
        chooseFromHelpMenu(*m_window, "actionAboutEventLoom");
        QTRY_VERIFY(first && first->isVisible());
        QCOMPARE(m_window->findChildren<QDialog*>(QStringLiteral("aboutDialog")).size(), 1);
    }

    void aboutQtNamesTheQtVersion()
    {
        // QApplication::aboutQt is a modal message box: read it and close it once it is up.
        QString shown;
        QTimer closer;
        connect(&closer, &QTimer::timeout, this, [&] {
            if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) {
                shown = box->text();
                box->close();
                closer.stop();
            }
        });
        closer.start(10);
        chooseFromHelpMenu(*m_window, "actionAboutQt");
        QTRY_VERIFY(!shown.isEmpty());
        QVERIFY2(shown.contains(QLatin1String(QT_VERSION_STR)), qPrintable(shown));
    }

    void userManualShowsTheManualWithItsImages()
    {
        chooseFromHelpMenu(*m_window, "actionUserManual");
        QWidget* manual = nullptr;
        QTRY_VERIFY((manual = shownChild<QWidget>(*m_window, "manualWindow")));
        QVERIFY(manual->isWindow());
        QCOMPARE(manual->windowModality(), Qt::NonModal);
        auto* browser = manual->findChild<ManualBrowser*>(QStringLiteral("manualBrowser"));
        QCOMPARE(browser->source(), QUrl(QStringLiteral("qrc:/docs/manual.md")));
        const QString heading = firstHeading(QStringLiteral("docs/manual.md"));
        QVERIFY(!heading.isEmpty());
        QCOMPARE(shownHeading(*browser), heading);
        QCOMPARE(manual->windowTitle(), heading);

        // Every image the manual shows is compiled in and loads, no wider than the reading width.
        const PageParts parts = pageParts(*browser->document());
        QVERIFY2(!parts.images.isEmpty(), "the manual shows screenshots");
        for (const QString& name : parts.images) {
            const QVariant resource = browser->document()->resource(QTextDocument::ImageResource, QUrl(name));
            const QImage image = resource.value<QImage>();
            QVERIFY2(!image.isNull(), qPrintable(name));
            QVERIFY2(image.deviceIndependentSize().width() <= ManualBrowser::kReadingWidth, qPrintable(name));
        }
        saveScreenshot(*manual, QStringLiteral("help-manual"));
        browser->verticalScrollBar()->setValue(browser->verticalScrollBar()->maximum() / 40);
        saveScreenshot(*manual, QStringLiteral("help-manual-screenshot"));

        // Find in page: typing selects the first match, Return the next; what is not there says so.
        auto* find = manual->findChild<QLineEdit*>(QStringLiteral("manualFind"));
        auto* notFound = manual->findChild<QLabel*>(QStringLiteral("manualNotFound"));
        QTest::keyClicks(find, QStringLiteral("eventloom"));
        QCOMPARE(browser->textCursor().selectedText().toLower(), QStringLiteral("eventloom"));
        const int first = browser->textCursor().position();
        QTest::keyClick(find, Qt::Key_Return);
        QVERIFY(browser->textCursor().position() > first);
        QVERIFY(!notFound->isVisible());
        QTest::keyClicks(find, QStringLiteral("zzqx"));
        QVERIFY(notFound->isVisible());

        // F1 brings the same window back.
        manual->close();
        QTRY_VERIFY(!manual->isVisible());
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        QTest::keyClick(m_window.get(), Qt::Key_F1);
        QTRY_VERIFY(manual->isVisible());
        QCOMPARE(m_window->findChildren<ManualWindow*>().size(), 1);
    }

    void manualLinksWorkInside()
    {
        chooseFromHelpMenu(*m_window, "actionUserManual");
        ManualBrowser* browser = nullptr;
        QTRY_VERIFY((browser = m_window->findChild<ManualBrowser*>()) && browser->isVisible());
        const QUrl manualUrl = browser->source();

        // The first link to another document, clicked: it shows, and Back returns.
        QString link;
        for (const QString& href : pageParts(*browser->document()).links) {
            const QUrl url(href);
            if (url.isRelative() && url.path().endsWith(QLatin1String(".md"))
                && url.path() != QLatin1String("manual.md")) {
                link = href;
                break;
            }
        }
        QVERIFY2(!link.isEmpty(), "the manual links to another document");
        clickLink(*browser, link);
        const QUrl target = manualUrl.resolved(QUrl(link));
        QTRY_COMPARE(browser->source().adjusted(QUrl::RemoveFragment), target.adjusted(QUrl::RemoveFragment));
        QCOMPARE(shownHeading(*browser), firstHeading(target.path().mid(1)));
        auto* back = m_window->findChild<QToolButton*>(QStringLiteral("manualBack"));
        QVERIFY(back->isEnabled());
        QTest::mouseClick(back, Qt::LeftButton);
        QTRY_COMPARE(browser->source(), manualUrl);
        QCOMPARE(shownHeading(*browser), firstHeading(QStringLiteral("docs/manual.md")));

        // A link to a heading (GitHub's anchor: lower case, '-' for spaces, no punctuation) scrolls to it.
        QList<QTextBlock> sections; // the second goes to the top, well before the page's end
        for (QTextBlock block = browser->document()->begin(); block.isValid(); block = block.next())
            if (block.blockFormat().headingLevel() == 2)
                sections << block;
        QVERIFY(sections.size() >= 2);
        const QTextBlock section = sections[1];
        browser->verticalScrollBar()->setValue(0);
        Q_EMIT browser->anchorClicked(
            QUrl(manualUrl.toString() + u'#' + headingAnchor(section.text()))); // as a click reports it
        QTRY_VERIFY(browser->verticalScrollBar()->value() > 0);
        QCOMPARE(browser->cursorForPosition(QPoint(0, 0)).block().text(), section.text());
        saveScreenshot(*browser->window(), QStringLiteral("help-manual-section"));
        // And so does a click on the manual's own links to its headings (its contents), if it has them.
        const QStringList links = pageParts(*browser->document()).links;
        const auto inPage
            = std::find_if(links.begin(), links.end(), [](const QString& href) { return href.startsWith(u'#'); });
        if (inPage != links.end()) {
            browser->verticalScrollBar()->setValue(0);
            clickLink(*browser, *inPage);
            QTRY_VERIFY(browser->verticalScrollBar()->value() > 0);
            QCOMPARE(headingAnchor(browser->cursorForPosition(QPoint(0, 0)).block().text()), inPage->mid(1));
        }

        // A compiled-in folder lists its files (here the shipped scenarios), a file shows its text.
        Q_EMIT browser->anchorClicked(QUrl(QStringLiteral("qrc:/scenarios")));
        QTRY_COMPARE(browser->source(), QUrl(QStringLiteral("qrc:/scenarios/")));
        const QStringList entries = pageParts(*browser->document()).links;
        QVERIFY2(entries.contains(QStringLiteral("01-pubsub-fanout.json")), qPrintable(entries.join(u' ')));
        clickLink(*browser, QStringLiteral("01-pubsub-fanout.json"));
        QTRY_COMPARE(browser->source(), QUrl(QStringLiteral("qrc:/scenarios/01-pubsub-fanout.json")));
        QVERIFY(browser->toPlainText().contains(QLatin1String("\"services\"")));

        // A link out of the app goes to the desktop's browser.
        QDesktopServices::setUrlHandler(QStringLiteral("https"), this, "openExternal");
        const QUrl before = browser->source();
        Q_EMIT browser->anchorClicked(QUrl(QStringLiteral("https://example.org/events")));
        QTRY_COMPARE(m_external, QUrl(QStringLiteral("https://example.org/events")));
        QCOMPARE(browser->source(), before);
        QDesktopServices::unsetUrlHandler(QStringLiteral("https"));
    }

    void keyboardShortcutsListEveryShortcut()
    {
        chooseFromHelpMenu(*m_window, "actionKeyboardShortcuts");
        QDialog* dialog = nullptr;
        QTRY_VERIFY((dialog = shownChild<QDialog>(*m_window, "shortcutsDialog")));
        QVERIFY(!dialog->isModal());
        compareWithTheWindowsActions(*m_window, *dialog);
        const QStringList rows = listedShortcuts(*dialog);
        QVERIFY2(rows.contains(QStringLiteral("File\tOpen\t")
                     + QKeySequence(QKeySequence::Open).toString(QKeySequence::NativeText)),
            qPrintable(rows.join(u'\n')));
        saveScreenshot(*dialog, QStringLiteral("help-keyboard-shortcuts"));

        // An action added while the window lives, outside the menus, with two shortcuts: listed the
        // next time the dialog is chosen, with both.
        auto* extra = new QAction(QStringLiteral("Run-Time &Extra…"), m_window.get());
        extra->setShortcuts(
            { QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_E), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_X) });
        m_window->addAction(extra);
        QVERIFY(!listedShortcuts(*dialog).join(u'\n').contains(QLatin1String("Run-Time Extra")));
        dialog->close();
        chooseFromHelpMenu(*m_window, "actionKeyboardShortcuts");
        QTRY_VERIFY(dialog->isVisible());
        compareWithTheWindowsActions(*m_window, *dialog);
        QVERIFY(listedShortcuts(*dialog).contains(QStringLiteral("Other\tRun-Time Extra\t")
            + extra->shortcuts().at(0).toString(QKeySequence::NativeText) + QStringLiteral(" or ")
            + extra->shortcuts().at(1).toString(QKeySequence::NativeText)));
        QCOMPARE(m_window->findChildren<QDialog*>(QStringLiteral("shortcutsDialog")).size(), 1);

        // The filter keeps the rows that match.
        auto* filter = dialog->findChild<QLineEdit*>(QStringLiteral("shortcutsFilter"));
        QTest::keyClicks(filter, QStringLiteral("zoom"));
        const auto* tree = dialog->findChild<QTreeWidget*>(QStringLiteral("shortcutsTree"));
        QStringList shown;
        for (int i = 0; i < tree->topLevelItemCount(); ++i)
            for (int j = 0; j < tree->topLevelItem(i)->childCount(); ++j)
                if (!tree->topLevelItem(i)->isHidden() && !tree->topLevelItem(i)->child(j)->isHidden())
                    shown << tree->topLevelItem(i)->child(j)->text(0);
        QCOMPARE(shown, (QStringList { QStringLiteral("Zoom In"), QStringLiteral("Zoom Out") }));
    }

    void glossaryIsOneClickFromTheMenuAndTheLesson()
    {
        const QString heading = firstHeading(QStringLiteral("docs/glossary.md"));
        QVERIFY(!heading.isEmpty());
        chooseFromHelpMenu(*m_window, "actionGlossary");
        QWidget* manual = nullptr;
        QTRY_VERIFY((manual = shownChild<QWidget>(*m_window, "manualWindow")));
        auto* browser = manual->findChild<ManualBrowser*>(QStringLiteral("manualBrowser"));
        QCOMPARE(browser->source(), QUrl(QStringLiteral("qrc:/docs/glossary.md")));
        QCOMPARE(shownHeading(*browser), heading);
        QCOMPARE(manual->windowTitle(), heading);
        saveScreenshot(*manual, QStringLiteral("help-glossary"));

        // From the Lesson dock: the same window, back on the glossary after the reader went elsewhere.
        browser->home();
        QCOMPARE(browser->source(), QUrl(QStringLiteral("qrc:/docs/manual.md")));
        manual->close();
        QTRY_VERIFY(!manual->isVisible());
        QVERIFY(m_window->openFile(QStringLiteral("01-pubsub-fanout")));
        auto* button = m_window->findChild<QToolButton*>(QStringLiteral("lessonGlossary"));
        QTRY_VERIFY(button->isVisible());
        QTest::mouseClick(button, Qt::LeftButton);
        QTRY_VERIFY(manual->isVisible());
        QCOMPARE(browser->source(), QUrl(QStringLiteral("qrc:/docs/glossary.md")));
        QCOMPARE(shownHeading(*browser), heading);
        QCOMPARE(m_window->findChildren<ManualWindow*>().size(), 1);
    }

    void lessonsGoBackToTheStartPage()
    {
        QVERIFY(m_window->openFile(QStringLiteral("01-pubsub-fanout")));
        auto* stack = m_window->findChild<QStackedWidget*>(QStringLiteral("centralStack"));
        QCOMPARE(stack->currentWidget()->objectName(), QStringLiteral("runPage"));
        chooseFromHelpMenu(*m_window, "actionLessons");
        QTRY_COMPARE(stack->currentWidget()->objectName(), QStringLiteral("startPage"));
    }

private:
    std::unique_ptr<MainWindow> m_window;
    QUrl m_external;
};

QTEST_MAIN(TestHelpMenu)
#include "tst_helpmenu.moc"
