#include "manualbrowser.h"

#include <QAbstractTextDocumentLayout>
#include <QDesktopServices>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QImage>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextTable>
#include <algorithm>

namespace eventloom {

namespace {
const QString kQrc = QStringLiteral("qrc");

/// The resource path a qrc: URL names (":/docs/manual.md").
QString resourcePath(const QUrl& url)
{
    return QLatin1Char(':') + url.path();
}

bool isMarkdown(const QString& path)
{
    return path.endsWith(QLatin1String(".md"), Qt::CaseInsensitive)
        || path.endsWith(QLatin1String(".markdown"), Qt::CaseInsensitive);
}

/// The anchor GitHub gives a heading: lower case, spaces as '-', other punctuation dropped.
QString headingAnchor(const QString& heading)
{
    QString anchor;
    for (const QChar c : heading) {
        if (c.isLetterOrNumber() || c.isMark() || c == QLatin1Char('-') || c == QLatin1Char('_'))
            anchor += c.toLower();
        else if (c == QLatin1Char(' '))
            anchor += QLatin1Char('-');
    }
    return anchor;
}

/// A fence for `text` as a Markdown code block: longer than any run of backticks inside it.
QString fenceFor(const QString& text)
{
    qsizetype longest = 0;
    qsizetype run = 0;
    for (const QChar c : text) {
        run = c == QLatin1Char('`') ? run + 1 : 0;
        longest = std::max(longest, run);
    }
    return QString(std::max<qsizetype>(3, longest + 1), QLatin1Char('`'));
}

/// A compiled-in folder as a page: a link to each entry, folders first.
QString folderPage(const QUrl& url)
{
    const QDir dir(resourcePath(url));
    QString page = QStringLiteral("# %1\n\n").arg(url.path().mid(1));
    for (const QString& name : dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name))
        page += QStringLiteral("- [`%1/`](%2/)\n").arg(name, QString::fromUtf8(QUrl::toPercentEncoding(name)));
    for (const QString& name : dir.entryList(QDir::Files, QDir::Name))
        page += QStringLiteral("- [`%1`](%2)\n").arg(name, QString::fromUtf8(QUrl::toPercentEncoding(name)));
    return page;
}

/// Any other compiled-in file as a page: its text in a code block.
QString filePage(const QUrl& url, const QByteArray& data)
{
    const QString text = QString::fromUtf8(data);
    const QString fence = fenceFor(text);
    return QStringLiteral("# %1\n\n%2%3\n%4\n%2\n")
        .arg(url.path().mid(1), fence, QFileInfo(url.path()).suffix(), text.trimmed());
}
}

ManualBrowser::ManualBrowser(QWidget* parent)
    : QTextBrowser(parent)
{
    setObjectName(QStringLiteral("manualBrowser"));
    setOpenLinks(false); // follow() decides
    document()->setUndoRedoEnabled(false);
    connect(this, &QTextBrowser::anchorClicked, this, &ManualBrowser::follow);
    connect(this, &QTextBrowser::sourceChanged, this, &ManualBrowser::polishPage);
}

void ManualBrowser::follow(const QUrl& url)
{
    if (url.scheme() != kQrc) {
        QDesktopServices::openUrl(url);
        return;
    }
    QUrl page = url.adjusted(QUrl::RemoveFragment);
    if (QFileInfo(resourcePath(page)).isDir() && !page.path().endsWith(QLatin1Char('/')))
        page.setPath(page.path() + QLatin1Char('/')); // so that its entries' links resolve inside it
    if (page != source().adjusted(QUrl::RemoveFragment))
        setSource(page, QTextDocument::MarkdownResource); // every page is Markdown: loadResource makes it so
    if (url.hasFragment())
        scrollToHeading(url.fragment());
}

void ManualBrowser::polishPage()
{
    const qreal line = fontMetrics().lineSpacing();
    const QBrush codeShade = palette().alternateBase();
    QTextCursor cursor(document());
    cursor.beginEditBlock();
    bool inCode = false;
    for (QTextBlock block = document()->begin(); block.isValid(); block = block.next()) {
        QTextBlockFormat format = block.blockFormat();
        const bool code = format.nonBreakableLines();
        const bool codeEnds = code && !(block.next().isValid() && block.next().blockFormat().nonBreakableLines());
        if (format.headingLevel() > 0) {
            format.setTopMargin(format.headingLevel() <= 2 ? line : line / 2);
            format.setBottomMargin(line / 4);
        } else if (code) {
            format.setBackground(codeShade);
            format.setTopMargin(inCode ? 0 : line / 2);
            format.setBottomMargin(codeEnds ? line / 2 : 0);
        } else {
            inCode = false;
            continue;
        }
        inCode = code;
        cursor.setPosition(block.position());
        cursor.setBlockFormat(format);
    }
    // Tables: single lines, room in the cells and around them.
    for (QTextFrame* frame : document()->rootFrame()->childFrames())
        if (auto* table = qobject_cast<QTextTable*>(frame)) {
            QTextTableFormat format = table->format();
            format.setCellSpacing(0); // the cells' borders meet: single lines
            format.setBorder(1);
            format.setBorderBrush(palette().mid());
            format.setCellPadding(line / 5);
            format.setTopMargin(line / 2);
            format.setBottomMargin(line / 2);
            table->setFormat(format);
        }
    cursor.endEditBlock();
}

QString ManualBrowser::title() const
{
    for (QTextBlock block = document()->begin(); block.isValid(); block = block.next())
        if (block.blockFormat().headingLevel() > 0)
            return block.text();
    return {};
}

bool ManualBrowser::scrollToHeading(const QString& fragment)
{
    QHash<QString, int> seen; // GitHub numbers repeated headings: "setup", "setup-1", …
    for (QTextBlock block = document()->begin(); block.isValid(); block = block.next()) {
        if (block.blockFormat().headingLevel() == 0)
            continue;
        QString anchor = headingAnchor(block.text());
        if (const int repeats = seen[anchor]++)
            anchor += QLatin1Char('-') + QString::number(repeats);
        if (anchor != fragment)
            continue;
        QAbstractTextDocumentLayout* layout = document()->documentLayout();
        layout->documentSize(); // lays the whole page out, so that the scroll bar has its range
        verticalScrollBar()->setValue(qRound(layout->blockBoundingRect(block).top()));
        return true;
    }
    return false;
}

QVariant ManualBrowser::loadResource(int type, const QUrl& name)
{
    if (name.scheme() != kQrc)
        return QTextBrowser::loadResource(type, name);
    const QString path = resourcePath(name);
    if (type == QTextDocument::ImageResource) {
        QImage image(path);
        if (image.isNull())
            return QTextBrowser::loadResource(type, name);
        // At most the reading width, in logical pixels; as sharp as the screen allows.
        const int logicalWidth = std::min(image.width(), kReadingWidth);
        const int pixels = std::min(image.width(), qRound(logicalWidth * devicePixelRatioF()));
        if (image.width() > pixels)
            image = image.scaledToWidth(pixels, Qt::SmoothTransformation);
        image.setDevicePixelRatio(qreal(image.width()) / logicalWidth);
        return image;
    }
    if (type != QTextDocument::MarkdownResource)
        return QTextBrowser::loadResource(type, name);
    const QFileInfo info(path);
    if (info.isDir())
        return folderPage(name);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return tr("# %1\n\nThis file is part of EventLoom's source tree; the app does not include it.\n")
            .arg(name.path().mid(1));
    const QByteArray data = file.readAll();
    return isMarkdown(path) ? QVariant(QString::fromUtf8(data)) : QVariant(filePage(name, data));
}

} // namespace eventloom
