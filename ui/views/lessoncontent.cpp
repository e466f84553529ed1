#include "lessoncontent.h"

#include "lessons/lessonfigures.h"
#include "richtextguard.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QDesktopServices>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QImageReader>
#include <QMessageBox>
#include <QPointer>
#include <QRegularExpression>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextFragment>
#include <QThreadPool>

#include <algorithm>
#include <vector>

#ifdef Q_OS_UNIX
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace eventloom {

namespace {
/// A document that never loads anything: parsing and exporting lesson Markdown must not touch a
/// file, whatever the Markdown names (QTextDocument's own loadResource reads local files).
class InertDocument final : public QTextDocument {
public:
    using QTextDocument::QTextDocument;

protected:
    QVariant loadResource(int, const QUrl&) override { return {}; }
};

bool isResourcePath(const QString& path)
{
    return path.startsWith(QLatin1String(":/"));
}

/// Reads at most `limit` + 1 bytes of the regular file at `path`, never blocking on what is not a
/// regular file (a FIFO or a device is refused before a byte is read).
bool readRegularFile(const QString& path, qint64 limit, QByteArray& bytes, QString& reason)
{
    if (isResourcePath(path)) { // the application's own, in memory
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            reason = LessonContent::tr("not found in the application's resources");
            return false;
        }
        bytes = file.read(limit + 1);
    } else {
#ifdef Q_OS_UNIX
        // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer for ever.
        const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
        if (fd < 0) {
            reason = LessonContent::tr("cannot be read");
            return false;
        }
        struct stat info { };
        if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
            ::close(fd);
            reason = LessonContent::tr("not a regular file");
            return false;
        }
        QFile file;
        if (!file.open(fd, QIODevice::ReadOnly, QFileDevice::AutoCloseHandle)) {
            ::close(fd);
            reason = LessonContent::tr("cannot be read");
            return false;
        }
        bytes = file.read(limit + 1);
#else
        const QFileInfo info(path);
        QFile file(path);
        if (!info.isFile() || !file.open(QIODevice::ReadOnly)) {
            reason = LessonContent::tr("not a regular file");
            return false;
        }
        bytes = file.read(limit + 1);
#endif
    }
    if (bytes.size() > limit) {
        reason = LessonContent::tr("larger than %1 MiB").arg(limit / (1024 * 1024));
        return false;
    }
    return true;
}

/// Whether `path` (which exists) stays inside `folder` once symbolic links are resolved.
bool staysInside(const QString& path, const QString& folder)
{
    if (isResourcePath(path))
        return true;
    const QString canonicalFolder = QFileInfo(folder).canonicalFilePath();
    const QString canonical = QFileInfo(path).canonicalFilePath();
    return !canonicalFolder.isEmpty() && !canonical.isEmpty() && canonical.startsWith(canonicalFolder + u'/');
}
}

LessonContent::LessonContent(QObject* parent)
    : QObject(parent)
{
}

LessonContent::~LessonContent() = default;

void LessonContent::setFolder(const QString& folder)
{
    m_folder = folder;
    ++m_generation; // pictures still being read belong to the old folder: they are dropped on arrival
    m_images.clear();
}

int LessonContent::pending() const
{
    return static_cast<int>(std::count_if(
        m_images.cbegin(), m_images.cend(), [](const Image& image) { return image.state == Image::State::Loading; }));
}

QString LessonContent::status(const QString& name) const
{
    const auto it = m_images.constFind(name);
    if (it == m_images.cend() || it->state == Image::State::Loading)
        return {};
    return it->state == Image::State::Shown ? QStringLiteral("shown") : it->reason;
}

QString LessonContent::resolve(const QString& name, QString& reason) const
{
    const QUrl url(name);
    const QString scheme = url.scheme().toLower();
    if (name.startsWith(QLatin1String(":/")))
        return QDir::cleanPath(name);
    if (scheme == QLatin1String("qrc"))
        return u':' + QDir::cleanPath(url.path(QUrl::FullyDecoded));
    if (!scheme.isEmpty() || name.startsWith(u'/') || name.startsWith(u'\\')) {
        reason = tr("only pictures in the scenario's folder are shown");
        return {};
    }
    const QString relative = QDir::cleanPath(url.path(QUrl::FullyDecoded));
    if (relative.isEmpty() || relative == QLatin1String("..") || relative.startsWith(QLatin1String("../"))) {
        reason = tr("outside the scenario's folder");
        return {};
    }
    if (m_folder.isEmpty()) {
        reason = tr("this lesson has no folder of its own (it came in a run file)");
        return {};
    }
    return QDir::cleanPath(m_folder + u'/' + relative);
}

QString LessonContent::toHtml(const QString& markdown, const QJsonObject* figures, bool* missing)
{
    InertDocument document;
    document.setMarkdown(markdown,
        QTextDocument::MarkdownFeatures(QTextDocument::MarkdownDialectGitHub | QTextDocument::MarkdownNoHTML));
    if (missing)
        *missing = false;
    if (figures) {
        static const QRegularExpression placeholder(QStringLiteral("\\{\\{\\s*([A-Za-z][A-Za-z0-9]*)\\s*\\}\\}"));
        for (QTextCursor found = document.find(placeholder); !found.isNull();
             found = document.find(placeholder, found)) {
            const QString name = placeholder.match(found.selectedText()).captured(1);
            const bool known = figures->contains(name);
            if (!known && missing)
                *missing = true;
            found.insertText(
                known ? figures->value(name).toString() : LessonFigures::missing()); // plain text, never markup
        }
    }

    struct Picture {
        int position;
        int length;
        QString name;
        QString alt;
    };
    std::vector<Picture> pictures;
    for (QTextBlock block = document.begin(); block.isValid(); block = block.next()) {
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            const QTextFragment fragment = it.fragment();
            if (!fragment.isValid() || !fragment.charFormat().isImageFormat())
                continue;
            const QTextImageFormat image = fragment.charFormat().toImageFormat();
            pictures.push_back({ fragment.position(), fragment.length(), image.name(),
                image.stringProperty(QTextFormat::ImageAltText) });
        }
    }

    // From the end, so that earlier positions stay valid as fragments are replaced.
    for (auto it = pictures.rbegin(); it != pictures.rend(); ++it) {
        if (!m_images.contains(it->name)) {
            QString reason;
            const QString path = resolve(it->name, reason);
            if (path.isEmpty())
                m_images.insert(it->name, Image { Image::State::Refused, {}, reason });
            else
                request(it->name, path);
        }
        const Image& image = m_images[it->name];
        QTextCursor cursor(&document);
        cursor.setPosition(it->position);
        cursor.setPosition(it->position + it->length, QTextCursor::KeepAnchor);
        if (image.state == Image::State::Shown) {
            QTextImageFormat format = cursor.charFormat().toImageFormat();
            format.setName(image.html);
            cursor.setCharFormat(format);
            continue;
        }
        const QString alt = it->alt.isEmpty() ? QFileInfo(it->name).fileName() : it->alt;
        QTextCharFormat italic;
        italic.setFontItalic(true);
        cursor.insertText(image.state == Image::State::Loading
                ? tr("[picture: %1 — loading]").arg(alt)
                : tr("[picture: %1 — not shown: %2]").arg(alt, image.reason),
            italic);
    }
    makeBreakable(document);
    return document.toHtml();
}

void LessonContent::makeBreakable(QTextDocument& document)
{
    // A code block keeps its lines as written, but wraps them rather than widen the dock.
    for (QTextBlock block = document.begin(); block.isValid(); block = block.next()) {
        if (!block.blockFormat().nonBreakableLines())
            continue;
        QTextCursor cursor(block);
        QTextBlockFormat format = block.blockFormat();
        format.setNonBreakableLines(false);
        cursor.setBlockFormat(format);
    }
    // A label wraps only between words: a long one (a command line, a JSON path, an event type in a narrow
    // table column) may break after its punctuation and between the words of its camel case, where an
    // invisible zero-width space lets it. From the end, so positions stay valid.
    static const QRegularExpression longWord(QStringLiteral("[^\\s\\x{200B}]{%1,}").arg(kCamelWord));
    static const QRegularExpression breakAfter(QStringLiteral("[./=,_&?:;|\\-]|\\p{Ll}(?=\\p{Lu})"));
    QList<QTextCursor> words;
    for (QTextCursor found = document.find(longWord); !found.isNull(); found = document.find(longWord, found))
        words.prepend(found);
    for (const QTextCursor& word : std::as_const(words)) {
        const QString text = word.selectedText();
        QList<int> breaks; // offsets in the word after which a break may come
        for (auto it = breakAfter.globalMatch(text); it.hasNext();)
            if (const int end = static_cast<int>(it.next().capturedEnd()); end < text.size())
                breaks.prepend(end);
        for (int i = kLongWord; i < text.size() && breaks.isEmpty(); i += kLongWord)
            breaks.prepend(i); // no place to break at all: break it every so often
        for (const int at : std::as_const(breaks)) {
            QTextCursor cursor(&document);
            cursor.setPosition(word.selectionStart() + at);
            cursor.insertText(QString(QChar(kBreakHere)));
        }
    }
}

void LessonContent::request(const QString& name, const QString& path)
{
    m_images.insert(name, Image {});
    const QPointer<LessonContent> self(this);
    const quint64 generation = m_generation;
    const QString folder = m_folder;
    QThreadPool::globalInstance()->start([self, generation, name, path, folder] {
        const Loaded loaded = load(name, path, folder);
        QMetaObject::invokeMethod(
            QCoreApplication::instance(),
            [self, generation, loaded] {
                if (self)
                    self->deliver(generation, loaded);
            },
            Qt::QueuedConnection);
    });
}

void LessonContent::deliver(quint64 generation, const Loaded& loaded)
{
    if (generation != m_generation)
        return;
    Image& image = m_images[loaded.name];
    image.state = loaded.reason.isEmpty() ? Image::State::Shown : Image::State::Refused;
    image.html = loaded.dataUrl;
    image.reason = loaded.reason;
    Q_EMIT imagesChanged();
}

LessonContent::Loaded LessonContent::load(const QString& name, const QString& path, const QString& folder)
{
    Loaded result { name, {}, {} };
    if (!isResourcePath(path) && !staysInside(path, folder)) {
        result.reason = QFileInfo::exists(path) ? tr("outside the scenario's folder") : tr("no such file");
        return result;
    }
    QByteArray bytes;
    if (!readRegularFile(path, kMaxImageBytes, bytes, result.reason))
        return result;

    QBuffer buffer(&bytes);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer);
    const QSize size = reader.size();
    if (!size.isValid() || size.width() > kMaxImageSide || size.height() > kMaxImageSide) {
        result.reason
            = size.isValid() ? tr("larger than %1 × %1 pixels").arg(kMaxImageSide) : tr("not a picture Qt can read");
        return result;
    }
    QImage image = reader.read();
    if (image.isNull()) {
        result.reason = tr("not a picture Qt can read");
        return result;
    }
    if (image.width() > kShownWidth)
        image = image.scaledToWidth(kShownWidth, Qt::SmoothTransformation);
    QByteArray png;
    QBuffer out(&png);
    out.open(QIODevice::WriteOnly);
    image.save(&out, "PNG");
    result.dataUrl = QStringLiteral("data:image/png;base64,") + QString::fromLatin1(png.toBase64());
    return result;
}

bool LessonContent::isOpenable(const QUrl& url)
{
    const QString scheme = url.scheme().toLower();
    return url.isValid() && (scheme == QLatin1String("http") || scheme == QLatin1String("https"))
        && !url.host().isEmpty();
}

bool LessonContent::openLink(const QUrl& url, QWidget* parent)
{
    const QString where = url.toDisplayString();
    if (!isOpenable(url)) {
        QMessageBox box(QMessageBox::Information, tr("Link Not Opened"),
            tr("Lessons may only link to web pages (http or https). This link was not opened:"), QMessageBox::Ok,
            parent);
        box.setObjectName(QStringLiteral("lessonLinkRefused"));
        box.setInformativeText(RichTextGuard::literal(where));
        box.exec();
        return false;
    }
    QMessageBox box(QMessageBox::Question, tr("Open Link"), tr("Open this page in your web browser?"),
        QMessageBox::Open | QMessageBox::Cancel, parent);
    box.setObjectName(QStringLiteral("lessonLinkConfirm"));
    box.setInformativeText(RichTextGuard::literal(where));
    box.setDefaultButton(QMessageBox::Cancel);
    if (box.exec() != QMessageBox::Open)
        return false;
    return QDesktopServices::openUrl(url);
}

} // namespace eventloom
