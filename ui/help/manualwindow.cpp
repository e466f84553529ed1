#include "manualwindow.h"

#include "manualbrowser.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QShortcut>
#include <QStyle>
#include <QTextCursor>
#include <QToolButton>
#include <QVBoxLayout>

namespace eventloom {

namespace {
QToolButton* navigationButton(
    QStyle::StandardPixmap icon, const QString& text, const QString& toolTip, const char* name, QWidget* parent)
{
    auto* button = new QToolButton(parent);
    button->setObjectName(QLatin1String(name));
    button->setIcon(parent->style()->standardIcon(icon));
    button->setText(text);
    button->setToolTip(toolTip);
    button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    button->setAutoRaise(true);
    return button;
}
}

QUrl ManualWindow::contentsUrl()
{
    return QUrl(QStringLiteral("qrc:/docs/manual.md"));
}

QUrl ManualWindow::glossaryUrl()
{
    return QUrl(QStringLiteral("qrc:/docs/glossary.md"));
}

ManualWindow::ManualWindow(QWidget* parent)
    : QWidget(parent, Qt::Window)
{
    setObjectName(QStringLiteral("manualWindow"));
    setWindowTitle(tr("EventLoom User Manual"));

    m_browser = new ManualBrowser(this);
    // Back and forward are also Alt+Left and Alt+Right, as QTextBrowser has them.
    QToolButton* back = navigationButton(QStyle::SP_ArrowBack, tr("Back"), tr("Back (Alt+Left)"), "manualBack", this);
    QToolButton* forward
        = navigationButton(QStyle::SP_ArrowForward, tr("Forward"), tr("Forward (Alt+Right)"), "manualForward", this);
    QToolButton* contents = navigationButton(
        QStyle::SP_DirHomeIcon, tr("Contents"), tr("The manual's first page"), "manualContents", this);
    back->setEnabled(false);
    forward->setEnabled(false);
    connect(back, &QToolButton::clicked, m_browser, &QTextBrowser::backward);
    connect(forward, &QToolButton::clicked, m_browser, &QTextBrowser::forward);
    connect(contents, &QToolButton::clicked, m_browser, &QTextBrowser::home);
    connect(m_browser, &QTextBrowser::backwardAvailable, back, &QWidget::setEnabled);
    connect(m_browser, &QTextBrowser::forwardAvailable, forward, &QWidget::setEnabled);

    m_find = new QLineEdit(this);
    m_find->setObjectName(QStringLiteral("manualFind"));
    m_find->setPlaceholderText(tr("Find in page (Ctrl+F)"));
    m_find->setClearButtonEnabled(true);
    m_find->setMaximumWidth(fontMetrics().averageCharWidth() * 32);
    connect(m_find, &QLineEdit::textEdited, this, [this] { find(false); });
    connect(m_find, &QLineEdit::returnPressed, this, [this] { find(true); });
    m_notFound = new QLabel(tr("Not found"), this);
    m_notFound->setObjectName(QStringLiteral("manualNotFound"));
    m_notFound->hide();
    // A QShortcut, not a QAction: the window's Keyboard Shortcuts list the main window's own actions.
    connect(new QShortcut(QKeySequence::Find, this), &QShortcut::activated, this, [this] {
        m_find->setFocus(Qt::ShortcutFocusReason);
        m_find->selectAll();
    });

    connect(m_browser, &QTextBrowser::sourceChanged, this, [this] {
        const QString title = m_browser->title();
        setWindowTitle(title.isEmpty() ? tr("EventLoom User Manual") : title);
        m_notFound->hide();
    });

    auto* bar = new QHBoxLayout;
    bar->addWidget(back);
    bar->addWidget(forward);
    bar->addWidget(contents);
    bar->addStretch();
    bar->addWidget(m_notFound);
    bar->addWidget(m_find);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_browser, 1);

    m_browser->setSource(contentsUrl(), QTextDocument::MarkdownResource);
    // Room for a screenshot and, mostly, a line of code (they do not wrap).
    resize(ManualBrowser::kReadingWidth * 6 / 5, fontMetrics().lineSpacing() * 44);
}

void ManualWindow::find(bool again)
{
    const QString text = m_find->text();
    if (!again) { // typing: from the top of the page
        QTextCursor cursor = m_browser->textCursor();
        cursor.movePosition(QTextCursor::Start);
        m_browser->setTextCursor(cursor);
    }
    bool found = text.isEmpty() || m_browser->find(text);
    if (!found && again) { // on from the top
        QTextCursor cursor = m_browser->textCursor();
        cursor.movePosition(QTextCursor::Start);
        m_browser->setTextCursor(cursor);
        found = m_browser->find(text);
    }
    m_notFound->setVisible(!found);
}

} // namespace eventloom
