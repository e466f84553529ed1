// The Help menu (issue 16), driven through the menu bar as a user does: About EventLoom, About Qt and
// Lessons.

#include "uitesting.h"
#include "mainwindow.h"

#include <QApplication>
#include <QDialog>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QStyle>
#include <QStackedWidget>
#include <QTest>
#include <QTimer>
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

template <class Widget>
Widget* shownChild(const MainWindow& window, const char* name)
{
    auto* widget = window.findChild<Widget*>(QLatin1String(name));
    return widget && widget->isVisible() ? widget : nullptr;
}
}

class TestHelpMenu : public QObject {
    Q_OBJECT
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
        QCOMPARE(names, (QStringList { QStringLiteral("actionLessons"), QStringLiteral("actionAboutEventLoom"),
                            QStringLiteral("actionAboutQt") }));
    }

    void aboutShowsVersionsAndLicence()
    {
        if (QApplication::windowIcon().isNull()) // main() gives the app its icon; the test stands in
            QApplication::setWindowIcon(m_window->style()->standardIcon(QStyle::SP_ComputerIcon));
        chooseFromHelpMenu(*m_window, "actionAboutEventLoom");
        QDialog* about = nullptr;
        QTRY_VERIFY((about = shownChild<QDialog>(*m_window, "aboutDialog")));
        QVERIFY(!about->isModal()); // the window stays usable beside it
        const auto* icon = about->findChild<QLabel*>(QStringLiteral("aboutIcon"));
        QVERIFY(icon->isVisible() && !icon->pixmap().isNull());
        QVERIFY(labelText(*about, "aboutTitle").contains(QLatin1String(EVENTLOOM_VERSION)));
        QVERIFY(labelText(*about, "aboutDescription").contains(QLatin1String("event-driven architecture")));
        const QString qt = labelText(*about, "aboutQtVersion");
        QVERIFY2(qt.contains(QLatin1String(qVersion())) && qt.contains(QLatin1String(QT_VERSION_STR)), qPrintable(qt));
        const QString licence = labelText(*about, "aboutLicence");
        QVERIFY2(licence.contains(QLatin1String("MIT")) && licence.contains(QLatin1String("Copyright")), qPrintable(licence));
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
};

QTEST_MAIN(TestHelpMenu)
#include "tst_helpmenu.moc"
